package dev.integrity.inspection.repository;

import dev.integrity.platform.error.SqlStates;

import java.sql.SQLException;

/** Thrown when a foreign key to {@code aedpics.aed_data} refuses the AED a row names. */
public final class UnknownAed extends RuntimeException {

    UnknownAed() {
        super(null, null, false, false);
    }

    /** For {@link dev.integrity.platform.sql.NativeSql.Refusal}: the foreign key's refusal as this exception, anything else left as it is. */
    static RuntimeException onForeignKey(SQLException e) {
        return SqlStates.FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) ? new UnknownAed() : null;
    }
}
