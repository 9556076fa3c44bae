package dev.integrity.device;

import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.RawWebSocket;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device socket that goes silent is closed after {@code device.ws.idle-timeout} (2 s here), with
 * 1000 and a reason; one that pings, or sends batches, is not.
 */
@QuarkusTest
@TestProfile(SocketIdleTest.ShortIdle.class)
@WithTestResource(PlatformTestResource.class)
class SocketIdleTest {

    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("device.provisioning", "open", "device.ws.idle-timeout", "PT2S");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSilentSocketIsClosedAfterTheIdleTimeAndABusyOrPingingOneIsNot() throws Exception {
        try (RawWebSocket silent = connect("idle-silent"); RawWebSocket pinging = connect("idle-pinging");
             RawWebSocket sending = connect("idle-sending")) {
            long opened = System.nanoTime();
            Instant t = Samples.recent();
            // For 4 s, twice the idle time: one socket pings, one sends a sample, every half second.
            for (int i = 0; i < 8; i++) {
                Thread.sleep(500);
                byte[] payload = ("p" + i).getBytes(StandardCharsets.US_ASCII);
                pinging.ping(payload);
                RawWebSocket.Frame pong = pinging.nextFrame();
                assertNotNull(pong);
                assertEquals(RawWebSocket.PONG, pong.opcode(), "a ping is answered with a pong");
                assertArrayEquals(payload, pong.payload());
                sending.text(Samples.json(1, t.plusMillis(i)));
                assertEquals("{\"accepted\":1,\"duplicates\":0}", sending.next().text());
            }
            RawWebSocket.Frame closed = silent.next();
            double after = (System.nanoTime() - opened) / 1e9;
            assertNotNull(closed, "a close frame, not a dropped connection");
            assertEquals(RawWebSocket.CLOSE, closed.opcode());
            assertEquals(1000, closed.closeCode());
            assertTrue(closed.text().contains("idle"), closed.text());
            assertTrue(after >= 2 && after < 10, "closed after " + after + " s");

            // The other two are still open and working.
            pinging.text(Samples.json(1, t.plusSeconds(10)));
            assertEquals("{\"accepted\":1,\"duplicates\":0}", pinging.next().text());
            sending.text(Samples.json(1, t.plusSeconds(20)));
            assertEquals("{\"accepted\":1,\"duplicates\":0}", sending.next().text());
        }
    }

    private RawWebSocket connect(String prefix) throws Exception {
        return RawWebSocket.connect("127.0.0.1", base.getPort(), "/ws/devices/" + Samples.newDeviceId(prefix) + "/imu", Map.of());
    }
}
