package dev.integrity.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments of a benchmark, as the launcher passes them. */
public final class BenchArgs {

    private final Map<String, String> values = new HashMap<>();

    public BenchArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    public String get(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        return Integer.parseInt(get(name, Integer.toString(defaultValue)).replace("_", ""));
    }

    /** A connection to the benchmark's database: {@code --jdbc}, {@code --user}, {@code --password}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(require("jdbc"), get("user", "postgres"), get("password", ""));
    }

    /**
     * {@code Authorization: Bearer ...} for a caller holding {@code role}, signed by the launcher's
     * key ({@code --issuer-dir}, which the launcher passes), the one the services under test trust.
     */
    public String bearer(String role) {
        try {
            return "Bearer " + DevIssuer.token(java.nio.file.Path.of(require("issuer-dir")), "bench-" + role,
                    java.util.Set.of(role), java.time.Duration.ofHours(12));
        } catch (Exception e) {
            throw new IllegalStateException("could not sign a token for " + role + ": " + e.getMessage(), e);
        }
    }

    /** {@code --name true}; absent means false. */
    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }
}
