package dev.integrity.chat;

import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.chat.service.SessionActivityService;
import dev.integrity.platform.partition.PartitionInfo;
import dev.integrity.platform.partition.PartitionMaintenance;
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
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Monthly partitions: imported history, concurrent on-demand creation, and a history read that prunes. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ConversationPartitionTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("chat-backend-tests", Roles.CHAT_BACKEND, Roles.CHAT_ANALYST);
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PartitionMaintenance partitions;

    @Test
    void aConversationImportedFromTwoYearsBackIsStoredAndTheHistoryReadReturnsIt() {
        String session = ChatApi.newSession(ChatApi.newUser());
        Instant twoYearsAgo = OffsetDateTime.now(ZoneOffset.UTC).minusYears(2).toInstant().truncatedTo(ChronoUnit.SECONDS);
        long imported = ChatApi.addConversation(session, "from the archive", twoYearsAgo);
        long current = ChatApi.addConversation(session, "today", null);

        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].id", equalTo((int) imported))
                .body("items[0].conversationTime", equalTo(twoYearsAgo.toString()))
                .body("items[1].id", equalTo((int) current));
        given().queryParam("size", 1).queryParam("page", 1).get("/api/chat/sessions/{id}/conversations", session)
                .then().statusCode(200).body("items[0].inputText", equalTo("today"));
    }

    @Test
    void aConversationOutsideTheImportWindowIs400NamingItAndMakesNoPartition() {
        String session = ChatApi.newSession(ChatApi.newUser());
        int before = partitions.list(SessionActivityService.CONVERSATIONS).size();
        Instant now = Instant.now();
        for (String outside : List.of("0001-01-01T00:00:00Z", "1900-06-01T12:00:00Z",
                OffsetDateTime.now(ZoneOffset.UTC).minusYears(11).toInstant().toString(), now.plus(1, ChronoUnit.HOURS).toString())) {
            var problem = given().contentType(ContentType.JSON)
                    .body("{\"inputText\":\"old\",\"conversationTime\":\"" + outside + "\"}")
                    .post("/api/chat/sessions/{id}/conversations", session).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("conversationTime")).extract().jsonPath();
            Instant from = Instant.parse(problem.getString("from"));
            Instant to = Instant.parse(problem.getString("to"));
            assertTrue(Math.abs(java.time.Duration.between(now.minus(java.time.Duration.ofDays(3653)), from).toSeconds()) < 60, outside);
            assertTrue(Math.abs(java.time.Duration.between(now.plus(java.time.Duration.ofMinutes(5)), to).toSeconds()) < 60, outside);
            assertTrue(problem.getString("detail").contains(from + " and " + to), problem.getString("detail"));
        }
        assertEquals(before, partitions.list(SessionActivityService.CONVERSATIONS).size(), "a refused time makes no partition");
        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void twoConcurrentInsertsIntoTheSameMissingMonthBothSucceed() throws Exception {
        Instant month = OffsetDateTime.of(2021, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC).toInstant();
        assertTrue(partitions.list(SessionActivityService.CONVERSATIONS).stream().noneMatch(p -> p.covers(month)));
        String a = ChatApi.newSession(ChatApi.newUser());
        String b = ChatApi.newSession(ChatApi.newUser());
        CyclicBarrier together = new CyclicBarrier(2);
        List<Callable<Integer>> calls = List.of(a, b).stream().<Callable<Integer>>map(session -> () -> {
            together.await(30, TimeUnit.SECONDS);
            return given().contentType(ContentType.JSON)
                    .body("{\"inputText\":\"march\",\"conversationTime\":\"" + month + "\"}")
                    .post("/api/chat/sessions/{id}/conversations", session).statusCode();
        }).toList();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Future<Integer> status : pool.invokeAll(calls, 60, TimeUnit.SECONDS)) {
                assertEquals(201, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<PartitionInfo> covering = partitions.list(SessionActivityService.CONVERSATIONS).stream().filter(p -> p.covers(month)).toList();
        assertEquals(1, covering.size());
        assertEquals("conversations_2021_03", covering.get(0).name());
    }

    @Test
    void theHistoryReadOfAOneMonthSessionPlansAndScansOnePartitionOfTwentyFour() throws SQLException {
        // 24 months of data, a few conversations in each.
        Instant firstMonth = OffsetDateTime.of(2022, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        for (int m = 0; m < 24; m++) {
            Instant month = OffsetDateTime.ofInstant(firstMonth, ZoneOffset.UTC).plusMonths(m).plusDays(3).toInstant();
            partitions.ensure(SessionActivityService.CONVERSATIONS, month);
        }
        String session = ChatApi.newSession(ChatApi.newUser());
        Instant inMay = OffsetDateTime.of(2023, 5, 10, 9, 0, 0, 0, ZoneOffset.UTC).toInstant();
        ChatApi.addConversation(session, "first", inMay);
        ChatApi.addConversation(session, "second", inMay.plus(2, ChronoUnit.HOURS));
        // As the schemas' owner: the service's own role may not ANALYZE (PostgreSQL would skip it with a warning).
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
                    SELECT s.session_id, s.user_id, timestamptz '2022-01-05' + (g * interval '9 days'), 'filler', 'filler'
                      FROM chatbot.session_master s CROSS JOIN generate_series(0, 80) g
                     LIMIT 2000""");
            s.execute("ANALYZE chatbot.conversations");
        }
        String bounded = explain(ConversationRepository.HISTORY, session, true);
        String unbounded = explain(ConversationRepository.HISTORY_UNBOUNDED, session, false);

        List<String> scanned = relations(bounded);
        assertEquals(List.of("conversations_2023_05"), scanned, bounded);
        // Pruned while planning, not at run time: the plan holds no other partition at all.
        assertEquals(List.of("conversations_2023_05"), planned(bounded), bounded);
        assertTrue(relations(unbounded).size() >= 24, "the seed's 'Bad' query scans every partition: " + relations(unbounded));

        given().get("/api/chat/sessions/{id}/conversations", session).then().statusCode(200)
                .body("items.inputText", equalTo(List.of("first", "second")));
    }

    /**
     * EXPLAIN ANALYZE of the repository's own statement: what PostgreSQL actually ran, as the service's
     * app role with the chatbot's backend as the caller, row-level security's policies included.
     */
    private String explain(String sql, String session, boolean bounded) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement caller = c.createStatement()) {
                caller.execute("SELECT set_config('platform.caller', 'chat-backend-tests', true), "
                        + "set_config('platform.caller_roles', 'chat-backend', true)");
            }
            try {
                return explain(c, sql, session, bounded);
            } finally {
                c.rollback();
            }
        }
    }

    private static String explain(Connection c, String sql, String session, boolean bounded) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            int i = 1;
            ps.setObject(i++, UUID.fromString(session));
            if (bounded) {
                // As the service gives them: the session's span, read from session_master first.
                try (PreparedStatement span = c.prepareStatement(
                        "SELECT first_conversation_at, last_conversation_at FROM chatbot.session_master WHERE session_id = ?")) {
                    span.setObject(1, UUID.fromString(session));
                    try (ResultSet rs = span.executeQuery()) {
                        rs.next();
                        ps.setObject(i++, rs.getObject(1, java.time.OffsetDateTime.class));
                        ps.setObject(i++, rs.getObject(2, java.time.OffsetDateTime.class));
                    }
                }
            }
            ps.setInt(i++, 50);
            ps.setLong(i, 0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Every partition in a plan, whether or not it ran. */
    private static List<String> planned(String plan) {
        Matcher m = Pattern.compile("\"Relation Name\": \"(conversations[^\"]*)\"").matcher(plan);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The partitions a plan actually scanned: every relation node that ran at least once. */
    private static List<String> relations(String plan) {
        Matcher m = Pattern.compile("\"Relation Name\": \"([^\"]+)\"[^}]*?\"Actual Loops\": ([0-9]+)", Pattern.DOTALL).matcher(plan);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            if (Integer.parseInt(m.group(2)) > 0 && m.group(1).startsWith("conversations")) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
