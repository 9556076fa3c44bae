package dev.integrity.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package; {@code .ci/run} installs it) in transaction
 * pooling mode in front of the test PostgreSQL, as the prod overlay's CloudNativePG {@code Pooler}
 * runs: a server connection belongs to a client for one transaction, then to whichever client comes
 * next. Its pool per user is {@value #POOL_SIZE} server connections, so clients always share them.
 */
public final class PgBouncer implements AutoCloseable {

    static final int POOL_SIZE = 2;
    private static final String BINARY = "/usr/sbin/pgbouncer";

    private final Process process;
    private final Path dir;
    private final int port;

    private PgBouncer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts PgBouncer for {@code server}, letting in the given users with their passwords. */
    public static PgBouncer start(PostgresServer server, Map<String, String> passwords) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's pgbouncer package (.ci/run does)");
        }
        try {
            Path dir = Files.createTempDirectory("pgbouncer", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            int port = freePort();
            Files.writeString(dir.resolve("users.txt"), passwords.entrySet().stream()
                    .map(e -> '"' + e.getKey() + "\" \"" + e.getValue() + '"').collect(Collectors.joining("\n", "", "\n")));
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    * = host=%s port=%d
                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = plain
                    auth_file = %s
                    pool_mode = transaction
                    default_pool_size = %d
                    max_client_conn = 500
                    ignore_startup_parameters = extra_float_digits
                    logfile = %s
                    """.formatted(server.host().equals("localhost") ? "127.0.0.1" : server.host(), server.port(), port,
                    dir.resolve("users.txt"), POOL_SIZE, dir.resolve("pgbouncer.log")));
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // PgBouncer refuses to run as root; in a user namespace of its own it is nobody.
                command.add("unshare");
                command.add("-U");
            }
            command.add(BINARY);
            command.add(dir.resolve("pgbouncer.ini").toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            PgBouncer bouncer = new PgBouncer(process, dir, port);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PgBouncer", e);
        }
    }

    /** A JDBC URL to {@code database} through PgBouncer. PgBouncer 1.18 keeps no prepared statements across transactions, so none are made. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    private void awaitListening() throws IOException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("PgBouncer did not listen within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
