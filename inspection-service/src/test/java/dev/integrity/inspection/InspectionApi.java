package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.http.ContentType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/** The calls the inspection tests share. */
final class InspectionApi {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() % 1_000_000);

    private InspectionApi() {
    }

    /** A fresh serial, unique across the tests of one run. */
    static String serial() {
        return "AED-" + SERIALS.incrementAndGet();
    }

    /** Registers an AED and returns its id. */
    static long aed(String serial) {
        return given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial, "location", "Seoul Station, gate 3"))
                .post("/api/aeds").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Opens a session and returns its id. */
    static String start(String serial, String inspector) {
        return given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial, "inspectorId", inspector))
                .post("/api/inspections/sessions").then().statusCode(201).extract().path("id");
    }

    /** The inspection-manager the shared calls and races act as. */
    static final String MANAGER = TestIssuer.bearer(TestIssuer.token("inspection-manager-tests", Roles.INSPECTION_MANAGER));

    /**
     * Sends every body at once (released together by a latch), as an inspection-manager, and returns
     * the status codes.
     */
    static List<Integer> race(URI uri, List<String> bodies) throws Exception {
        return race(uri, bodies, i -> MANAGER);
    }

    /** The same, body i sent with the Authorization header {@code authorization.apply(i)}. */
    static List<Integer> race(URI uri, List<String> bodies, java.util.function.IntFunction<String> authorization) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CountDownLatch go = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(bodies.size());
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", authorization.apply(i))
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build();
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        try {
            for (CompletableFuture<Integer> answer : answers) {
                codes.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        return codes;
    }
}
