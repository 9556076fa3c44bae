package dev.integrity.matching.repository;

import dev.integrity.matching.DedupTarget;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of deduplication. Detection finds duplicates inside blocks (same normalised URL, same
 * content fingerprint, or the same company and position/title with the same normalised opening or
 * closing), never across all pairs. A merge
 * works on a whole batch of groups with one statement per step:
 * <ol>
 *   <li>lock the rows involved, and drop from the batch any row no longer live;</li>
 *   <li>gather every recommendation of the duplicates and keepers, and choose, per (keeper, other
 *       side), the one that survives: the keeper's own if it has one, else the best-scored; it
 *       keeps the best score;</li>
 *   <li>move the interactions of the recommendations that do not survive onto the survivor;</li>
 *   <li>delete those recommendations (nothing references them any more);</li>
 *   <li>re-point the surviving recommendations at the keeper;</li>
 *   <li>soft-delete the duplicates with {@code merged_into = keeper}, and record every merge.</li>
 * </ol>
 * Re-pointing never meets the unique key (resume_id, job_id), because each (keeper, other side)
 * has exactly one survivor by the time anything points at the keeper; and nothing is deleted while
 * anything still references it. No foreign-key violation, no lost interaction.
 */
@ApplicationScoped
public class DedupRepository {

    /** One candidate row of a group: how complete it is, and when it was crawled. */
    public record Row(long id, int completeness, Instant crawledAt) {
    }

    /** Two live rows of one block, and their trigram similarity. */
    public record Pair(long left, long right, double similarity) {
    }

    /** What merging a batch did (or would do). */
    public record MergeCounts(int groups, int merged, int recommendationsRepointed, int recommendationsCollapsed,
                              int interactionsRepointed) {

        public MergeCounts plus(MergeCounts o) {
            return new MergeCounts(groups + o.groups, merged + o.merged, recommendationsRepointed + o.recommendationsRepointed,
                    recommendationsCollapsed + o.recommendationsCollapsed, interactionsRepointed + o.interactionsRepointed);
        }

        public static final MergeCounts NONE = new MergeCounts(0, 0, 0, 0, 0);
    }

    /** The statements of one target, built once from its table and column names. */
    private record TargetSql(String urlGroups, String fingerprintGroups, String similarPairs, String describe, String lockRows,
                             String dropDead, String gatherRecommendations, String auditMerges, String moveInteractions,
                             String deleteCollapsed, String repoint, String softDelete, String obsoleteCandidates) {

        static TargetSql of(String target, String table, String owner, String other, String blockColumns, String content,
                            String completeness) {
            String live = " WHERE deleted_at IS NULL";
            return new TargetSql(
                    "SELECT array_agg(id ORDER BY id) FROM " + table + live + " GROUP BY url_normalized HAVING count(*) > 1",
                    "SELECT array_agg(id ORDER BY id) FROM " + table + live + " GROUP BY fingerprint HAVING count(*) > 1",
                    // Within a block (same company, same position or title), and only pairs that share
                    // their normalised opening or closing: a near duplicate keeps one of the two. Then the
                    // trigram similarity itself, once per pair.
                    "SELECT p.left_id, p.right_id, similarity(a." + content + ", b." + content + ") AS sim FROM ("
                            + candidatePairs(table, blockColumns, "head_hash") + " UNION "
                            + candidatePairs(table, blockColumns, "tail_hash") + ") p"
                            + " JOIN " + table + " a ON a.id = p.left_id JOIN " + table + " b ON b.id = p.right_id"
                            + " WHERE similarity(a." + content + ", b." + content + ") >= ?",
                    "SELECT id, " + completeness + ", crawled_at FROM " + table + " WHERE id = ANY (?)",
                    "SELECT id FROM " + table + " WHERE id = ANY (?) ORDER BY id FOR UPDATE",
                    "DELETE FROM pg_temp.dedup_map m USING " + table + " d, " + table + " k"
                            + " WHERE d.id = m.dup_id AND k.id = m.keeper_id AND (d.deleted_at IS NOT NULL OR k.deleted_at IS NOT NULL)",
                    "INSERT INTO pg_temp.dedup_recs (id, owner, other, score, from_dup, interactions)"
                            + " SELECT r.id, coalesce(m.keeper_id, r." + owner + "), r." + other + ", r.score, m.dup_id,"
                            + " (SELECT count(*) FROM mlops.user_interactions i WHERE i.recommendation_id = r.id)"
                            + " FROM mlops.job_recommendations r LEFT JOIN pg_temp.dedup_map m ON m.dup_id = r." + owner
                            + " WHERE r." + owner + " IN (SELECT dup_id FROM pg_temp.dedup_map UNION SELECT keeper_id FROM pg_temp.dedup_map)",
                    "INSERT INTO mlops.dedup_merges (run_id, target, from_id, into_id, reason, recommendations_moved,"
                            + " recommendations_collapsed, interactions_moved)"
                            + " SELECT ?, '" + target + "', m.dup_id, m.keeper_id, m.reason,"
                            + " count(d.id) FILTER (WHERE d.id = d.survivor), count(d.id) FILTER (WHERE d.id <> d.survivor),"
                            + " coalesce(sum(d.interactions) FILTER (WHERE d.id <> d.survivor), 0)"
                            + " FROM pg_temp.dedup_map m LEFT JOIN pg_temp.dedup_recs d ON d.from_dup = m.dup_id"
                            + " GROUP BY m.dup_id, m.keeper_id, m.reason",
                    "UPDATE mlops.user_interactions i SET recommendation_id = d.survivor FROM pg_temp.dedup_recs d"
                            + " WHERE i.recommendation_id = d.id AND d.id <> d.survivor",
                    "DELETE FROM mlops.job_recommendations r USING pg_temp.dedup_recs d WHERE r.id = d.id AND d.id <> d.survivor",
                    "UPDATE mlops.job_recommendations r SET " + owner + " = d.owner, score = d.best, updated_at = now()"
                            + " FROM pg_temp.dedup_recs d WHERE r.id = d.id AND d.id = d.survivor"
                            + " AND (r." + owner + " <> d.owner OR r.score <> d.best)",
                    "UPDATE " + table + " t SET deleted_at = now(), merged_into = m.keeper_id, updated_at = now()"
                            + " FROM pg_temp.dedup_map m WHERE t.id = m.dup_id AND t.deleted_at IS NULL",
                    "UPDATE mlops.dedup_candidates SET status = 'obsolete', decided_at = now()"
                            + " WHERE target = '" + target + "' AND status = 'pending'"
                            + " AND (left_id IN (SELECT dup_id FROM pg_temp.dedup_map) OR right_id IN (SELECT dup_id FROM pg_temp.dedup_map))");
        }

        private static String candidatePairs(String table, String blockColumns, String sketch) {
            return "SELECT a.id AS left_id, b.id AS right_id FROM " + table + " a JOIN " + table + " b ON "
                    + blockJoin(blockColumns) + " AND b." + sketch + " = a." + sketch + " AND b.id > a.id"
                    + " WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL AND a.company_key <> ''"
                    + " AND b.fingerprint <> a.fingerprint";
        }

        private static String blockJoin(String blockColumns) {
            List<String> equal = new ArrayList<>();
            for (String column : blockColumns.split(",")) {
                equal.add("b." + column + " = a." + column);
            }
            return String.join(" AND ", equal);
        }
    }

    private static final Map<DedupTarget, TargetSql> SQL = new EnumMap<>(Map.of(
            DedupTarget.COVER_LETTERS, TargetSql.of("cover-letters", "mlops.cover_letter_samples", "resume_id", "job_id",
                    "company_key,position_key", "content",
                    "(coalesce(title, '') <> '')::int + (coalesce(company, '') <> '')::int + (coalesce(position, '') <> '')::int"),
            DedupTarget.POSTINGS, TargetSql.of("postings", "mlops.job_postings", "job_id", "resume_id",
                    "company_key,title_key", "description",
                    "(coalesce(company, '') <> '')::int + (coalesce(location, '') <> '')::int + (posted_at IS NOT NULL)::int")));

    private static final String CREATE_MAP = "CREATE TEMP TABLE IF NOT EXISTS dedup_map "
            + "(dup_id bigint PRIMARY KEY, keeper_id bigint NOT NULL, reason text NOT NULL) ON COMMIT DELETE ROWS";
    private static final String CREATE_RECS = "CREATE TEMP TABLE IF NOT EXISTS dedup_recs (id bigint PRIMARY KEY, owner bigint NOT NULL, "
            + "other bigint NOT NULL, score float8 NOT NULL, from_dup bigint, interactions bigint NOT NULL, survivor bigint, best float8) "
            + "ON COMMIT DELETE ROWS";
    private static final String LOAD_MAP = "INSERT INTO pg_temp.dedup_map (dup_id, keeper_id, reason) "
            + "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[])";
    private static final String CHOOSE_SURVIVORS = """
            UPDATE pg_temp.dedup_recs d SET survivor = w.survivor, best = w.best
              FROM (SELECT id,
                           first_value(id) OVER (PARTITION BY owner, other ORDER BY (from_dup IS NULL) DESC, score DESC, id) AS survivor,
                           max(score) OVER (PARTITION BY owner, other) AS best
                      FROM pg_temp.dedup_recs) w
             WHERE w.id = d.id""";
    private static final String LOCK_RECOMMENDATIONS = "SELECT r.id FROM mlops.job_recommendations r "
            + "WHERE r.id IN (SELECT id FROM pg_temp.dedup_recs) ORDER BY r.id FOR UPDATE";
    private static final String TOTALS = """
            SELECT (SELECT count(DISTINCT keeper_id) FROM pg_temp.dedup_map),
                   count(*) FILTER (WHERE id = survivor AND from_dup IS NOT NULL),
                   count(*) FILTER (WHERE id <> survivor),
                   coalesce(sum(interactions) FILTER (WHERE id <> survivor), 0)
              FROM pg_temp.dedup_recs""";

    @Inject
    AgroalDataSource dataSource;

    /** Groups of live rows sharing a normalised URL. */
    public List<long[]> urlGroups(DedupTarget target) {
        return groups(SQL.get(target).urlGroups());
    }

    /** Groups of live rows sharing a content fingerprint. */
    public List<long[]> fingerprintGroups(DedupTarget target) {
        return groups(SQL.get(target).fingerprintGroups());
    }

    /** Pairs of live rows of one block at or above {@code minSimilarity}. */
    public List<Pair> similarPairs(DedupTarget target, double minSimilarity) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL.get(target).similarPairs())) {
            ps.setDouble(1, minSimilarity);
            List<Pair> pairs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pairs.add(new Pair(rs.getLong(1), rs.getLong(2), rs.getDouble(3)));
                }
            }
            return pairs;
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    /** Completeness and crawl time of the given rows, for choosing keepers. */
    public Map<Long, Row> describe(DedupTarget target, long[] ids) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL.get(target).describe())) {
            ps.setArray(1, c.createArrayOf("bigint", box(ids)));
            Map<Long, Row> rows = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), new Row(rs.getLong(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    /**
     * Merges one batch in the caller's transaction: each {@code dupIds[i]} into {@code keeperIds[i]}
     * for {@code reasons[i]}. Returns what it did; the caller rolls back for a dry run.
     */
    public MergeCounts merge(DedupTarget target, long runId, long[] dupIds, long[] keeperIds, String[] reasons) {
        TargetSql sql = SQL.get(target);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(CREATE_MAP);
            s.execute(CREATE_RECS);
            long[] involved = new long[dupIds.length + keeperIds.length];
            System.arraycopy(dupIds, 0, involved, 0, dupIds.length);
            System.arraycopy(keeperIds, 0, involved, dupIds.length, keeperIds.length);
            try (PreparedStatement lock = c.prepareStatement(sql.lockRows())) {
                lock.setArray(1, c.createArrayOf("bigint", box(sortedDistinct(involved))));
                lock.executeQuery().close();
            }
            try (PreparedStatement load = c.prepareStatement(LOAD_MAP)) {
                load.setArray(1, c.createArrayOf("bigint", box(dupIds)));
                load.setArray(2, c.createArrayOf("bigint", box(keeperIds)));
                load.setArray(3, c.createArrayOf("text", reasons));
                load.executeUpdate();
            }
            s.executeUpdate(sql.dropDead());
            s.executeUpdate(sql.gatherRecommendations());
            s.executeQuery(LOCK_RECOMMENDATIONS).close();
            s.executeUpdate(CHOOSE_SURVIVORS);
            MergeCounts counts;
            try (ResultSet rs = s.executeQuery(TOTALS)) {
                rs.next();
                counts = new MergeCounts(rs.getInt(1), 0, rs.getInt(2), rs.getInt(3), rs.getInt(4));
            }
            try (PreparedStatement audit = c.prepareStatement(sql.auditMerges())) {
                audit.setLong(1, runId);
                audit.executeUpdate();
            }
            s.executeUpdate(sql.moveInteractions());
            s.executeUpdate(sql.deleteCollapsed());
            s.executeUpdate(sql.repoint());
            int merged = s.executeUpdate(sql.softDelete());
            s.executeUpdate(sql.obsoleteCandidates());
            return new MergeCounts(counts.groups(), merged, counts.recommendationsRepointed(), counts.recommendationsCollapsed(),
                    counts.interactionsRepointed());
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    /** Proposes pairs for review; a pair proposed before (dismissed ones included) is never proposed again. */
    public int propose(DedupTarget target, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            return 0;
        }
        long[] left = new long[pairs.size()];
        long[] right = new long[pairs.size()];
        Double[] similarity = new Double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            left[i] = pairs.get(i).left();
            right[i] = pairs.get(i).right();
            similarity[i] = pairs.get(i).similarity();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mlops.dedup_candidates (target, left_id, right_id, similarity)
                SELECT ?, l, r, s FROM unnest(?::bigint[], ?::bigint[], ?::float8[]) AS x (l, r, s)
                ON CONFLICT ON CONSTRAINT dedup_candidates_pair_key DO NOTHING""")) {
            ps.setString(1, target.value());
            ps.setArray(2, c.createArrayOf("bigint", box(left)));
            ps.setArray(3, c.createArrayOf("bigint", box(right)));
            ps.setArray(4, c.createArrayOf("float8", similarity));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    private List<long[]> groups(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<long[]> groups = new ArrayList<>();
            while (rs.next()) {
                Array array = rs.getArray(1);
                Long[] ids = (Long[]) array.getArray();
                long[] group = new long[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    group[i] = ids[i];
                }
                groups.add(group);
            }
            return groups;
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    private static long[] sortedDistinct(long[] ids) {
        return java.util.Arrays.stream(ids).distinct().sorted().toArray();
    }

    private static Long[] box(long[] ids) {
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        return boxed;
    }
}
