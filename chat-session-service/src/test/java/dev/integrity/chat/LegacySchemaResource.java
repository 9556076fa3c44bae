package dev.integrity.chat;

import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.PostgresServer;
import dev.integrity.platform.testing.ServiceRoles;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A fresh database holding seed 001's old schema and data, for the service to upgrade at start. */
public class LegacySchemaResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.shared();
        database = server.createDatabase("legacy");
        ServiceRoles roles = ServiceRoles.of("chat-session-service");
        try (InputStream in = getClass().getResourceAsStream("/legacy/seed-001-old-schema.sql");
             Connection c = server.connect(database); Statement s = c.createStatement()) {
            roles.create(c, database);
            // The old schema belongs to the role that will migrate it, as it would in production.
            s.execute("SET ROLE " + roles.owner());
            s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not build the old schema", e);
        }
        Map<String, String> config = new java.util.HashMap<>(roles.config(server.jdbcUrl(database)));
        config.putAll(TestIssuer.config());
        config.put(PlatformTestResource.DATABASE_KEY, database);
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresServer.shared().dropDatabase(database);
        }
    }
}
