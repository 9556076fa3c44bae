package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With premake turned off and no partition at all, a conversation is still stored: never "no
 * partition found for row". And no more than {@code platform.partitions.on-demand-per-minute}
 * partitions (two here) are made on demand in a minute: past it, a 503 with Retry-After.
 */
@QuarkusTest
@TestProfile(OnDemandPartitionTest.PremakeOff.class)
@WithTestResource(PlatformTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OnDemandPartitionTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    public static class PremakeOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.premake-months", "0", "platform.partitions.on-demand-per-minute", "2");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    @Order(1)
    void theFirstConversationOfAMonthWithoutAPartitionIsStoredInOneCreatedOnDemand() throws Exception {
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            List<String> premade = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT partition_name FROM chatbot.partition_list('chatbot.conversations')")) {
                while (rs.next()) {
                    premade.add(rs.getString(1));
                }
            }
            for (String partition : premade) {
                s.execute("DROP TABLE chatbot." + partition);   // a fresh database: they are empty
            }
        }
        String session = ChatApi.newSession(ChatApi.newUser());
        ChatApi.addConversation(session, "first words of the month", null);
        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200)
                .body("items[0].inputText", equalTo("first words of the month"));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM chatbot.partition_list('chatbot.conversations')")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "exactly the month that was needed");
        }
    }

    @Test
    @Order(2)
    void pastTheOnDemandBudgetAWriteIs503WithRetryAfterAndMakesNothingWhileCoveredMonthsStillTakeWrites() throws Exception {
        String session = ChatApi.newSession(ChatApi.newUser());
        int before = partitionCount();
        int stored = 0;
        Integer refusedAt = null;
        // Three months in a row, never seen before: a budget of two per minute cannot make all three.
        for (int attempt = 0; attempt < 3 && refusedAt == null; attempt++) {
            String month = OffsetDateTime.of(2018, 1 + attempt, 10, 8, 0, 0, 0, ZoneOffset.UTC).toInstant().toString();
            var answer = given().contentType(ContentType.JSON)
                    .body("{\"inputText\":\"archive\",\"conversationTime\":\"" + month + "\"}")
                    .post("/api/chat/sessions/{id}/conversations", session).then().extract();
            if (answer.statusCode() == 201) {
                stored++;
                continue;
            }
            refusedAt = attempt;
            assertEquals(503, answer.statusCode(), answer.asString());
            assertEquals("application/problem+json", answer.contentType());
            long retryAfter = Long.parseLong(answer.header("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 30, "two a minute: the next in at most 30 s, not " + retryAfter);
            assertEquals(retryAfter, ((Number) answer.path("retryAfterSeconds")).longValue());
            assertEquals("urn:integrity:problem:partition-budget-exhausted", answer.path("type"));
            assertFalse(answer.asString().contains("conversations_"), "no table names: " + answer.asString());
        }
        assertNotNull(refusedAt, "three new months within a minute on a budget of two");
        assertTrue(stored >= 1, "the first new month of the minute is made (the test before spent one of the two)");
        assertEquals(before + stored, partitionCount(), "each stored month made one partition, the refused one none");

        // A month that exists costs no budget: writes to it go on while the budget is spent.
        ChatApi.addConversation(session, "still in january", OffsetDateTime.of(2018, 1, 20, 8, 0, 0, 0, ZoneOffset.UTC).toInstant());
        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200)
                .body("items.size()", equalTo(stored + 1));
    }

    private int partitionCount() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM chatbot.partition_list('chatbot.conversations')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
