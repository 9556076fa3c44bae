package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.security.Roles;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./dev idp}: the platform against a real issuer. The launcher starts Keycloak with the realm
 * in {@code keycloak/} and the four services with {@code quarkus.oidc.auth-server-url} pointing at it;
 * this drill gets a token for every role from Keycloak itself (the password grant for the realm's
 * people, the client-credentials grant for the chatbot's backend and the crawler), walks
 * docs/security.md's access table against every running service with them, and follows one person
 * from their first request to their own session. Any answer against the table fails the drill.
 */
public final class IdpDrill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SERVICES = {"device-service", "chat-session-service", "job-matching-service", "inspection-service"};

    /** The realm's person (password grant) or client (client-credentials grant) for each role. */
    private static final Map<String, String[]> WHO = new LinkedHashMap<>();

    static {
        WHO.put(Roles.DEVICE_OPERATOR, new String[]{"password", "dora"});
        WHO.put(Roles.CHAT_BACKEND, new String[]{"client", "chat-backend"});
        WHO.put(Roles.CHAT_USER, new String[]{"password", "chris"});
        WHO.put(Roles.CHAT_ANALYST, new String[]{"password", "ana"});
        WHO.put(Roles.MATCHING_CRAWLER, new String[]{"client", "matching-crawler"});
        WHO.put(Roles.MATCHING_OPERATOR, new String[]{"password", "mo"});
        WHO.put(Roles.INSPECTOR, new String[]{"password", "ina"});
        WHO.put(Roles.INSPECTION_MANAGER, new String[]{"password", "max"});
        WHO.put(Roles.PLATFORM_ADMIN, new String[]{"password", "pat"});
        WHO.put(null, new String[]{"password", "nora"});
    }

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String tokenEndpoint;

    private IdpDrill(BenchArgs args) throws Exception {
        this.args = args;
        String issuer = args.require("issuer");
        JsonNode discovery = get(issuer + "/.well-known/openid-configuration", null);
        tokenEndpoint = discovery.path("token_endpoint").asText();
    }

    public static void main(String[] args) throws Exception {
        System.exit(new IdpDrill(new BenchArgs(args)).run());
    }

    private int run() throws Exception {
        long t0 = System.nanoTime();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> who : WHO.entrySet()) {
            String[] how = who.getValue();
            tokens.put(who.getKey(), how[0].equals("password") ? password(how[1]) : clientCredentials(how[1]));
        }
        System.out.printf("idp: %d tokens from Keycloak at %s (%d password grants, %d client-credentials grants) in %.1f s%n",
                tokens.size(), args.require("issuer"), WHO.values().stream().filter(h -> h[0].equals("password")).count(),
                WHO.values().stream().filter(h -> h[0].equals("client")).count(), (System.nanoTime() - t0) / 1e9);

        List<String> failures = new ArrayList<>();
        int operations = 0;
        int requests = 0;
        for (String service : SERVICES) {
            String base = args.require(service);
            JsonNode openapi = AccessTable.openapi(base);
            AccessTable table = AccessTable.of(service);
            failures.addAll(table.mismatches(openapi).stream().map(m -> service + ": " + m).toList());
            List<AccessTable.Finding> findings = table.walk(base, openapi, role -> "Bearer " + tokens.get(role), args.require("admin-token"));
            failures.addAll(findings.stream().map(f -> service + ": " + f).toList());
            int callers = Roles.ALL.size() + 3;
            operations += table.rules().size();
            requests += table.rules().size() * callers;
            System.out.printf("idp: %-22s %2d operations x %d callers, %d against the table%n", service, table.rules().size(), callers,
                    findings.size());
        }
        failures.addAll(aPersonFromFirstRequestToTheirOwnSession(tokens));

        System.out.printf("idp: %d operations, about %d requests with Keycloak's tokens, %d against the table, in %.1f s%n",
                operations, requests, failures.size(), (System.nanoTime() - t0) / 1e9);
        failures.forEach(f -> System.out.println("  FAILED " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    /** Chris, a chat user, is provisioned by their first request and reaches their own session; Nora does not. */
    private List<String> aPersonFromFirstRequestToTheirOwnSession(Map<String, String> tokens) throws Exception {
        String chat = args.require("chat-session-service");
        List<String> failures = new ArrayList<>();
        HttpResponse<String> me = send("GET", chat + "/api/chat/users/me", tokens.get(Roles.CHAT_USER), null);
        String subject = claim(tokens.get(Roles.CHAT_USER), "sub");
        if (me.statusCode() != 200 || !JSON.readTree(me.body()).path("subject").asText().equals(subject)) {
            failures.add("chris's first request: " + me.statusCode() + " " + me.body());
            return failures;
        }
        HttpResponse<String> started = send("POST", chat + "/api/chat/sessions", tokens.get(Roles.CHAT_USER), "{\"sessionType\":\"chat\"}");
        String session = JSON.readTree(started.body()).path("sessionId").asText();
        int own = send("GET", chat + "/api/chat/sessions/" + session, tokens.get(Roles.CHAT_USER), null).statusCode();
        int stranger = send("GET", chat + "/api/chat/sessions/" + session, tokens.get(null), null).statusCode();
        int backend = send("GET", chat + "/api/chat/sessions/" + session, tokens.get(Roles.CHAT_BACKEND), null).statusCode();
        System.out.printf("idp: chris (sub %s) provisioned on first request; own session %d, as nora %d, as the backend %d%n",
                subject, own, stranger, backend);
        if (started.statusCode() != 201 || own != 200 || stranger != 403 || backend != 200) {
            failures.add("chris's session: start " + started.statusCode() + ", own " + own + ", nora " + stranger + ", backend " + backend);
        }
        return failures;
    }

    private String password(String username) throws Exception {
        return token(Map.of("grant_type", "password", "client_id", "integrity-cli", "username", username,
                "password", "dev-password-" + username));
    }

    private String clientCredentials(String client) throws Exception {
        return token(Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", "dev-secret-" + client));
    }

    private String token(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the " + form.get("grant_type") + " grant: " + answer.statusCode() + " " + answer.body());
        }
        return JSON.readTree(answer.body()).path("access_token").asText();
    }

    private static String claim(String token, String name) throws Exception {
        String payload = token.split("\\.")[1];
        return JSON.readTree(java.util.Base64.getUrlDecoder().decode(payload)).path(name).asText();
    }

    private JsonNode get(String url, String token) throws Exception {
        return JSON.readTree(send("GET", url, token, null).body());
    }

    private HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
