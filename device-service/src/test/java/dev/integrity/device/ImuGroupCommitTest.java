package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.Scrape;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Group commit (issue 17): with one writer held on a row lock, the batches that queue behind it
 * are stored together in one transaction once it is free, each still answered on its own: a
 * refused one with its problem, the others stored whole; and a group holding a batch sent before
 * is rolled back and stored batch by batch, each counting its own duplicates.
 */
@QuarkusTest
@TestProfile(ImuGroupCommitTest.OneWriter.class)
@WithTestResource(PlatformTestResource.class)
class ImuGroupCommitTest {

    public static class OneWriter implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("device.provisioning", "open", "device.ingest.writers", "1");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void batchesThatQueueBehindABusyWriterAreStoredTogetherEachAnsweredOnItsOwn() throws Exception {
        String prefix = Samples.newDeviceId("group");
        Instant t = Samples.recent();
        String held = prefix + "-held";
        String disabled = prefix + "-disabled";
        post(held, Samples.json(1, t.minusSeconds(60)), 200);
        post(disabled, Samples.json(1, t.minusSeconds(60)), 200);
        TestIssuer.authorize("group-operator", Roles.DEVICE_OPERATOR);
        given().contentType(ContentType.JSON).body("{\"status\":\"disabled\"}").patch("/api/devices/{id}", disabled).then().statusCode(200);
        TestIssuer.anonymous();

        Scrape before = Scrape.now();
        List<Callable<Response>> queued = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String device = prefix + "-" + i;
            queued.add(() -> send(device, Samples.json(25, t)));
        }
        queued.add(() -> send(disabled, Samples.json(5, t)));
        List<Response> answers = sendBehindAHeldWriter(held, Samples.json(10, t), queued);
        assertEquals(10, answers.get(0).jsonPath().getInt("accepted"));
        for (int i = 1; i <= 10; i++) {
            Response answer = answers.get(i);
            assertEquals(200, answer.statusCode(), answer.asString());
            assertEquals(25, answer.jsonPath().getInt("accepted"));
        }
        Response refused = answers.get(11);
        assertEquals(403, refused.statusCode(), refused.asString());

        Scrape after = Scrape.now();
        assertEquals(1, after.value("device_imu_group_batches_count") - before.value("device_imu_group_batches_count"), "one group");
        assertEquals(10, after.value("device_imu_group_batches_sum") - before.value("device_imu_group_batches_sum"),
                "of the ten admitted batches (the refused one left out)");
        assertEquals(10, after.value("device_provisioned_total", "mode", "open") - before.value("device_provisioned_total", "mode", "open"),
                "the group's new devices, counted once it committed");
        assertEquals(250, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id LIKE ? AND device_id NOT IN (?, ?)",
                prefix + "-%", held, disabled));
        assertEquals(10, Counts.of(dataSource, "SELECT count(*) FROM device.devices WHERE device_id LIKE ? AND auto_provisioned "
                + "AND device_id NOT IN (?, ?) AND last_seen_at IS NOT NULL", prefix + "-%", held, disabled), "created and marked seen");
        assertEquals(1, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", disabled),
                "nothing of the refused batch");
    }

    @Test
    void aGroupHoldingABatchSentBeforeIsStoredBatchByBatchEachCountingItsDuplicates() throws Exception {
        String prefix = Samples.newDeviceId("regroup");
        Instant t = Samples.recent();
        String held = prefix + "-held";
        String resent = prefix + "-resent";
        post(held, Samples.json(1, t.minusSeconds(60)), 200);
        post(resent, Samples.json(20, t), 200);

        Scrape before = Scrape.now();
        List<Callable<Response>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String device = prefix + "-" + i;
            queued.add(() -> send(device, Samples.json(30, t)));
        }
        queued.add(() -> send(resent, Samples.json(30, t)));   // 20 stored before, 10 new
        List<Response> answers = sendBehindAHeldWriter(held, Samples.json(10, t), queued);
        assertEquals(10, answers.get(0).jsonPath().getInt("accepted"));
        for (int i = 1; i <= 5; i++) {
            assertEquals(30, answers.get(i).jsonPath().getInt("accepted"));
        }
        Response again = answers.get(6);
        assertEquals(10, again.jsonPath().getInt("accepted"), again.asString());
        assertEquals(20, again.jsonPath().getInt("duplicates"));
        assertEquals(1, Scrape.now().value("device_imu_group_fallbacks_total") - before.value("device_imu_group_fallbacks_total"));
        assertEquals(30, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", resent), "never stored twice");
        assertEquals(150, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id LIKE ? AND device_id NOT IN (?, ?)",
                prefix + "-%", held, resent));
    }

    /**
     * Sends {@code held}'s batch, which stops at its device row's lock holding the one writer, then
     * every one of {@code queued} behind it; lets the writer go once they all wait, and returns every
     * answer, the held batch's first.
     */
    private List<Response> sendBehindAHeldWriter(String held, String heldBody, List<Callable<Response>> queued) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(queued.size() + 1);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            try (DeviceRowLock lock = DeviceRowLock.hold(dataSource, held)) {
                answers.add(clients.submit(() -> send(held, heldBody)));
                lock.awaitCopiesWaiting(1);
                for (Callable<Response> call : queued) {
                    answers.add(clients.submit(call));
                }
                awaitQueued(queued.size());
                lock.release();
            }
            List<Response> answered = new ArrayList<>();
            for (Future<Response> answer : answers) {
                answered.add(answer.get(30, TimeUnit.SECONDS));
            }
            return answered;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Until {@code n} batches wait for the writer. */
    private static void awaitQueued(int n) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (Scrape.now().value("device_imu_batches_waiting") >= n) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the batches never all queued");
    }

    private static Response send(String device, String body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/devices/{id}/imu", device);
    }

    private static void post(String device, String body, int status) {
        send(device, body).then().statusCode(status);
    }
}
