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

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Intake, reads, soft and hard deletes, restore, and recommendations. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class CatalogTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("matching-operator-tests", Roles.MATCHING_OPERATOR);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void intakeTakesOneOrAnArrayAndAnswersTheIdsInOrderDuplicatesIncluded() {
        String u = MatchingApi.unique();
        int one = given().contentType(ContentType.JSON)
                .body("{\"url\":\"https://x.example/" + u + "\",\"content\":\"single " + u + "\"}")
                .post("/api/matching/cover-letters").then().statusCode(201).body("ids", hasSize(1)).extract().path("ids[0]");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            items.add("{\"url\":\"https://x.example/" + u + "\",\"content\":\"item " + i + "\"}");
        }
        List<Long> ids = MatchingApi.addAll("/api/matching/cover-letters", items);
        assertEquals(5, ids.size());
        for (int i = 0; i < 5; i++) {
            given().get("/api/matching/cover-letters/{id}", ids.get(i)).then().statusCode(200).body("content", equalTo("item " + i));
        }
        given().get("/api/matching/cover-letters/{id}", one).then().statusCode(200).body("urlNormalized", equalTo("https://x.example/" + u));
    }

    @Test
    void urlsAreNormalisedByTheDatabase() {
        String u = MatchingApi.unique();
        long id = MatchingApi.posting("HTTPS://Jobs.Example:443/" + u + "/?utm_source=x&b=2&a=1&fbclid=zz#top", "Acme", "Dev", "d");
        given().get("/api/matching/postings/{id}", id).then().statusCode(200)
                .body("urlNormalized", equalTo("https://jobs.example/" + u + "?a=1&b=2"));
    }

    @Test
    void badIntakeIs400NamingEveryIndexAndFieldAndStoresNothing() throws SQLException {
        String u = MatchingApi.unique();
        long before = count("SELECT count(*) FROM mlops.cover_letter_samples");
        given().contentType(ContentType.JSON).body("[{\"url\":\"https://ok.example/" + u + "\",\"content\":\"fine\"},"
                        + "{\"url\":\"ftp://bad.example\",\"content\":\"x\"},"
                        + "{\"url\":\"https://ok.example/2\",\"content\":\"  \"},"
                        + "{\"url\":\"https://ok.example/3\",\"content\":\"" + "x".repeat(100_001) + "\"},"
                        + "{\"url\":\"https://ok.example/4\",\"content\":\"x\",\"salary\":1}]")
                .post("/api/matching/cover-letters").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("[1].url", "[2].content", "[3].content", "[4].salary"))
                .body("detail", org.hamcrest.Matchers.containsString("nothing from this request was stored"));
        assertEquals(before, count("SELECT count(*) FROM mlops.cover_letter_samples"));

        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("{\"url\":\"https://ok.example/" + i + "\",\"content\":\"c\"}");
        }
        given().contentType(ContentType.JSON).body("[" + String.join(",", many) + "]").post("/api/matching/cover-letters")
                .then().statusCode(413).body("maxItems", equalTo(1000));
        given().contentType(ContentType.JSON).body("[]").post("/api/matching/postings").then().statusCode(400);
        given().contentType(ContentType.JSON).body("[1, 2]").post("/api/matching/postings").then().statusCode(400)
                .body("errors[0].field", equalTo("[0]"));
        assertEquals(before, count("SELECT count(*) FROM mlops.cover_letter_samples"));
    }

    @Test
    void softDeleteHidesRestoreBringsBackAndAHardDeleteNeedsTheAdminTokenAndCascades() throws SQLException {
        String u = MatchingApi.unique();
        long letter = MatchingApi.coverLetter("https://l.example/" + u, "Acme", "dev", "content " + u);
        long job = MatchingApi.posting("https://j.example/" + u, "Acme", "Dev", "desc " + u);
        long rec = count("INSERT INTO mlops.job_recommendations (resume_id, job_id, score) VALUES (" + letter + ", " + job
                + ", 1) RETURNING id");
        given().contentType(ContentType.JSON).body("{\"userId\":3,\"action\":\"save\"}")
                .post("/api/matching/recommendations/{id}/interactions", rec).then().statusCode(201);

        given().delete("/api/matching/cover-letters/{id}", letter).then().statusCode(204);
        given().get("/api/matching/cover-letters/{id}", letter).then().statusCode(404);
        given().queryParam("includeDeleted", "true").get("/api/matching/cover-letters/{id}", letter).then().statusCode(200)
                .body("deletedAt", notNullValue()).body("mergedInto", nullValue());
        given().post("/api/matching/cover-letters/{id}/restore", letter).then().statusCode(200).body("deletedAt", nullValue());
        given().get("/api/matching/cover-letters/{id}", letter).then().statusCode(200);

        // A hard delete is the operator's, as every delete is; a crawler may not, and the admin token means nothing under /api.
        given().queryParam("hard", "true").header("Authorization", TestIssuer.bearer(TestIssuer.tokenOfSomeone(Roles.MATCHING_CRAWLER)))
                .delete("/api/matching/postings/{id}", job).then().statusCode(403);
        given().queryParam("hard", "true").header("Authorization", "Bearer test-admin-token").delete("/api/matching/postings/{id}", job)
                .then().statusCode(401);
        given().queryParam("hard", "true").delete("/api/matching/postings/{id}", job).then().statusCode(204);
        assertEquals(0, count("SELECT count(*) FROM mlops.job_recommendations WHERE id = " + rec), "the recommendation cascaded");
        assertEquals(0, count("SELECT count(*) FROM mlops.user_interactions WHERE recommendation_id = " + rec), "and its interactions");
        given().get("/api/matching/postings/{id}", job).then().statusCode(404);
    }

    @Test
    void recommendationsRankLivePostingsByTextAndAreUpserted() {
        String u = MatchingApi.unique();
        String skill = "kubernetes" + u;
        long good = MatchingApi.posting("https://j.example/good/" + u, "Acme", "Platform engineer " + skill,
                "Operate " + skill + " clusters, " + skill + " upgrades and observability");
        long deleted = MatchingApi.posting("https://j.example/gone/" + u, "Acme", "Platform engineer " + skill,
                skill + " " + skill + " " + skill);
        given().delete("/api/matching/postings/{id}", deleted).then().statusCode(204);
        long letter = MatchingApi.coverLetter("https://l.example/" + u, "Acme", "Platform engineer",
                "I run " + skill + " in production and love " + skill + " tooling.");

        given().queryParam("k", 5).post("/api/matching/cover-letters/{id}/recommendations", letter).then().statusCode(200)
                .body("jobId", hasItem((int) good)).body("jobId", not(hasItem((int) deleted)))
                .body("[0].jobId", equalTo((int) good));
        int firstId = given().post("/api/matching/cover-letters/{id}/recommendations", letter).then().statusCode(200)
                .extract().path("find { it.jobId == " + good + " }.id");
        given().get("/api/matching/cover-letters/{id}/recommendations", letter).then().statusCode(200)
                .body("findAll { it.jobId == " + good + " }.size()", equalTo(1))
                .body("find { it.jobId == " + good + " }.id", equalTo(firstId));
        given().post("/api/matching/cover-letters/{id}/recommendations", 999_999_999).then().statusCode(404);
        given().queryParam("k", 0).post("/api/matching/cover-letters/{id}/recommendations", letter).then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"userId\":3,\"action\":\"like\"}")
                .post("/api/matching/recommendations/{id}/interactions", firstId).then().statusCode(400)
                .body("errors[0].field", equalTo("action"));
        given().contentType(ContentType.JSON).body("{\"userId\":3,\"action\":\"view\"}")
                .post("/api/matching/recommendations/{id}/interactions", 999_999_999).then().statusCode(404);
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }
}
