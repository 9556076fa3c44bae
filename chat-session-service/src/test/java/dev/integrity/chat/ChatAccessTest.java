package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static dev.integrity.platform.testing.TestIssuer.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One chat user never reaches another's sessions (docs/security.md): not through the API (404 for
 * another's session, 403 for naming another user), and not through the database: with a user as the
 * caller, any query the service's app role runs returns only that user's rows.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ChatAccessTest {

    private static final String BACKEND = bearer(TestIssuer.token("chatbot-server", Roles.CHAT_BACKEND));
    private static final String ANALYST = bearer(TestIssuer.token("analyst-1", Roles.CHAT_ANALYST));

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CurrentIdentityAssociation identities;

    @BeforeEach
    void noDefaultToken() {
        TestIssuer.anonymous();
    }

    @Test
    void userACannotListReadSearchEndOrDeleteUserBsSessions() {
        Person a = Person.signIn();
        Person b = Person.signIn();
        String word = "bibimbap" + UUID.randomUUID().toString().substring(0, 6);
        String bSession = b.startSession();
        given().header("Authorization", b.token).contentType(ContentType.JSON)
                .body("{\"inputText\":\"" + word + " please\",\"responseText\":\"ok\"}")
                .post("/api/chat/sessions/{id}/conversations", bSession).then().statusCode(201);
        String aSession = a.startSession();

        // Another user's session does not exist for A.
        given().header("Authorization", a.token).get("/api/chat/sessions/{id}", bSession).then().statusCode(404);
        given().header("Authorization", a.token).get("/api/chat/sessions/{id}/conversations", bSession).then().statusCode(404);
        given().header("Authorization", a.token).contentType(ContentType.JSON).body("{\"inputText\":\"mine now\"}")
                .post("/api/chat/sessions/{id}/conversations", bSession).then().statusCode(404);
        given().header("Authorization", a.token).contentType(ContentType.JSON).body("{\"interactionType\":\"click\"}")
                .post("/api/chat/sessions/{id}/interactions", bSession).then().statusCode(404);
        given().header("Authorization", a.token).get("/api/chat/sessions/{id}/interactions", bSession).then().statusCode(404);
        given().header("Authorization", b.token).get("/api/chat/sessions/{id}/interactions", bSession).then().statusCode(200);
        given().header("Authorization", a.token).post("/api/chat/sessions/{id}/end", bSession).then().statusCode(404);
        given().header("Authorization", a.token).delete("/api/chat/sessions/{id}", bSession).then().statusCode(404);
        given().header("Authorization", a.token).get("/api/chat/users/{id}", b.userId).then().statusCode(404);

        // A lists and searches only their own; naming B is a 403.
        given().header("Authorization", a.token).get("/api/chat/sessions").then().statusCode(200)
                .body("items.sessionId", equalTo(List.of(aSession))).body("items.userId", everyItem(equalTo((int) a.userId)));
        given().header("Authorization", a.token).queryParam("userId", b.userId).get("/api/chat/sessions").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", a.token).queryParam("q", word).get("/api/chat/conversations/search").then().statusCode(200)
                .body("size()", equalTo(0));
        given().header("Authorization", a.token).queryParam("q", word).queryParam("userId", b.userId)
                .get("/api/chat/conversations/search").then().statusCode(403);
        given().header("Authorization", b.token).queryParam("q", word).get("/api/chat/conversations/search").then().statusCode(200)
                .body("size()", equalTo(1));

        // B's session is untouched, and B may end and delete it.
        given().header("Authorization", b.token).get("/api/chat/sessions/{id}", bSession).then().statusCode(200).body("active", equalTo(true));
        given().header("Authorization", b.token).post("/api/chat/sessions/{id}/end", bSession).then().statusCode(200);
        given().header("Authorization", b.token).delete("/api/chat/sessions/{id}", bSession).then().statusCode(204);
    }

    @Test
    void aChatUserStartsOnlyTheirOwnSessionsAndTheBackendActsForAnyone() {
        Person a = Person.signIn();
        Person b = Person.signIn();
        given().header("Authorization", a.token).contentType(ContentType.JSON).body("{\"userId\":" + b.userId + ",\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(403).body("userId", equalTo((int) b.userId));
        given().header("Authorization", a.token).contentType(ContentType.JSON).body("{\"userId\":" + a.userId + ",\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(201).body("userId", equalTo((int) a.userId));
        String forB = given().header("Authorization", BACKEND).contentType(ContentType.JSON)
                .body("{\"userId\":" + b.userId + ",\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(201).extract().path("sessionId");
        given().header("Authorization", BACKEND).contentType(ContentType.JSON).body("{\"sessionType\":\"chat\"}")
                .post("/api/chat/sessions").then().statusCode(400).body("errors[0].field", equalTo("userId"));
        // The session the backend started for B is B's.
        given().header("Authorization", b.token).get("/api/chat/sessions/{id}", forB).then().statusCode(200);
        given().header("Authorization", a.token).get("/api/chat/sessions/{id}", forB).then().statusCode(404);
        // The analyst reads it and writes nothing.
        given().header("Authorization", ANALYST).get("/api/chat/sessions/{id}", forB).then().statusCode(200);
        given().header("Authorization", ANALYST).contentType(ContentType.JSON).body("{\"inputText\":\"hi\"}")
                .post("/api/chat/sessions/{id}/conversations", forB).then().statusCode(403);
        given().header("Authorization", ANALYST).delete("/api/chat/sessions/{id}", forB).then().statusCode(403);
        given().header("Authorization", BACKEND).delete("/api/chat/sessions/{id}", forB).then().statusCode(403);
    }

    @Test
    void concurrentFirstRequestsOfOneSubjectLeaveOneChatUser() throws Exception {
        String token = bearer(TestIssuer.token("first-time-" + UUID.randomUUID(), Roles.CHAT_USER));
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> given().header("Authorization", token).contentType(ContentType.JSON)
                    .body("{\"sessionType\":\"chat\"}").post("/api/chat/sessions").then().statusCode(201).extract().path("userId")));
        }
        Set<Integer> users = new HashSet<>();
        for (CompletableFuture<Integer> call : calls) {
            users.add(call.get());
        }
        assertEquals(1, users.size(), "one user for one subject: " + users);
    }

    /**
     * Row-level security, tried with queries the service never runs: through the service's own pool
     * (its app role, and the caller the pool sets on every connection), a signed-in user sees only
     * their own rows in every chat table, nobody sees none, and a partition or the materialized view
     * cannot be read around the policies at all.
     */
    @Test
    void rowLevelSecurityShowsAUserOnlyTheirOwnRows() throws Exception {
        Person a = Person.signIn();
        Person b = Person.signIn();
        for (Person person : List.of(a, b)) {
            String session = person.startSession();
            for (String path : List.of("conversations", "interactions", "recommendations", "feedback")) {
                String body = switch (path) {
                    case "conversations" -> "{\"inputText\":\"hello\"}";
                    case "interactions" -> "{\"interactionType\":\"click\"}";
                    case "recommendations" -> "{\"recommendations\":[1]}";
                    default -> "{\"feedbackType\":\"rating\",\"rating\":4}";
                };
                given().header("Authorization", person.token).contentType(ContentType.JSON).body(body)
                        .post("/api/chat/sessions/{id}/" + path, session).then().statusCode(201);
            }
        }
        String[] tables = {"chatbot.session_master", "chatbot.conversations", "ml_features.user_interactions",
                "analytics.recommendations_log", "analytics.user_feedback"};
        asCaller(a.subject, Roles.CHAT_USER, () -> {
            try (Connection c = dataSource.getConnection()) {
                assertEquals(1, Counts.of(c, "SELECT count(*) FROM chatbot.users"), "A sees only their own user row");
                assertEquals(a.userId, Counts.of(c, "SELECT min(id) FROM chatbot.users"));
                for (String table : tables) {
                    assertEquals(0, Counts.of(c, "SELECT count(*) FROM " + table + " WHERE user_id IS DISTINCT FROM ?", a.userId),
                            table + ": no row of anyone else");
                    assertTrue(Counts.of(c, "SELECT count(*) FROM " + table) >= 1, table + ": A's own rows");
                }
                // Even asked by id, B's rows are not there, and B's session cannot be changed or deleted.
                assertEquals(0, Counts.of(c, "SELECT count(*) FROM chatbot.conversations WHERE user_id = ?", b.userId));
                try (Statement s = c.createStatement()) {
                    assertEquals(0, s.executeUpdate("UPDATE chatbot.session_master SET is_active = false, session_end = now() WHERE user_id = " + b.userId));
                    assertEquals(0, s.executeUpdate("DELETE FROM chatbot.session_master WHERE user_id = " + b.userId));
                }
                String partition = partitionOf(c);
                // Each refusal on a connection of its own: a borrowed connection is one transaction.
                assertEquals("42501", refusal("INSERT INTO chatbot.session_master (user_id) VALUES (" + b.userId + ")"),
                        "a row for another user is refused");
                assertEquals("42501", refusal("SELECT count(*) FROM chatbot." + partition), "a partition is reached only through its parent");
                assertEquals("42501", refusal("SELECT count(*) FROM chatbot.recent_conversations"),
                        "the materialized view, which cannot carry policies, is withheld");
            }
            return null;
        });
        try (Connection c = dataSource.getConnection()) {
            for (String table : tables) {
                assertEquals(0, Counts.of(c, "SELECT count(*) FROM " + table), table + ": a connection with no caller sees no row");
            }
        }
        asCaller("chatbot-server", Roles.CHAT_BACKEND, () -> {
            try (Connection c = dataSource.getConnection()) {
                assertTrue(Counts.of(c, "SELECT count(DISTINCT user_id) FROM chatbot.conversations WHERE user_id IN (?, ?)", a.userId, b.userId) == 2,
                        "the backend sees both");
            }
            return null;
        });
        try (Connection owner = PlatformTestResource.owner()) {
            assertEquals(2, Counts.of(owner, "SELECT count(DISTINCT user_id) FROM chatbot.conversations WHERE user_id IN (?, ?)", a.userId, b.userId));
        }
    }

    /** The SQLSTATE with which the caller's statement is refused, on a connection of its own. */
    private String refusal(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return assertThrows(SQLException.class, () -> s.execute(sql), sql).getSQLState();
        }
    }

    private static String partitionOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     + "WHERE i.inhparent = 'chatbot.conversations'::regclass LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} inside a request whose verified caller is {@code subject} with {@code role}. */
    private <T> T asCaller(String subject, String role, Work<T> work) throws Exception {
        ManagedContext requests = Arc.container().requestContext();
        requests.activate();
        try {
            identities.setIdentity(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(subject)).addRole(role).build());
            return work.run();
        } finally {
            requests.terminate();
        }
    }

    /** A signed-in chat user, linked on their first request. */
    private record Person(String subject, String token, long userId) {

        static Person signIn() {
            String subject = "person-" + UUID.randomUUID();
            String token = bearer(TestIssuer.token(subject, Roles.CHAT_USER));
            long id = ((Number) given().header("Authorization", token).get("/api/chat/users/me").then().statusCode(200)
                    .body("subject", equalTo(subject)).extract().path("id")).longValue();
            return new Person(subject, token, id);
        }

        String startSession() {
            return given().header("Authorization", token).contentType(ContentType.JSON).body("{\"sessionType\":\"chat\"}")
                    .post("/api/chat/sessions").then().statusCode(201).body("userId", equalTo((int) userId)).extract().path("sessionId");
        }
    }
}
