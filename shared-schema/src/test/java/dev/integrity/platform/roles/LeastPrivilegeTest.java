package dev.integrity.platform.roles;

import dev.integrity.platform.testing.PostgresServer;
import dev.integrity.platform.testing.ServiceRoles;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The four services in one database, each migrated by its owner role as in production, each
 * running as its app role: an app role reads and writes its own tables, and is refused (42501)
 * every other service's tables and every DDL, even in its own schemas.
 */
class LeastPrivilegeTest {

    /** Service → its migration folder, its schemas, and one table in each schema. */
    private record Service(String name, String domain, List<String> schemas, List<String> tables) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("device-service", "device", List.of("device"), List.of("device.imu_data", "device.devices")),
            new Service("chat-session-service", "chat", List.of("chatbot", "ml_features", "analytics"),
                    List.of("chatbot.conversations", "ml_features.user_interactions", "analytics.user_feedback")),
            new Service("job-matching-service", "matching", List.of("mlops"), List.of("mlops.cover_letter_samples", "mlops.job_recommendations")),
            new Service("inspection-service", "inspection", List.of("aedpics"), List.of("aedpics.inspection_sessions", "aedpics.aed_data")));

    private static String database;

    @BeforeAll
    static void migrateAllFourAsTheirOwners() throws SQLException {
        PostgresServer server = PostgresServer.shared();
        database = server.createDatabase("roles");
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            try (Connection admin = server.connect(database)) {
                roles.create(admin, database);
            }
            Flyway.configure()
                    .dataSource(server.jdbcUrl(database), roles.owner(), roles.password())
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + service.domain())
                    .schemas(service.schemas().toArray(String[]::new)).defaultSchema(service.schemas().get(0)).createSchemas(true)
                    .baselineOnMigrate(true).baselineVersion("0")
                    .placeholders(Map.of("app_role", roles.app(), "app_schemas", String.join(",", service.schemas())))
                    .load().migrate();
        }
    }

    @AfterAll
    static void drop() {
        PostgresServer.shared().dropDatabase(database);
    }

    @Test
    void eachAppRoleReadsAndWritesOnlyItsOwnSchemas() throws SQLException {
        Map<String, String> refusals = new LinkedHashMap<>();
        int checked = 0;
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            try (Connection c = connect(roles)) {
                for (String table : service.tables()) {
                    expectAllowed(c, "SELECT count(*) FROM " + table);
                }
                // Its own job-run table: insert and delete rows.
                expectAllowed(c, "DELETE FROM " + service.schemas().get(0) + ".job_run WHERE job = 'no-such-job'");
                for (Service other : SERVICES) {
                    if (other == service) {
                        continue;
                    }
                    for (String table : other.tables()) {
                        checked++;
                        String refusal = refused(c, "SELECT count(*) FROM " + table);
                        refusals.put(roles.app() + " -> " + table, refusal);
                        refused(c, "DELETE FROM " + table);
                    }
                }
            }
        }
        System.out.printf("least privilege: %d cross-service reads tried, %d refused%n", checked,
                refusals.values().stream().filter("42501"::equals).count());
        refusals.forEach((what, state) -> assertEquals("42501", state, what));
        int tables = SERVICES.stream().mapToInt(s -> s.tables().size()).sum();
        assertEquals(SERVICES.stream().mapToInt(s -> tables - s.tables().size()).sum(), checked,
                "every app role against every other service's tables");
    }

    /**
     * A partition is reached through its parent only, so the parent's row-level security always
     * applies (docs/security.md): the app role reads and writes the partitioned tables, and is
     * refused every partition of them, and every materialized view, which cannot carry policies.
     */
    @Test
    void noAppRoleReachesAPartitionOrAMaterializedViewDirectly() throws SQLException {
        int refusedTables = 0;
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            List<String> around = new java.util.ArrayList<>();
            try (Connection admin = PostgresServer.shared().connect(database); Statement s = admin.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                         + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY ('{"
                         + String.join(",", service.schemas()) + "}') AND c.relkind IN ('r', 'p', 'm') AND (c.relispartition OR c.relkind = 'm')")) {
                while (rs.next()) {
                    around.add(rs.getString(1));
                }
            }
            try (Connection c = connect(roles)) {
                for (String table : around) {
                    assertEquals("42501", refused(c, "SELECT count(*) FROM " + table), roles.app() + ": " + table);
                    refusedTables++;
                }
            }
        }
        System.out.printf("least privilege: %d partitions and materialized views, all refused to the app roles%n", refusedTables);
        assertTrue(refusedTables >= 13, "8 premade daily IMU partitions, 4 monthly conversation partitions and the view: " + refusedTables);
    }

    @Test
    void noAppRoleCanRunDdlEvenInItsOwnSchema() throws SQLException {
        int refusedStatements = 0;
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            String schema = service.schemas().get(0);
            String table = service.tables().get(0);
            try (Connection c = connect(roles)) {
                for (String ddl : List.of(
                        "CREATE TABLE " + schema + ".intruder (i int)",
                        "ALTER TABLE " + table + " ADD COLUMN intruder int",
                        "DROP TABLE " + table,
                        "TRUNCATE " + table,
                        "CREATE INDEX intruder ON " + table + " ((1))",
                        "CREATE SCHEMA intruder",
                        "DROP SCHEMA " + schema + " CASCADE",
                        "CREATE FUNCTION " + schema + ".intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                        "CREATE VIEW " + schema + ".intruder AS SELECT 1",
                        "COMMENT ON TABLE " + table + " IS 'intruder'")) {
                    assertEquals("42501", refused(c, ddl), roles.app() + ": " + ddl);
                    refusedStatements++;
                }
            }
        }
        System.out.printf("least privilege: %d DDL statements tried by the app roles, all refused%n", refusedStatements);
    }

    /**
     * The plant of issue 14: an owner made a schema named after another service's app role, first
     * on that role's default search_path ("$user"), and put its own similarity(text, text) there.
     * Now no owner may create a schema or anything in public, and every app role's search_path is
     * pinned to its own schemas and public.
     */
    @Test
    void noOwnerCanPlantASchemaOrAFunctionAndEveryAppRolesSearchPathIsPinned() throws SQLException {
        int refusedPlants = 0;
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            try (Connection c = connect(roles); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SHOW search_path")) {
                rs.next();
                assertEquals(roles.searchPath(), rs.getString(1), roles.app());
            }
            try (Connection c = connect(roles); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(
                    "SELECT current_setting('statement_timeout'), current_setting('idle_in_transaction_session_timeout'), "
                            + "current_setting('lock_timeout')")) {
                rs.next();
                assertEquals(List.of("1min", "1min", "10s"), List.of(rs.getString(1), rs.getString(2), rs.getString(3)),
                        roles.app() + "'s limits");
            }
            try (Connection owner = DriverManager.getConnection(PostgresServer.shared().jdbcUrl(database), roles.owner(), roles.password())) {
                for (Service other : SERVICES) {
                    String plant = ServiceRoles.of(other.name()).app();
                    assertEquals("42501", refused(owner, "CREATE SCHEMA " + plant), roles.owner() + " plants schema " + plant);
                    refusedPlants++;
                }
                assertEquals("42501", refused(owner, "CREATE FUNCTION public.similarity(text, text) RETURNS real "
                        + "LANGUAGE sql AS 'SELECT 1::real'"), roles.owner() + " plants a function in public");
                assertEquals("42501", refused(owner, "CREATE TABLE public.intruder (i int)"), roles.owner() + " writes into public");
                refusedPlants += 2;
            }
        }
        System.out.printf("least privilege: %d plants by owner roles, all refused; 4 app roles' search_path pinned%n", refusedPlants);
    }

    /**
     * Flyway's history and the partition registry are the owner's: an app role that deleted its
     * registry row made every later write that needed a partition a 500 (issue 14).
     */
    @Test
    void noAppRoleReadsOrWritesTheMigrationHistoryOrThePartitionRegistry() throws SQLException {
        int refusedStatements = 0;
        for (Service service : SERVICES) {
            ServiceRoles roles = ServiceRoles.of(service.name());
            String schema = service.schemas().get(0);
            try (Connection c = connect(roles)) {
                for (String sql : List.of(
                        "DELETE FROM " + schema + ".partitioned_table",
                        "INSERT INTO " + schema + ".partitioned_table VALUES ('" + schema + ".job_run', 'day')",
                        "UPDATE " + schema + ".partitioned_table SET granularity = 'day'",
                        "DELETE FROM " + schema + ".flyway_schema_history",
                        "UPDATE " + schema + ".flyway_schema_history SET checksum = 0",
                        "INSERT INTO " + schema + ".flyway_schema_history (installed_rank, description, type, script, installed_by, "
                                + "execution_time, success) VALUES (999, 'forged', 'SQL', 'forged', 'x', 0, true)")) {
                    assertEquals("42501", refused(c, sql), roles.app() + ": " + sql);
                    refusedStatements++;
                }
            }
        }
        try (Connection admin = PostgresServer.shared().connect(database); Statement s = admin.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM device.partitioned_table")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "the registry is as the migrations left it");
        }
        System.out.printf("least privilege: %d writes to the history and the registry by app roles, all refused%n", refusedStatements);
    }

    /**
     * The SECURITY DEFINER partition functions run DDL as the owner for the app role, so they refuse
     * arguments outside sane bounds (22023), and the mechanics behind them are not the app role's.
     */
    @Test
    void theDefinerFunctionsRefuseArgumentsOutsideTheirBoundsAndTheirMechanicsAreWithheld() throws SQLException {
        Map<String, String> tables = Map.of("device-service", "device.imu_data", "chat-session-service", "chatbot.conversations");
        int refusedCalls = 0;
        for (Map.Entry<String, String> entry : tables.entrySet()) {
            ServiceRoles roles = ServiceRoles.of(entry.getKey());
            String table = entry.getValue();
            String schema = table.substring(0, table.indexOf('.'));
            try (Connection c = connect(roles)) {
                long before = partitions(c, schema, table);
                for (String call : List.of(
                        "partition_retire('" + table + "', 'infinity', true)",
                        "partition_retire('" + table + "', now(), true)",
                        "partition_retire('" + table + "', NULL, true)",
                        "partition_retire_empty('" + table + "', 'infinity', true)",
                        "partition_ensure('" + table + "', '0001-01-01T00:00:00Z')",
                        "partition_ensure('" + table + "', now() + interval '2 years')",
                        "partition_ensure('" + table + "', '-infinity')",
                        "partition_premake('" + table + "', 100000)",
                        "partition_premake('" + table + "', -1)")) {
                    assertEquals("22023", refused(c, "SELECT * FROM " + schema + "." + call), roles.app() + ": " + call);
                    refusedCalls++;
                }
                for (String call : List.of(
                        "partition_retire_unguarded('" + table + "', 'infinity', true)",
                        "partition_retire_empty_unguarded('" + table + "', 'infinity', true)",
                        "partition_ensure_unguarded('" + table + "', '0001-01-01T00:00:00Z')",
                        "partition_guard('" + table + "', 'ensure', now())",
                        "partition_seal('" + table + "')")) {
                    assertEquals("42501", refused(c, "SELECT * FROM " + schema + "." + call), roles.app() + ": " + call);
                    refusedCalls++;
                }
                assertEquals(before, partitions(c, schema, table), "a refused call changed nothing");
                // Within the bounds, the same functions do their work.
                expectAllowed(c, "SELECT * FROM " + schema + ".partition_ensure('" + table + "', now() - interval '100 days')");
                expectAllowed(c, "SELECT * FROM " + schema + ".partition_retire('" + table + "', now() - interval '90 days', true)");
                assertEquals(before, partitions(c, schema, table), "the one made 100 days back, retired at 90");
            }
        }
        System.out.printf("least privilege: %d out-of-bounds or withheld partition calls by app roles, all refused%n", refusedCalls);
    }

    private static long partitions(Connection c, String schema, String table) throws SQLException {
        try (Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".partition_list('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(ServiceRoles roles) throws SQLException {
        return DriverManager.getConnection(PostgresServer.shared().jdbcUrl(database), roles.app(), roles.password());
    }

    private static void expectAllowed(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The SQLSTATE the statement was refused with; fails if it ran. */
    private static String refused(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            return e.getSQLState();
        }
        fail("ran, but should have been refused: " + sql);
        return null;
    }
}
