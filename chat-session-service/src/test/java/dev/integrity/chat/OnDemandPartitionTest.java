package dev.integrity.chat;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With premake turned off and no partition at all, a conversation is still stored: never "no partition found for row". */
@QuarkusTest
@TestProfile(OnDemandPartitionTest.PremakeOff.class)
@WithTestResource(PlatformTestResource.class)
class OnDemandPartitionTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    public static class PremakeOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.premake-months", "0");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
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
}
