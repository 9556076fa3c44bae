package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.http.ContentType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Test helpers: the calls every chat test starts with. */
final class ChatApi {

    private ChatApi() {
    }

    /** The subject each user made here is linked to. */
    private static final Map<Long, String> SUBJECTS = new ConcurrentHashMap<>();

    /** A user made by the chatbot's backend, linked to a subject of its own. */
    static long newUser() {
        String subject = "chat-user-" + UUID.randomUUID();
        long id = ((Number) given().contentType(ContentType.JSON)
                .body("{\"name\":\"user " + UUID.randomUUID() + "\",\"email\":\"u@example.org\",\"subject\":\"" + subject + "\"}")
                .post("/api/chat/users").then().statusCode(201).extract().path("id")).longValue();
        SUBJECTS.put(id, subject);
        return id;
    }

    /** {@code Authorization: Bearer ...} of the signed-in person a user made by {@link #newUser()} is. */
    static String asUser(long userId) {
        return TestIssuer.bearer(TestIssuer.token(SUBJECTS.get(userId), Roles.CHAT_USER));
    }

    static String newSession(long userId) {
        return given().contentType(ContentType.JSON)
                .body("{\"userId\":" + userId + ",\"sessionType\":\"chat\",\"metadata\":{\"device\":\"mobile\"}}")
                .post("/api/chat/sessions").then().statusCode(201).extract().path("sessionId");
    }

    static long addConversation(String sessionId, String input, Instant at) {
        String time = at == null ? "" : ",\"conversationTime\":\"" + at + "\"";
        return ((Number) given().contentType(ContentType.JSON)
                .body("{\"inputText\":\"" + input + "\",\"responseText\":\"answer to " + input + "\"" + time + "}")
                .post("/api/chat/sessions/{id}/conversations", sessionId).then().statusCode(201).extract().path("id")).longValue();
    }
}
