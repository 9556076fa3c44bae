package dev.integrity.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives every test application a fresh, empty database on the real PostgreSQL of
 * {@link PostgresServer}; the service's own Flyway migrations then build it at start, exactly as in
 * production. Use with {@code @WithTestResource(PostgresTestResource.class)}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.shared();
        database = server.createDatabase("test");
        return Map.of(
                "quarkus.datasource.jdbc.url", server.jdbcUrl(database),
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresServer.shared().dropDatabase(database);
        }
    }
}
