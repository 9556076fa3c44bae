package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.security.Roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access table of docs/security.md, read as data, and walked against a running service: for
 * every operation of its live OpenAPI document, the table's one row, and for every caller (nobody,
 * each role of the contract, a signed-in person with no role, the admin token) the answer the row
 * promises. Used by each service's {@code *AccessTest} with the tests' issuer, and by {@code ./dev
 * idp} with tokens from a real Keycloak.
 *
 * <p>A row's "who may call" is a comma-separated list of: a role in backticks, optionally followed by
 * {@code (own)} (only the caller's own resources; another's is a 404); {@code any signed-in user}
 * (optionally {@code (own)}); {@code device credentials} (the sensor's key or enrollment token, which
 * the service's admission check decides; no token needed); {@code admin token}.
 */
public final class AccessTable {

    /** The file, found from the working directory upwards (a module's directory under test). */
    public static final String FILE = "docs/security.md";

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*([a-z-]+-service)\\s*\\|\\s*(GET|POST|PUT|PATCH|DELETE|WS)\\s*\\|\\s*`([^`]+)`\\s*\\|(.*)\\|\\s*$");
    private static final Pattern ROLE = Pattern.compile("`([a-z-]+)`(\\s*\\(own\\))?");

    /** What one row allows. */
    public record Rule(String service, String method, String path, Set<String> roles, Set<String> ownRoles,
                       boolean anySignedIn, boolean deviceCredentials, boolean adminToken) {

        public String operation() {
            return method + " " + path;
        }

        /** Whether a token holding exactly {@code role} (null: no role at all) is let through. */
        public boolean allows(String role) {
            return anySignedIn || (role != null && (roles.contains(role) || ownRoles.contains(role)));
        }
    }

    /** A caller the walk tries: how it authenticates, and the role it holds (null: none). */
    public record Caller(String name, String authorization, String role) {
    }

    /** What went against the table, one line each. */
    public record Finding(String operation, String caller, int status, String expected) {
        @Override
        public String toString() {
            return operation + " as " + caller + ": " + status + ", expected " + expected;
        }
    }

    private final Map<String, Rule> rules;

    private AccessTable(Map<String, Rule> rules) {
        this.rules = rules;
    }

    /** The rows of one service, read from docs/security.md. */
    public static AccessTable of(String service) {
        return parse(read(locate()), service);
    }

    public static AccessTable parse(String markdown, String service) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String line : markdown.split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (!row.matches() || !row.group(1).equals(service)) {
                continue;
            }
            Set<String> roles = new TreeSet<>();
            Set<String> own = new TreeSet<>();
            String who = row.group(4);
            Matcher role = ROLE.matcher(who);
            while (role.find()) {
                if (!Roles.ALL.contains(role.group(1))) {
                    throw new IllegalStateException(FILE + ": " + role.group(1) + " is not a role of the contract: " + line);
                }
                (role.group(2) != null ? own : roles).add(role.group(1));
            }
            String rest = ROLE.matcher(who).replaceAll("").toLowerCase(Locale.ROOT);
            Rule rule = new Rule(service, row.group(2), row.group(3), roles, own, rest.contains("any signed-in user"),
                    rest.contains("device credentials"), rest.contains("admin token"));
            if (rules.put(rule.operation(), rule) != null) {
                throw new IllegalStateException(FILE + " lists " + rule.operation() + " of " + service + " twice");
            }
        }
        return new AccessTable(rules);
    }

    public Map<String, Rule> rules() {
        return rules;
    }

    /** Every HTTP operation of an OpenAPI document, as "METHOD /path". */
    public static Set<String> operations(JsonNode openapi) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    operations.add(method + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** Operations the document has and the table lacks, and rows the document no longer has. */
    public List<String> mismatches(JsonNode openapi) {
        Set<String> documented = operations(openapi);
        List<String> out = new ArrayList<>();
        for (String op : documented) {
            if (!rules.containsKey(op)) {
                out.add(op + " is in the OpenAPI document but has no row in " + FILE);
            }
        }
        for (Rule rule : rules.values()) {
            if (!rule.method().equals("WS") && !documented.contains(rule.operation())) {
                out.add(rule.operation() + " has a row in " + FILE + " but no operation in the OpenAPI document");
            }
        }
        return out;
    }

    /**
     * Sends every operation once per caller and returns what contradicts the table. {@code tokens}
     * gives the Authorization header for a role (null: a signed-in person with no role).
     */
    public List<Finding> walk(String base, JsonNode openapi, Function<String, String> tokens, String adminToken) {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("nobody", null, null));
        for (String role : new TreeSet<>(Roles.ALL)) {
            callers.add(new Caller(role, tokens.apply(role), role));
        }
        callers.add(new Caller("a signed-in user with no role", tokens.apply(null), null));
        if (adminToken != null) {
            callers.add(new Caller("the admin token", "Bearer " + adminToken, null));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules.values()) {
            if (rule.method().equals("WS")) {
                continue;
            }
            JsonNode spec = openapi.path("paths").path(rule.path()).path(rule.method().toLowerCase(Locale.ROOT));
            for (Caller caller : callers) {
                int status = send(client, base, rule, spec, caller.authorization());
                String expected = expected(rule, caller);
                boolean ok = switch (expected) {
                    case "401" -> status == 401;
                    case "403" -> status == 403;
                    default -> status != 401 && status != 403 && status < 500;
                };
                if (!ok) {
                    findings.add(new Finding(rule.operation(), caller.name(), status, expected));
                }
            }
        }
        return findings;
    }

    private static String expected(Rule rule, Caller caller) {
        if (rule.deviceCredentials()) {
            return "through";   // the admission check decides; a token neither helps nor hurts
        }
        boolean admin = caller.name().equals("the admin token");
        if (caller.authorization() == null) {
            return "401";
        }
        if (admin) {
            return rule.adminToken() ? "through" : "401";   // outside /admin it is no token at all
        }
        return rule.allows(caller.role()) ? "through" : "403";
    }

    /** One request with ids that exist nowhere and an empty body: enough to pass or meet the access check. */
    private static int send(HttpClient client, String base, Rule rule, JsonNode spec, String authorization) {
        String path = rule.path();
        for (JsonNode parameter : spec.path("parameters")) {
            if (parameter.path("in").asText().equals("path")) {
                String name = parameter.path("name").asText();
                JsonNode schema = parameter.path("schema");
                String value = schema.path("type").asText().equals("integer") ? "987654321"
                        : schema.path("format").asText().equals("uuid") ? UUID.randomUUID().toString()
                        : "no-such-" + name;
                path = path.replace("{" + name + "}", value);
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        JsonNode content = spec.path("requestBody").path("content");
        if (content.isObject() && content.size() > 0) {
            String type = content.has("application/json") ? "application/json" : content.fieldNames().next();
            request.header("Content-Type", type).method(rule.method(), HttpRequest.BodyPublishers.ofString(
                    type.equals("application/json") ? "{}" : ""));
        } else {
            request.method(rule.method(), HttpRequest.BodyPublishers.noBody());
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service's live OpenAPI document. */
    public static JsonNode openapi(String base) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(FILE);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
