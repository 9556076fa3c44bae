package dev.integrity.platform.error;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a failure's SQLSTATE and constraint are found, however deep the driver buried them. */
class SqlStatesTest {

    /** What PostgreSQL sends: severity, SQLSTATE, constraint and message fields, NUL-separated. */
    private static PSQLException server(String state, String constraint, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + state + "\0" + (constraint == null ? "" : "n" + constraint + "\0")
                + "M" + message + "\0"));
    }

    @Test
    void theInnermostStateInTheCauseChainIsTheOneThatCounts() {
        PSQLException fk = server(SqlStates.FOREIGN_KEY_VIOLATION, "imu_data_device_id_fkey", "insert or update violates foreign key");
        RuntimeException wrapped = new RuntimeException("transaction failed", new IllegalStateException("flush", fk));
        assertEquals(Optional.of(SqlStates.FOREIGN_KEY_VIOLATION), SqlStates.state(wrapped));
        assertTrue(SqlStates.is(wrapped, SqlStates.FOREIGN_KEY_VIOLATION));
        assertFalse(SqlStates.is(wrapped, SqlStates.UNIQUE_VIOLATION));
        assertEquals(Optional.of("imu_data_device_id_fkey"), SqlStates.constraint(wrapped));
        assertTrue(SqlStates.isConstraint(wrapped, SqlStates.FOREIGN_KEY_VIOLATION, "imu_data_device_id_fkey"));
        assertFalse(SqlStates.isConstraint(wrapped, SqlStates.FOREIGN_KEY_VIOLATION, "other_fkey"));
        assertFalse(SqlStates.isConstraint(wrapped, SqlStates.UNIQUE_VIOLATION, "imu_data_device_id_fkey"));
    }

    @Test
    void aBatchsNextExceptionCarriesTheStateWhenTheOuterOneHasNone() {
        SQLException batch = new SQLException("Batch entry 0 was aborted");
        batch.setNextException(server(SqlStates.UNIQUE_VIOLATION, "devices_pkey", "duplicate key"));
        assertEquals(Optional.of(SqlStates.UNIQUE_VIOLATION), SqlStates.state(batch));
        assertEquals(Optional.of("devices_pkey"), SqlStates.constraint(batch));
        assertEquals(Optional.empty(), SqlStates.state(new SQLException("no state")));
        assertEquals(Optional.empty(), SqlStates.constraint(new SQLException("plain", SqlStates.UNIQUE_VIOLATION)));
    }

    @Test
    void aMissingPartitionIsACheckViolationThatSaysSo() {
        assertTrue(SqlStates.isMissingPartition(server(SqlStates.CHECK_VIOLATION, null,
                "no partition of relation \"imu_data\" found for row")));
        assertFalse(SqlStates.isMissingPartition(server(SqlStates.CHECK_VIOLATION, "rating_check", "new row violates check constraint")));
        assertFalse(SqlStates.isMissingPartition(server(SqlStates.UNIQUE_VIOLATION, null, "no partition of relation")));
    }

    @Test
    void transientFailuresAreTheOnesWorthRetrying() {
        for (String state : new String[] {"08006", "53300", "57P01", SqlStates.SERIALIZATION_FAILURE, SqlStates.DEADLOCK_DETECTED,
                SqlStates.LOCK_NOT_AVAILABLE, SqlStates.QUERY_CANCELED}) {
            assertTrue(SqlStates.isTransient(new RuntimeException(new SQLException("x", state))), state);
        }
        assertTrue(SqlStates.isTransient(new RuntimeException(new ConnectException("refused"))));
        // Agroal, when no connection could be had in time.
        assertTrue(SqlStates.isTransient(new SQLException("Sorry, acquisition timeout!")));
        assertTrue(SqlStates.isTransient(new SQLException("Acquisition timeout while waiting for connection")));
        for (String state : new String[] {SqlStates.FOREIGN_KEY_VIOLATION, SqlStates.UNIQUE_VIOLATION, SqlStates.EXCLUSION_VIOLATION, "42P01"}) {
            assertFalse(SqlStates.isTransient(new SQLException("x", state)), state);
        }
        assertFalse(SqlStates.isTransient(new IllegalStateException("a bug")));
        assertFalse(SqlStates.isTransient(new SQLException("something else, no state")));
    }
}
