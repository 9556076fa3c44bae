package dev.integrity.platform.config;

import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys a service cannot start without, each with what it is for, checked before anything else
 * starts ({@link PlatformMain}): a missing one is one line naming it, not a Flyway stack trace.
 * The least a service needs is the datasource's URL and user (and a password, unless the server
 * trusts the user); an app role for least privilege needs the owner role that migrates.
 */
public final class RequiredConfiguration {

    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String USERNAME = "quarkus.datasource.username";
    public static final String APP_ROLE = "platform.db.app-role";
    public static final String OWNER = "quarkus.flyway.username";

    private RequiredConfiguration() {
    }

    /** What is missing, one sentence per key; empty when the service may start. */
    public static List<String> missing(Config config) {
        List<String> missing = new ArrayList<>();
        if (value(config, JDBC_URL).isEmpty()) {
            missing.add(describe(JDBC_URL, "the PostgreSQL this service keeps its data in, for example "
                    + "jdbc:postgresql://db.example:5432/integrity"));
        }
        if (value(config, USERNAME).isEmpty()) {
            missing.add(describe(USERNAME, "the PostgreSQL role the service connects as (with QUARKUS_DATASOURCE_PASSWORD)"));
        }
        if (value(config, APP_ROLE).isPresent() && value(config, OWNER).isEmpty()) {
            missing.add(describe(OWNER, "the owner role that runs the migrations, needed once " + APP_ROLE
                    + " names an app role (docs/deploy.md, \"Least privilege\")"));
        }
        return missing;
    }

    private static Optional<String> value(Config config, String key) {
        return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
    }

    private static String describe(String key, String purpose) {
        String env = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        return key + " (" + env + ") is not set: " + purpose;
    }
}
