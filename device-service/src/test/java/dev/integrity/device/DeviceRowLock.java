package dev.integrity.device;

import dev.integrity.platform.testing.Counts;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A device's row held {@code FOR UPDATE} in a transaction of its own: every batch of that device
 * then waits at its COPY (the foreign key's check of the row), in flight, until {@link #release}.
 */
final class DeviceRowLock implements AutoCloseable {

    private static final String COPIES_WAITING = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND wait_event_type = 'Lock' AND query LIKE 'COPY device.imu_data %'";

    private final DataSource dataSource;
    private final Connection connection;

    private DeviceRowLock(DataSource dataSource, Connection connection) {
        this.dataSource = dataSource;
        this.connection = connection;
    }

    static DeviceRowLock hold(DataSource dataSource, String deviceId) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM device.devices WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, deviceId);
            ps.executeQuery().close();
        }
        return new DeviceRowLock(dataSource, c);
    }

    /**
     * Waits until at least {@code copies} COPYs wait on a lock, and returns how many do (a
     * connection per look: within one transaction pg_stat_activity answers from one snapshot).
     */
    long awaitCopiesWaiting(int copies) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        long waiting = 0;
        while (System.currentTimeMillis() < deadline) {
            waiting = Counts.of(dataSource, COPIES_WAITING);
            if (waiting >= copies) {
                return waiting;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("only " + waiting + " of " + copies + " batches reached the device row");
    }

    /** The COPYs waiting on a lock now. */
    long copiesWaiting() throws Exception {
        return Counts.of(dataSource, COPIES_WAITING);
    }

    void release() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
