package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeds' maintenance work, as jobs: inactive sessions, retention, the view refresh, integrity. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ChatMaintenanceTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    @ConfigProperty(name = "platform.admin-token")
    String token;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void allFourJobsAreListed() {
        given().header("Authorization", "Bearer " + token).get("/admin/jobs").then().statusCode(200)
                .body("name", hasItems("chat-partition-premake", "chat-inactive-sessions", "chat-session-retention",
                        "chat-recent-conversations-refresh"));
    }

    @Test
    void theInactiveSessionJobEndsIdleSessionsOnly() throws SQLException {
        String idle = ChatApi.newSession(ChatApi.newUser());
        String busy = ChatApi.newSession(ChatApi.newUser());
        execute("UPDATE chatbot.session_master SET last_activity_at = now() - interval '25 hours' WHERE session_id = '" + idle + "'");
        execute("UPDATE chatbot.session_master SET last_activity_at = now() - interval '23 hours' WHERE session_id = '" + busy + "'");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-inactive-sessions/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded"));

        given().get("/api/chat/sessions/{id}", idle).then().body("active", equalTo(false));
        given().get("/api/chat/sessions/{id}", busy).then().body("active", equalTo(true));
        assertEquals(1, count("SELECT count(*) FROM chatbot.session_master WHERE session_id = '" + idle + "'"), "ended, not deleted");
    }

    @Test
    void theRetentionJobDeletesOnlyOldEndedSessionsWithEverythingTheyCascadeTo() throws SQLException {
        String oldEnded = ChatApi.newSession(ChatApi.newUser());
        String recentEnded = ChatApi.newSession(ChatApi.newUser());
        String oldButActive = ChatApi.newSession(ChatApi.newUser());
        for (String s : new String[]{oldEnded, recentEnded, oldButActive}) {
            ChatApi.addConversation(s, "hello", null);
        }
        given().post("/api/chat/sessions/{id}/end", oldEnded).then().statusCode(200);
        given().post("/api/chat/sessions/{id}/end", recentEnded).then().statusCode(200);
        execute("UPDATE chatbot.session_master SET session_end = now() - interval '31 days', session_start = now() - interval '32 days' "
                + "WHERE session_id = '" + oldEnded + "'");
        execute("UPDATE chatbot.session_master SET session_end = now() - interval '29 days' WHERE session_id = '" + recentEnded + "'");
        execute("UPDATE chatbot.session_master SET session_start = now() - interval '60 days' WHERE session_id = '" + oldButActive + "'");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-session-retention/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded"));

        given().get("/api/chat/sessions/{id}", oldEnded).then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM chatbot.conversations WHERE session_id = '" + oldEnded + "'"));
        given().get("/api/chat/sessions/{id}", recentEnded).then().statusCode(200);
        given().get("/api/chat/sessions/{id}", oldButActive).then().statusCode(200);
    }

    @Test
    void retentionDropsEmptyPartitionsWhollyOlderThanRetentionAndKeepsOnesWithRows() throws SQLException {
        String session = ChatApi.newSession(ChatApi.newUser());
        ChatApi.addConversation(session, "kept", java.time.Instant.parse("2019-06-15T10:00:00Z"));
        ChatApi.addConversation(session, "dropped", java.time.Instant.parse("2019-07-15T10:00:00Z"));
        execute("DELETE FROM chatbot.conversations WHERE session_id = '" + session + "' AND input_text = 'dropped'");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-session-retention/run").then().statusCode(200)
                .body("detail.partitionsRetired", hasItems("conversations_2019_07"));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'conversations_2019_07'"));
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'conversations_2019_06'"));
    }

    @Test
    void retentionDeletesInBatchesOfTheConfiguredSizeAndTouchesNothingItKeeps() throws SQLException {
        String run = UUID.randomUUID().toString();
        // 2,500 sessions ended 40 days ago, each with a conversation and an analytics row of every kind;
        // beside them a session ended 10 days ago and one active since 90 days ago, with the same rows.
        execute("SELECT chatbot.partition_ensure('chatbot.conversations', now() - interval '45 days')");
        execute("""
                INSERT INTO chatbot.session_master (session_start, session_end, is_active, last_activity_at, session_metadata,
                                                    first_conversation_at, last_conversation_at)
                SELECT now() - interval '45 days', now() - interval '40 days', false, now() - interval '40 days',
                       jsonb_build_object('run', '%1$s', 'kind', 'expired'), now() - interval '45 days', now() - interval '45 days'
                  FROM generate_series(1, 2500)
                UNION ALL
                SELECT now() - interval '45 days', now() - interval '10 days', false, now() - interval '10 days',
                       jsonb_build_object('run', '%1$s', 'kind', 'recent'), now() - interval '45 days', now() - interval '45 days'
                UNION ALL
                SELECT now() - interval '90 days', NULL, true, now(),
                       jsonb_build_object('run', '%1$s', 'kind', 'active'), now() - interval '45 days', now() - interval '45 days'
                """.formatted(run));
        String ours = "SELECT session_id FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run + "'";
        execute("INSERT INTO chatbot.conversations (session_id, conversation_time, input_text) "
                + "SELECT session_id, now() - interval '45 days', 'old' FROM (" + ours + ") s");
        execute("INSERT INTO ml_features.user_interactions (session_id, interaction_type) SELECT session_id, 'click' FROM ("
                + ours + ") s");
        execute("INSERT INTO analytics.recommendations_log (session_id, recommendations, recommendation_count) "
                + "SELECT session_id, '[1]', 1 FROM (" + ours + ") s");
        execute("INSERT INTO analytics.user_feedback (session_id, feedback_type) SELECT session_id, 'rating' FROM ("
                + ours + ") s");

        var outcome = given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-session-retention/run")
                .then().statusCode(200).body("outcome", equalTo("succeeded")).extract().jsonPath();
        long deleted = outcome.getLong("detail.sessionsDeleted");
        assertTrue(deleted >= 2500, "every expired session of this test went: " + deleted);
        assertEquals((deleted + 999) / 1000, outcome.getLong("detail.batches"), "a transaction per 1,000 sessions (chat.retention-batch)");
        assertTrue(outcome.getInt("detail.largestBatch") <= 1000, "no batch exceeds chat.retention-batch");

        assertEquals(2, count("SELECT count(*) FROM (" + ours + ") s"), "the recent and the active stay");
        assertEquals(0, count("SELECT count(*) FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run
                + "' AND session_metadata->>'kind' = 'expired'"));
        for (String table : new String[]{"chatbot.conversations", "ml_features.user_interactions", "analytics.recommendations_log",
                "analytics.user_feedback"}) {
            assertEquals(2, count("SELECT count(*) FROM " + table + " WHERE session_id IN (" + ours + ")"),
                    table + ": the kept sessions' rows stay, the expired ones' went with them");
        }
    }

    @Test
    void anOldPartitionHoldingOnlySessionsPastRetentionGoesWholeAndOneHoldingAKeptSessionStays() throws SQLException {
        String run = UUID.randomUUID().toString();
        execute("SELECT chatbot.partition_ensure('chatbot.conversations', timestamptz '2018-03-10 00:00Z'), "
                + "chatbot.partition_ensure('chatbot.conversations', timestamptz '2018-04-10 00:00Z')");
        // March 2018: three sessions, all ended long ago. April 2018: one ended long ago, one still active.
        execute("""
                INSERT INTO chatbot.session_master (session_start, session_end, is_active, last_activity_at, session_metadata,
                                                    first_conversation_at, last_conversation_at)
                SELECT t, e, e IS NULL, coalesce(e, now()), jsonb_build_object('run', '%s', 'month', to_char(t, 'MM')), t, t
                  FROM (VALUES (timestamptz '2018-03-05 10:00Z', timestamptz '2018-03-05 11:00Z'),
                               (timestamptz '2018-03-06 10:00Z', timestamptz '2018-03-06 11:00Z'),
                               (timestamptz '2018-03-07 10:00Z', timestamptz '2018-03-07 11:00Z'),
                               (timestamptz '2018-04-05 10:00Z', timestamptz '2018-04-05 11:00Z'),
                               (timestamptz '2018-04-06 10:00Z', NULL)) v (t, e)
                """.formatted(run));
        String ours = "SELECT session_id FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run + "'";
        execute("INSERT INTO chatbot.conversations (session_id, conversation_time, input_text) "
                + "SELECT session_id, first_conversation_at, 'old' FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run + "'");
        execute("INSERT INTO ml_features.user_interactions (session_id, interaction_type) SELECT session_id, 'click' FROM (" + ours + ") s");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-session-retention/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded")).body("detail.partitionsRetired", hasItems("conversations_2018_03"));

        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'conversations_2018_03'"), "March went whole");
        assertEquals(1, count("SELECT count(*) FROM pg_class WHERE relname = 'conversations_2018_04'"), "April holds a kept session");
        assertEquals(1, count("SELECT count(*) FROM (" + ours + ") s"), "only the active session is left");
        assertEquals(1, count("SELECT count(*) FROM chatbot.conversations WHERE session_id IN (" + ours + ")"));
        assertEquals(1, count("SELECT count(*) FROM ml_features.user_interactions WHERE session_id IN (" + ours + ")"),
                "the expired sessions' other rows went by cascade when their sessions did");
    }

    /**
     * A partition retired whole is dropped in place: detaching it would have given it a foreign key
     * of its own, locking session_master against the chatbot's writes twice per partition (issue 18:
     * appends' p99 71x during retention). Here a writer holds a session_master row, as an append in
     * flight does, for the whole run: the retention does not wait for it.
     */
    @Test
    void retentionDropsAWholeOldPartitionWithoutWaitingForSessionMastersWriters() throws Exception {
        String run = UUID.randomUUID().toString();
        execute("SELECT chatbot.partition_ensure('chatbot.conversations', timestamptz '2017-06-10 00:00Z')");
        execute("""
                INSERT INTO chatbot.session_master (session_start, session_end, is_active, last_activity_at, session_metadata,
                                                    first_conversation_at, last_conversation_at)
                VALUES (timestamptz '2017-06-05 10:00Z', timestamptz '2017-06-05 11:00Z', false, timestamptz '2017-06-05 11:00Z',
                        jsonb_build_object('run', '%s'), timestamptz '2017-06-05 10:00Z', timestamptz '2017-06-05 10:00Z')""".formatted(run));
        execute("INSERT INTO chatbot.conversations (session_id, conversation_time, input_text) SELECT session_id, first_conversation_at, "
                + "'old' FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run + "'");
        String active = ChatApi.newSession(ChatApi.newUser());
        try (Connection writer = PlatformTestResource.owner()) {
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("UPDATE chatbot.session_master SET last_activity_at = now() WHERE session_id = '" + active + "'");
            }
            CompletableFuture<Response> retention = CompletableFuture.supplyAsync(() ->
                    given().header("Authorization", "Bearer " + token).post("/admin/jobs/chat-session-retention/run"));
            Response answer = retention.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.asString());
            assertTrue(answer.jsonPath().getList("detail.partitionsRetired").contains("conversations_2017_06"), answer.asString());
            writer.commit();
        }
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'conversations_2017_06'"));
        assertEquals(0, count("SELECT count(*) FROM chatbot.session_master WHERE session_metadata->>'run' = '" + run + "'"));
    }

    @Test
    void theRecentConversationsViewRefreshesConcurrentlyWhileItIsBeingRead() throws Exception {
        String session = ChatApi.newSession(ChatApi.newUser());
        String marker = "fresh-" + UUID.randomUUID();
        ChatApi.addConversation(session, marker, null);
        try (Connection reader = PlatformTestResource.owner()) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.executeQuery("SELECT count(*) FROM chatbot.recent_conversations").close();   // holds ACCESS SHARE
            }
            // A plain REFRESH needs ACCESS EXCLUSIVE and would wait for the reader; CONCURRENTLY does not.
            CompletableFuture<Integer> refresh = CompletableFuture.supplyAsync(() -> given().header("Authorization", "Bearer " + token)
                    .post("/admin/jobs/chat-recent-conversations-refresh/run").statusCode());
            assertEquals(200, refresh.get(30, TimeUnit.SECONDS));
            reader.rollback();
        }
        assertEquals(1, count("SELECT count(*) FROM chatbot.recent_conversations WHERE input_text = '" + marker + "'"));
    }

    @Test
    void theIntegrityReportIsHealthyAndSeesAnOrphanWhenAKeyIsDropped() throws SQLException {
        given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));
        String session = ChatApi.newSession(ChatApi.newUser());
        execute("ALTER TABLE analytics.user_feedback DROP CONSTRAINT user_feedback_session_id_fkey");
        try {
            execute("INSERT INTO analytics.user_feedback (session_id, feedback_type) VALUES (gen_random_uuid(), 'orphan')");
            given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(false))
                    .body("checks.find { it.name == 'orphans in analytics.user_feedback' }.value", equalTo(1))
                    .body("checks.find { it.name == 'analytics.user_feedback references session_master with a validated cascade' }.ok",
                            equalTo(false));
        } finally {
            execute("DELETE FROM analytics.user_feedback WHERE feedback_type = 'orphan'");
            execute("ALTER TABLE analytics.user_feedback ADD CONSTRAINT user_feedback_session_id_fkey FOREIGN KEY (session_id) "
                    + "REFERENCES chatbot.session_master (session_id) ON DELETE CASCADE");
        }
        given().contentType(ContentType.JSON).body("{\"feedbackType\":\"rating\"}")
                .post("/api/chat/sessions/{id}/feedback", session).then().statusCode(201);
        given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));
    }

    /** DDL the service itself may not run: as the schemas' owner. */
    private void execute(String sql) throws SQLException {
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection owner = PlatformTestResource.owner()) {
            return Counts.of(owner, sql);
        }
    }
}
