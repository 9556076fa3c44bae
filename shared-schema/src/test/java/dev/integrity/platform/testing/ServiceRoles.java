package dev.integrity.platform.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A service's two database roles, set up the way docs/deploy.md tells an operator to: the owner,
 * which runs the migrations and owns the service's schemas, and the app role the service runs as,
 * which only reads and writes rows (the grants come from the migration R__runtime_role_grants).
 * Used by the tests' databases, the launcher and the role test alike.
 */
public record ServiceRoles(String service, String owner, String app, String password) {

    /** The extensions the migrations use, created once by an administrator. */
    private static final String[] EXTENSIONS = {"pgcrypto", "pg_trgm", "btree_gin", "btree_gist"};

    /** The roles of a service: {@code device-service} has {@code device_service_owner} and {@code device_service_app}. */
    public static ServiceRoles of(String service) {
        String base = service.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!base.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a service name: " + service);
        }
        return new ServiceRoles(service, base + "_owner", base + "_app", "integrity-" + base);
    }

    /**
     * Creates both roles if they do not exist, lets the owner create schemas in {@code database},
     * and creates the extensions there. {@code admin} is a superuser connection to that database.
     */
    public void create(Connection admin, String database) throws SQLException {
        try (Statement s = admin.createStatement()) {
            for (String role : new String[]{owner, app}) {
                // Roles are cluster-wide: the first test database creates them, the others reuse them.
                s.execute("DO $$ BEGIN CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'; "
                        + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
            }
            s.execute("GRANT CREATE ON DATABASE " + database + " TO " + owner);
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
