package dev.integrity.platform.security;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Tells PostgreSQL who is calling, on every connection a service takes from its pool, whatever
 * takes it (Hibernate, a repository's native SQL, a job): {@code platform.caller} (the subject) and
 * {@code platform.caller_roles} (the contract's roles, comma-separated). Row-level security policies
 * and audit defaults read them through {@code <schema>.caller()} and {@code <schema>.caller_has()}.
 *
 * <p>Connected to PostgreSQL itself (the default), the settings are made for the session outside a
 * transaction, and remembered per physical connection, so a pool serving one caller (a chatbot's
 * backend, a sensor fleet) sets them once per connection instead of once per acquisition; inside a
 * transaction they are transaction-local. A session setting is made outside any transaction, so no
 * rollback can undo it behind the memory's back, and every acquisition either finds it equal to its
 * own caller or replaces it: a connection never serves one caller with another's context.
 *
 * <p>Behind a transaction-pooling PgBouncer ({@code platform.db.transaction-pooling=true}, the
 * prod-cloudnative-pg overlay's {@code Pooler}) a session is nobody's: a server connection belongs
 * to a client for one transaction, so a session setting would be made on one server connection and
 * read, by another caller's statement, on another. There the settings are always transaction-local,
 * made at every acquisition, and a connection borrowed outside a transaction becomes one transaction
 * until it goes back (the pool restores autocommit on return, which commits; PostgreSQL rolls back
 * instead if a statement failed). {@code CallerContextBehindPgBouncerTest} runs a service so.
 */
@ApplicationScoped
public class CallerContextInterceptor implements AgroalPoolInterceptor {

    static final String SUBJECT_SETTING = "platform.caller";
    static final String ROLES_SETTING = "platform.caller_roles";
    private static final String SET = "SELECT set_config('" + SUBJECT_SETTING + "', ?, ?), set_config('" + ROLES_SETTING + "', ?, ?)";

    /** The session-level settings of each physical connection, as this interceptor last made them. */
    private final Map<PGConnection, String> sessionSettings = Collections.synchronizedMap(new WeakHashMap<>());

    @Inject
    CallerContext callers;

    @ConfigProperty(name = "platform.db.transaction-pooling", defaultValue = "false")
    boolean transactionPooling;

    @Override
    public void onConnectionAcquire(Connection connection) {
        Caller caller = callers.current();
        String roles = caller.rolesSetting();
        try {
            if (transactionPooling) {
                if (connection.getAutoCommit()) {
                    connection.setAutoCommit(false);
                }
                set(connection, caller.subject(), roles, true);
                return;
            }
            String wanted = caller.subject() + '\n' + roles;
            PGConnection physical = connection.unwrap(PGConnection.class);
            if (wanted.equals(sessionSettings.get(physical))) {
                return;
            }
            boolean local = !connection.getAutoCommit();
            set(connection, caller.subject(), roles, local);
            if (!local) {
                sessionSettings.put(physical, wanted);
            }
            // A transaction-local setting reverts to the remembered session setting when it ends.
        } catch (SQLException e) {
            throw new CallerContextException(e);
        }
    }

    private static void set(Connection connection, String subject, String roles, boolean local) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(SET)) {
            ps.setString(1, subject);
            ps.setBoolean(2, local);
            ps.setString(3, roles);
            ps.setBoolean(4, local);
            ps.execute();
        }
    }

    /** The caller could not be set on a connection: the connection is not used. */
    static final class CallerContextException extends RuntimeException {
        CallerContextException(SQLException cause) {
            super("could not tell the database who is calling", cause);
        }
    }
}
