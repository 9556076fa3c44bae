package dev.integrity.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.FieldError;
import dev.integrity.platform.error.JsonProblems;
import dev.integrity.platform.error.PayloadTooLargeProblem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A body that is one item or an array of up to {@code max} items, each bound and validated on its
 * own. Any bad item rejects the whole body with a 400 naming every offending index and field
 * ({@code [3].url}); more than {@code max} items is a 413. Nothing is returned unless all are good.
 */
public final class JsonItems {

    private JsonItems() {
    }

    public static <T> List<T> read(JsonNode body, Class<T> type, int max, ObjectMapper json, Validator validator) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new BadRequestProblem("the body is empty; send one object or an array of them", List.of());
        }
        boolean array = body.isArray();
        if (!array && !body.isObject()) {
            throw new BadRequestProblem("the body must be one object or an array of objects", List.of());
        }
        if (array && body.size() > max) {
            throw new PayloadTooLargeProblem("a request may carry at most " + max + " items; this one has " + body.size())
                    .with("maxItems", max);
        }
        if (array && body.isEmpty()) {
            throw new BadRequestProblem("the array is empty; send at least one item", List.of());
        }
        List<JsonNode> nodes = new ArrayList<>();
        body.forEach(nodes::add);
        if (!array) {
            nodes = List.of(body);
        }
        List<T> items = new ArrayList<>(nodes.size());
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String prefix = array ? "[" + i + "]" : "";
            JsonNode node = nodes.get(i);
            if (!node.isObject()) {
                errors.add(new FieldError(prefix.isEmpty() ? "body" : prefix, "must be an object"));
                continue;
            }
            T item;
            try {
                item = json.treeToValue(node, type);
            } catch (JsonProcessingException e) {
                BadRequestProblem problem = JsonProblems.toProblem(e, prefix);
                @SuppressWarnings("unchecked")
                List<FieldError> found = (List<FieldError>) problem.toProblem().getExtensions().getOrDefault("errors",
                        List.of(new FieldError(prefix.isEmpty() ? "body" : prefix, problem.getMessage())));
                errors.addAll(found);
                continue;
            }
            for (ConstraintViolation<T> v : validator.validate(item)) {
                errors.add(new FieldError(join(prefix, v.getPropertyPath()), v.getMessage()));
            }
            items.add(item);
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                    : errors.size() + " fields are invalid";
            throw new BadRequestProblem(detail + "; nothing from this request was stored", errors);
        }
        return items;
    }

    private static String join(String prefix, Path path) {
        String field = path.toString();
        return prefix.isEmpty() ? field : prefix + "." + field;
    }
}
