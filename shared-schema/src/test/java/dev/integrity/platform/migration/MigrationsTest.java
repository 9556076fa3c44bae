package dev.integrity.platform.migration;

import dev.integrity.platform.testing.PostgresServer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All four domains' migrations, into one database, the way four independently deployed services
 * (and their replicas) run them at start: each domain from its own folder plus the common one, into
 * its own schemas and its own history table.
 */
class MigrationsTest {

    /** The same settings each service's application.properties gives Quarkus Flyway. */
    record Domain(String folder, String... schemas) {
    }

    static final List<Domain> DOMAINS = List.of(
            new Domain("device", "device"),
            new Domain("chat", "chatbot", "ml_features", "analytics"),
            new Domain("matching", "mlops"),
            new Domain("inspection", "aedpics"));

    private final PostgresServer server = PostgresServer.shared();
    private String database;

    @BeforeEach
    void freshDatabase() {
        database = server.createDatabase("migrations");
    }

    @AfterEach
    void dropDatabase() {
        server.dropDatabase(database);
    }

    @Test
    void allFourDomainsMigrateOneDatabaseAndASecondRunIsANoOp() throws SQLException {
        for (Domain d : DOMAINS) {
            MigrateResult first = flyway(d).migrate();
            assertTrue(first.success);
            assertTrue(first.migrationsExecuted > 0, d.folder() + " applied its migrations");
        }
        for (Domain d : DOMAINS) {
            MigrateResult second = flyway(d).migrate();
            assertTrue(second.success);
            assertEquals(0, second.migrationsExecuted, d.folder() + ": the second run is a no-op");
            flyway(d).validate();
        }
        assertEachDomainHasItsOwnHistoryAndPrimitives();
    }

    @Test
    void allFourDomainsMigratingAtOnceWithTwoReplicasEachAllSucceedAndApplyEachMigrationOnce() throws Exception {
        int replicas = 2;
        List<Callable<MigrateResult>> starts = new ArrayList<>();
        CyclicBarrier together = new CyclicBarrier(DOMAINS.size() * replicas);
        for (Domain d : DOMAINS) {
            for (int r = 0; r < replicas; r++) {
                starts.add(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return flyway(d).migrate();
                });
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(starts.size());
        try {
            for (Future<MigrateResult> result : pool.invokeAll(starts, 120, TimeUnit.SECONDS)) {
                assertTrue(result.get().success);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Domain d : DOMAINS) {
            assertEquals(0, flyway(d).migrate().migrationsExecuted, d.folder() + ": nothing left to apply");
            long resolved = java.util.Arrays.stream(flyway(d).info().all())
                    .filter(m -> m.getVersion() != null && m.getType().name().equals("SQL")).count();
            assertEquals(resolved, countHistoryRows(d), d.folder() + ": every migration was applied exactly once");
        }
        assertEachDomainHasItsOwnHistoryAndPrimitives();
    }

    /**
     * A common migration added after a service's own later ones (V0_5 after V3) must still apply to a
     * database that has those: Flyway calls it "out of order" and, by default, refuses to start.
     * The shared configuration allows it, and this is the upgrade it makes possible.
     */
    @Test
    void aDatabaseMigratedBeforeTheNewestCommonMigrationUpgradesToIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path old)
            throws Exception {
        String newest = "V0_5__failures_without_text.sql";
        for (Domain d : DOMAINS) {
            for (String folder : List.of("common", d.folder())) {
                java.nio.file.Path from = java.nio.file.Path.of(getClass().getClassLoader().getResource("db/migration/" + folder).toURI());
                java.nio.file.Path to = java.nio.file.Files.createDirectories(old.resolve(d.folder()).resolve(folder));
                try (var files = java.nio.file.Files.list(from)) {
                    for (java.nio.file.Path f : files.filter(f -> !f.getFileName().toString().equals(newest)).toList()) {
                        java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
            Flyway before = configure(d).locations("filesystem:" + old.resolve(d.folder()).resolve("common"),
                    "filesystem:" + old.resolve(d.folder()).resolve(d.folder())).load();
            assertTrue(before.migrate().success);

            var refused = org.junit.jupiter.api.Assertions.assertThrows(org.flywaydb.core.api.FlywayException.class,
                    () -> configure(d).outOfOrder(false).load().migrate(), d.folder() + ": Flyway's default refuses it");
            assertTrue(refused.getMessage().contains("0.5"), refused.getMessage());
            MigrateResult upgrade = flyway(d).migrate();
            assertTrue(upgrade.success);
            assertEquals(List.of("0.5"), upgrade.migrations.stream().map(m -> m.version).toList(), d.folder());
            flyway(d).validate();
        }
        java.util.Properties shared = new java.util.Properties();
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/microprofile-config.properties")) {
            shared.load(in);
        }
        assertEquals("true", shared.getProperty("quarkus.flyway.out-of-order"), "every service runs Flyway the way this test does");
    }

    private Flyway flyway(Domain d) {
        return configure(d).load();
    }

    /** The settings each service gives Quarkus Flyway (its application.properties and the shared defaults). */
    private org.flywaydb.core.api.configuration.FluentConfiguration configure(Domain d) {
        return Flyway.configure(getClass().getClassLoader())
                .dataSource(server.jdbcUrl(database), server.user(), server.password())
                .locations("classpath:db/migration/common", "classpath:db/migration/" + d.folder())
                .outOfOrder(true)
                .schemas(d.schemas())
                .defaultSchema(d.schemas()[0])
                .createSchemas(true)
                // One role for everything here: the grants to an app role are LeastPrivilegeTest's subject.
                .placeholders(Map.of("app_role", "", "app_schemas", String.join(",", d.schemas())));
    }

    private void assertEachDomainHasItsOwnHistoryAndPrimitives() throws SQLException {
        try (Connection c = server.connect(database);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             + "WHERE n.nspname = ? AND c.relname IN ('flyway_schema_history', 'job_run', 'partitioned_table')")) {
            for (Domain d : DOMAINS) {
                ps.setString(1, d.schemas()[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(3, rs.getInt(1), d.schemas()[0] + " has its own history, job_run and partition registry");
                }
            }
        }
    }

    private long countHistoryRows(Domain d) throws SQLException {
        try (Connection c = server.connect(database);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM " + d.schemas()[0] + ".flyway_schema_history WHERE success AND type = 'SQL' AND version IS NOT NULL")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
