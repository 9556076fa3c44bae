package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.integrity.platform.testing.TestIssuer.bearer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The caller context behind a transaction-pooling PgBouncer (the prod overlay's CloudNativePG
 * {@code Pooler}): many users at once share two server connections, each one serving a transaction
 * of whoever comes next, and no user ever gets another's context. Each user sees exactly their own
 * user row and sessions, reads (outside a transaction) and writes (inside one) interleaved. A
 * session-level setting, as the interceptor once made outside transactions, fails this at once:
 * it lands on one server connection and is read, by another user's statement, on another.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.BehindPgBouncer.class)
class CallerContextBehindPgBouncerTest {

    private static final int USERS = 6;
    private static final int ROUNDS = 25;

    private record Person(String subject, String token, long userId) {
    }

    @Test
    void usersSharingTwoServerConnectionsEachSeeOnlyTheirOwnRows() throws Exception {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String subject = "pooled-" + UUID.randomUUID();
            String token = bearer(TestIssuer.token(subject, Roles.CHAT_USER));
            long id = given().header("Authorization", token).get("/api/chat/users/me").then().statusCode(200)
                    .extract().jsonPath().getLong("id");
            people.add(new Person(subject, token, id));
        }
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Person p : people) {
                runs.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        JsonPath me = given().header("Authorization", p.token()).get("/api/chat/users/me")
                                .then().statusCode(200).extract().jsonPath();
                        if (!p.subject().equals(me.getString("subject")) || me.getLong("id") != p.userId()) {
                            wrong.add(p.subject() + " was told it is " + me.getString("subject"));
                        }
                        mine.add(given().header("Authorization", p.token()).contentType(ContentType.JSON)
                                .body("{\"sessionType\":\"chat\"}").post("/api/chat/sessions").then().statusCode(201)
                                .extract().path("sessionId"));
                        JsonPath listed = given().header("Authorization", p.token()).queryParam("size", 500)
                                .get("/api/chat/sessions").then().statusCode(200).extract().jsonPath();
                        Set<String> seen = Set.copyOf(listed.getList("items.sessionId", String.class));
                        if (!seen.equals(Set.copyOf(mine))) {
                            wrong.add(p.subject() + " listed " + seen.size() + " sessions, " + mine.size() + " of its own");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())),
                wrong.size() + " answers of " + USERS * ROUNDS * 2 + " carried another caller's context");
    }
}
