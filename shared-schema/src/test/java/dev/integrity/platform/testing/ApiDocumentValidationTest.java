package dev.integrity.platform.testing;

import com.sun.net.httpserver.HttpServer;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The filter every rest-assured test runs fails on each kind of drift, and on nothing else. */
class ApiDocumentValidationTest {

    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
              "/api/things": {"post": {
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "responses": {
                  "201": {"description": "made", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                  "400": {"description": "refused", "content": {"application/problem+json": {"schema": {"type": "object"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {
               "name": {"type": "string"}, "note": {"type": "string", "nullable": true}}}}}}""";

    private static HttpServer server;
    /** What the next POST answers: status, content type, body. */
    private static final AtomicReference<String[]> ANSWER = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/openapi", exchange -> send(exchange, 200, "application/json", DOCUMENT));
        server.createContext("/api/things", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String[] answer = ANSWER.get();
            send(exchange, Integer.parseInt(answer[0]), answer[1], answer[2]);
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static RequestSpecification post(String body) {
        return given().filter(ApiDocumentValidation.filter()).baseUri("http://127.0.0.1").port(server.getAddress().getPort())
                .contentType(ContentType.JSON).body(body);
    }

    private static void answers(int status, String type, String body) {
        ANSWER.set(new String[] {String.valueOf(status), type, body});
    }

    @Test
    void whatTheDocumentAllowsPasses() {
        answers(201, "application/json", "{\"name\": \"a\", \"note\": null}");
        post("{\"name\": \"a\"}").post("/api/things").then().statusCode(201);
        // A request the service refused is not held against the document: refusing it was the point.
        answers(400, "application/problem+json", "{\"status\": 400}");
        post("{\"name\": 1}").post("/api/things").then().statusCode(400);
    }

    @Test
    void aNullTheDocumentDoesNotCallNullableFails() {
        answers(201, "application/json", "{\"name\": null}");
        AssertionError drift = assertThrows(AssertionError.class, () -> post("{\"name\": \"a\"}").post("/api/things"));
        assertTrue(drift.getMessage().contains("[Path '/name']"), drift.getMessage());
    }

    @Test
    void aStatusTheDocumentDoesNotListFails() {
        answers(409, "application/problem+json", "{\"status\": 409}");
        AssertionError drift = assertThrows(AssertionError.class, () -> post("{\"name\": \"a\"}").post("/api/things"));
        assertTrue(drift.getMessage().contains("validation.response.status.unknown"), drift.getMessage());
    }

    @Test
    void aMalformedRequestTheServiceAcceptedFails() {
        answers(201, "application/json", "{\"name\": \"a\"}");
        AssertionError drift = assertThrows(AssertionError.class, () -> post("{\"name\": 1}").post("/api/things"));
        assertTrue(drift.getMessage().contains("validation.request.body"), drift.getMessage());
    }
}
