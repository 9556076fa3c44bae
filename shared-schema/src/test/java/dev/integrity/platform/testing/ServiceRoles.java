package dev.integrity.platform.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's two database roles, set up the way docs/deploy.md tells an operator to: the owner,
 * which runs the migrations and owns the service's schemas, and the app role the service runs as,
 * which only reads and writes rows (the grants come from the migration R__runtime_role_grants).
 * Used by the tests' databases, the launcher and the role test alike.
 */
public record ServiceRoles(String service, String owner, String app, String password, List<String> schemas) {

    /** The extensions the migrations use, created once by an administrator. */
    private static final String[] EXTENSIONS = {"pgcrypto", "pg_trgm", "btree_gin", "btree_gist"};

    /** Each service's schemas, as its {@code quarkus.flyway.schemas} lists them (its foundation test checks). */
    private static final Map<String, List<String>> SCHEMAS = Map.of(
            "device-service", List.of("device"),
            "chat-session-service", List.of("chatbot", "ml_features", "analytics"),
            "job-matching-service", List.of("mlops"),
            "inspection-service", List.of("aedpics"),
            "platform-test", List.of("platform_test"));

    /** The roles of a service: {@code device-service} has {@code device_service_owner} and {@code device_service_app}. */
    public static ServiceRoles of(String service) {
        String base = service.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!base.matches("[a-z][a-z0-9_]*") || !SCHEMAS.containsKey(service)) {
            throw new IllegalArgumentException("not a service name: " + service);
        }
        return new ServiceRoles(service, base + "_owner", base + "_app", "integrity-" + base, SCHEMAS.get(service));
    }

    /**
     * What one statement, one idle transaction and one lock wait of an app role may last, as
     * docs/deploy.md sets them: no client can hold a connection and a snapshot for longer. The
     * maintenance runner raises the first two for a job's own transaction.
     */
    public static final Map<String, String> LIMITS = new java.util.LinkedHashMap<>(Map.of(
            "statement_timeout", "60s",
            "idle_in_transaction_session_timeout", "60s",
            "lock_timeout", "10s"));

    /** The app role's pinned {@code search_path}: its own schemas, then the extensions' {@code public}. */
    public String searchPath() {
        return String.join(", ", schemas) + ", public";
    }

    /**
     * Creates both roles if they do not exist, the service's schemas owned by its owner (which may
     * create nothing else in the database: no schema, nothing in {@code public}), pins the app
     * role's {@code search_path}, and creates the extensions. {@code admin} is a superuser
     * connection to {@code database}. The same statements as docs/deploy.md's.
     */
    public void create(Connection admin, String database) throws SQLException {
        try (Statement s = admin.createStatement()) {
            for (String role : new String[]{owner, app}) {
                // Roles are cluster-wide: the first test database creates them, the others reuse them.
                s.execute("DO $$ BEGIN CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'; "
                        + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            }
            // A database made before owners lost CREATE (./dev up's, kept between runs) gives it up here.
            s.execute("REVOKE CREATE ON DATABASE " + database + " FROM " + owner);
            for (String schema : schemas) {
                s.execute("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + owner);
            }
            s.execute("ALTER ROLE " + app + " SET search_path = " + searchPath());
            for (Map.Entry<String, String> limit : LIMITS.entrySet()) {
                s.execute("ALTER ROLE " + app + " SET " + limit.getKey() + " = '" + limit.getValue() + "'");
            }
            for (String extension : EXTENSIONS) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " WITH SCHEMA public");
            }
        }
    }

    /** The Quarkus configuration that connects the service as its app role and migrates as its owner. */
    public java.util.Map<String, String> config(String jdbcUrl) {
        return java.util.Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", app,
                "quarkus.datasource.password", password,
                "quarkus.flyway.username", owner,
                "quarkus.flyway.password", password,
                "platform.db.app-role", app);
    }
}
