package dev.integrity.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrity.matching.quality.LabelledLetters;
import dev.integrity.matching.quality.LabelledLetters.Letter;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How good deduplication is, not only how fast: the labelled letters of test resources
 * ({@link LabelledLetters}: copies reordered, retyped, re-greeted, truncated, and different letters
 * sharing half their text) go in through the crawler's intake, one real run deduplicates them, and
 * its merges and review candidates are scored against the labels at the configured thresholds.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DedupQualityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "matching.dedup.auto-threshold")
    double autoThreshold;

    @ConfigProperty(name = "matching.dedup.review-threshold")
    double reviewThreshold;

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("dedup-quality-tests", Roles.MATCHING_OPERATOR);
    }

    @Test
    void mergesAreRightAtLeast99TimesIn100AndMergesWithReviewCandidatesFind95PercentOfTheCopies() throws Exception {
        List<Letter> letters = LabelledLetters.load();
        String run = MatchingApi.unique();   // the set's companies, made this run's own: other tests' letters stay apart
        Map<Long, Letter> byId = new HashMap<>();
        for (int from = 0; from < letters.size(); from += 250) {
            List<Letter> chunk = letters.subList(from, Math.min(letters.size(), from + 250));
            List<String> items = new ArrayList<>();
            for (Letter l : chunk) {
                ObjectNode item = JSON.createObjectNode().put("url", l.url() + "?run=" + run)
                        .put("company", l.company() + " " + run).put("position", l.position()).put("content", l.content());
                if (l.title() != null) {
                    item.put("title", l.title());
                }
                items.add(JSON.writeValueAsString(item));
            }
            List<Long> ids = MatchingApi.addAll("/api/matching/cover-letters", items);
            for (int i = 0; i < ids.size(); i++) {
                byId.put(ids.get(i), chunk.get(i));
            }
        }

        long runId = ((Number) given().contentType(ContentType.JSON).body("{\"target\":\"cover-letters\",\"dryRun\":false}")
                .post("/api/matching/dedup/runs").then().statusCode(201).extract().path("runId")).longValue();
        List<long[]> merges = pairs("SELECT from_id, into_id FROM mlops.dedup_merges WHERE run_id = ? AND from_id = ANY (?)", runId, byId);
        List<long[]> candidates = pairs("SELECT left_id, right_id FROM mlops.dedup_candidates WHERE status = 'pending' AND left_id = ANY (?)",
                null, byId);

        Score score = Score.of(byId, merges, candidates);
        System.out.printf("dedup quality on %d labelled letters (%d copies) at auto-threshold %.2f, review-threshold %.2f:%n"
                        + "  merges %d, of them right %d: precision %.3f%n  review candidates %d, of them right %d: precision %.3f%n"
                        + "  copies found by merges %d, by merges or candidates %d of %d: recall %.3f and %.3f%n",
                letters.size(), score.copies, autoThreshold, reviewThreshold, merges.size(), score.rightMerges, score.mergePrecision(),
                candidates.size(), score.rightCandidates, score.candidatePrecision(), score.foundByMerges, score.found, score.copies,
                score.mergeRecall(), score.recall());
        score.byKind.forEach((kind, found) -> System.out.printf("    %-13s found %3d of %3d (merged %3d)%n", kind, found[1], found[0], found[2]));
        score.wrong.forEach((pair) -> System.out.println("    wrong merge: " + pair));

        printThresholds(byId);

        assertTrue(score.mergePrecision() >= 0.99, "merge precision " + score.mergePrecision() + " < 0.99: " + score.wrong);
        assertTrue(score.recall() >= 0.95, "recall of merges and candidates " + score.recall() + " < 0.95: " + score.byKindText());
    }

    /**
     * What the thresholds are tuned by: every pair of the set's letters in one block, scored by the
     * similarity a run compares, and how many copies and how many different letters each
     * threshold would let through (whatever the sketch pairs).
     */
    private void printThresholds(Map<Long, Letter> byId) throws Exception {
        List<double[]> scored = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT a.id, b.id, public.similarity(a.content, b.content) FROM mlops.cover_letter_samples a
                  JOIN mlops.cover_letter_samples b ON b.company_key = a.company_key AND b.position_key = a.position_key AND b.id > a.id
                 WHERE a.id = ANY (?) AND b.id = ANY (?) AND a.fingerprint <> b.fingerprint""")) {
            Array ids = c.createArrayOf("bigint", byId.keySet().toArray());
            ps.setArray(1, ids);
            ps.setArray(2, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean same = byId.get(rs.getLong(1)).cluster().equals(byId.get(rs.getLong(2)).cluster());
                    scored.add(new double[]{rs.getDouble(3), same ? 1 : 0});
                }
            }
        }
        double highestApart = scored.stream().filter(p -> p[1] == 0).mapToDouble(p -> p[0]).max().orElse(0);
        double lowestCopy = scored.stream().filter(p -> p[1] == 1).mapToDouble(p -> p[0]).min().orElse(1);
        System.out.printf("  %d pairs in blocks: copies' similarity from %.3f, different letters' up to %.3f%n", scored.size(),
                lowestCopy, highestApart);
        for (double t = 0.50; t < 0.96; t += 0.05) {
            double threshold = t;
            long copies = scored.stream().filter(p -> p[1] == 1 && p[0] >= threshold).count();
            long apart = scored.stream().filter(p -> p[1] == 0 && p[0] >= threshold).count();
            System.out.printf("    at %.2f: %4d copy pairs, %4d pairs of different letters%n", threshold, copies, apart);
        }
    }

    private List<long[]> pairs(String sql, Long runId, Map<Long, Letter> byId) throws Exception {
        List<long[]> pairs = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("bigint", byId.keySet().toArray());
            int at = 1;
            if (runId != null) {
                ps.setLong(at++, runId);
            }
            ps.setArray(at, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pairs.add(new long[]{rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        return pairs;
    }

    /**
     * The score of one run. A copy (every letter of a cluster but its first) is found when right
     * links (merges or candidates between letters of its cluster) connect it to its cluster's
     * first letter; a merge is right when both letters belong to one cluster.
     */
    private static final class Score {
        int copies;
        int found;
        int foundByMerges;
        int rightMerges;
        int rightCandidates;
        int merges;
        int candidates;
        final Map<String, int[]> byKind = new TreeMap<>();
        final List<String> wrong = new ArrayList<>();

        static Score of(Map<Long, Letter> byId, List<long[]> merges, List<long[]> candidates) {
            Score s = new Score();
            s.merges = merges.size();
            s.candidates = candidates.size();
            Components all = new Components();
            Components merged = new Components();
            for (long[] m : merges) {
                if (sameCluster(byId, m)) {
                    s.rightMerges++;
                    all.union(m[0], m[1]);
                    merged.union(m[0], m[1]);
                } else {
                    s.wrong.add(byId.get(m[0]).key() + " (" + byId.get(m[0]).kind() + ") into " + byId.get(m[1]).key()
                            + " (" + byId.get(m[1]).kind() + ")");
                }
            }
            for (long[] c : candidates) {
                if (sameCluster(byId, c)) {
                    s.rightCandidates++;
                    all.union(c[0], c[1]);
                }
            }
            Map<String, Long> first = new HashMap<>();
            byId.entrySet().stream().sorted(Map.Entry.comparingByValue((a, b) -> a.key().compareTo(b.key())))
                    .forEach(e -> first.putIfAbsent(e.getValue().cluster(), e.getKey()));
            byId.forEach((id, letter) -> {
                long original = first.get(letter.cluster());
                if (original == id) {
                    return;
                }
                int[] kind = s.byKind.computeIfAbsent(letter.kind(), k -> new int[3]);
                s.copies++;
                kind[0]++;
                if (all.find(id) == all.find(original)) {
                    s.found++;
                    kind[1]++;
                }
                if (merged.find(id) == merged.find(original)) {
                    s.foundByMerges++;
                    kind[2]++;
                }
            });
            return s;
        }

        private static boolean sameCluster(Map<Long, Letter> byId, long[] pair) {
            return byId.get(pair[0]).cluster().equals(byId.get(pair[1]).cluster());
        }

        double mergePrecision() {
            return merges == 0 ? 1 : (double) rightMerges / merges;
        }

        double candidatePrecision() {
            return candidates == 0 ? 1 : (double) rightCandidates / candidates;
        }

        double recall() {
            return (double) found / copies;
        }

        double mergeRecall() {
            return (double) foundByMerges / copies;
        }

        String byKindText() {
            StringBuilder out = new StringBuilder();
            byKind.forEach((kind, n) -> out.append(kind).append(' ').append(n[1]).append('/').append(n[0]).append(' '));
            return out.toString().trim();
        }
    }

    /** Union-find over letter ids. */
    private static final class Components {
        private final Map<Long, Long> parent = new HashMap<>();

        long find(long id) {
            long root = id;
            while (parent.getOrDefault(root, root) != root) {
                root = parent.get(root);
            }
            return root;
        }

        void union(long a, long b) {
            long ra = find(a);
            long rb = find(b);
            if (ra != rb) {
                parent.put(ra, rb);
            }
        }
    }
}
