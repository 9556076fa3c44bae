package dev.integrity.platform.partition;

import dev.integrity.platform.error.SqlStates;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

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
 * Creating a partition locks its parent (and, through the partition's foreign keys, the tables they
 * reference) exclusively. It therefore always runs in a short transaction of its own, and callers
 * must ensure partitions <em>before</em> they open the transaction that writes rows: a write
 * transaction holding row locks on a referenced table would otherwise wait on itself.
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);

    @Inject
    EntityManager em;

    @Inject
    PartitionBudget budget;

    /** What this replica knows exists, per table, by lower bound; refreshed whenever it is found wanting. */
    private final Map<String, NavigableMap<Instant, PartitionInfo>> known = new ConcurrentHashMap<>();

    /** Creates every missing partition from the current period through {@code ahead} periods ahead. */
    public int premake(PartitionedTable table, int ahead) {
        Number created = QuarkusTransaction.requiringNew().call(() -> (Number) em
                .createNativeQuery("SELECT {h-schema}partition_premake(?1, ?2)")
                .setParameter(1, table.qualifiedName())
                .setParameter(2, ahead)
                .getSingleResult());
        refresh(table);
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
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em
                .createNativeQuery("SELECT partition_name, created FROM {h-schema}partition_ensure(?1, ?2)")
                .setParameter(1, table.qualifiedName())
                .setParameter(2, utc(at))
                .getSingleResult());
        boolean created = Boolean.TRUE.equals(row[1]);
        if (created) {
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
     */
    public void ensureCovered(PartitionedTable table, Iterable<Instant> keys) {
        NavigableMap<Instant, PartitionInfo> partitions = known.computeIfAbsent(table.qualifiedName(), name -> index(load(table)));
        for (Instant key : keys) {
            if (!covered(partitions, key)) {
                long wait = budget.take();
                if (wait > 0) {
                    LOG.debugf("on-demand partition budget spent; a write to %s waits %d s", table.qualifiedName(), wait);
                    throw new PartitionBudgetExhausted(wait);
                }
                if (!create(table, key).created()) {
                    budget.refund();
                }
                partitions = known.get(table.qualifiedName());
            }
        }
    }

    /**
     * Runs a unit of work that writes into a partitioned table, and if it fails because a row's
     * partition is missing (someone dropped it, or another replica's retention did), creates the
     * partitions for its keys and runs it once more. The work must open and end its own
     * transaction, so that nothing is held while the partition is created.
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
            return work.get();
        }
    }

    /** Detaches or drops every partition that lies wholly before {@code before}. */
    public List<String> retire(PartitionedTable table, Instant before, RetentionMode mode) {
        return retire(table, before, mode, "SELECT partition_name, action FROM {h-schema}partition_retire(?1, ?2, ?3)");
    }

    /**
     * Like {@link #retire}, but only partitions that are also empty: for tables whose old
     * partitions may still hold rows that their owner keeps.
     */
    public List<String> retireEmpty(PartitionedTable table, Instant before, RetentionMode mode) {
        return retire(table, before, mode, "SELECT partition_name, action FROM {h-schema}partition_retire_empty(?1, ?2, ?3)");
    }

    private List<String> retire(PartitionedTable table, Instant before, RetentionMode mode, String sql) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(sql)
                .setParameter(1, table.qualifiedName())
                .setParameter(2, utc(before))
                .setParameter(3, mode == RetentionMode.DROP)
                .getResultList());
        refresh(table);
        List<String> retired = new ArrayList<>();
        for (Object[] row : rows) {
            retired.add((String) row[0]);
            LOG.infof("retention %s partition %s of %s", row[1], row[0], table.qualifiedName());
        }
        return retired;
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
        known.put(table.qualifiedName(), index(load(table)));
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
