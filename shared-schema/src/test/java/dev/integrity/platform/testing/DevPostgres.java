package dev.integrity.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The launcher's PostgreSQL ({@code ./dev up}): the same embedded PostgreSQL 17 the tests use, but
 * on a fixed port, durable (fsync and synchronous commit on), and with a data directory that
 * survives restarts.
 * <p>
 * Usage: {@code DevPostgres <data-dir> <port> <database> [--recreate] [--roles service,...] [--also database]}.
 * With {@code --recreate} the database is dropped and created empty (the benchmarks' clean slate); with
 * {@code --roles}, each service's owner and app roles are set up ({@link ServiceRoles}); {@code --also}
 * makes a second database the same way (a benchmark's baseline build runs in it). Prints {@code READY <jdbc-url>}
 * once the server accepts connections, then runs until its standard input closes or it is signalled.
 */
public final class DevPostgres {

    private DevPostgres() {
    }

    public static void main(String[] args) throws Exception {
        boolean recreate = false;
        List<String> services = List.of();
        List<String> databases = new java.util.ArrayList<>();
        boolean usage = args.length < 3;
        for (int i = 3; i < args.length && !usage; i++) {
            if (args[i].equals("--recreate")) {
                recreate = true;
            } else if (args[i].equals("--roles") && i + 1 < args.length) {
                services = List.of(args[++i].split(","));
            } else if (args[i].equals("--also") && i + 1 < args.length) {
                databases.add(args[++i]);
            } else {
                usage = true;
            }
        }
        if (usage) {
            System.err.println("usage: DevPostgres <data-dir> <port> <database> [--recreate] [--roles service,service...] [--also database]");
            System.exit(2);
        }
        File dataDir = new File(args[0]).getAbsoluteFile();
        int port = Integer.parseInt(args[1]);
        String database = args[2];
        databases.add(0, database);
        for (String name : databases) {
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("database name must be a plain identifier: " + name);
            }
        }
        dataDir.mkdirs();
        EmbeddedPostgres pg = start(dataDir, port);
        for (String name : databases) {
            try (Connection c = pg.getPostgresDatabase().getConnection();
                 Statement drop = c.createStatement();
                 PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                if (recreate) {
                    drop.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        try (Statement s = c.createStatement()) {
                            s.execute("CREATE DATABASE " + name);
                        }
                    }
                }
            }
            // Each service's owner and app roles, as docs/deploy.md sets them up in production.
            try (Connection c = pg.getDatabase("postgres", name).getConnection()) {
                for (String service : services) {
                    ServiceRoles.of(service).create(c, name);
                }
            }
        }
        System.out.println("READY " + pg.getJdbcUrl("postgres", database).replace("?user=postgres", ""));
        System.out.flush();
        // Runs until the launcher closes our stdin (or we are signalled; zonky's hook stops the server).
        // The fault drill (./dev chaos) writes "stop" and "start" lines into the same pipe.
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        String line;
        while ((line = commands.readLine()) != null) {
            if (line.strip().equals("stop") && pg != null) {
                pg.close();
                pg = null;
                System.out.println("STOPPED");
            } else if (line.strip().equals("start") && pg == null) {
                pg = start(dataDir, port);
                System.out.println("STARTED");
            }
            System.out.flush();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static EmbeddedPostgres start(File dataDir, int port) throws java.io.IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // Durable, as in production: the embedded defaults (fsync and synchronous_commit off)
                // suit throwaway test databases, not data a user keeps, nor honest benchmarks.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "300")
                .setServerConfig("max_locks_per_transaction", "256")
                .setServerConfig("shared_buffers", "256MB")
                // Checkpoints by time rather than every gigabyte of WAL: a sensor fleet writes a
                // gigabyte in a minute, and each checkpoint's flush lengthens commits while it runs.
                .setServerConfig("max_wal_size", "8GB")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start();
    }
}
