package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrity.platform.paging.Page;
import io.quarkus.runtime.configuration.MemorySize;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input sweep: for every operation in the service's own OpenAPI document, at least 30
 * malformed requests (missing, extra and mistyped fields, nulls, over-long strings, a 1 MB body,
 * deep nesting, invalid UTF-8, NaN, extreme numbers, bad ids, UUIDs and timestamps, SQL and HTML
 * metacharacters, the wrong Content-Type, an empty body, an oversized batch, unknown enum values).
 * Not one answer may be a 5xx, and every 4xx is problem+json. Each service runs it with a one-line
 * subclass; every request carries credentials that pass the access check (the admin token on /admin,
 * a token with every role elsewhere), so the handlers themselves are reached.
 */
public abstract class BadInputSweepContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIN_VARIANTS = 30;
    private static final String EVERY_ROLE = TestIssuer.token("bad-input-sweep",
            dev.integrity.platform.security.Roles.ALL.toArray(String[]::new));

    @ConfigProperty(name = "platform.admin-token")
    protected String adminToken;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    protected MemorySize maxBodySize;

    private record Operation(String method, String path, JsonNode spec) {
    }

    /**
     * One request; {@code malformed} when the operation's own document says it is wrong, so that a
     * 2xx answer to it is a defect. The rest may be right (an unknown query parameter, a body on an
     * operation that reads none, a string field given SQL text): they only must not be a 5xx.
     */
    /**
     * One malformed (or, where {@code malformed} is false, acceptable) request. {@code named} is the
     * typed parameter the answer must name, a 400 with that field, or null.
     */
    private record Variant(String what, String path, String contentType, byte[] body, boolean malformed, String named) {
        Variant(String what, String path, String contentType, byte[] body, boolean malformed) {
            this(what, path, contentType, body, malformed, null);
        }

        Variant(String what, String path, String contentType, byte[] body) {
            this(what, path, contentType, body, true);
        }
    }

    /** The service under test, a client for it, and its live OpenAPI document, fresh for every test. */
    private String base;
    private HttpClient client;
    private JsonNode openapi;

    @BeforeEach
    void readTheDocument() throws Exception {
        base = "http://localhost:" + RestAssured.port;
        // HTTP/1.1: the JDK client's default h2c upgrade once read the server's HTTP/1.1 answer as HTTP/2 frames.
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        openapi = openapi(client, base);
    }

    @Test
    void everyOperationAnswersMalformedInputWithA4xxProblemNeverA5xx() throws Exception {
        List<Operation> operations = operations(openapi);
        assertTrue(!operations.isEmpty(), "the OpenAPI document lists no operation");

        int tried = 0;
        List<String> serverErrors = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        List<String> unnamed = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Operation op : operations) {
            List<Variant> variants = variants(op, openapi);
            assertTrue(variants.size() >= MIN_VARIANTS, op.method() + " " + op.path() + ": only " + variants.size() + " variants");
            for (Variant v : variants) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + v.path())).timeout(Duration.ofSeconds(30));
                if (v.contentType() != null) {
                    request.header("Content-Type", v.contentType());
                }
                request.header("Authorization", authorization(v.path()));
                request.method(op.method(), v.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(v.body()));
                HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                tried++;
                statuses.merge(answer.statusCode(), 1, Integer::sum);
                String where = op.method() + " " + v.path().substring(0, Math.min(120, v.path().length())) + " [" + v.what() + "]";
                if (answer.statusCode() != 405 && !op.spec().path("responses").has(Integer.toString(answer.statusCode()))
                        && !op.spec().path("responses").has("default")) {
                    undocumented.add(op.method() + " " + op.path() + " -> " + answer.statusCode());
                }
                if (answer.statusCode() >= 500) {
                    serverErrors.add(where + " -> " + answer.statusCode() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
                } else if (answer.statusCode() < 400 && v.malformed()) {
                    accepted.add(where + " -> " + answer.statusCode());
                } else if (answer.statusCode() >= 400 && answer.statusCode() != 405
                        && !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    notProblems.add(where + " -> " + answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("(none)"));
                } else if (v.named() != null && (answer.statusCode() != 400
                        || !JSON.readTree(answer.body()).path("errors").path(0).path("field").asText().equals(v.named()))) {
                    unnamed.add(where + " -> " + answer.statusCode() + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
                }
            }
        }
        System.out.printf("bad-input sweep: %d operations, %d requests, statuses %s, 5xx: %d, malformed and accepted: %d%n",
                operations.size(), tried, statuses, serverErrors.size(), accepted.size());
        assertEquals(List.of(), serverErrors, "5xx answers");
        assertEquals(List.of(), notProblems, "4xx answers that are not problem+json");
        assertEquals(List.of(), accepted, "2xx answers to requests the operation's own document calls malformed");
        assertEquals(List.of(), undocumented.stream().distinct().toList(), "statuses the operation's document does not list");
        assertEquals(List.of(), unnamed, "typed parameters whose bad value is not a 400 naming the parameter");
    }

    /**
     * Every operation that takes a JSON body documents an example of it, the example is valid by the
     * document's own schema (checked by a validator nobody here wrote), and the service takes it: sent
     * as it stands, it is not refused as malformed (a 404 for the sweep's placeholder ids, or a 409
     * for a second send, still means the body passed). A client may copy any example and send it.
     */
    @Test
    void everyRequestBodyHasAnExampleTheServiceTakes() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int bodies = 0;
        for (Operation op : operations(openapi)) {
            JsonNode content = op.spec().path("requestBody").path("content").path("application/json");
            if (content.isMissingNode()) {
                continue;
            }
            bodies++;
            String where = op.method() + " " + op.path();
            JsonNode example = content.has("example") ? content.get("example") : exampleOf(openapi, content.path("schema"));
            if (example == null) {
                missing.add(where);
                continue;
            }
            String path = plausible(op);
            List<String> errors = ApiDocumentValidation.requestErrors(base, op.method(), path, example.toString());
            if (!errors.isEmpty()) {
                invalid.add(where + "\n" + String.join("\n", errors));
            }
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("Authorization", authorization(path))
                    .method(op.method(), HttpRequest.BodyPublishers.ofString(example.toString())).build(), HttpResponse.BodyHandlers.ofString());
            boolean refusedAsMalformed = answer.statusCode() == 400 && !onlyTimestampsRefused(answer.body(), example);
            if (answer.statusCode() >= 500 || refusedAsMalformed || answer.statusCode() == 413 || answer.statusCode() == 415) {
                refused.add(where + " -> " + answer.statusCode() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
        }
        System.out.printf("request examples: %d JSON bodies, %d without an example, %d invalid, %d refused%n",
                bodies, missing.size(), invalid.size(), refused.size());
        assertEquals(List.of(), missing, "JSON request bodies without an example");
        assertEquals(List.of(), invalid, "examples their own document calls invalid");
        assertEquals(List.of(), refused, "examples the service refuses");
    }

    /**
     * Every schema an {@code /api} operation answers with on success has an example (a list's, its
     * item's), and the example is a valid answer of that operation by the document's own validator.
     */
    @Test
    void everyAnswerHasAValidExample() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        int answers = 0;
        for (Operation op : operations(openapi)) {
            if (!op.path().startsWith("/api/")) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> responses = op.spec().path("responses").fields();
            while (responses.hasNext()) {
                Map.Entry<String, JsonNode> response = responses.next();
                JsonNode content = response.getValue().path("content").path("application/json");
                if (!response.getKey().startsWith("2") || content.isMissingNode()) {
                    continue;
                }
                answers++;
                String where = op.method() + " " + op.path() + " " + response.getKey();
                JsonNode example = content.has("example") ? content.get("example") : exampleOf(openapi, content.path("schema"));
                if (example == null) {
                    missing.add(where + " " + content.path("schema"));
                    continue;
                }
                List<String> errors = ApiDocumentValidation.responseErrors(base, op.method(), plausible(op),
                        Integer.parseInt(response.getKey()), example.toString());
                if (!errors.isEmpty()) {
                    invalid.add(where + "\n" + String.join("\n", errors));
                }
            }
        }
        System.out.printf("answer examples: %d success answers, %d without an example, %d invalid%n", answers, missing.size(), invalid.size());
        assertEquals(List.of(), missing, "success answers without an example");
        assertEquals(List.of(), invalid, "answer examples their own document calls invalid");
    }

    /**
     * Whether a 400 names only timestamps of the example: an example's timestamp ages out of a
     * service's time window (IMU samples are kept 365 days), which the window's own tests cover; the
     * rest of the example must still pass.
     */
    private static boolean onlyTimestampsRefused(String problem, JsonNode example) throws Exception {
        JsonNode errors = JSON.readTree(problem).path("errors");
        if (errors.isEmpty()) {
            return false;
        }
        for (JsonNode error : errors) {
            String field = error.path("field").asText();
            String name = field.substring(field.lastIndexOf('.') + 1);
            if (!example.findValuesAsText(name).stream().allMatch(BadInputSweepContract::isTimestamp)
                    || example.findValues(name).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTimestamp(String text) {
        try {
            java.time.OffsetDateTime.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * A schema's example: its own, or for one-of alternatives the first one's, or for an array one of
     * its items' examples as a one-item array; null when it has none.
     */
    private static JsonNode exampleOf(JsonNode openapi, JsonNode schema) {
        JsonNode resolved = resolve(openapi, schema);
        if (resolved.has("example")) {
            return resolved.get("example");
        }
        for (String alternatives : List.of("oneOf", "anyOf")) {
            if (resolved.path(alternatives).size() > 0) {
                return exampleOf(openapi, resolved.path(alternatives).get(0));
            }
        }
        if ("array".equals(resolved.path("type").asText())) {
            JsonNode item = exampleOf(openapi, resolved.path("items"));
            return item == null ? null : JSON.createArrayNode().add(item);
        }
        return null;
    }

    /** Every /admin and /api/monitoring operation refuses a missing, a wrong and a non-bearer token with 401 problem+json. */
    @Test
    void everyOperatorOperationNeedsTheAdminToken() throws Exception {
        int checked = 0;
        List<String> open = new ArrayList<>();
        for (Operation op : operations(openapi)) {
            if (!op.path().startsWith("/admin") && !op.path().startsWith("/api/monitoring")) {
                continue;
            }
            for (String authorization : new String[]{null, "Bearer wrong-" + adminToken, "Basic " + adminToken}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + plausible(op)))
                        .method(op.method(), HttpRequest.BodyPublishers.noBody());
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                checked++;
                if (answer.statusCode() != 401
                        || !answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    open.add(op.method() + " " + op.path() + " with " + (authorization == null ? "no token" : "a wrong token")
                            + " -> " + answer.statusCode());
                }
            }
        }
        System.out.printf("admin token: %d operator requests without a valid token, %d not refused with 401%n", checked, open.size());
        assertTrue(checked >= 9, "the OpenAPI document lists too few operator operations: " + checked / 3);
        assertEquals(List.of(), open);
    }

    /**
     * Every paged list, in every service, serves pages up to {@link Page#LAST_PAGE} and refuses the
     * one after it with a 400 naming {@code page}, so no request makes PostgreSQL walk an unbounded
     * offset. A list that forgot its bound (or a new one without paging at all) fails here.
     */
    @Test
    void everyPagedListStopsAtItsLastPage() throws Exception {
        List<String> unbounded = new ArrayList<>();
        int lists = 0;
        for (Operation op : operations(openapi)) {
            boolean paged = false;
            for (JsonNode param : op.spec().path("parameters")) {
                paged |= "query".equals(param.path("in").asText()) && "page".equals(param.path("name").asText());
            }
            if (!"GET".equals(op.method()) || !paged) {
                continue;
            }
            lists++;
            String path = plausible(op) + "?q=sweep&size=1&page=";
            HttpResponse<String> last = client.send(HttpRequest.newBuilder(URI.create(base + path + Page.LAST_PAGE))
                    .header("Authorization", authorization(path)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> past = client.send(HttpRequest.newBuilder(URI.create(base + path + (Page.LAST_PAGE + 1)))
                    .header("Authorization", authorization(path)).build(), HttpResponse.BodyHandlers.ofString());
            boolean lastServed = last.statusCode() == 200 || last.statusCode() == 404;
            boolean pastRefused = past.statusCode() == 400 && JSON.readTree(past.body()).path("errors").path(0).path("field").asText().equals("page");
            if (!lastServed || !pastRefused) {
                unbounded.add(op.path() + ": page " + Page.LAST_PAGE + " -> " + last.statusCode() + ", page " + (Page.LAST_PAGE + 1)
                        + " -> " + past.statusCode() + " " + past.body().substring(0, Math.min(200, past.body().length())));
            }
        }
        System.out.printf("paged lists: %d, each refusing page %d%n", lists, Page.LAST_PAGE + 1);
        assertTrue(lists >= 1, "the OpenAPI document lists no paged list");
        assertEquals(List.of(), unbounded);
    }

    /**
     * quarkus.http.limits.max-body-size, tested at the limit and one byte over it, on every operation
     * that takes a body: at the limit the body is read (and judged on its content), one byte over it
     * is a 413 problem+json, whether the length is declared up front or the body is chunked.
     */
    @Test
    void aBodyOneByteOverTheLimitIsA413Problem() throws Exception {
        int limit = Math.toIntExact(maxBodySize.asLongValue());
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Operation op : operations(openapi)) {
            if (!op.spec().has("requestBody")) {
                continue;
            }
            for (boolean chunked : new boolean[]{false, true}) {
                for (int size : new int[]{limit, limit + 1}) {
                    // A JSON array padded with spaces: exactly `size` bytes, valid JSON.
                    byte[] body = new byte[size];
                    java.util.Arrays.fill(body, (byte) ' ');
                    body[0] = '[';
                    body[size - 1] = ']';
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + plausible(op)))
                            .header("Content-Type", "application/json").header("Authorization", authorization(op.path()))
                            .method(op.method(), chunked
                                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
                    int status;
                    String type;
                    try {
                        HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        status = answer.statusCode();
                        type = answer.headers().firstValue("Content-Type").orElse("(none)");
                    } catch (java.io.IOException e) {
                        status = -1;
                        type = e.toString();
                    }
                    checked++;
                    boolean over = size > limit;
                    boolean right = over ? status == 413 && type.startsWith("application/problem+json")
                            : status != 413 && status >= 200 && status < 500;
                    if (!right) {
                        wrong.add(op.method() + " " + op.path() + " " + size + " bytes" + (chunked ? " chunked" : "") + " -> " + status + " " + type);
                    }
                }
            }
        }
        System.out.printf("body limit: %d requests at %d and %d bytes, %d wrong%n", checked, limit, limit + 1, wrong.size());
        assertTrue(checked >= 4, "the OpenAPI document lists no operation with a body");
        assertEquals(List.of(), wrong);
    }

    /**
     * Credentials that pass every access check, so the malformed input itself is what is judged: the
     * admin token on /admin, elsewhere a token holding every role of the contract.
     */
    private String authorization(String path) {
        return path.startsWith("/admin") ? "Bearer " + adminToken : TestIssuer.bearer(EVERY_ROLE);
    }

    /** The service's own OpenAPI document, as it serves it. */
    private static JsonNode openapi(HttpClient client, String base) throws Exception {
        return JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static List<Operation> operations(JsonNode openapi) {
        List<Operation> ops = new ArrayList<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            String m = method.getKey().toUpperCase();
            if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(m)) {
                ops.add(new Operation(m, path.getKey(), method.getValue()));
            }
        }));
        return ops;
    }

    /** The malformed requests for one operation. */
    private List<Variant> variants(Operation op, JsonNode openapi) {
        List<Variant> out = new ArrayList<>();
        String good = plausible(op);
        // Path parameters that are not what they should be: never a resource. Where the parameter is
        // typed (an integer, a UUID) and its schema refuses the value, a 400 naming it, not a 404.
        if (op.path().contains("{")) {
            for (String bad : List.of("-1", "0", "abc", "99999999999999999999999", "1.5", "not-a-uuid", "%27%20OR%201%3D1--",
                    "%3Cscript%3E", "%00", "%E2%80%AE")) {
                String named = null;
                for (JsonNode param : op.spec().path("parameters")) {
                    JsonNode schema = resolve(openapi, param.path("schema"));
                    if ("path".equals(param.path("in").asText()) && typed(schema)
                            && SchemaCheck.rejects(schema, JSON.getNodeFactory().textNode(URLDecoder.decode(bad, StandardCharsets.UTF_8)), true)) {
                        named = param.path("name").asText();
                    }
                }
                out.add(new Variant("path " + bad, op.path().replaceAll("\\{[^}]*}", bad), null, null, true, named));
            }
        }
        // Query parameters: every declared one with bad values, and an unknown one.
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        for (JsonNode param : op.spec().path("parameters")) {
            if ("query".equals(param.path("in").asText())) {
                declared.put(param.path("name").asText(), resolve(openapi, param.path("schema")));
            }
        }
        declared.forEach((name, schema) -> {
            for (String bad : List.of("-1", "abc", "99999999999999999999", "2026-13-45T99:99:99Z", "2026-01-01T10:00:00", "NaN",
                    "' OR 1=1 --", "<b>x</b>", "", "true;DROP")) {
                // An empty value is a parameter not given, as JAX-RS reads it; the rest by the parameter's schema.
                boolean wrong = !bad.isEmpty() && SchemaCheck.rejects(schema, JSON.getNodeFactory().textNode(bad), true);
                out.add(new Variant("query " + name + "=" + bad, good + "?" + enc(name) + "=" + enc(bad), null, null, wrong,
                        wrong && typed(schema) ? name : null));
            }
        });
        // Parameters an operation does not declare are ignored, as HTTP APIs commonly do.
        out.add(new Variant("unknown query parameter", good + "?zzz=1", null, null, false));
        for (String paging : List.of("page=-1", "size=0", "size=999999999", "page=abc", "size=1e3")) {
            String name = paging.substring(0, paging.indexOf('='));
            boolean paged = declared.containsKey(name);
            out.add(new Variant("paging " + paging, good + "?" + paging, null, null, paged, paged ? name : null));
        }
        // Bodies, for operations that take one (and, for the rest, an unexpected body, which is never read).
        JsonNode requestBody = op.spec().path("requestBody");
        boolean takesBody = !requestBody.isMissingNode();
        boolean bodyRequired = requestBody.path("required").asBoolean(false);
        JsonNode schema = resolve(openapi, requestBody.path("content").path("application/json").path("schema"));
        boolean emptyObjectWrong = takesBody && (schema.path("required").size() > 0 || "array".equals(schema.path("type").asText()));
        String json = "application/json";
        java.util.function.BiFunction<String, byte[], Variant> bad = (what, body) -> new Variant(what, good, json, body, takesBody);
        out.add(new Variant("empty body", good, json, new byte[0], bodyRequired));
        out.add(bad.apply("not JSON", bytes("{this is not json")));
        out.add(new Variant("JSON null", good, json, bytes("null"), bodyRequired));
        out.add(bad.apply("a number", bytes("42")));
        out.add(bad.apply("a string", bytes("\"text\"")));
        out.add(new Variant("empty object", good, json, bytes("{}"), emptyObjectWrong));
        out.add(bad.apply("empty array", bytes("[]")));
        for (String[] other : new String[][] {{"wrong Content-Type", "text/plain", "{}"}, {"XML", "application/xml", "<a/>"},
                {"form-encoded", "application/x-www-form-urlencoded", "a=1&b=2"}, {"multipart without boundary", "multipart/form-data", "--x--"}}) {
            boolean consumed = requestBody.path("content").has(other[1]);
            out.add(new Variant(other[0], good, other[1], bytes(other[2]), takesBody && !consumed));
        }
        out.add(bad.apply("invalid UTF-8", new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        out.add(bad.apply("NaN and Infinity", bytes("{\"a\": NaN, \"b\": Infinity}")));
        out.add(bad.apply("deeply nested", bytes("[".repeat(5000) + "]".repeat(5000))));
        out.add(bad.apply("deeply nested object", bytes("{\"a\":".repeat(3000) + "1" + "}".repeat(3000))));
        out.add(bad.apply("1 MB body", bytes("{\"a\":\"" + "x".repeat(1 << 20) + "\"}")));
        out.add(bad.apply("duplicate keys", bytes("{\"a\":1,\"a\":2}")));
        out.add(bad.apply("trailing garbage", bytes("{} {}")));
        out.add(bad.apply("invalid escape", bytes("{\"a\":\"\\uZZZZ\"}")));
        out.add(bad.apply("lone surrogate", bytes("{\"a\":\"\\ud800\"}")));
        out.add(bad.apply("number out of range", bytes("{\"a\":1e99999}")));
        out.add(bad.apply("array of nulls", bytes("[null, null]")));
        out.add(bad.apply("missing value", bytes("{\"a\":}")));
        out.add(new Variant("byte order mark", good, json, new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}, emptyObjectWrong));
        out.add(bad.apply("100k numbers", bytes("[" + "1,".repeat(100_000) + "1]")));
        if (schema.isObject() && schema.has("properties")) {
            ObjectNode valid = sample(schema, openapi, 0);
            out.add(bad.apply("extra field", bytes(valid.deepCopy().put("unknownField", 1).toString())));
            out.add(bad.apply("oversized batch", bytes(batch(valid, 100_001))));
            java.util.Set<String> required = new java.util.HashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            Iterator<String> names = schema.path("properties").fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                JsonNode prop = resolve(openapi, schema.path("properties").path(field));
                for (Map.Entry<String, JsonNode> value : badValues(prop).entrySet()) {
                    ObjectNode body = valid.deepCopy();
                    body.set(field, value.getValue());
                    boolean wrong = value.getValue().isNull() ? required.contains(field) : SchemaCheck.rejects(prop, value.getValue(), false);
                    out.add(new Variant(field + ": " + value.getKey(), good, json, bytes(body.toString()), wrong));
                }
                ObjectNode missing = valid.deepCopy();
                missing.remove(field);
                out.add(new Variant("missing " + field, good, json, bytes(missing.toString()), required.contains(field)));
            }
        }
        return out;
    }

    /** A parameter a converter reads (an integer, a boolean, a UUID, a timestamp, a word from a list), not free text. */
    private static boolean typed(JsonNode schema) {
        String type = schema.path("type").asText("");
        String format = schema.path("format").asText("");
        return type.equals("integer") || type.equals("boolean") || format.equals("uuid") || format.equals("date-time") || schema.has("enum");
    }

    private static Map<String, JsonNode> badValues(JsonNode prop) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        bad.put("null", JSON.nullNode());
        bad.put("an array", JSON.createArrayNode().add(1));
        bad.put("an object", JSON.createObjectNode().put("x", 1));
        bad.put("true", JSON.getNodeFactory().booleanNode(true));
        bad.put("a huge number", JSON.getNodeFactory().numberNode(new java.math.BigInteger("9".repeat(40))));
        bad.put("-1", JSON.getNodeFactory().numberNode(-1));
        bad.put("0", JSON.getNodeFactory().numberNode(0));
        bad.put("1e308", JSON.getNodeFactory().numberNode(1e308));
        bad.put("a 100k string", JSON.getNodeFactory().textNode("x".repeat(100_000)));
        bad.put("SQL", JSON.getNodeFactory().textNode("'); DROP TABLE x; --"));
        bad.put("HTML", JSON.getNodeFactory().textNode("<script>alert(1)</script>"));
        bad.put("empty string", JSON.getNodeFactory().textNode(""));
        bad.put("not a timestamp", JSON.getNodeFactory().textNode("2026-02-30T25:61:00Z"));
        bad.put("timestamp without offset", JSON.getNodeFactory().textNode("2026-01-01T10:00:00"));
        bad.put("not a UUID", JSON.getNodeFactory().textNode("123e4567-e89b-12d3-a456"));
        bad.put("unknown enum value", JSON.getNodeFactory().textNode("NO_SUCH_VALUE"));
        bad.put("control characters", JSON.getNodeFactory().textNode("a\u0000b\u001Fc"));
        return bad;
    }

    /** A body that satisfies the schema's shape, for the variants that break one field at a time. */
    private static ObjectNode sample(JsonNode schema, JsonNode openapi, int depth) {
        ObjectNode node = JSON.createObjectNode();
        schema.path("properties").fields().forEachRemaining(e -> {
            JsonNode prop = resolve(openapi, e.getValue());
            node.set(e.getKey(), sampleValue(prop, openapi, depth));
        });
        return node;
    }

    private static JsonNode sampleValue(JsonNode prop, JsonNode openapi, int depth) {
        if (prop.has("enum")) {
            return prop.path("enum").get(0);
        }
        String type = prop.path("type").asText("string");
        String format = prop.path("format").asText("");
        return switch (type) {
            case "integer" -> JSON.getNodeFactory().numberNode(1);
            case "number" -> JSON.getNodeFactory().numberNode(1.5);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "array" -> JSON.createArrayNode();
            case "object" -> depth > 2 ? JSON.createObjectNode() : sample(prop, openapi, depth + 1);
            default -> JSON.getNodeFactory().textNode(switch (format) {
                case "date-time" -> "2026-01-01T10:00:00Z";
                case "uuid" -> "00000000-0000-0000-0000-000000000001";
                default -> "sweep";
            });
        };
    }

    private static String batch(ObjectNode item, int n) {
        ArrayNode array = JSON.createArrayNode();
        for (int i = 0; i < n; i++) {
            array.add(item);
        }
        return array.toString();
    }

    private static JsonNode resolve(JsonNode openapi, JsonNode schema) {
        for (int i = 0; i < 10 && schema.has("$ref"); i++) {
            String ref = schema.path("$ref").asText();
            JsonNode target = openapi;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            schema = target;
        }
        if (schema.has("allOf") && schema.path("allOf").size() == 1) {
            return resolve(openapi, schema.path("allOf").get(0));
        }
        return schema;
    }

    /** The operation's path with plausible parameters (a UUID, a number or a word), so bad bodies reach the handler. */
    private static String plausible(Operation op) {
        String path = op.path();
        for (JsonNode param : op.spec().path("parameters")) {
            if (!"path".equals(param.path("in").asText())) {
                continue;
            }
            String name = param.path("name").asText();
            String value = "uuid".equals(param.path("schema").path("format").asText()) || path.contains("sessions/{" + name + "}")
                    ? "00000000-0000-0000-0000-000000000001"
                    : name.equalsIgnoreCase("id") || name.endsWith("Id") && !name.equals("deviceId") ? "1" : "sweep-" + name;
            path = path.replace("{" + name + "}", value);
        }
        return path.replaceAll("\\{[^}]*}", "x");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
