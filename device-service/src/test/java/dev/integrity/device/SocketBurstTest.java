package dev.integrity.device;

import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.RawWebSocket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 17's reproduction: sockets of new devices opened close together, each sending its first
 * batch the moment the upgrade is answered. Every first batch must be answered and stored. Before
 * the fix, the upgrade of a socket whose handshake check ran on a worker thread could complete
 * there, and a first message read before the endpoint's handlers were set was dropped in silence.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class SocketBurstTest {

    /** Rounds of {@link #SOCKETS_PER_ROUND}; {@code -Dburst.rounds=40} for a longer hunt. */
    private static final int ROUNDS = Integer.getInteger("burst.rounds", 8);
    private static final int SOCKETS_PER_ROUND = 200;
    private static final int SAMPLES = 50;
    private static final int BATCHES = 3;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everySocketOfABurstIsAnsweredOnItsFirstBatch() throws Exception {
        String prefix = Samples.newDeviceId("burst");
        List<String> unanswered = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SOCKETS_PER_ROUND);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<String>> sockets = new ArrayList<>();
                for (int i = 0; i < SOCKETS_PER_ROUND; i++) {
                    String device = prefix + "-" + round + "-" + i;
                    sockets.add(pool.submit(() -> firstAnswer(device)));
                    Thread.sleep(5);   // opened close together, a little apart, as a fleet reconnects
                }
                for (Future<String> socket : sockets) {
                    String failure = socket.get(60, TimeUnit.SECONDS);
                    if (failure != null) {
                        unanswered.add(failure);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), unanswered, "first batches left unanswered");
        assertEquals((long) ROUNDS * SOCKETS_PER_ROUND * BATCHES * SAMPLES,
                Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id LIKE ?", prefix + "-%"));
    }

    /** Null when the first batch was acknowledged; otherwise what went wrong. */
    private String firstAnswer(String device) {
        try (RawWebSocket socket = RawWebSocket.connect(base.getHost(), base.getPort(), "/ws/devices/" + device + "/imu", Map.of())) {
            Instant start = Samples.recent();
            for (int batch = 0; batch < BATCHES; batch++) {
                if (batch > 0) {
                    Thread.sleep(300);
                }
                socket.text(Samples.json(SAMPLES, start.plusSeconds(batch)));
                RawWebSocket.Frame answer;
                try {
                    answer = socket.next();
                } catch (IOException e) {
                    return device + ", batch " + batch + ": " + e.getMessage();
                }
                if (answer == null) {
                    return device + ": the connection ended without answering batch " + batch;
                }
                String text = answer.text();
                if (!text.equals("{\"accepted\":" + SAMPLES + ",\"duplicates\":0}")) {
                    return device + ", batch " + batch + ": " + text;
                }
            }
            return null;
        } catch (Exception e) {
            return device + ": " + e.getMessage();
        }
    }
}
