package dev.integrity.matching;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Deduplication that re-points every reference before it removes anything. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DedupTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("matching-operator-tests", Roles.MATCHING_OPERATOR);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSeedsForeignKeyErrorCannotHappenADuplicateWithRecommendationsIsMergedNotDeleted() throws SQLException {
        String u = MatchingApi.unique();
        long keeper = MatchingApi.coverLetter("https://letters.example/" + u, "Acme " + u, "engineer", MatchingApi.letter(u));
        long duplicate = MatchingApi.coverLetter("https://LETTERS.example/" + u + "/?utm_source=crawler", "Acme " + u, "", "different text " + u);
        long job = MatchingApi.posting("https://jobs.example/" + u, "Acme " + u, "Backend engineer", "Payments platform " + u);
        long recommendation = insertRecommendation(duplicate, job, 0.4);

        MatchingApi.dedup("cover-letters");

        given().get("/api/matching/cover-letters/{id}", duplicate).then().statusCode(404);
        given().queryParam("includeDeleted", "true").get("/api/matching/cover-letters/{id}", duplicate).then().statusCode(200)
                .body("mergedInto", equalTo((int) keeper)).body("deletedAt", notNullValue());
        // A merged letter is gone, and so are its recommendations: a 404 like the letter, not an empty list.
        given().get("/api/matching/cover-letters/{id}/recommendations", duplicate).then().statusCode(404);
        assertEquals(keeper, count("SELECT resume_id FROM mlops.job_recommendations WHERE id = " + recommendation),
                "the recommendation now points at the keeper (the more complete row)");
        given().header("Authorization", "Bearer " + "test-admin-token").get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void whenBothRowsWereRecommendedForTheSameJobOneRecommendationSurvivesWithTheBetterScoreAndEveryInteraction()
            throws SQLException {
        String u = MatchingApi.unique();
        String url = "https://letters.example/collide/" + u;
        long keeper = MatchingApi.coverLetter(url, "Globex " + u, "analyst", MatchingApi.letter(u));
        long duplicate = MatchingApi.coverLetter(url + "#section", "", "", MatchingApi.letter(u));
        long job = MatchingApi.posting("https://jobs.example/" + u, "Globex " + u, "Analyst", "Data " + u);
        long keepersRec = insertRecommendation(keeper, job, 0.30);
        long duplicatesRec = insertRecommendation(duplicate, job, 0.85);
        interact(keepersRec, "view");
        interact(duplicatesRec, "click");
        interact(duplicatesRec, "apply");

        given().contentType(ContentType.JSON).body("{\"target\":\"cover-letters\",\"dryRun\":false}")
                .post("/api/matching/dedup/runs").then().statusCode(201)
                .body("recommendationsCollapsed", greaterThanOrEqualTo(1))
                .body("interactionsRepointed", greaterThanOrEqualTo(2));

        assertEquals(1, count("SELECT count(*) FROM mlops.job_recommendations WHERE job_id = " + job));
        assertEquals(keepersRec, count("SELECT id FROM mlops.job_recommendations WHERE job_id = " + job),
                "the keeper's own recommendation survives");
        given().get("/api/matching/cover-letters/{id}/recommendations", keeper).then().statusCode(200)
                .body("find { it.jobId == " + job + " }.score", equalTo(0.85f));
        assertEquals(3, count("SELECT count(*) FROM mlops.user_interactions WHERE recommendation_id = " + keepersRec),
                "no interaction was lost");
        given().get("/api/matching/recommendations/{id}/interactions", keepersRec).then().statusCode(200)
                .body("action", containsInAnyOrder("view", "click", "apply")).body("recommendationId", everyItem(equalTo((int) keepersRec)));
        given().get("/api/matching/recommendations/{id}/interactions", duplicatesRec).then().statusCode(404);
    }

    @Test
    void aDryRunChangesNothingAndASecondRunMergesNothing() throws SQLException {
        String u = MatchingApi.unique();
        MatchingApi.coverLetter("https://letters.example/dry/" + u, "Initech " + u, "tester", MatchingApi.letter(u));
        MatchingApi.coverLetter("https://letters.example/dry/" + u + "?fbclid=abc", "Initech " + u, "tester", MatchingApi.letter(u + "x"));
        String before = snapshot();

        given().contentType(ContentType.JSON).body("{\"target\":\"all\",\"dryRun\":true}")
                .post("/api/matching/dedup/runs").then().statusCode(201)
                .body("dryRun", equalTo(true)).body("merged", greaterThanOrEqualTo(1));
        assertEquals(before, snapshot(), "a dry run changes no row");
        given().contentType(ContentType.JSON).body("{\"target\":\"all\"}")
                .post("/api/matching/dedup/runs").then().statusCode(201)
                .body("dryRun", equalTo(true)).body("merged", greaterThanOrEqualTo(1));
        assertEquals(before, snapshot(), "a run that does not say dryRun=false is a dry run");

        long first = MatchingApi.dedup("all");
        long second = MatchingApi.dedup("all");
        assertEquals(true, first >= 1);
        assertEquals(0, second, "runs are idempotent");
    }

    @Test
    void nearDuplicatesAreMergedAboveTheAutoThresholdProposedBetweenThresholdsAndLeftAloneBelow() {
        String u = MatchingApi.unique();
        String company = "Hooli " + u;
        String base = MatchingApi.letter(u);
        long original = MatchingApi.coverLetter("https://a.example/" + u, company, "designer", base);
        long slightEdit = MatchingApi.coverLetter("https://b.example/" + u, company, "designer", base.replace("five", "six"));
        long rewrite = MatchingApi.coverLetter("https://c.example/" + u, company, "designer",
                MatchingApi.rewrite(base));
        long unrelated = MatchingApi.coverLetter("https://d.example/" + u, company, "designer",
                "Completely different letter about gardening, pottery and the history of ceramics in Korea " + u);

        MatchingApi.dedup("cover-letters");

        given().get("/api/matching/cover-letters/{id}", slightEdit == Math.max(original, slightEdit) ? original : slightEdit);
        int live = 0;
        for (long id : List.of(original, slightEdit)) {
            live += given().get("/api/matching/cover-letters/{id}", id).statusCode() == 200 ? 1 : 0;
        }
        assertEquals(1, live, "the slight edit (similarity >= the auto threshold) was merged");
        given().get("/api/matching/cover-letters/{id}", unrelated).then().statusCode(200);
        given().queryParam("target", "cover-letters").queryParam("size", 500).get("/api/matching/dedup/candidates").then()
                .statusCode(200)
                .body("items.findAll { it.leftId == " + rewrite + " || it.rightId == " + rewrite + " }.size()", equalTo(1))
                .body("items.findAll { it.leftId == " + unrelated + " || it.rightId == " + unrelated + " }.size()", equalTo(0));
    }

    @Test
    void aDismissedCandidateStaysDismissed() {
        String u = MatchingApi.unique();
        String company = "Umbrella " + u;
        String base = MatchingApi.letter(u);
        MatchingApi.coverLetter("https://a.example/" + u, company, "chemist", base);
        long rewrite = MatchingApi.coverLetter("https://b.example/" + u, company, "chemist",
                MatchingApi.rewrite(base));
        MatchingApi.dedup("cover-letters");
        int candidate = given().queryParam("target", "cover-letters").queryParam("size", 500).get("/api/matching/dedup/candidates")
                .then().statusCode(200).extract().path("items.find { it.rightId == " + rewrite + " || it.leftId == " + rewrite + " }.id");

        given().post("/api/matching/dedup/candidates/{id}/dismiss", candidate).then().statusCode(200).body("status", equalTo("dismissed"))
                .body("decidedBy", equalTo("matching-operator-tests"));
        given().post("/api/matching/dedup/candidates/{id}/dismiss", candidate).then().statusCode(200);
        MatchingApi.dedup("cover-letters");
        given().queryParam("target", "cover-letters").queryParam("size", 500).get("/api/matching/dedup/candidates").then()
                .statusCode(200).body("items.id", not(hasItem(candidate)));
        given().queryParam("status", "dismissed").queryParam("size", 500).get("/api/matching/dedup/candidates").then()
                .statusCode(200).body("items.id", hasItem(candidate));
        given().post("/api/matching/dedup/candidates/{id}/merge", candidate).then().statusCode(409)
                .contentType("application/problem+json").body("candidateStatus", equalTo("dismissed"));
    }

    @Test
    void aReviewedCandidateMergesTheSameWay() {
        String u = MatchingApi.unique();
        String company = "Soylent " + u;
        String base = MatchingApi.letter(u);
        long original = MatchingApi.coverLetter("https://a.example/" + u, company, "cook", base);
        long rewrite = MatchingApi.coverLetter("https://b.example/" + u, company, "cook",
                MatchingApi.rewrite(base));
        MatchingApi.dedup("cover-letters");
        int candidate = given().queryParam("target", "cover-letters").queryParam("size", 500).get("/api/matching/dedup/candidates")
                .then().extract().path("items.find { it.rightId == " + rewrite + " || it.leftId == " + rewrite + " }.id");
        // A reviewer's decision is theirs: the merge's run and the candidate both name the subject who made it.
        String reviewer = TestIssuer.bearer(TestIssuer.token("reviewer-" + u, Roles.MATCHING_OPERATOR));
        given().header("Authorization", reviewer).post("/api/matching/dedup/candidates/{id}/merge", candidate).then().statusCode(200)
                .body("merged", equalTo(1)).body("trigger", equalTo("review")).body("requestedBy", equalTo("reviewer-" + u));
        given().queryParam("status", "merged").queryParam("size", 500).get("/api/matching/dedup/candidates").then().statusCode(200)
                .body("items.find { it.id == " + candidate + " }.decidedBy", equalTo("reviewer-" + u));
        int live = given().get("/api/matching/cover-letters/{id}", original).statusCode() == 200 ? 1 : 0;
        live += given().get("/api/matching/cover-letters/{id}", rewrite).statusCode() == 200 ? 1 : 0;
        assertEquals(1, live);
        given().get("/api/matching/dedup/stats").then().statusCode(200)
                .body("softDeleted.coverLetters", greaterThanOrEqualTo(1)).body("days.size()", greaterThanOrEqualTo(1));
    }

    @Test
    void postingsAreDeduplicatedTheSameWayByJobId() throws SQLException {
        String u = MatchingApi.unique();
        long keeper = MatchingApi.posting("https://jobs.example/p/" + u, "Wayne " + u, "Security lead", "Protect the city " + u);
        long duplicate = MatchingApi.posting("https://jobs.example/p/" + u + "/", "Wayne " + u, "Security lead", "Protect the city " + u);
        long letter = MatchingApi.coverLetter("https://letters.example/p/" + u, "x", "y", MatchingApi.letter(u));
        long rec = insertRecommendation(letter, duplicate, 0.5);
        given().contentType(ContentType.JSON).body("{\"target\":\"postings\",\"dryRun\":false}").post("/api/matching/dedup/runs").then()
                .statusCode(201).body("merged", greaterThanOrEqualTo(1));
        long survivor = Math.min(keeper, duplicate) == keeper ? keeper : duplicate;
        long moved = count("SELECT job_id FROM mlops.job_recommendations WHERE id = " + rec);
        given().get("/api/matching/postings/{id}", moved).then().statusCode(200);
        assertEquals(true, moved == keeper || moved == duplicate);
        assertEquals(true, survivor > 0);
    }

    private long insertRecommendation(long resume, long job, double score) throws SQLException {
        return count("INSERT INTO mlops.job_recommendations (resume_id, job_id, score) VALUES (" + resume + ", " + job + ", " + score
                + ") RETURNING id");
    }

    private void interact(long recommendation, String action) {
        given().contentType(ContentType.JSON).body("{\"userId\":7,\"action\":\"" + action + "\"}")
                .post("/api/matching/recommendations/{id}/interactions", recommendation).then().statusCode(201);
    }

    private String snapshot() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT md5(string_agg(id || ':' || coalesce(deleted_at::text, '') || coalesce(merged_into::text, ''), ',' ORDER BY id))
                          FROM mlops.cover_letter_samples)
                    || (SELECT coalesce(md5(string_agg(id || ':' || resume_id || ':' || job_id || ':' || score, ',' ORDER BY id)), '')
                          FROM mlops.job_recommendations)
                    || (SELECT coalesce(md5(string_agg(id || ':' || recommendation_id, ',' ORDER BY id)), '') FROM mlops.user_interactions)
                    || (SELECT count(*) FROM mlops.dedup_merges)""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }
}
