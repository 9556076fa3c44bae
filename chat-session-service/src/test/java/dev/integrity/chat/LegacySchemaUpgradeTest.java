package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 001 section 8.2: a database with partitioned conversations and no session_master upgrades in
 * place at the service's first start. Every row is kept, session_master is backfilled from every
 * session id (including sessions that exist only outside conversations), and every cascade is
 * validated. The tests run in order: the state right after the upgrade, then the database in use.
 */
@QuarkusTest
@WithTestResource(LegacySchemaResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacySchemaUpgradeTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "platform.admin-token")
    String token;

    @Test
    @Order(1)
    void rowCountsAreUnchangedEverySessionIsBackfilledAndIntegrityHolds() throws SQLException {
        assertEquals(20, count("SELECT count(*) FROM chatbot.conversations"));
        assertEquals(5, count("SELECT count(*) FROM ml_features.user_interactions"));
        assertEquals(3, count("SELECT count(*) FROM analytics.recommendations_log"));
        assertEquals(2, count("SELECT count(*) FROM analytics.user_feedback"));
        assertEquals(3, count("SELECT count(*) FROM chatbot.users"));
        assertEquals(6, count("SELECT count(*) FROM chatbot.session_master"), "sessions A to F, E and F from outside conversations");
        assertEquals(0, count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated "
                + "AND confrelid = 'chatbot.session_master'::regclass"));
        assertEquals(1, count("SELECT count(*) FROM pg_constraint WHERE conname = 'recommendations_log_count_matches' AND NOT convalidated"),
                "the old row whose count contradicts its list is kept, so the check stays NOT VALID");

        given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));

        // B spans September and October: its history still reads in order, from both old partitions.
        given().get("/api/chat/sessions/{id}/conversations", "bbbbbbbb-0000-0000-0000-000000000002").then().statusCode(200)
                .body("items.inputText", equalTo(java.util.List.of("b1", "b2", "b3", "b4", "b5", "b6")));
        given().get("/api/chat/sessions/{id}", "aaaaaaaa-0000-0000-0000-000000000001").then().statusCode(200)
                .body("userId", equalTo(1)).body("firstConversationAt", equalTo("2024-08-10T01:01:00Z"));
    }

    @Test
    @Order(2)
    void theUpgradedDatabaseTakesNewRowsBesideTheOldPartitionsAndCascades() throws SQLException {
        String c = "cccccccc-0000-0000-0000-000000000003";
        // 2024-11-30T20:00Z is December in Seoul: past the old November partition, in the gap before a UTC month.
        ChatApi.addConversation(c, "after the upgrade", Instant.parse("2024-11-30T20:00:00Z"));
        ChatApi.addConversation(c, "in december", Instant.parse("2024-12-05T00:00:00Z"));
        given().contentType("application/json").body("{\"interactionType\":\"text_input\"}")
                .post("/api/chat/sessions/{id}/interactions", c).then().statusCode(201);

        // Its user, from before the platform, signs in for the first time: linked to a subject, they delete it.
        String subject = "legacy-user-" + java.util.UUID.randomUUID();
        try (Connection owner = PlatformTestResource.owner(); PreparedStatement link = owner.prepareStatement(
                "UPDATE chatbot.users SET subject = ? WHERE id = (SELECT user_id FROM chatbot.session_master WHERE session_id = ?::uuid)")) {
            link.setString(1, subject);
            link.setString(2, c);
            assertEquals(1, link.executeUpdate());
        }
        given().header("Authorization", TestIssuer.bearer(TestIssuer.token(subject, Roles.CHAT_USER)))
                .delete("/api/chat/sessions/{id}", c).then().statusCode(204);
        assertEquals(0, count("SELECT count(*) FROM chatbot.conversations WHERE session_id = '" + c + "'"));
        assertEquals(0, count("SELECT count(*) FROM ml_features.user_interactions WHERE session_id = '" + c + "'"));
        given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));
    }

    private long count(String sql) throws SQLException {
        try (Connection owner = PlatformTestResource.owner()) {
            return Counts.of(owner, sql);
        }
    }
}
