package dev.integrity.chat;

import io.restassured.http.ContentType;

import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: the calls every chat test starts with. */
final class ChatApi {

    private ChatApi() {
    }

    static long newUser() {
        return ((Number) given().contentType(ContentType.JSON)
                .body("{\"name\":\"user " + UUID.randomUUID() + "\",\"email\":\"u@example.org\"}")
                .post("/api/chat/users").then().statusCode(201).extract().path("id")).longValue();
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
