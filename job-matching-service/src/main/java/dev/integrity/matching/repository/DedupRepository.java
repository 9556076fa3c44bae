package dev.integrity.matching.repository;

import dev.integrity.matching.DedupTarget;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of deduplication. Detection finds duplicates inside blocks (same normalised URL, same
 * content fingerprint, or the same company and position/title sharing a sentence of their sentence
 * sketch), never across all pairs. A merge
 * works on a whole batch of groups with one statement per step:
 * <ol>
 *   <li>lock the rows involved in id order, and drop from the batch any pair whose row is no longer live;</li>
 *   <li>gather and lock every recommendation of the duplicates and keepers, and choose, per (keeper, other
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

    /**
     * One side of a review candidate as a reviewer sees it: a heading (title or position), the
     * company, the compared text, whether it is still live, and what points at it (recommendations
     * and their interactions), which a merge into the other side would re-point.
     */
    public record ReviewRow(long id, String heading, String company, String text, Instant crawledAt, boolean live,
                            long recommendations, long interactions) {
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

    /**
     * Live rows sharing one sketch hash beyond which it is a stock sentence, and pairs nobody: more
     * than 64, or more than one row in {@link #STOCK_SHARE} (a catalogue of a million letters repeats
     * a plain sentence a few hundred times without it being anyone's boilerplate).
     */
    static final int MAX_SHARED = 64;

    static final int STOCK_SHARE = 1000;

    /** Rows given their sentence sketch per transaction when a run fills those from before it existed. */
    public static final int FILL_BATCH = 5000;

    /** The statements of one target, built once from its table and column names. */
    private record TargetSql(String urlGroups, String fingerprintGroups, String fillSketches, String similarPairs, String describe,
                             String lockRows,
                             String gatherRecommendations, String auditMerges, String moveInteractions,
                             String deleteCollapsed, String repoint, String softDelete, String obsoleteCandidates) {

        static TargetSql of(String target, String table, String owner, String other, String blockColumns, String blockSource, String content,
                            String completeness) {
            String live = " WHERE deleted_at IS NULL";
            return new TargetSql(
                    "SELECT array_agg(id ORDER BY id) FROM " + table + live + " GROUP BY url_normalized HAVING count(*) > 1",
                    "SELECT array_agg(id ORDER BY id) FROM " + table + live + " GROUP BY fingerprint HAVING count(*) > 1",
                    // Rows from before the sketch existed, a batch at a time (a trigger keeps every newer row's).
                    "UPDATE " + table + " SET sentence_sketch = mlops.sentence_sketch(" + content + ", company, " + blockSource + ") WHERE id = ANY (ARRAY (SELECT id FROM " + table + live
                            + " AND sentence_sketch IS NULL LIMIT " + FILL_BATCH + "))",
                    // Within a block (same company, same position or title), and only pairs that share a
                    // rare hash of their sentence sketches (V4: the twelve smallest hashes of a row's
                    // sentences, its company and position masked): copies share most sentences, in any
                    // order. A hash in more than MAX_SHARED live rows, or in one row of STOCK_SHARE, is a
                    // stock sentence and pairs nobody. Then the trigram similarity itself, once per pair.
                    "WITH stock AS (SELECT h FROM " + table + " t, unnest(t.sentence_sketch) h" + live + " GROUP BY h"
                            + " HAVING count(*) > greatest(" + MAX_SHARED + ", (SELECT count(*) FROM " + table + live + ") / "
                            + STOCK_SHARE + ")),"
                            + " groups AS (SELECT array_agg(t.id) AS ids FROM " + table + " t, unnest(t.sentence_sketch) h" + live
                            + " AND company_key <> '' AND NOT EXISTS (SELECT 1 FROM stock WHERE stock.h = h.h) GROUP BY " + blockColumns
                            + ", h.h HAVING count(*) > 1),"
                            + " pairs AS (SELECT DISTINCT least(g.ids[i], g.ids[j]) AS left_id, greatest(g.ids[i], g.ids[j]) AS right_id"
                            + " FROM groups g, generate_series(1, cardinality(g.ids)) i, generate_series(1, cardinality(g.ids)) j WHERE i < j),"
                            + " scored AS MATERIALIZED (SELECT p.left_id, p.right_id, public.similarity(a." + content + ", b." + content
                            + ") AS sim FROM pairs p JOIN " + table + " a ON a.id = p.left_id JOIN " + table + " b ON b.id = p.right_id"
                            + " WHERE b.fingerprint <> a.fingerprint)"
                            + " SELECT left_id, right_id, sim FROM scored WHERE sim >= ?",
                    "SELECT id, " + completeness + ", crawled_at FROM " + table + " WHERE id = ANY (?)",
                    "SELECT id, deleted_at IS NULL FROM " + table + " WHERE id = ANY (?) ORDER BY id FOR UPDATE",
                    // Every recommendation of the rows involved, locked as it is read, with the one that
                    // survives per (keeper, other side): the keeper's own if it has one, else the
                    // best-scored; it keeps the best score of them all.
                    "INSERT INTO pg_temp.dedup_recs (id, owner, other, score, from_dup, survivor, collapses, best)"
                            + " SELECT id, owner, other, score, from_dup, first_value(id) OVER w, id <> first_value(id) OVER w,"
                            + " max(score) OVER w FROM ("
                            + " SELECT r.id, coalesce(m.keeper_id, r." + owner + ") AS owner, r." + other + " AS other, r.score,"
                            + " m.dup_id AS from_dup"
                            + " FROM mlops.job_recommendations r LEFT JOIN pg_temp.dedup_map m ON m.dup_id = r." + owner
                            + " WHERE r." + owner + " IN (SELECT dup_id FROM pg_temp.dedup_map UNION SELECT keeper_id FROM pg_temp.dedup_map)"
                            + " FOR UPDATE OF r) g"
                            + " WINDOW w AS (PARTITION BY owner, other ORDER BY (from_dup IS NULL) DESC, score DESC, id"
                            + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
                    "INSERT INTO mlops.dedup_merges (run_id, target, from_id, into_id, reason, recommendations_moved,"
                            + " recommendations_collapsed, interactions_moved)"
                            + " SELECT ?, '" + target + "', m.dup_id, m.keeper_id, m.reason,"
                            + " count(d.id) FILTER (WHERE NOT d.collapses), count(d.id) FILTER (WHERE d.collapses),"
                            + " coalesce(sum(d.interactions) FILTER (WHERE d.collapses), 0)"
                            + " FROM pg_temp.dedup_map m LEFT JOIN pg_temp.dedup_recs d ON d.from_dup = m.dup_id"
                            + " GROUP BY m.dup_id, m.keeper_id, m.reason",
                    "UPDATE mlops.user_interactions i SET recommendation_id = d.survivor FROM pg_temp.dedup_recs d"
                            + " WHERE i.recommendation_id = d.id AND d.collapses",
                    "DELETE FROM mlops.job_recommendations r USING pg_temp.dedup_recs d WHERE r.id = d.id AND d.collapses",
                    "UPDATE mlops.job_recommendations r SET " + owner + " = d.owner, score = d.best, updated_at = now()"
                            + " FROM pg_temp.dedup_recs d WHERE r.id = d.id AND NOT d.collapses"
                            + " AND (r." + owner + " <> d.owner OR r.score <> d.best)",
                    "UPDATE " + table + " t SET deleted_at = now(), merged_into = m.keeper_id, updated_at = now()"
                            + " FROM pg_temp.dedup_map m WHERE t.id = m.dup_id AND t.deleted_at IS NULL",
                    "UPDATE mlops.dedup_candidates SET status = 'obsolete', decided_at = now()"
                            + " WHERE target = '" + target + "' AND status = 'pending'"
                            + " AND (left_id IN (SELECT dup_id FROM pg_temp.dedup_map) OR right_id IN (SELECT dup_id FROM pg_temp.dedup_map))");
        }

    }

    private static final Map<DedupTarget, TargetSql> SQL = new EnumMap<>(Map.of(
            DedupTarget.COVER_LETTERS, TargetSql.of("cover-letters", "mlops.cover_letter_samples", "resume_id", "job_id",
                    "company_key,position_key", "position", "content",
                    "(coalesce(title, '') <> '')::int + (coalesce(company, '') <> '')::int + (coalesce(position, '') <> '')::int"),
            DedupTarget.POSTINGS, TargetSql.of("postings", "mlops.job_postings", "job_id", "resume_id",
                    "company_key,title_key", "title", "description",
                    "(coalesce(company, '') <> '')::int + (coalesce(location, '') <> '')::int + (posted_at IS NOT NULL)::int")));

    /** A review row per target: the same text the similarity compares, and the references a merge moves. */
    private static final Map<DedupTarget, String> REVIEW_ROWS = new EnumMap<>(Map.of(
            DedupTarget.COVER_LETTERS, reviewRows("mlops.cover_letter_samples", "coalesce(t.position, t.title)", "t.content", "resume_id"),
            DedupTarget.POSTINGS, reviewRows("mlops.job_postings", "t.title", "t.description", "job_id")));

    private static String reviewRows(String table, String heading, String text, String owner) {
        return "SELECT t.id, " + heading + ", t.company, coalesce(" + text + ", ''), t.crawled_at, t.deleted_at IS NULL,"
                + " (SELECT count(*) FROM mlops.job_recommendations r WHERE r." + owner + " = t.id),"
                + " (SELECT count(*) FROM mlops.job_recommendations r JOIN mlops.user_interactions i ON i.recommendation_id = r.id"
                + " WHERE r." + owner + " = t.id)"
                + " FROM " + table + " t WHERE t.id = ANY (?)";
    }

    private static final String CREATE_MAP = "CREATE TEMP TABLE IF NOT EXISTS dedup_map "
            + "(dup_id bigint PRIMARY KEY, keeper_id bigint NOT NULL, reason text NOT NULL) ON COMMIT DELETE ROWS";
    private static final String CREATE_RECS = "CREATE TEMP TABLE IF NOT EXISTS dedup_recs (id bigint PRIMARY KEY, owner bigint NOT NULL, "
            + "other bigint NOT NULL, score float8 NOT NULL, from_dup bigint, interactions bigint NOT NULL DEFAULT 0, survivor bigint NOT NULL, "
            + "collapses boolean NOT NULL, best float8 NOT NULL) "
            + "ON COMMIT DELETE ROWS";
    private static final String LOAD_MAP = "INSERT INTO pg_temp.dedup_map (dup_id, keeper_id, reason) "
            + "SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::text[])";
    /** Only the recommendations that collapse need their interactions counted (they are locked: none can be added). */
    private static final String COUNT_INTERACTIONS = "UPDATE pg_temp.dedup_recs d SET interactions = "
            + "(SELECT count(*) FROM mlops.user_interactions i WHERE i.recommendation_id = d.id) WHERE d.collapses";
    private static final String TOTALS = """
            SELECT (SELECT count(DISTINCT keeper_id) FROM pg_temp.dedup_map),
                   count(*) FILTER (WHERE NOT collapses AND from_dup IS NOT NULL),
                   count(*) FILTER (WHERE collapses),
                   coalesce(sum(interactions) FILTER (WHERE collapses), 0)
              FROM pg_temp.dedup_recs""";

    private static final String PROPOSE = """
            INSERT INTO mlops.dedup_candidates (target, left_id, right_id, similarity)
            SELECT ?, l, r, s FROM unnest(?::bigint[], ?::bigint[], ?::float8[]) AS x (l, r, s)
            ON CONFLICT ON CONSTRAINT dedup_candidates_pair_key DO NOTHING""";

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

    /**
     * Gives up to {@link #FILL_BATCH} live rows from before the sentence sketch their sketch, in a
     * statement of its own (outside a transaction, a short one). Returns how many it filled.
     */
    public int fillSketches(DedupTarget target) {
        return NativeSql.update(dataSource, SQL.get(target).fillSketches(), NativeSql.Binder.NONE);
    }

    /** Pairs of live rows of one block at or above {@code minSimilarity}. */
    public List<Pair> similarPairs(DedupTarget target, double minSimilarity) {
        return NativeSql.list(dataSource, SQL.get(target).similarPairs(), ps -> ps.setDouble(1, minSimilarity),
                rs -> new Pair(rs.getLong(1), rs.getLong(2), rs.getDouble(3)));
    }

    /** Completeness and crawl time of the given rows, for choosing keepers. */
    public Map<Long, Row> describe(DedupTarget target, long[] ids) {
        Map<Long, Row> rows = new HashMap<>();
        for (Row row : NativeSql.list(dataSource, SQL.get(target).describe(),
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", box(ids))),
                rs -> new Row(rs.getLong(1), rs.getInt(2), JdbcValues.instant(rs, 3)))) {
            rows.put(row.id(), row);
        }
        return rows;
    }

    /** The review rows of the given ids, by id (a missing id is a row hard-deleted since it was proposed). */
    public Map<Long, ReviewRow> reviewRows(DedupTarget target, long[] ids) {
        Map<Long, ReviewRow> rows = new HashMap<>();
        for (ReviewRow row : NativeSql.list(dataSource, REVIEW_ROWS.get(target),
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", box(ids))),
                rs -> new ReviewRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), JdbcValues.instant(rs, 5),
                        rs.getBoolean(6), rs.getLong(7), rs.getLong(8)))) {
            rows.put(row.id(), row);
        }
        return rows;
    }

    /**
     * Merges one batch in the caller's transaction: each {@code dupIds[i]} into {@code keeperIds[i]}
     * for {@code reasons[i]}. Returns what it did; the caller rolls back for a dry run.
     */
    public MergeCounts merge(DedupTarget target, long runId, long[] dupIds, long[] keeperIds, String[] reasons) {
        TargetSql sql = SQL.get(target);
        return NativeSql.withConnection(dataSource, c -> merge(c, sql, runId, dupIds, keeperIds, reasons));
    }

    private static MergeCounts merge(Connection c, TargetSql sql, long runId, long[] dupIds, long[] keeperIds, String[] reasons)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_MAP);
            s.execute(CREATE_RECS);
            long[] involved = new long[dupIds.length + keeperIds.length];
            System.arraycopy(dupIds, 0, involved, 0, dupIds.length);
            System.arraycopy(keeperIds, 0, involved, dupIds.length, keeperIds.length);
            // Locked in id order, so two merges never deadlock; a row deleted (or merged) since
            // detection drops its pair from the batch, and a later run sees it afresh.
            java.util.Set<Long> live = new java.util.HashSet<>();
            try (PreparedStatement lock = c.prepareStatement(sql.lockRows())) {
                lock.setArray(1, c.createArrayOf("bigint", box(sortedDistinct(involved))));
                try (ResultSet rs = lock.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(2)) {
                            live.add(rs.getLong(1));
                        }
                    }
                }
            }
            List<Long> dups = new ArrayList<>();
            List<Long> keepers = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < dupIds.length; i++) {
                if (live.contains(dupIds[i]) && live.contains(keeperIds[i])) {
                    dups.add(dupIds[i]);
                    keepers.add(keeperIds[i]);
                    why.add(reasons[i]);
                }
            }
            try (PreparedStatement load = c.prepareStatement(LOAD_MAP)) {
                load.setArray(1, c.createArrayOf("bigint", dups.toArray()));
                load.setArray(2, c.createArrayOf("bigint", keepers.toArray()));
                load.setArray(3, c.createArrayOf("text", why.toArray()));
                load.executeUpdate();
            }
            // Temporary tables have no statistics until analysed; without them every join is planned blind.
            s.execute("ANALYZE pg_temp.dedup_map");
            s.executeUpdate(sql.gatherRecommendations());
            s.execute("ANALYZE pg_temp.dedup_recs");
            s.executeUpdate(COUNT_INTERACTIONS);
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
        return NativeSql.update(dataSource, PROPOSE, ps -> {
            Connection c = ps.getConnection();
            ps.setString(1, target.code());
            ps.setArray(2, c.createArrayOf("bigint", box(left)));
            ps.setArray(3, c.createArrayOf("bigint", box(right)));
            ps.setArray(4, c.createArrayOf("float8", similarity));
        });
    }

    private List<long[]> groups(String sql) {
        return NativeSql.list(dataSource, sql, NativeSql.Binder.NONE, rs -> {
            Long[] ids = (Long[]) rs.getArray(1).getArray();
            long[] group = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                group[i] = ids[i];
            }
            return group;
        });
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
