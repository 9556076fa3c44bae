package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sessions and the four session-scoped tables: the seed's integrity, through the API. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ChatSessionTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSessionStartsWithTheClientsAddressAndUserAgentAndEndsIdempotently() {
        long user = ChatApi.newUser();
        String session = given().contentType(ContentType.JSON).header("User-Agent", "yumai-ios/2.3")
                .body("{\"userId\":" + user + ",\"sessionType\":\"voice\",\"metadata\":{\"device\":\"mobile\"}}")
                .post("/api/chat/sessions").then().statusCode(201)
                .body("active", equalTo(true)).body("sessionType", equalTo("voice"))
                .body("sessionStart", notNullValue()).body("sessionEnd", nullValue())
                .body("userAgent", equalTo("yumai-ios/2.3")).body("ipAddress", equalTo("127.0.0.1"))
                .body("metadata.device", equalTo("mobile"))
                .extract().path("sessionId");
        UUID.fromString(session);

        String end = given().post("/api/chat/sessions/{id}/end", session).then().statusCode(200)
                .body("active", equalTo(false)).body("sessionEnd", notNullValue()).extract().path("sessionEnd");
        given().post("/api/chat/sessions/{id}/end", session).then().statusCode(200)
                .body("active", equalTo(false)).body("sessionEnd", equalTo(end));

        given().queryParam("userId", user).queryParam("active", "false").get("/api/chat/sessions").then().statusCode(200)
                .body("items.sessionId", hasItem(session)).body("total", equalTo(1));
        given().queryParam("userId", user).queryParam("active", "true").get("/api/chat/sessions").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void aWriteAnswersTheTimestampsAReadOfTheSameRowAnswers() {
        long user = ChatApi.newUser();
        var answer = given().contentType(ContentType.JSON).body(Map.of("userId", user, "sessionType", "chat"))
                .post("/api/chat/sessions").then().statusCode(201).extract().jsonPath();
        String session = answer.getString("sessionId");
        String started = answer.getString("sessionStart");
        String ended = given().post("/api/chat/sessions/{id}/end", session).then().statusCode(200).extract().path("sessionEnd");
        given().get("/api/chat/sessions/{id}", session).then().statusCode(200)
                .body("sessionStart", equalTo(started)).body("sessionEnd", equalTo(ended));

        String other = ChatApi.newSession(user);
        // Nanoseconds in: the row keeps microseconds, and the write's answer says so, as the read does.
        String time = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789).toString();
        String written = given().contentType(ContentType.JSON).body(Map.of("inputText", "hi", "conversationTime", time))
                .post("/api/chat/sessions/{id}/conversations", other).then().statusCode(201).extract().path("conversationTime");
        assertEquals(time.replace(".123456789Z", ".123456Z"), written);
        given().get("/api/chat/sessions/{id}/conversations", other).then().statusCode(200)
                .body("items[0].conversationTime", equalTo(written));
    }

    @Test
    void behindATrustedProxyTheClientAddressComesFromXForwardedFor() {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113.7")
                .body("{\"userId\":" + ChatApi.newUser() + ",\"sessionType\":\"api\"}")
                .post("/api/chat/sessions").then().statusCode(201).body("ipAddress", equalTo("203.0.113.7"));
    }

    @Test
    void anUnknownUserIs404AndABadSessionTypeIs400() {
        given().contentType(ContentType.JSON).body("{\"userId\":987654321,\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"userId\":" + ChatApi.newUser() + ",\"sessionType\":\"telepathy\"}")
                .post("/api/chat/sessions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sessionType"));
        given().contentType(ContentType.JSON).body("{\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(400).body("errors[0].field", equalTo("userId"));
    }

    @Test
    void deletingASessionCascadesToAllFourTables() throws SQLException {
        long user = ChatApi.newUser();
        String session = ChatApi.newSession(user);
        ChatApi.addConversation(session, "hello", null);
        given().contentType(ContentType.JSON).body("{\"interactionType\":\"text_input\"}")
                .post("/api/chat/sessions/{id}/interactions", session).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"shopId\":1,\"recommendations\":[{\"shop_id\":1},{\"shop_id\":2}]}")
                .post("/api/chat/sessions/{id}/recommendations", session).then().statusCode(201)
                .body("recommendationCount", equalTo(2));
        given().contentType(ContentType.JSON)
                .body("{\"feedbackType\":\"rating\",\"feedbackTargetType\":\"shop\",\"feedbackTargetId\":\"1\",\"rating\":5}")
                .post("/api/chat/sessions/{id}/feedback", session).then().statusCode(201);
        // What was written reads back, as the POST answered it.
        given().get("/api/chat/sessions/{id}/interactions", session).then().statusCode(200)
                .body("items.interactionType", equalTo(List.of("text_input"))).body("items[0].sessionId", equalTo(session));
        given().get("/api/chat/sessions/{id}/recommendations", session).then().statusCode(200)
                .body("items[0].recommendationCount", equalTo(2)).body("items[0].recommendations.shop_id", equalTo(List.of(1, 2)));
        given().get("/api/chat/sessions/{id}/feedback", session).then().statusCode(200)
                .body("items.rating", equalTo(List.of(5))).body("items[0].feedbackTargetId", equalTo("1"));
        assertEquals(1, countAll(session)[0]);
        assertEquals(1, countAll(session)[3]);

        given().header("Authorization", ChatApi.asUser(user)).delete("/api/chat/sessions/{id}", session).then().statusCode(204);

        long[] counts = countAll(session);
        assertEquals(0, counts[0] + counts[1] + counts[2] + counts[3], "conversations, interactions, recommendations, feedback");
        given().get("/api/chat/sessions/{id}", session).then().statusCode(404);
        given().get("/api/chat/sessions/{id}/feedback", session).then().statusCode(404);
        given().header("Authorization", ChatApi.asUser(user)).delete("/api/chat/sessions/{id}", session).then().statusCode(404);
    }

    @Test
    void aFakeSessionIdIs404OnEveryWritePathNeverAForeignKey500() {
        String fake = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).body("{\"inputText\":\"hi\"}")
                .post("/api/chat/sessions/{id}/conversations", fake).then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"interactionType\":\"text_input\"}")
                .post("/api/chat/sessions/{id}/interactions", fake).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"recommendations\":[]}")
                .post("/api/chat/sessions/{id}/recommendations", fake).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"feedbackType\":\"rating\"}")
                .post("/api/chat/sessions/{id}/feedback", fake).then().statusCode(404);
        given().post("/api/chat/sessions/{id}/end", fake).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"inputText\":\"hi\"}")
                .post("/api/chat/sessions/{id}/conversations", "not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("id"));
        // Only the canonical form: Java's UUID.fromString would read 1-1-1-1-1 as 00000001-0001-0001-0001-000000000001.
        given().get("/api/chat/sessions/{id}", "1-1-1-1-1").then().statusCode(400).body("errors[0].message", equalTo("must be a UUID"));
    }

    @Test
    void anEndedSessionIs409OnEveryWritePath() {
        String session = ChatApi.newSession(ChatApi.newUser());
        given().post("/api/chat/sessions/{id}/end", session).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"inputText\":\"too late\"}")
                .post("/api/chat/sessions/{id}/conversations", session).then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo("session has ended"))
                .body("sessionId", equalTo(session));
        given().contentType(ContentType.JSON).body("{\"interactionType\":\"text_input\"}")
                .post("/api/chat/sessions/{id}/interactions", session).then().statusCode(409);
        given().contentType(ContentType.JSON).body("{\"recommendations\":[]}")
                .post("/api/chat/sessions/{id}/recommendations", session).then().statusCode(409);
        given().contentType(ContentType.JSON).body("{\"feedbackType\":\"rating\"}")
                .post("/api/chat/sessions/{id}/feedback", session).then().statusCode(409);
    }

    @Test
    void aConversationAnHourAheadIs400AndOneAMinuteAheadIsFine() {
        String session = ChatApi.newSession(ChatApi.newUser());
        given().contentType(ContentType.JSON)
                .body("{\"inputText\":\"hi\",\"conversationTime\":\"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\"}")
                .post("/api/chat/sessions/{id}/conversations", session).then().statusCode(400)
                .body("errors[0].field", equalTo("conversationTime"));
        ChatApi.addConversation(session, "soon", Instant.now().plus(1, ChronoUnit.MINUTES));
        given().contentType(ContentType.JSON).body("{\"inputText\":\"hi\",\"conversationTime\":\"2025-01-27T09:30:00\"}")
                .post("/api/chat/sessions/{id}/conversations", session).then().statusCode(400)
                .body("errors[0].field", equalTo("conversationTime"));
    }

    @Test
    void everyWriteMovesLastActivityAndTheConversationSpan() {
        String session = ChatApi.newSession(ChatApi.newUser());
        String before = given().get("/api/chat/sessions/{id}", session).then().extract().path("lastActivityAt");
        Instant old = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        ChatApi.addConversation(session, "imported", old);
        ChatApi.addConversation(session, "now", null);
        given().get("/api/chat/sessions/{id}", session).then().statusCode(200)
                .body("firstConversationAt", equalTo(old.toString()))
                .body("lastActivityAt", org.hamcrest.Matchers.not(equalTo(before)));
    }

    @Test
    void theRecommendationCountIsDerivedFromTheListNotTrusted() {
        String session = ChatApi.newSession(ChatApi.newUser());
        given().contentType(ContentType.JSON).body("{\"recommendations\":[1,2,3],\"recommendationCount\":99}")
                .post("/api/chat/sessions/{id}/recommendations", session).then().statusCode(400)
                .body("errors[0].field", equalTo("recommendationCount"));
        given().contentType(ContentType.JSON).body("{\"recommendations\":[1,2,3]}")
                .post("/api/chat/sessions/{id}/recommendations", session).then().statusCode(201)
                .body("recommendationCount", equalTo(3));
    }

    @Test
    void conversationTextIsSearchable() {
        long user = ChatApi.newUser();
        String session = ChatApi.newSession(user);
        String word = "tteokbokki" + UUID.randomUUID().toString().substring(0, 6);
        ChatApi.addConversation(session, "where can I eat " + word + " near Hongdae?", null);
        given().queryParam("q", word.toUpperCase()).get("/api/chat/conversations/search").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].sessionId", equalTo(session));
        given().queryParam("q", word).queryParam("userId", user + 1).get("/api/chat/conversations/search").then()
                .statusCode(200).body("size()", equalTo(0));
        given().queryParam("q", "ab").get("/api/chat/conversations/search").then().statusCode(400)
                .body("errors[0].field", equalTo("q"));
        given().queryParam("q", "100%_sure\\").get("/api/chat/conversations/search").then().statusCode(200);
    }

    private long[] countAll(String session) throws SQLException {
        String[] tables = {"chatbot.conversations", "ml_features.user_interactions", "analytics.recommendations_log", "analytics.user_feedback"};
        long[] counts = new long[tables.length];
        try (Connection c = PlatformTestResource.owner()) {
            for (int i = 0; i < tables.length; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + tables[i] + " WHERE session_id = ?")) {
                    ps.setObject(1, UUID.fromString(session));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        counts[i] = rs.getLong(1);
                    }
                }
            }
        }
        return counts;
    }
}
