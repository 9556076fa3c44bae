package dev.integrity.platform.security;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Tells PostgreSQL who is calling, on every connection a service takes from its pool, whatever
 * takes it (Hibernate, a repository's native SQL, a job): {@code platform.caller} (the subject) and
 * {@code platform.caller_roles} (the contract's roles, comma-separated). Row-level security policies
 * and audit defaults read them through {@code <schema>.caller()} and {@code <schema>.caller_has()}.
 *
 * <p>The settings are always transaction-local ({@code set_config(..., true)}), so they end with
 * the transaction, commit or rollback, and nothing of one caller stays on a server connection for
 * the next. A connection taken inside a transaction gets them at its first acquisition. A connection
 * taken outside one (autocommit) is turned into one transaction for as long as it is borrowed: the
 * pool restores autocommit when it comes back, which commits what the borrower did (PostgreSQL rolls
 * it back instead if a statement failed). That is what makes the caller context safe behind a
 * transaction-pooling PgBouncer (the prod overlay's {@code Pooler}): there a server connection
 * belongs to a client for one transaction only, so a session-level setting would be made on one
 * server connection and read, by someone else's statement, on another.
 */
@ApplicationScoped
public class CallerContextInterceptor implements AgroalPoolInterceptor {

    static final String SUBJECT_SETTING = "platform.caller";
    static final String ROLES_SETTING = "platform.caller_roles";
    private static final String SET = "SELECT set_config('" + SUBJECT_SETTING + "', ?, true), set_config('" + ROLES_SETTING + "', ?, true)";

    @Inject
    CallerContext callers;

    @Override
    public void onConnectionAcquire(Connection connection) {
        Caller caller = callers.current();
        try {
            if (connection.getAutoCommit()) {
                connection.setAutoCommit(false);
            }
            try (PreparedStatement ps = connection.prepareStatement(SET)) {
                ps.setString(1, caller.subject());
                ps.setString(2, caller.rolesSetting());
                ps.execute();
            }
        } catch (SQLException e) {
            throw new CallerContextException(e);
        }
    }

    /** The caller could not be set on a connection: the connection is not used. */
    static final class CallerContextException extends RuntimeException {
        CallerContextException(SQLException cause) {
            super("could not tell the database who is calling", cause);
        }
    }
}
