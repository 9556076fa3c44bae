package dev.integrity.platform.rest;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every service's OpenAPI document says what the shared error contract answers (README, "Errors"),
 * operation by operation: the {@code Problem} schema, and the statuses any operation of its kind
 * can get: 400 for one with parameters or a body, 404 for one with a path parameter or a filter naming
 * a parent, 409 for a write
 * (a unique or exclusion constraint lost to another request, or the resource's state), 413 for one
 * with a body, 415 for all (a body of the wrong type), 401 and 403 for a secured one, 503 for all (PostgreSQL unreachable or busy;
 * Retry-After says when to retry). Each operation's description defaults to its summary. Success
 * statuses other than 200 are declared where the resource is ({@code @APIResponseSchema}). A field
 * that may be null, or a reference with a default, is written so that validators read it
 * ({@link InlinedReferences}).
 * Registered for every service by {@code mp.openapi.filter}.
 */
public class ApiDocument implements OASFilter {

    static final String PROBLEM = "Problem";
    private static final Set<String> PAGE_PROPERTIES = Set.of("items", "page", "size", "total");
    private static final String PROBLEM_JSON = "application/problem+json";

    private static final Map<String, String> WHY = Map.of(
            "400", "malformed JSON, a wrong type, failed validation, or a bad parameter (`errors` names each field)",
            "401", "no valid credentials: no token, or a malformed, expired, wrongly signed or wrongly issued one",
            "403", "valid credentials without the right: a role the caller lacks, or another user named",
            "404", "no such resource, another user's, or an unknown parent named in the body",
            "409", "a conflict with another request (a unique or exclusion constraint decided it) or with the resource's state; "
                    + "the problem names what it collided with",
            "413", "the body (or the batch) is larger than the limit",
            "415", "the body's Content-Type is not one this operation reads (or a body was sent where none is read)",
            "503", "PostgreSQL is unreachable or busy for now; retry after Retry-After");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        components.addSchema(PROBLEM, problemSchema());
        openAPI.setComponents(components);
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> document(path, method, op)));
        pageExamples(components);
        InlinedReferences.inline(openAPI);
    }

    /**
     * A page of a list ({@code Page<T>}, one schema per item type: {@code PageAedView}) has no class
     * of its own to carry an example; its example is a page holding its item's example.
     */
    private static void pageExamples(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        components.getSchemas().forEach((name, schema) -> {
            Map<String, Schema> properties = schema.getProperties();
            if (schema.getExample() != null || properties == null || !properties.keySet().equals(PAGE_PROPERTIES)) {
                return;
            }
            Schema items = properties.get("items").getItems();
            String ref = items == null ? null : items.getRef();
            Schema item = ref == null ? null : components.getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1));
            if (item != null && item.getExample() != null) {
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("items", List.of(item.getExample()));
                page.put("page", 0);
                page.put("size", 50);
                page.put("total", 1);
                schema.setExample(page);
            }
        });
    }

    private static void document(String path, PathItem.HttpMethod method, Operation op) {
        if (op.getDescription() == null || op.getDescription().isBlank()) {
            op.setDescription(op.getSummary());
        }
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        op.setResponses(responses);
        boolean body = op.getRequestBody() != null;
        boolean parameters = body || op.getParameters() != null && !op.getParameters().isEmpty();
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        add(responses, "400", parameters);
        add(responses, "401", secured);
        add(responses, "403", secured);
        add(responses, "404", path.contains("{") || parameters); // a path id, or a filter naming an unknown parent
        add(responses, "409", method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD);
        add(responses, "413", body);
        add(responses, "415", true); // a body of another type, even where none is read (a class-level @Consumes)
        add(responses, "503", true);
        // Whatever added a 4xx or 5xx (Quarkus' own 400, 401 and 403), the body is a problem.
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                if (response.getDescription() == null || response.getDescription().isBlank() || WHY.containsKey(status)
                        && response.getContent() == null) {
                    response.setDescription(WHY.getOrDefault(status, response.getDescription()));
                }
                response.setContent(OASFactory.createContent().addMediaType(PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
            }
        });
    }

    private static void add(APIResponses responses, String status, boolean applies) {
        if (applies && !responses.hasAPIResponse(status)) {
            APIResponse response = OASFactory.createAPIResponse().description(WHY.get(status));
            responses.addAPIResponse(status, response);
        }
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. A 409 adds what the request collided with (for example "
                        + "activeSessionId); a 503 adds retryAfterSeconds; a 500 adds errorId, the id the log holds it under.")
                .required(List.of("type", "title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("urn:integrity:problem:<kind>").example("urn:integrity:problem:invalid-request"))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", text)
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("the request's path"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .addProperty("field", text).addProperty("message", text)))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }
}
