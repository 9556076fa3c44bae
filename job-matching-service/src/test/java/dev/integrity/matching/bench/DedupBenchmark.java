package dev.integrity.matching.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench dedup}: 100,000 cover letters, 10% exact duplicates (same URL) and 5% near
 * duplicates (a sentence edited), each with 3 recommendations and some interactions. Times a full
 * deduplication run through the API, then the seed's per-item loop (one UPDATE and one DELETE
 * round trip per duplicate) over the same duplicates on an identical copy, and counts the
 * interactions each kept.
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
        int exact = letters / 10;
        int near = letters / 20;
        int unique = letters - exact - near;
        System.out.printf("dedup: %,d cover letters (%,d exact duplicates by URL, %,d near duplicates), 3 recommendations each%n",
                letters, exact, near);
        long t0 = System.nanoTime();
        load(unique, exact, near);
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
        System.out.printf("full run %.1f s (target <= 30 s); %.1fx the per-item loop's speed (target >= 20x); "
                + "merge alone against the loop's merge: %.1fx%n", ours, seed / ours, seed / oursMerge);
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

    /** Letters from sentences picked by id, so each is unique, about 1,200 characters, and realistic for trigrams. */
    private void load(int unique, int exact, int near) throws Exception {
        String sentences = """
                ARRAY['I led a migration of our billing platform to event sourcing.',
                      'Our team cut incident response time by forty percent in one year.',
                      'I mentored three junior engineers who now own production services.',
                      'I measure before I optimise, and I write the runbook before the outage.',
                      'I explained trade-offs to product managers in plain language.',
                      'At my previous company I built a routing engine for delivery drivers.',
                      'I care about tests that fail for the right reason.',
                      'I maintained an open source library for parsing Korean addresses.',
                      'Customers noticed when our search results became faster and more relevant.',
                      'I volunteer as a coding tutor at the local library on weekends.',
                      'I have shipped Java, Kotlin and Go services to Kubernetes.',
                      'I designed a schema that survived three years of product changes.',
                      'I reduced our cloud bill by moving batch work to spot instances.',
                      'I wrote the on-call guide that new engineers still read first.',
                      'I learned Korean to work closely with our Seoul office.',
                      'I enjoy pairing with designers on the details of an interface.',
                      'I introduced feature flags so that releases became boring.',
                      'I led the post-mortem culture change after a painful outage.',
                      'Our data pipeline processed two billion events per day without loss.',
                      'I automated the compliance report that used to take a week.',
                      'I am comfortable owning a problem from the first sketch to production.',
                      'I prefer small pull requests and quick reviews.',
                      'I rebuilt our deployment pipeline so that rollbacks take seconds.',
                      'I interviewed more than a hundred candidates and improved the loop.',
                      'I like explaining complex systems with a single diagram.',
                      'I helped move a monolith into well-bounded services without downtime.',
                      'I have strong opinions about logging, held loosely.',
                      'I once debugged a memory leak by reading a heap dump on a train.',
                      'I value teams that write things down.',
                      'I would bring the same care to your team and learn the domain quickly.']""";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO mlops.job_postings (url, title, company, description)
                    SELECT 'https://jobs.example/' || g, 'Role ' || (g %% 50), 'Company ' || (g %% 2000),
                           'We are hiring engineer number ' || g || ' to build services, pipelines and tools for our customers.'
                      FROM generate_series(1, %d) g""".formatted(postings));
            s.execute("""
                    CREATE TEMP TABLE base_letters AS
                    SELECT g AS n, 'https://letters.example/sample/' || g AS url, 'Company ' || (g %% 2000) AS company,
                           'Position ' || (g %% 20) AS position,
                           'Dear hiring team, my name is applicant ' || g || '. '
                             || (SELECT string_agg(p[1 + ((hashint4(g * 64 + k)::bigint & 2147483647) %% array_length(p, 1))], ' ')
                                   FROM generate_series(1, 24) k) AS content
                      FROM generate_series(1, %d) g, (SELECT %s AS p) ph""".formatted(unique, sentences));
            s.execute("""
                    INSERT INTO mlops.cover_letter_samples (url, title, company, position, content, crawled_at)
                    SELECT url, 'Cover letter', company, position, content, now() - (n % 365) * interval '1 day' FROM base_letters""");
            // Exact duplicates: the same letter crawled again from the same URL (with tracking noise).
            s.execute("""
                    INSERT INTO mlops.cover_letter_samples (url, title, company, position, content, crawled_at)
                    SELECT url || '?utm_source=crawler' || g, NULL, company, position, content, now()
                      FROM generate_series(1, %d) g JOIN base_letters b ON b.n = 1 + (g * 7 %% %d)""".formatted(exact, unique));
            // Near duplicates: the same letter from another site, one sentence in the middle edited.
            s.execute("""
                    INSERT INTO mlops.cover_letter_samples (url, title, company, position, content, crawled_at)
                    SELECT 'https://mirror.example/' || g, 'Cover letter', company, position,
                           overlay(content placing ' I also enjoy teaching. ' from length(content) / 2 for 20), now()
                      FROM generate_series(1, %d) g JOIN base_letters b ON b.n = 1 + (g * 13 %% %d)""".formatted(near, unique));
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
