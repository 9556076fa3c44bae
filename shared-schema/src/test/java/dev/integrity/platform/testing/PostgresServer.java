package dev.integrity.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The real PostgreSQL that tests run against, one per JVM.
 * <ul>
 *   <li>When {@code QUARKUS_DATASOURCE_JDBC_URL} (with {@code QUARKUS_DATASOURCE_USERNAME} and
 *       {@code QUARKUS_DATASOURCE_PASSWORD}) points at a server, that server is used. The user needs
 *       CREATEDB: every test application gets a fresh database of its own.</li>
 *   <li>Otherwise an embedded PostgreSQL 17 from Maven Central (zonky) is started. As root it runs
 *       through {@code unshare -U}, which zonky does by itself.</li>
 * </ul>
 */
public final class PostgresServer {

    private static PostgresServer shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String maintenanceDb;
    private final EmbeddedPostgres embedded;

    private PostgresServer(String host, int port, String user, String password, String maintenanceDb, EmbeddedPostgres embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.maintenanceDb = maintenanceDb;
        this.embedded = embedded;
    }

    /** The server for this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
            shared = url == null || url.isBlank() ? startEmbedded() : external(url);
        }
        return shared;
    }

    private static PostgresServer external(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        String user = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
        return new PostgresServer(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, db, null);
    }

    private static PostgresServer startEmbedded() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    // Tests trade durability for speed; nothing here must survive a crash.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("max_locks_per_transaction", "256")
                    .start();
            return new PostgresServer("localhost", pg.getPort(), "postgres", "", "postgres", pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** Creates an empty database with a unique name and returns that name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)).toLowerCase(Locale.ROOT);
        execute(maintenanceDb, "CREATE DATABASE " + name);
        return name;
    }

    public void dropDatabase(String name) {
        execute(maintenanceDb, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + jdbcUrl(database) + ": " + e.getMessage(), e);
        }
    }
}
