package dev.integrity.platform.partition;

import dev.integrity.platform.error.LogValues;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.error.StorageException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock budget of partition upkeep. Each DDL step runs with a short {@code lock_timeout}; a step
 * refused for its locks (55P03) is tried again after a back-off (0.1 s, 0.2 s, 0.4 s...), up to
 * {@code platform.partitions.lock-attempts} times; then it gives up with
 * {@link PartitionLockTimeout}, naming who held locks on the table, its partitions and the tables
 * its foreign keys reference (pid, role, state, transaction age, query), as
 * {@code pg_stat_activity} shows them to this role.
 */
@ApplicationScoped
public class PartitionLocks {

    private static final Logger LOG = Logger.getLogger(PartitionLocks.class);

    private static final String HOLDERS = """
            SELECT a.pid, a.usename, a.state, l.mode, l.relation::regclass::text,
                   extract(epoch FROM now() - a.xact_start)::bigint, left(a.query, 200)
              FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
             WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_catalog.pg_backend_pid()
               AND l.relation IN (SELECT ?::regclass
                                  UNION ALL SELECT inhrelid FROM pg_catalog.pg_inherits WHERE inhparent = ?::regclass
                                  UNION ALL SELECT confrelid FROM pg_catalog.pg_constraint WHERE conrelid = ?::regclass AND contype = 'f')
             ORDER BY a.xact_start NULLS LAST, a.pid
             LIMIT 5""";

    /** One attempt at a step, given the lock_timeout to run it with. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(Duration lockTimeout) throws SQLException;
    }

    @Inject
    PartitionsConfig config;

    @Inject
    AgroalDataSource dataSource;

    /** Runs {@code attempt} within the budget: {@code lockTimeout} per attempt, the configured attempts. */
    public <T> T withinBudget(String step, PartitionedTable table, Duration lockTimeout, Attempt<T> attempt) {
        int attempts = config.lockAttempts();
        for (int i = 1; ; i++) {
            try {
                return attempt.run(lockTimeout);
            } catch (SQLException | RuntimeException e) {
                if (!SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                    throw e instanceof SQLException sql ? new StorageException(sql) : (RuntimeException) e;
                }
                if (i >= attempts) {
                    List<Map<String, Object>> holders = holders(table);
                    LOG.warnf("gave up on %s of %s after %d attempts of %d ms; locks held by %s", step, table.qualifiedName(),
                            attempts, lockTimeout.toMillis(), LogValues.escaped(holders));
                    throw new PartitionLockTimeout(step, attempts, holders);
                }
                LOG.debugf("%s of %s: lock not available (attempt %d of %d)", step, table.qualifiedName(), i, attempts);
                sleep(100L << Math.min(i - 1, 6));
            }
        }
    }

    /** Who holds locks on the table, its partitions and the tables its foreign keys reference. */
    List<Map<String, Object>> holders(PartitionedTable table) {
        List<Map<String, Object>> holders = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HOLDERS)) {
            for (int i = 1; i <= 3; i++) {
                ps.setString(i, table.qualifiedName());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> holder = new LinkedHashMap<>();
                    holder.put("pid", rs.getInt(1));
                    holder.put("role", rs.getString(2));
                    holder.put("state", rs.getString(3));
                    holder.put("mode", rs.getString(4));
                    holder.put("relation", rs.getString(5));
                    holder.put("transactionSeconds", rs.getObject(6));
                    holder.put("query", rs.getString(7));
                    holders.add(holder);
                }
            }
        } catch (SQLException e) {
            LOG.debugf("could not read the lock holders of %s: %s", table.qualifiedName(), e.getSQLState());
        }
        return holders;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a partition step", e);
        }
    }
}
