package dev.integrity.platform.error;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jackson's refusals, in the client's terms: the field, what it must be, never a Java name. */
class JsonProblemsTest {

    enum Colour { RED, GREEN }

    record Item(String name, Integer count, Boolean ok, OffsetDateTime at, UUID id, LocalDate day, Colour colour, List<String> tags) {
    }

    record Order(Item item, List<Item> items) {
    }

    record Counted(@JsonSetter(nulls = Nulls.FAIL) Integer count) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static BadRequestProblem refused(String body, Class<?> type, String prefix) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JSON.readValue(body, type));
        BadRequestProblem problem = JsonProblems.toProblem(e, prefix);
        assertEquals(400, problem.status());
        return problem;
    }

    private static void field(String body, Class<?> type, String prefix, String field, String message) {
        Problem problem = refused(body, type, prefix).toProblem();
        assertEquals(field + " " + message, problem.getDetail(), body);
        assertEquals(List.of(new FieldError(field, message)), problem.getExtensions().get("errors"), body);
    }

    @Test
    void eachKindOfRefusalNamesTheFieldAndWhatItMustBe() {
        field("{\"nmae\":\"x\"}", Item.class, "", "nmae", "is not a known field");
        field("{\"count\":null}", Counted.class, "", "count", "must not be null");
        field("{\"count\":\"many\"}", Item.class, "", "count", "has an invalid value for a number");
        field("{\"ok\":\"perhaps\"}", Item.class, "", "ok", "has an invalid value for a boolean");
        field("{\"id\":\"not-a-uuid\"}", Item.class, "", "id", "has an invalid value for a UUID");
        field("{\"colour\":\"BLUE\"}", Item.class, "", "colour", "has an invalid value for one of RED, GREEN");
        field("{\"name\":{}}", Item.class, "", "name", "must be a string");
        field("{\"tags\":\"one\"}", Item.class, "", "tags", "must be an array");
        field("{\"at\":\"tomorrow\"}", Item.class, "", "at", "has an invalid value for an ISO-8601 timestamp with an offset");
        field("{\"day\":\"2025-13-01\"}", Item.class, "", "day", "has an invalid value for an ISO-8601 date");
        field("{\"item\":[]}", Order.class, "", "item", "must be an object");
    }

    @Test
    void nestedFieldsAndBatchItemsArePathsAClientCanFollow() {
        field("{\"items\":[{\"name\":\"a\"},{\"count\":\"x\"}]}", Order.class, "", "items[1].count", "has an invalid value for a number");
        field("{\"items\":[{\"count\":\"x\"}]}", Order.class, "", "items[0].count", "has an invalid value for a number");
        field("{\"item\":{\"nmae\":1}}", Order.class, "", "item.nmae", "is not a known field");
        field("{\"count\":\"x\"}", Item.class, "[3]", "[3].count", "has an invalid value for a number");
        field("{\"unknown\":1}", Item.class, "[0]", "[0].unknown", "is not a known field");
    }

    @Test
    void aBodyThatIsNotJsonSaysWhereAndNamesNoField() {
        Problem problem = refused("{\"name\": ", Item.class, "").toProblem();
        assertEquals(true, problem.getDetail().startsWith("the body is not valid JSON at line 1, column "), problem.getDetail());
        assertEquals(null, problem.getExtensions().get("errors"), "no field to name");
        Problem wrongShape = refused("[1]", Item.class, "").toProblem();
        assertEquals("the body must be an object", wrongShape.getDetail());
        Problem item = refused("\"text\"", Item.class, "[2]").toProblem();
        assertEquals("[2] must be an object", item.getDetail());
        for (String detail : List.of(problem.getDetail(), wrongShape.getDetail(), item.getDetail())) {
            assertFalse(detail.contains("dev.integrity") || detail.contains("java.") || detail.contains("Jackson"), detail);
        }
    }
}
