package dev.integrity.matching;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.MainFlowContract;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * job-matching-service's main flow, end to end from outside: a crawler stores a letter, and later
 * the same letter again with a tracking parameter on its URL, and two postings; an operator has the
 * first letter recommended postings; a dry run merges nothing; a real run merges the first letter
 * into the newer one (the keeper rule: as complete, crawled later), re-pointing its recommendations,
 * and leaves it soft-deleted with {@code mergedInto}. Run by the {@code *IT}s against the packaged
 * jar, once per configuration.
 */
abstract class MatchingMainFlow extends MainFlowContract {

    @Test
    void aDuplicateLetterIsMergedIntoItsKeeperWithNothingLost() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        TestIssuer.authorize("it-crawler", Roles.MATCHING_CRAWLER);
        String u = MatchingApi.unique();
        long older = MatchingApi.coverLetter("https://letters.example/it/" + u, "Initech " + u, "backend engineer", MatchingApi.letter(u));
        long keeper = MatchingApi.coverLetter("https://letters.example/it/" + u + "?utm_source=feed", "Initech " + u,
                "backend engineer", MatchingApi.letter(u));
        MatchingApi.posting("https://jobs.example/it/" + u + "/1", "Initech " + u, "backend engineer", "Build the routing service " + u);
        MatchingApi.posting("https://jobs.example/it/" + u + "/2", "Initech " + u, "data engineer", "Own the payment platform " + u);

        TestIssuer.authorize("it-operator", Roles.MATCHING_OPERATOR);
        int recommended = given().post("/api/matching/cover-letters/{id}/recommendations", older).then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(1)).extract().path("size()");
        given().get("/api/matching/cover-letters/{id}/recommendations", keeper).then().statusCode(200).body("size()", equalTo(0));

        given().contentType(ContentType.JSON).body("{\"target\":\"cover-letters\"}").post("/api/matching/dedup/runs")
                .then().statusCode(201).body("dryRun", equalTo(true)).body("merged", equalTo(1));
        given().get("/api/matching/cover-letters/{id}", older).then().statusCode(200);

        given().contentType(ContentType.JSON).body("{\"target\":\"cover-letters\",\"dryRun\":false}").post("/api/matching/dedup/runs")
                .then().statusCode(201).body("dryRun", equalTo(false)).body("merged", equalTo(1))
                .body("requestedBy", equalTo("it-operator"));
        given().get("/api/matching/cover-letters/{id}", older).then().statusCode(404).contentType("application/problem+json");
        given().queryParam("includeDeleted", "true").get("/api/matching/cover-letters/{id}", older).then().statusCode(200)
                .body("deletedAt", notNullValue()).body("mergedInto", equalTo((int) keeper));
        given().get("/api/matching/cover-letters/{id}/recommendations", keeper).then().statusCode(200)
                .body("size()", equalTo(recommended));
    }
}
