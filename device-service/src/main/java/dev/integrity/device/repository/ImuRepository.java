package dev.integrity.device.repository;

import dev.integrity.device.ImuBatch;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The IMU fast path and its reads: SQL that Panache cannot express.
 * <p>
 * A batch goes to PostgreSQL as binary COPY, a handful of round trips for any batch size, and it
 * is optimistic about duplicates:
 * <ol>
 *   <li>Under a savepoint, the batch is COPied straight into {@code device.imu_data}. A new batch,
 *       the normal case, is then stored exactly as fast as raw COPY.</li>
 *   <li>If the unique key (device_id, ts) refuses a row, some samples were sent before. The COPY is
 *       rolled back to the savepoint, the batch is COPied into a per-connection temporary staging
 *       table, and one set-based {@code INSERT ... SELECT ... ON CONFLICT (device_id, ts) DO NOTHING}
 *       stores what is new.</li>
 * </ol>
 * The key decides in both cases, so a re-sent sample is never stored twice and never fails its
 * batch, however many requests race.
 */
@ApplicationScoped
public class ImuRepository {

    private static final String COLUMNS = "device_id, ts, acc_x, acc_y, acc_z, gyro_x, gyro_y, gyro_z, mag_x, mag_y, mag_z";
    private static final String COPY_DIRECT = "COPY device.imu_data (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    /** Lives as long as the pooled connection; its rows vanish at every commit or rollback. */
    private static final String CREATE_STAGE = "CREATE TEMP TABLE IF NOT EXISTS imu_stage "
            + "(LIKE device.imu_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGE = "COPY pg_temp.imu_stage (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final String INSERT_NEW_FROM_STAGE = "INSERT INTO device.imu_data (" + COLUMNS + ") SELECT " + COLUMNS
            + " FROM pg_temp.imu_stage ON CONFLICT (device_id, ts) DO NOTHING";

    private static final String RANGE = " WHERE device_id = ? AND ts >= ? AND ts < ?";
    private static final String EXPORT_COLUMNS = "SELECT ts, acc_x, acc_y, acc_z, gyro_x, gyro_y, gyro_z, mag_x, mag_y, mag_z "
            + "FROM device.imu_data";
    /** An export's first page, and each next one after the last ts sent (ts is unique per device: the primary key). */
    private static final String EXPORT_FIRST = EXPORT_COLUMNS + RANGE + " ORDER BY ts LIMIT ?";
    private static final String EXPORT_NEXT = EXPORT_COLUMNS + " WHERE device_id = ? AND ts > ? AND ts < ? ORDER BY ts LIMIT ?";
    static final int EXPORT_PAGE = 5000;
    /** The ts of the sample that many into a range: where a capped export stops (an index-only walk). */
    private static final String NTH_TS = "SELECT ts FROM device.imu_data" + RANGE + " ORDER BY ts OFFSET ? LIMIT 1";
    private static final String GAIT_STATS = "SELECT count(*), min(ts), max(ts), "
            + "avg(sqrt(acc_x * acc_x + acc_y * acc_y + acc_z * acc_z)), "
            + "stddev_pop(sqrt(acc_x * acc_x + acc_y * acc_y + acc_z * acc_z)) FROM device.imu_data" + RANGE;
    private static final String MAGNITUDES = "SELECT ts, sqrt(acc_x * acc_x + acc_y * acc_y + acc_z * acc_z) "
            + "FROM device.imu_data" + RANGE + " ORDER BY ts";
    private static final int FETCH_SIZE = 2000;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Stores a batch for one device inside the caller's transaction and returns how many samples
     * were new; the rest were already stored.
     */
    public int insertBatch(String deviceId, ImuBatch batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        byte[] rows = batch.toCopyBinary(deviceId);
        return NativeSql.withConnection(dataSource, c -> copyIn(c, rows));
    }

    /**
     * Stores several devices' batches with one COPY in the caller's transaction, when none of their
     * samples is stored yet: true if so. On a sample already stored (a batch sent again), the COPY
     * is rolled back to its savepoint, nothing is stored, and the answer is false: the batches go
     * one by one then, each counting its own duplicates.
     */
    public boolean insertAllNew(List<String> deviceIds, List<ImuBatch> batches) {
        byte[] rows = ImuBatch.toCopyBinary(deviceIds, batches);
        return NativeSql.withConnection(dataSource, c -> {
            try {
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                execute(c, "SAVEPOINT imu_group");
                try {
                    copy.copyIn(COPY_DIRECT, new ByteArrayInputStream(rows));
                    return true;
                } catch (SQLException e) {
                    if (!SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw e;
                    }
                }
                execute(c, "ROLLBACK TO SAVEPOINT imu_group");
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** COPY straight into imu_data; on a duplicate, once more through a staging table that keeps only the new samples. */
    private static int copyIn(Connection c, byte[] rows) throws SQLException {
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            execute(c, "SAVEPOINT imu_batch");
            try {
                return (int) copy.copyIn(COPY_DIRECT, new ByteArrayInputStream(rows));
            } catch (SQLException e) {
                if (!SqlStates.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            execute(c, "ROLLBACK TO SAVEPOINT imu_batch");
            execute(c, CREATE_STAGE);
            copy.copyIn(COPY_STAGE, new ByteArrayInputStream(rows));
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(INSERT_NEW_FROM_STAGE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Receives one exported sample: its time, then acc x/y/z, gyro x/y/z, mag x/y/z (null when absent). */
    @FunctionalInterface
    public interface SampleSink {
        void accept(Instant ts, double[] values, boolean[] present) throws IOException;
    }

    /**
     * Streams a device's samples in ts order, a page of {@value #EXPORT_PAGE} at a time (keyset: each
     * page starts after the last ts sent). Each page is one statement on a connection borrowed for it
     * alone, and written to {@code sink} after the connection is back in the pool: however slowly a
     * client reads, its export holds no connection, no transaction and no snapshot while it waits,
     * so it neither starves the pool nor keeps VACUUM from the rows ingestion updates, and takes no
     * lock that partition upkeep waits for. Memory stays constant however long the range. A sample
     * stored during the export behind the page being sent is not in this export (a page reads the
     * data as of its own statement).
     */
    public long export(String deviceId, Instant from, Instant to, SampleSink sink) throws IOException {
        long rows = 0;
        Instant after = null;
        Page page = new Page();
        do {
            page.read(dataSource, deviceId, after == null ? from : after, after != null, to);
            for (int r = 0; r < page.size; r++) {
                sink.accept(page.ts[r], page.values[r], page.present[r]);
            }
            rows += page.size;
            after = page.size == 0 ? null : page.ts[page.size - 1];
        } while (page.size == EXPORT_PAGE);
        return rows;
    }

    /** The ts of the sample {@code n} samples into [from, to) (counted from 0), if the range holds more than n. */
    public Optional<Instant> tsAfter(String deviceId, Instant from, Instant to, long n) {
        return NativeSql.one(dataSource, NTH_TS, ps -> {
            bindRange(ps, deviceId, from, to);
            ps.setLong(4, n);
        }, rs -> JdbcValues.instant(rs, 1));
    }

    /** One page of an export, reused from page to page. */
    private static final class Page {
        final Instant[] ts = new Instant[EXPORT_PAGE];
        final double[][] values = new double[EXPORT_PAGE][ImuBatch.VALUES];
        final boolean[][] present = new boolean[EXPORT_PAGE][ImuBatch.VALUES];
        int size;

        void read(AgroalDataSource dataSource, String deviceId, Instant from, boolean after, Instant to) {
            size = 0;
            NativeSql.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(after ? EXPORT_NEXT : EXPORT_FIRST)) {
                    bindRange(ps, deviceId, from, to);
                    ps.setInt(4, EXPORT_PAGE);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ts[size] = JdbcValues.instant(rs, 1);
                            for (int f = 0; f < ImuBatch.VALUES; f++) {
                                values[size][f] = rs.getDouble(2 + f);
                                present[size][f] = !rs.wasNull();
                            }
                            size++;
                        }
                    }
                }
                return size;
            });
        }
    }

    /** count, first and last ts, mean and population standard deviation of |acc| in a range. */
    public record MagnitudeStats(long samples, Instant first, Instant last, double mean, double stddev) {
    }

    public MagnitudeStats magnitudeStats(String deviceId, Instant from, Instant to) {
        return NativeSql.one(dataSource, GAIT_STATS, ps -> bindRange(ps, deviceId, from, to), rs -> rs.getLong(1) == 0
                ? new MagnitudeStats(0, null, null, 0, 0)
                : new MagnitudeStats(rs.getLong(1), JdbcValues.instant(rs, 2), JdbcValues.instant(rs, 3), rs.getDouble(4), rs.getDouble(5)))
                .orElseThrow();
    }

    /** Receives |acc| of each sample in ts order. */
    @FunctionalInterface
    public interface MagnitudeSink {
        void accept(long epochMicros, double magnitude);
    }

    public void magnitudes(String deviceId, Instant from, Instant to, MagnitudeSink sink) {
        NativeSql.withConnection(dataSource, c -> {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(MAGNITUDES)) {
                bindRange(ps, deviceId, from, to);
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant ts = JdbcValues.instant(rs, 1);
                        sink.accept(ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000L, rs.getDouble(2));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
            return null;
        });
    }

    private static void bindRange(PreparedStatement ps, String deviceId, Instant from, Instant to) throws SQLException {
        ps.setString(1, deviceId);
        ps.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        ps.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    }
}
