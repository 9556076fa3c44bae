package dev.integrity.matching.bench;

import dev.integrity.matching.quality.LabelledLetters;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench dedup [--letters N]}: N (100,000) cover letters of the labelled set's grammar,
 * 10% exact copies (same URL) and 5% changed copies (reordered, retyped, re-greeted, edited,
 * truncated), each with 3 recommendations and some interactions. Times a full
 * deduplication run through the API, then the seed's per-item loop (one UPDATE and one DELETE
 * round trip per duplicate) over the same duplicates on an identical copy, and counts the
 * interactions each kept, and scores the run's merges and review candidates against the clusters
 * the letters' URLs name.
 */
public final class DedupBenchmark {

    private static final Pattern RUN_ID = Pattern.compile("\"runId\":(\\d+)");
    private static final Pattern MERGE_MS = Pattern.compile("\"mergeMs\":(\\d+)");
    private static final Pattern FIELD = Pattern.compile("\"(merged|groups|recommendationsRepointed|recommendationsCollapsed|interactionsRepointed|candidatesProposed|detectionMs|mergeMs)\":(\\d+)");

    private final String base;
    private final BenchArgs args;
    private final int letters;
    private final int postings;
    private final boolean loadOnly;

    private DedupBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        letters = args.integer("letters", 100_000);
        postings = args.integer("postings", 5_000);
        loadOnly = args.flag("load-only");
    }

    public static void main(String[] args) throws Exception {
        new DedupBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        System.out.printf("dedup: %,d cover letters (10%% exact copies from the same URL, 5%% changed copies: reordered, retyped,"
                + " re-greeted, edited, truncated), 3 recommendations each%n", letters);
        long t0 = System.nanoTime();
        load();
        copyForSeedLoop();
        System.out.printf("loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        if (loadOnly) {
            System.out.println("--load-only: the data is loaded, nothing is deduplicated");
            return;
        }
        long interactionsBefore = count("SELECT count(*) FROM mlops.user_interactions");

        System.out.println("full deduplication run through the API ...");
        long r0 = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/matching/dedup/runs"))
                .header("Content-Type", "application/json").header("Authorization", args.bearer(Roles.MATCHING_OPERATOR))
                .timeout(java.time.Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"cover-letters\",\"dryRun\":false}")).build(),
                HttpResponse.BodyHandlers.ofString());
        double ours = (System.nanoTime() - r0) / 1e9;
        if (response.statusCode() != 201) {
            throw new IllegalStateException("dedup run answered " + response.statusCode() + ": " + response.body());
        }
        Matcher id = RUN_ID.matcher(response.body());
        id.find();
        long runId = Long.parseLong(id.group(1));
        Matcher mergeMs = MERGE_MS.matcher(response.body());
        mergeMs.find();
        double oursMerge = Long.parseLong(mergeMs.group(1)) / 1e3;
        System.out.println("  " + summary(response.body()));

        List<long[]> merges = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT from_id, into_id FROM mlops.dedup_merges WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    merges.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        System.out.printf("the seed's per-item loop over the same %,d duplicates, on the copy ...%n", merges.size());
        long n0 = System.nanoTime();
        try (Connection c = connect();
             PreparedStatement update = c.prepareStatement("""
                     UPDATE bench_seed.job_recommendations r SET resume_id = ? WHERE resume_id = ?
                        AND NOT EXISTS (SELECT 1 FROM bench_seed.job_recommendations k WHERE k.resume_id = ? AND k.job_id = r.job_id)""");
             PreparedStatement delete = c.prepareStatement("DELETE FROM bench_seed.cover_letter_samples WHERE id = ?")) {
            for (long[] m : merges) {
                update.setLong(1, m[1]);
                update.setLong(2, m[0]);
                update.setLong(3, m[1]);
                update.executeUpdate();
                delete.setLong(1, m[0]);
                delete.executeUpdate();
            }
        }
        double seed = (System.nanoTime() - n0) / 1e9;

        long interactionsAfter = count("SELECT count(*) FROM mlops.user_interactions");
        long seedAfter = count("SELECT count(*) FROM bench_seed.user_interactions");
        long orphaned = count("SELECT count(*) FROM mlops.job_recommendations r JOIN mlops.cover_letter_samples c "
                + "ON c.id = r.resume_id WHERE c.merged_into IS NOT NULL");
        System.out.println();
        new BenchTable("path", "duplicates", "seconds", "per second", "interactions kept", "interactions lost")
                .row("set-based dedup run (ours, detection included)", (long) merges.size(), ours, merges.size() / ours,
                        interactionsAfter, interactionsBefore - interactionsAfter)
                .row("  of which the set-based merge", (long) merges.size(), oursMerge, merges.size() / oursMerge,
                        interactionsAfter, interactionsBefore - interactionsAfter)
                .row("seed: UPDATE + DELETE per duplicate (merge only)", (long) merges.size(), seed, merges.size() / seed,
                        seedAfter, interactionsBefore - seedAfter)
                .print();
        System.out.printf("full run of %,d letters %.1f s (goal at 1,000,000: <= 60 s); %.1fx the per-item loop's speed (target >= 20x); "
                + "merge alone against the loop's merge: %.1fx%n", letters, ours, seed / ours, seed / oursMerge);
        score(runId);
        System.out.printf("interactions before %,d, after our run %,d (lost %,d); recommendations left on merged rows: %d%n",
                interactionsBefore, interactionsAfter, interactionsBefore - interactionsAfter, orphaned);
        if (interactionsAfter != interactionsBefore || orphaned != 0) {
            throw new IllegalStateException("the dedup run lost interactions or left references behind");
        }
    }

    private static String summary(String body) {
        StringBuilder out = new StringBuilder();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            out.append(m.group(1)).append('=').append(m.group(2)).append(' ');
        }
        return out.toString().trim();
    }

    /**
     * The catalogue of {@link LabelledLetters#catalogue}: letters from the labelled set's grammar
     * (half Korean, a tenth on their company's template), over one block per 20 letters (company
     * and position), 10% exact copies and 5% changed ones, streamed in by COPY.
     */
    private void load() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO mlops.job_postings (url, title, company, description)
                    SELECT 'https://jobs.example/' || g, 'Role ' || (g %% 50), 'Company ' || (g %% 2000),
                           'We are hiring engineer number ' || g || ' to build services, pipelines and tools for our customers.'
                      FROM generate_series(1, %d) g""".formatted(postings));
            try (Writer out = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY mlops.cover_letter_samples (url, title, company, position, content, crawled_at) FROM STDIN (FORMAT csv)",
                    1 << 20), StandardCharsets.UTF_8), 1 << 20)) {
                int[] n = {0};
                LabelledLetters.catalogue(20261207L, letters, Math.max(1, letters / 20), letter -> {
                    try {
                        out.write(csv(letter.url()) + ',' + csv(letter.title()) + ',' + csv(letter.company()) + ',' + csv(letter.position())
                                + ',' + csv(letter.content()) + ',' + Instant.now().minus(n[0]++ % 365, ChronoUnit.DAYS) + '\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            s.execute("""
                    INSERT INTO mlops.job_recommendations (resume_id, job_id, score)
                    SELECT c.id, 1 + ((c.id * k * 7919) %% %d), round((random())::numeric, 3)
                      FROM mlops.cover_letter_samples c CROSS JOIN generate_series(1, 3) k
                    ON CONFLICT DO NOTHING""".formatted(postings));
            s.execute("""
                    INSERT INTO mlops.user_interactions (user_id, recommendation_id, action)
                    SELECT 1 + (r.id % 10000), r.id, (ARRAY['view', 'click', 'save', 'apply'])[1 + (r.id % 4)::int]
                      FROM mlops.job_recommendations r WHERE r.id % 3 = 0""");
            s.execute("VACUUM (ANALYZE)");
        }
    }

    /** bench_seed: the same letters, recommendations and interactions, with the same keys and cascades. */
    private void copyForSeedLoop() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_seed CASCADE");
            s.execute("CREATE SCHEMA bench_seed");
            s.execute("CREATE TABLE bench_seed.cover_letter_samples AS SELECT * FROM mlops.cover_letter_samples");
            s.execute("ALTER TABLE bench_seed.cover_letter_samples ADD PRIMARY KEY (id)");
            s.execute("CREATE TABLE bench_seed.job_recommendations AS SELECT * FROM mlops.job_recommendations");
            s.execute("ALTER TABLE bench_seed.job_recommendations ADD PRIMARY KEY (id), ADD UNIQUE (resume_id, job_id), "
                    + "ADD FOREIGN KEY (resume_id) REFERENCES bench_seed.cover_letter_samples (id) ON DELETE CASCADE, "
                    + "ADD FOREIGN KEY (job_id) REFERENCES mlops.job_postings (id) ON DELETE CASCADE");
            s.execute("CREATE INDEX ON bench_seed.job_recommendations (job_id)");
            s.execute("CREATE TABLE bench_seed.user_interactions AS SELECT * FROM mlops.user_interactions");
            s.execute("ALTER TABLE bench_seed.user_interactions ADD PRIMARY KEY (id), "
                    + "ADD FOREIGN KEY (recommendation_id) REFERENCES bench_seed.job_recommendations (id) ON DELETE CASCADE");
            s.execute("CREATE INDEX ON bench_seed.user_interactions (recommendation_id)");
            s.execute("VACUUM (ANALYZE)");
        }
    }

    /**
     * The run scored against the catalogue's clusters (each URL names its cluster): merges right,
     * review candidates right, and the copies found by either (every cluster has at most one copy).
     */
    private void score(long runId) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("""
                WITH l AS MATERIALIZED (SELECT id, substring(url FROM '/(c[0-9]+)/') AS cluster, url ~ '/letter$' AS first
                                          FROM mlops.cover_letter_samples),
                     m AS MATERIALIZED (SELECT m.from_id, m.into_id, f.cluster = k.cluster AS ok
                             FROM mlops.dedup_merges m JOIN l f ON f.id = m.from_id JOIN l k ON k.id = m.into_id WHERE m.run_id = ?),
                     p AS MATERIALIZED (SELECT d.left_id, d.right_id, a.cluster = b.cluster AS ok
                             FROM mlops.dedup_candidates d JOIN l a ON a.id = d.left_id JOIN l b ON b.id = d.right_id
                            WHERE d.status = 'pending' AND d.target = 'cover-letters'),
                     merged AS (SELECT from_id AS id FROM m WHERE ok UNION SELECT into_id FROM m WHERE ok),
                     linked AS (SELECT id FROM merged UNION SELECT left_id FROM p WHERE ok UNION SELECT right_id FROM p WHERE ok)
                SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM m WHERE ok),
                       (SELECT count(*) FROM p), (SELECT count(*) FROM p WHERE ok),
                       (SELECT count(*) FROM l WHERE NOT first),
                       (SELECT count(*) FROM l JOIN merged USING (id) WHERE NOT l.first),
                       (SELECT count(*) FROM l JOIN linked USING (id) WHERE NOT l.first)""")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long merges = rs.getLong(1);
                long copies = rs.getLong(5);
                System.out.printf("quality: merges %,d, right %,d (precision %.4f); review candidates %,d, right %,d; copies %,d, "
                                + "found by merges %,d (%.3f), by merges or candidates %,d (recall %.3f)%n", merges, rs.getLong(2),
                        merges == 0 ? 1.0 : (double) rs.getLong(2) / merges, rs.getLong(3), rs.getLong(4), copies, rs.getLong(6),
                        (double) rs.getLong(6) / copies, rs.getLong(7), (double) rs.getLong(7) / copies);
            }
        }
    }

    /** A CSV field: null as nothing, anything else quoted. */
    private static String csv(String value) {
        return value == null ? "" : '"' + value.replace("\"", "\"\"") + '"';
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws Exception {
        return args.connect();
    }
}
