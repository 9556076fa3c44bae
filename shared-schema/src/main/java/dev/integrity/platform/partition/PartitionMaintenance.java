package dev.integrity.platform.partition;

import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.error.StorageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Partition upkeep for RANGE-partitioned tables, shared by every service. The DDL itself lives in
 * the SECURITY DEFINER functions of the shared migration ({@code partition_ensure},
 * {@code partition_premake}, {@code partition_retire}, {@code partition_default_rows}), so the
 * runtime role needs no DDL rights.
 * <p>
 * Every step keeps within a lock budget ({@link PartitionLocks}): a short {@code lock_timeout} and
 * a few attempts with back-off. A new partition is made as a plain table and attached, which locks
 * the parent SHARE UPDATE EXCLUSIVE (no reader or writer waits for that) and, through the
 * partition's foreign keys, the tables they reference SHARE ROW EXCLUSIVE (their writers do, for at
 * most one attempt's lock_timeout). It runs in a short transaction of its own, and callers must
 * ensure partitions <em>before</em> they open the transaction that writes rows: a write transaction
 * holding row locks on a referenced table would otherwise wait on itself. Retention detaches with
 * {@code DETACH PARTITION ... CONCURRENTLY} as the schemas' owner ({@link OwnerSession}), waiting for
 * the partition's readers without holding anyone up, then drops the detached table.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);

    @Inject
    EntityManager em;

    @Inject
    PartitionBudget budget;

    @Inject
    PartitionLocks locks;

    @Inject
    PartitionsConfig config;

    @Inject
    OwnerSession owner;

    @Inject
    MeterRegistry registry;

    /** The gauge of how far ahead a table's partitions reach (docs/deploy.md, "What to watch"). */
    static final String COVERED_UNTIL = "platform.partitions.covered.until.timestamp";

    /** Partitions this replica created, {@code by} the premake job or on demand under a write. */
    static final String CREATED = "platform.partitions.created";

    /**
     * Writes refused because their partition was missing and could not be made at once: the on-demand
     * budget was spent ({@code budget}), the parent's lock was not had in time ({@code lock_timeout}),
     * or retention was detaching it ({@code retiring}). Each was a 503 its client retries; with
     * partitions premade ahead, none should ever happen.
     */
    static final String WRITE_REFUSALS = "platform.partition.write.refusals";

    /** Whole partitions ready after the current one, and how many the premake job keeps ready. */
    static final String READY_AHEAD = "platform.partitions.ready.ahead";
    static final String PREMAKE_TARGET = "platform.partitions.premake.target";

    static final List<String> CREATED_BY = List.of("premake", "demand");
    static final List<String> REFUSAL_REASONS = List.of("budget", "lock_timeout", "retiring");

    /** The tables whose gauge this instance registered. */
    private final java.util.Set<String> tracked = ConcurrentHashMap.newKeySet();

    /** How many partitions ahead each table's premake job keeps ready, as it last said. */
    private final Map<String, Integer> premakeTargets = new ConcurrentHashMap<>();

    /** What this replica knows exists, per table, by lower bound; refreshed whenever it is found wanting. */
    private final Map<String, NavigableMap<Instant, PartitionInfo>> known = new ConcurrentHashMap<>();

    /**
     * Says how many periods ahead a table is kept ready and reads what it has, so that this
     * replica's gauges report the table from its start, before its premake job first runs here. A
     * database that cannot answer now leaves the gauges to the first write or premake.
     */
    public void watch(PartitionedTable table, int ahead) {
        premakeTargets.put(table.qualifiedName(), ahead);
        try {
            refresh(table);
        } catch (RuntimeException e) {
            LOG.warnf("could not read the partitions of %s at start (%s); its gauges wait for the first write or premake",
                    table.qualifiedName(), e.getClass().getSimpleName());
        }
    }

    /** Creates every missing partition from the current period through {@code ahead} periods ahead. */
    public int premake(PartitionedTable table, int ahead) {
        premakeTargets.put(table.qualifiedName(), ahead);
        Number created = QuarkusTransaction.requiringNew().call(() -> (Number) em
                .createNativeQuery("SELECT {h-schema}partition_premake(?1, ?2)")
                .setParameter(1, table.qualifiedName())
                .setParameter(2, ahead)
                .getSingleResult());
        refresh(table);
        created(table, "premake").increment(created.intValue());
        if (created.intValue() > 0) {
            LOG.infof("premade %d partition(s) of %s", created.intValue(), table.qualifiedName());
        }
        return created.intValue();
    }

    /** Creates the partition that holds {@code at}, unless it exists. Safe to call concurrently. */
    public String ensure(PartitionedTable table, Instant at) {
        return create(table, at).name();
    }

    private Ensured create(PartitionedTable table, Instant at) {
        Object[] row = locks.withinBudget("creating a partition", table, config.lockTimeout(),
                lockTimeout -> QuarkusTransaction.requiringNew().call(() -> {
                    setLocalLockTimeout(lockTimeout);
                    return (Object[]) em.createNativeQuery("SELECT partition_name, created FROM {h-schema}partition_ensure(?1, ?2)")
                            .setParameter(1, table.qualifiedName())
                            .setParameter(2, utc(at))
                            .getSingleResult();
                }));
        boolean created = Boolean.TRUE.equals(row[1]);
        if (created) {
            created(table, "demand").increment();
            LOG.infof("created partition %s of %s on demand", row[0], table.qualifiedName());
        }
        refresh(table);
        return new Ensured((String) row[0], created);
    }

    private record Ensured(String name, boolean created) {
    }

    /**
     * Makes sure a partition exists for every one of the given keys. Costs nothing when this replica
     * already knows them covered; otherwise creates what is missing, each in its own transaction,
     * within the on-demand budget ({@link PartitionBudget}): past it, {@link PartitionBudgetExhausted}
     * and nothing more is created. Call it before opening the transaction that writes the rows.
     * Round trips go by period, never by key: a key left uncovered by its period's partition (an
     * old partition with other bounds) costs nothing more once its period has been tried, so a
     * 10,000-sample batch of one day makes at most one create, not 10,000.
     */
    public void ensureCovered(PartitionedTable table, Iterable<Instant> keys) {
        NavigableMap<Instant, PartitionInfo> partitions = known.computeIfAbsent(table.qualifiedName(), name -> tracked(table, index(load(table))));
        java.util.Set<Instant> tried = new java.util.HashSet<>();
        for (Instant key : keys) {
            if (!covered(partitions, key) && tried.add(table.granularity().floor(key))) {
                long wait = budget.take();
                if (wait > 0) {
                    LOG.debugf("on-demand partition budget spent; a write to %s waits %d s", table.qualifiedName(), wait);
                    refused(table, "budget").increment();
                    throw new PartitionBudgetExhausted(wait);
                }
                try {
                    if (!create(table, key).created()) {
                        budget.refund();
                    }
                } catch (PartitionLockTimeout e) {
                    refused(table, "lock_timeout").increment();
                    throw e;
                }
                partitions = known.get(table.qualifiedName());
            }
        }
    }

    /**
     * Runs a unit of work that writes into a partitioned table, and if it fails because a row's
     * partition is missing (someone dropped it, or another replica's retention did), creates the
     * partitions for its keys and runs it once more. The work must open and end its own
     * transaction, so that nothing is held while the partition is created. A row whose partition
     * retention is detaching at that moment gets {@link PartitionLockTimeout}, a 503 to retry.
     */
    public <T> T withPartitions(PartitionedTable table, Iterable<Instant> keys, Supplier<T> work) {
        ensureCovered(table, keys);
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!SqlStates.isMissingPartition(e)) {
                throw e;
            }
            LOG.infof("a partition of %s went missing under a write; recreating and retrying", table.qualifiedName());
            refresh(table);
            ensureCovered(table, keys);
            try {
                return work.get();
            } catch (RuntimeException again) {
                if (!SqlStates.isMissingPartition(again)) {
                    throw again;
                }
                // The catalog still lists a partition for the row, but the write finds none: retention is
                // detaching it (DETACH ... CONCURRENTLY, pending until its readers finish). Once it is
                // gone, the same write makes a partition of its own: a retry, not a failure.
                LOG.infof("a write to %s waits for a partition being retired", table.qualifiedName());
                refused(table, "retiring").increment();
                throw new PartitionLockTimeout("writing into a partition being retired", 2, locks.holders(table));
            }
        }
    }

    /** Detaches or drops every partition that lies wholly before {@code before}. */
    public List<String> retire(PartitionedTable table, Instant before, RetentionMode mode) {
        return owner.available() ? retireConcurrently(table, before, mode, null)
                : retireThroughFunction(table, before, mode, "SELECT partition_name, action FROM {h-schema}partition_retire(?1, ?2, ?3)");
    }

    /**
     * Like {@link #retire}, but only partitions that are also empty: for tables whose old
     * partitions may still hold rows that their owner keeps.
     */
    public List<String> retireEmpty(PartitionedTable table, Instant before, RetentionMode mode) {
        return owner.available() ? retireConcurrently(table, before, mode, Keep.ANY_ROW)
                : retireThroughFunction(table, before, mode, "SELECT partition_name, action FROM {h-schema}partition_retire_empty(?1, ?2, ?3)");
    }

    /**
     * Like {@link #retireEmpty}, but a partition whose rows are all ones its owner no longer keeps
     * goes whole too, instead of row by row: {@code keeps} is a condition on a row of the
     * partition, aliased {@code p}, with at most one parameter, {@code keepsSince} (for chat: the
     * row's session is active or ended after the cutoff). Only with owner credentials; without them
     * this retires nothing and the owner's row-by-row retention does the work. The keep rule is
     * checked again under the partition's lock before anything goes ({@link #dropInPlace}), or, on
     * the detach path, after the detach, when rows that arrived meanwhile move back through the
     * parent: a kept row is never lost.
     */
    public List<String> retireUnkept(PartitionedTable table, Instant before, RetentionMode mode, String keeps, Instant keepsSince) {
        return owner.available() ? retireConcurrently(table, before, mode, new Keep(keeps, keepsSince)) : List.of();
    }

    /** What keeps a partition wholly older than the cutoff from retention: a row matching {@code condition}. */
    private record Keep(String condition, Instant since) {
        static final Keep ANY_ROW = new Keep("true", null);
    }

    /**
     * Retention as the owner, outside any transaction: the bounds checked by the same guard the
     * functions use, a detach left pending by an earlier run finished first, then for each partition
     * wholly before the cutoff {@code DETACH ... CONCURRENTLY} (it waits for the partition's readers,
     * up to {@code platform.partitions.detach-wait}, and holds no writer up meanwhile), then
     * {@code DROP TABLE} of the detached table in drop mode (short lock budget). With a
     * {@code keep} rule, a partition holding a row it keeps is skipped, and one that received such
     * a row while it was detached has its rows moved back through the parent, never lost.
     * <p>
     * In drop mode, a table retired by a keep rule whose rows reference another table (chat's
     * conversations, whose rows belong to session_master's sessions) is dropped in place instead:
     * detaching one of its partitions gives the detached table a foreign key of its own, which locks
     * the referenced table (SHARE ROW EXCLUSIVE), and dropping that table locks it again, ACCESS
     * EXCLUSIVE: every writer of the referenced table, the hot path, waited behind each (issue 18).
     * {@link #dropInPlace} touches only the partition and, for a moment, the parent. A table retired
     * by time alone ({@link #retire}: imu_data, whose long exports hold its parent) keeps the detach,
     * which never waits on the parent's readers.
     */
    private List<String> retireConcurrently(PartitionedTable table, Instant before, RetentionMode mode, Keep keep) {
        List<String> retired = new ArrayList<>();
        try (Connection c = owner.open()) {
            guard(c, table, before);
            List<String> pending = pendingDetaches(c, table);
            boolean inPlace = mode == RetentionMode.DROP && keep != null && referencesOthers(c, table);
            for (PartitionInfo p : list(table)) {
                boolean expired = !p.isDefault() && p.to() != null && !p.to().isAfter(before);
                boolean wasPending = pending.contains(p.name());
                if (!expired) {
                    if (wasPending) {
                        detach(c, table, p.name(), true);   // finish what someone began; the table stays
                    }
                    continue;
                }
                if (!wasPending && keep != null && keeps(c, table, p.name(), keep)) {
                    continue;
                }
                if (!retired.isEmpty()) {
                    pause(config.retirePause());
                }
                if (inPlace && !wasPending) {
                    if (dropInPlace(c, table, p.name(), keep)) {
                        retired.add(p.name());
                        LOG.infof("retention dropped partition %s of %s in place", p.name(), table.qualifiedName());
                    }
                    continue;
                }
                detach(c, table, p.name(), wasPending);
                if (keep != null && keeps(c, table, p.name(), keep)) {
                    moveBack(c, table, p);
                    continue;
                }
                if (mode == RetentionMode.DROP) {
                    locks.withinBudget("dropping a retired partition", table, config.lockTimeout(), lockTimeout -> {
                        setLockTimeout(c, lockTimeout);
                        execute(c, "SELECT format('DROP TABLE %I.%I', ?, ?)", table.schema(), p.name());
                        return null;
                    });
                }
                retired.add(p.name());
                LOG.infof("retention %s partition %s of %s", mode == RetentionMode.DROP ? "dropped" : "detached", p.name(),
                        table.qualifiedName());
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        } finally {
            refresh(table);
        }
        return retired;
    }

    /** Whether the table has a foreign key to another table: detaching its partitions would lock that table. */
    private static boolean referencesOthers(Connection c, PartitionedTable table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = ?::regclass AND contype = 'f')")) {
            ps.setString(1, table.qualifiedName());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Drops a retired partition without detaching it, in two short transactions, each within the
     * lock budget. First, under the partition's own ACCESS EXCLUSIVE lock (only its own readers wait;
     * writes go to current periods), the {@code keep} rule is checked again, so no row it keeps can
     * arrive unseen, and the partition is emptied by TRUNCATE. Then, under the parent's ACCESS
     * EXCLUSIVE lock, held for a moment, the empty partition is dropped, unless a row reached it in
     * between (it then stays, with that row, for the next run). The referenced table is never locked.
     *
     * @return whether the partition was dropped
     */
    private boolean dropInPlace(Connection c, PartitionedTable table, String partition, Keep keep) {
        boolean emptied = locks.withinBudget("emptying a retired partition", table, config.lockTimeout(),
                lockTimeout -> inTransaction(c, lockTimeout, () -> {
                    execute(c, "SELECT format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', ?, ?)", table.schema(), partition);
                    if (keeps(c, table, partition, keep)) {
                        return false;
                    }
                    execute(c, "SELECT format('TRUNCATE %I.%I', ?, ?)", table.schema(), partition);
                    return true;
                }));
        if (!emptied) {
            return false;
        }
        return locks.withinBudget("dropping a retired partition", table, config.lockTimeout(),
                lockTimeout -> inTransaction(c, lockTimeout, () -> {
                    execute(c, "SELECT format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', ?, ?)", table.schema(), table.table());
                    if (keeps(c, table, partition, Keep.ANY_ROW)) {
                        return false;
                    }
                    execute(c, "SELECT format('DROP TABLE %I.%I', ?, ?)", table.schema(), partition);
                    return true;
                }));
    }

    private interface Work<T> {
        T run() throws SQLException;
    }

    /** {@code work} in a transaction of the owner's connection, its lock_timeout that transaction's only. */
    private static <T> T inTransaction(Connection c, Duration lockTimeout, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
                ps.setString(1, millis(lockTimeout));
                ps.execute();
            }
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The bounds retention may not pass, as the functions check them: partition_guard, in the table's schema. */
    private static void guard(Connection c, PartitionedTable table, Instant before) throws SQLException {
        String call;
        try (PreparedStatement ps = c.prepareStatement("SELECT format('SELECT %I.partition_guard(?, ''retire'', ?)', ?)")) {
            ps.setString(1, table.schema());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                call = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(call)) {
            ps.setString(1, table.qualifiedName());
            ps.setObject(2, utc(before));
            ps.execute();
        }
    }

    private void detach(Connection c, PartitionedTable table, String partition, boolean pending) {
        locks.withinBudget("detaching a retired partition", table, config.detachWait(), lockTimeout -> {
            setLockTimeout(c, lockTimeout);
            // An attempt cut short by its lock_timeout leaves the detach pending; FINALIZE completes it.
            boolean finalize = pending || pendingDetaches(c, table).contains(partition);
            execute(c, finalize ? "SELECT format('ALTER TABLE %I.%I DETACH PARTITION %I.%I FINALIZE', ?, ?, ?, ?)"
                    : "SELECT format('ALTER TABLE %I.%I DETACH PARTITION %I.%I CONCURRENTLY', ?, ?, ?, ?)",
                    table.schema(), table.table(), table.schema(), partition);
            return null;
        });
    }

    /** Rows that reached a partition between the emptiness check and its detach go back through the parent. */
    private void moveBack(Connection c, PartitionedTable table, PartitionInfo p) throws SQLException {
        LOG.infof("partition %s of %s received rows while it was detached; moving them back", p.name(), table.qualifiedName());
        ensure(table, p.from() == null ? p.to().minusSeconds(1) : p.from());
        c.setAutoCommit(false);
        try {
            execute(c, MOVE_BACK, table.schema(), table.table(), table.schema(), p.name(), table.qualifiedName());
            execute(c, "SELECT format('DROP TABLE %I.%I', ?, ?)", table.schema(), p.name());
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static final String MOVE_BACK = """
            SELECT format('INSERT INTO %I.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I.%I', ?, ?, columns, columns, ?, ?)
              FROM (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns
                      FROM pg_catalog.pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped) c""";

    private static List<String> pendingDetaches(Connection c, PartitionedTable table) throws SQLException {
        List<String> pending = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT inhrelid::regclass::text FROM pg_catalog.pg_inherits WHERE inhparent = ?::regclass AND inhdetachpending")) {
            ps.setString(1, table.qualifiedName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    pending.add(name.substring(name.indexOf('.') + 1));
                }
            }
        }
        return pending;
    }

    /** Whether the partition holds a row {@code keep} keeps (the condition is the caller's code, never input). */
    private static boolean keeps(Connection c, PartitionedTable table, String partition, Keep keep) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT format('SELECT EXISTS (SELECT 1 FROM %I.%I p WHERE %s)', ?, ?, ?)")) {
            ps.setString(1, table.schema());
            ps.setString(2, partition);
            ps.setString(3, keep.condition());
            String exists;
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                exists = rs.getString(1);
            }
            try (PreparedStatement check = c.prepareStatement(exists)) {
                if (keep.since() != null) {
                    check.setObject(1, utc(keep.since()));
                }
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }
    }

    /**
     * Runs a DDL statement whose identifiers the server quotes: {@code template} is a
     * {@code SELECT format(...)} of them, and its result is what runs.
     */
    private static void execute(Connection c, String template, String... identifiers) throws SQLException {
        String ddl;
        try (PreparedStatement ps = c.prepareStatement(template)) {
            for (int i = 0; i < identifiers.length; i++) {
                ps.setString(i + 1, identifiers[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                ddl = rs.getString(1);
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute(ddl);
        }
    }

    /** The lock budget of one attempt, for the current transaction only. */
    private void setLocalLockTimeout(Duration lockTimeout) {
        em.createNativeQuery("SELECT set_config('lock_timeout', ?1, true)").setParameter(1, millis(lockTimeout)).getSingleResult();
    }

    private static void setLockTimeout(Connection c, Duration lockTimeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            ps.setString(1, millis(lockTimeout));
            ps.execute();
        }
    }

    /** Without owner credentials: the partition functions, each attempt in a transaction of its own within the lock budget. */
    private List<String> retireThroughFunction(PartitionedTable table, Instant before, RetentionMode mode, String sql) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = locks.withinBudget("retiring partitions", table, config.lockTimeout(),
                lockTimeout -> QuarkusTransaction.requiringNew().call(() -> {
                    setLocalLockTimeout(lockTimeout);
                    return (List<Object[]>) em.createNativeQuery(sql)
                            .setParameter(1, table.qualifiedName())
                            .setParameter(2, utc(before))
                            .setParameter(3, mode == RetentionMode.DROP)
                            .getResultList();
                }));
        refresh(table);
        List<String> retired = new ArrayList<>();
        for (Object[] row : rows) {
            retired.add((String) row[0]);
            LOG.infof("retention %s partition %s of %s", row[1], row[0], table.qualifiedName());
        }
        return retired;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between retention steps", e);
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }

    /** Rows sitting in the table's DEFAULT partition; the platform never creates one, so it should be 0. */
    public long defaultPartitionRows(PartitionedTable table) {
        return QuarkusTransaction.joiningExisting().call(() -> ((Number) em
                .createNativeQuery("SELECT {h-schema}partition_default_rows(?1)")
                .setParameter(1, table.qualifiedName())
                .getSingleResult()).longValue());
    }

    /** Every partition of the table with its bounds, oldest first, as the catalog says now. */
    public List<PartitionInfo> list(PartitionedTable table) {
        return load(table);
    }

    /** Period starts between {@code from} and {@code to} (inclusive) that no partition covers. */
    public List<Instant> missingPeriods(PartitionedTable table, Instant from, Instant to) {
        NavigableMap<Instant, PartitionInfo> partitions = index(load(table));
        List<Instant> missing = new ArrayList<>();
        Granularity g = table.granularity();
        for (Instant p = g.floor(from); !p.isAfter(to); p = g.next(p)) {
            if (!covered(partitions, p)) {
                missing.add(p);
            }
        }
        return missing;
    }

    private void refresh(PartitionedTable table) {
        known.put(table.qualifiedName(), tracked(table, index(load(table))));
    }

    /**
     * Registers, once per table, {@code platform_partitions_covered_until_timestamp_seconds{table}}:
     * where the run of partitions from now on ends, in Unix seconds (now, when no partition holds
     * the present; +Inf for MAXVALUE), read from what this replica knows, without a query. A replica
     * that did not run the premake job knows less until it next looks, so alert on the maximum
     * over replicas.
     */
    private NavigableMap<Instant, PartitionInfo> tracked(PartitionedTable table, NavigableMap<Instant, PartitionInfo> partitions) {
        if (!tracked.add(table.qualifiedName())) {
            return partitions;
        }
        // A gauge registered again is the first one, still reading the state it was built on: one
        // left by an application that ran before in this JVM (the tests restart it) goes first.
        String name = table.qualifiedName();
        for (String gauge : List.of(COVERED_UNTIL, READY_AHEAD, PREMAKE_TARGET)) {
            registry.find(gauge).tag("table", name).gauges().forEach(registry::remove);
        }
        Gauge.builder(COVERED_UNTIL, known, all -> coveredUntil(all.get(name), Instant.now()))
                .description("Where the partitions from now on end, in Unix seconds: the time left before a write needs a new one")
                .baseUnit("seconds").tag("table", name).register(registry);
        Gauge.builder(READY_AHEAD, known, all -> readyAhead(all.get(name), Instant.now()))
                .description("Whole partitions ready after the current one, adjacent to it")
                .tag("table", name).register(registry);
        Gauge.builder(PREMAKE_TARGET, premakeTargets, targets -> targets.getOrDefault(name, 0))
                .description("How many partitions after the current one the premake job keeps ready; 0 for none")
                .tag("table", name).register(registry);
        CREATED_BY.forEach(by -> created(table, by));
        REFUSAL_REASONS.forEach(reason -> refused(table, reason));
        return partitions;
    }

    private Counter created(PartitionedTable table, String by) {
        return Counter.builder(CREATED).description("Partitions created by this replica, by the premake job or on demand under a write")
                .tag("table", table.qualifiedName()).tag("by", by).register(registry);
    }

    private Counter refused(PartitionedTable table, String reason) {
        return Counter.builder(WRITE_REFUSALS)
                .description("Writes refused (a 503 to retry) because their partition was missing and could not be made at once; should never happen")
                .tag("table", table.qualifiedName()).tag("reason", reason).register(registry);
    }

    /**
     * How many partitions follow the one that holds {@code now} without a gap (0 when none holds
     * it; +Inf when the run ends in MAXVALUE).
     */
    static double readyAhead(NavigableMap<Instant, PartitionInfo> partitions, Instant now) {
        if (partitions == null) {
            return Double.NaN;
        }
        Map.Entry<Instant, PartitionInfo> current = partitions.floorEntry(now);
        if (current == null || !current.getValue().covers(now)) {
            return 0;
        }
        int ahead = 0;
        Instant end = current.getValue().to();
        for (PartitionInfo next; end != null && (next = partitions.get(end)) != null; ahead++) {
            end = next.to();
        }
        return end == null ? Double.POSITIVE_INFINITY : ahead;
    }

    /** The upper bound of the run of adjacent partitions that holds {@code now}, in Unix seconds. */
    static double coveredUntil(NavigableMap<Instant, PartitionInfo> partitions, Instant now) {
        if (partitions == null) {
            return Double.NaN;
        }
        Map.Entry<Instant, PartitionInfo> current = partitions.floorEntry(now);
        if (current == null || !current.getValue().covers(now)) {
            return now.toEpochMilli() / 1000.0;
        }
        Instant end = current.getValue().to();
        for (PartitionInfo next; end != null && (next = partitions.get(end)) != null; ) {
            end = next.to();
        }
        return end == null ? Double.POSITIVE_INFINITY : end.toEpochMilli() / 1000.0;
    }

    private static NavigableMap<Instant, PartitionInfo> index(List<PartitionInfo> partitions) {
        TreeMap<Instant, PartitionInfo> byLowerBound = new TreeMap<>();
        for (PartitionInfo p : partitions) {
            if (!p.isDefault()) {
                byLowerBound.put(p.from() == null ? Instant.MIN : p.from(), p);
            }
        }
        return Collections.unmodifiableNavigableMap(byLowerBound);
    }

    private List<PartitionInfo> load(PartitionedTable table) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em
                .createNativeQuery("SELECT partition_name, range_from, range_to, is_default FROM {h-schema}partition_list(?1)")
                .setParameter(1, table.qualifiedName())
                .getResultList());
        List<PartitionInfo> partitions = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            partitions.add(new PartitionInfo((String) row[0], instant(row[1]), instant(row[2]), Boolean.TRUE.equals(row[3])));
        }
        return List.copyOf(partitions);
    }

    private static boolean covered(NavigableMap<Instant, PartitionInfo> partitions, Instant key) {
        Map.Entry<Instant, PartitionInfo> candidate = partitions.floorEntry(key);
        return candidate != null && candidate.getValue().covers(key);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
