package dev.integrity.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What every test application runs against, as in production: a fresh, empty database on the real
 * PostgreSQL of {@link PostgresServer}, with the service's roles set up as docs/deploy.md says (its
 * own Flyway migrations build it at start as the owner role, and the service runs as its app role),
 * and the real token verifier, checking tokens of the {@link TestIssuer}. A test that must do what
 * the service may not (drop a constraint to break the database on purpose) uses {@link #owner()}.
 * Use with {@code @WithTestResource(PlatformTestResource.class)}.
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    /** The test application's database, for {@link #owner()}. */
    public static final String DATABASE_KEY = "platform.test.database";

    private String database;

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.shared();
        database = server.createDatabase("test");
        ServiceRoles roles = ServiceRoles.of(applicationName());
        try (Connection admin = server.connect(database)) {
            roles.create(admin, database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the roles of " + roles.service() + ": " + e.getMessage(), e);
        }
        Map<String, String> config = new HashMap<>(roles.config(server.jdbcUrl(database)));
        config.put(DATABASE_KEY, database);
        config.putAll(TestIssuer.config());
        return config;
    }

    /**
     * The same database, and no token issuer at all: neither {@code quarkus.oidc.auth-server-url}
     * nor {@code quarkus.oidc.public-key}. The service must start, say so, and refuse every caller.
     */
    public static class WithoutIssuer extends PlatformTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            TestIssuer.config().keySet().forEach(config::remove);
            return config;
        }
    }

    /**
     * One role for everything, as the README's "a PostgreSQL you already run" gives it: only the
     * datasource's URL, user and password (here the schemas' owner), no app role, no Flyway user.
     */
    public static class OneRole extends PlatformTestResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("quarkus.datasource.username", config.remove("quarkus.flyway.username"));
            config.remove("quarkus.flyway.password");
            config.remove("platform.db.app-role");
            return config;
        }
    }

    /**
     * The same database, with the service's pool going through a transaction-pooling PgBouncer
     * ({@link PgBouncer}) as in the prod overlay, and migrations and the owner's DDL straight to
     * PostgreSQL ({@code quarkus.flyway.jdbc-url}), as docs/deploy.md says.
     */
    public static class BehindPgBouncer extends PlatformTestResource {
        private PgBouncer bouncer;

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            bouncer = PgBouncer.start(PostgresServer.shared(),
                    Map.of(config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password")));
            config.put("quarkus.flyway.jdbc-url", config.get("quarkus.datasource.jdbc.url"));
            config.put("quarkus.datasource.jdbc.url", bouncer.jdbcUrl(config.get(DATABASE_KEY)));
            config.put("platform.db.transaction-pooling", "true");
            return config;
        }

        @Override
        public void stop() {
            if (bouncer != null) {
                bouncer.close();
            }
            super.stop();
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresServer.shared().dropDatabase(database);
        }
    }

    /**
     * A connection to the running test application's database as the schemas' owner role (what
     * an operator's DDL runs as), for what the service itself may not do: drop a constraint to
     * break the database on purpose, add a default partition.
     */
    public static Connection owner() throws SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        Connection c = PostgresServer.shared().connect(config.getValue(DATABASE_KEY, String.class));
        try (var s = c.createStatement()) {
            s.execute("SET ROLE " + config.getValue("quarkus.flyway.username", String.class));
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** quarkus.application.name from the module's application.properties (the first on the class path that sets it). */
    static String applicationName() {
        try {
            var resources = Thread.currentThread().getContextClassLoader().getResources("application.properties");
            while (resources.hasMoreElements()) {
                try (InputStream in = resources.nextElement().openStream()) {
                    Properties properties = new Properties();
                    properties.load(in);
                    String name = properties.getProperty("quarkus.application.name");
                    if (name != null && !name.isBlank()) {
                        return name.strip();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no application.properties on the test class path sets quarkus.application.name");
    }
}
