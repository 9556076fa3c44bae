package dev.integrity.platform.error;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads PostgreSQL's answer out of whatever wrapped it (Hibernate, Agroal, JTA). Services use it to
 * turn a constraint's verdict into their own domain problem; the shared mapper uses it for the
 * generic SQLSTATE-to-status table of the error contract.
 */
public final class SqlStates {

    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String QUERY_CANCELED = "57014";

    private SqlStates() {
    }

    /** The innermost SQLException that carries a SQLSTATE, if the chain holds one. */
    public static Optional<SQLException> sqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                if (sql.getSQLState() != null) {
                    found = sql;
                }
                SQLException next = sql.getNextException();
                if (next != null && next.getSQLState() != null) {
                    found = next;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    public static Optional<String> state(Throwable failure) {
        return sqlException(failure).map(SQLException::getSQLState);
    }

    public static boolean is(Throwable failure, String sqlState) {
        return state(failure).filter(sqlState::equals).isPresent();
    }

    /** The name of the constraint PostgreSQL reported, for example {@code devices_pkey}. */
    public static Optional<String> constraint(Throwable failure) {
        return sqlException(failure)
                .filter(PSQLException.class::isInstance)
                .map(e -> ((PSQLException) e).getServerErrorMessage())
                .map(ServerErrorMessage::getConstraint);
    }

    public static boolean isConstraint(Throwable failure, String sqlState, String constraintName) {
        return is(failure, sqlState) && constraint(failure).filter(constraintName::equals).isPresent();
    }

    /** "no partition of relation ... found for row": the row's range has no partition yet. */
    public static boolean isMissingPartition(Throwable failure) {
        return sqlException(failure)
                .filter(e -> CHECK_VIOLATION.equals(e.getSQLState()))
                .map(SQLException::getMessage)
                .filter(m -> m.contains("no partition of relation"))
                .isPresent();
    }

    /**
     * The database cannot serve the request now, but may shortly: it is unreachable, restarting,
     * out of resources, or the request lost a lock or serialization race it may simply retry.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName();
            if (name.endsWith("JDBCConnectionException") || t instanceof java.net.ConnectException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true; // Agroal: no connection could be had in time ("Sorry, acquisition timeout!", and others)
            }
        }
        return state(failure).filter(s -> s.startsWith("08") // connection exception
                || s.startsWith("53")                       // insufficient resources
                || s.startsWith("57P")                      // operator intervention: shutdown, crash
                || s.equals(SERIALIZATION_FAILURE)
                || s.equals(DEADLOCK_DETECTED)
                || s.equals(LOCK_NOT_AVAILABLE)
                || s.equals(QUERY_CANCELED)).isPresent();
    }
}
