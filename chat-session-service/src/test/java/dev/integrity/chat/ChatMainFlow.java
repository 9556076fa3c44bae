package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.MainFlowContract;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * chat-session-service's main flow, end to end from outside: the chatbot's backend creates a user,
 * the signed-in user starts a session and talks, reads the history back in order, ends the session
 * and deletes it, and the delete cascades: the session and its conversations are gone. Run by the
 * {@code *IT}s against the packaged jar, once per configuration.
 */
abstract class ChatMainFlow extends MainFlowContract {

    @Test
    void aUsersSessionIsKeptWithItsHistoryAndDeletedWithIt() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        String subject = "it-chatter-" + System.nanoTime();
        TestIssuer.authorize("it-backend", Roles.CHAT_BACKEND);
        given().contentType(ContentType.JSON).body(Map.of("name", "Chatter", "subject", subject))
                .post("/api/chat/users").then().statusCode(201).body("id", notNullValue());

        TestIssuer.authorize(subject, Roles.CHAT_USER);
        String session = given().contentType(ContentType.JSON).body(Map.of("sessionType", "chat"))
                .post("/api/chat/sessions").then().statusCode(201).body("active", equalTo(true))
                .extract().jsonPath().getString("sessionId");
        for (String text : new String[] {"hello", "how far did I walk?"}) {
            given().contentType(ContentType.JSON).body(Map.of("inputText", text, "responseText", "noted"))
                    .post("/api/chat/sessions/{id}/conversations", session).then().statusCode(201);
        }
        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200)
                .body("items.inputText", contains("hello", "how far did I walk?"));

        given().post("/api/chat/sessions/{id}/end", session).then().statusCode(200)
                .body("active", equalTo(false)).body("sessionEnd", notNullValue());
        given().delete("/api/chat/sessions/{id}", session).then().statusCode(204);
        given().get("/api/chat/sessions/{id}", session).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(404);
    }
}
