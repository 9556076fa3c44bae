package dev.integrity.platform.partition;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A connection as the owner of the service's schemas, outside any transaction, for the one DDL a
 * SECURITY DEFINER function cannot run: {@code DETACH PARTITION ... CONCURRENTLY}, which needs the
 * table's owner and may not run inside a transaction block. The owner is the role migrations run as
 * ({@code quarkus.flyway.username}); with one role for everything (no {@code platform.db.app-role}),
 * the datasource's own. A service given no owner credentials has none ({@link #available()} false),
 * and retention falls back to the partition functions. It connects where migrations do
 * ({@code quarkus.flyway.jdbc-url}, else the datasource's URL): straight to PostgreSQL when the app
 * goes through a transaction-pooling PgBouncer, since its {@code SET lock_timeout} is the session's.
 */
@ApplicationScoped
public class OwnerSession {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;

    @ConfigProperty(name = "quarkus.flyway.jdbc-url")
    Optional<String> ownerUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @ConfigProperty(name = "quarkus.flyway.username")
    Optional<String> ownerName;

    @ConfigProperty(name = "quarkus.flyway.password")
    Optional<String> ownerPassword;

    @ConfigProperty(name = "platform.db.app-role")
    Optional<String> appRole;

    public boolean available() {
        return ownerName.isPresent() || appRole.filter(r -> !r.isBlank()).isEmpty();
    }

    /** A new autocommit connection as the owner; the caller closes it. */
    public Connection open() throws SQLException {
        if (!available()) {
            throw new IllegalStateException("no owner credentials (quarkus.flyway.username) are configured");
        }
        String where = ownerUrl.filter(u -> !u.isBlank()).or(() -> url).orElseThrow();
        Connection c = ownerName.isPresent()
                ? DriverManager.getConnection(where, ownerName.get(), ownerPassword.orElse(null))
                : DriverManager.getConnection(where, username.orElse(null), password.orElse(null));
        c.setAutoCommit(true);
        return c;
    }
}
