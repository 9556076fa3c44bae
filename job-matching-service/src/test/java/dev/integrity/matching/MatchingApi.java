package dev.integrity.matching;

import io.restassured.http.ContentType;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: crawler intake and the calls tests start with. */
final class MatchingApi {

    private MatchingApi() {
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static long coverLetter(String url, String company, String position, String content) {
        return addAll("/api/matching/cover-letters", List.of("{\"url\":\"" + url + "\",\"title\":\"sample\",\"company\":\"" + company
                + "\",\"position\":\"" + position + "\",\"content\":\"" + content + "\"}")).get(0);
    }

    static long posting(String url, String company, String title, String description) {
        return addAll("/api/matching/postings", List.of("{\"url\":\"" + url + "\",\"title\":\"" + title + "\",\"company\":\"" + company
                + "\",\"description\":\"" + description + "\"}")).get(0);
    }

    static List<Long> addAll(String path, List<String> items) {
        List<Number> ids = given().contentType(ContentType.JSON).body("[" + String.join(",", items) + "]").post(path)
                .then().statusCode(201).extract().path("ids");
        return ids.stream().map(Number::longValue).toList();
    }

    /** A long, realistic letter body, so trigram similarity behaves as it does on real text. */
    static String letter(String seed) {
        return "I am applying for this role because " + seed + " has shaped how I work. "
                + "Before that I spent three years at a logistics startup, where I built the routing service that planned "
                + "deliveries for two hundred drivers every morning. "
                + "In my last position I led a team of five engineers through a migration of our payment platform, cut incident "
                + "response time by forty percent, and mentored two junior developers who now own critical services. I enjoy "
                + "measuring before optimising, writing the runbook before the outage, and explaining trade-offs to product managers. "
                + "Outside work I maintain a small open source library for parsing Korean addresses and volunteer as a coding "
                + "tutor at the local library on weekends. I would bring the same care to your team, and I am eager to learn the domain.";
    }

    /** A moderate rewrite of the middle of a letter: its opening and closing stay, its similarity drops below the auto threshold (0.85). */
    static String rewrite(String base) {
        return base.replace("forty percent", "a third").replace("mentored two junior developers", "coached three new hires")
                .replace("runbook", "playbook").replace("trade-offs", "choices").replace("product managers", "designers")
                .replace("measuring before optimising", "profiling before tuning");
    }

    static long dedup(String target) {
        return ((Number) given().contentType(ContentType.JSON).body("{\"target\":\"" + target + "\",\"dryRun\":false}")
                .post("/api/matching/dedup/runs").then().statusCode(201).body("requestedBy", org.hamcrest.Matchers.notNullValue())
                .extract().path("merged")).longValue();
    }
}
