package dev.integrity.device;

import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.RawWebSocket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first step of shutdown (the event Quarkus fires on SIGTERM) closes the device sockets with
 * 1001 "going away": an idle one at once, one storing a batch once that batch is answered (and
 * stored whole), and a socket opened afterwards straight away. Its own profile, so the draining
 * application is not the one other tests use.
 */
@QuarkusTest
@TestProfile(SocketDrainTest.Draining.class)
@WithTestResource(PlatformTestResource.class)
class SocketDrainTest {

    /** A profile of its own: the application instance this test drains is used by nothing else. */
    public static class Draining implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("device.provisioning", "open");
        }
    }

    private static final int BATCH = 10_000;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdown;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shutdownClosesIdleSocketsAtOnceAndBusyOnesOnceTheirBatchIsAnswered() throws Exception {
        String idleDevice = Samples.newDeviceId("drain-idle");
        String busyDevice = Samples.newDeviceId("drain-busy");
        try (RawWebSocket idle = connect(idleDevice); RawWebSocket busy = connect(busyDevice)) {
            idle.text(Samples.json(1, Samples.recent()));
            assertEquals("{\"accepted\":1,\"duplicates\":0}", idle.next().text());

            busy.text(Samples.json(1, Samples.recent().minusSeconds(60)));
            assertEquals("{\"accepted\":1,\"duplicates\":0}", busy.next().text());

            // Hold the busy device's row, so its next batch is still being stored when shutdown begins.
            try (DeviceRowLock lock = DeviceRowLock.hold(dataSource, busyDevice)) {
                busy.text(Samples.json(BATCH, Samples.recent()));
                lock.awaitCopiesWaiting(1);
                shutdown.fire(new ShutdownDelayInitiatedEvent());

                RawWebSocket.Frame closed = idle.next();
                assertNotNull(closed, "the idle socket should get a close frame, not just a dropped connection");
                assertEquals(RawWebSocket.CLOSE, closed.opcode());
                assertEquals(1001, closed.closeCode());
                lock.release();
            }

            RawWebSocket.Frame answer = busy.next();
            assertNotNull(answer);
            assertEquals("{\"accepted\":" + BATCH + ",\"duplicates\":0}", answer.text(), "the batch in flight is answered first");
            assertEquals(1 + BATCH, stored(busyDevice), "and stored whole");
            RawWebSocket.Frame then = busy.next();
            assertNotNull(then);
            assertEquals(RawWebSocket.CLOSE, then.opcode());
            assertEquals(1001, then.closeCode());
        }

        // Once draining, a new socket is told to go away at once.
        try (RawWebSocket late = connect(Samples.newDeviceId("drain-late"))) {
            RawWebSocket.Frame frame = late.next();
            assertNotNull(frame);
            assertEquals(RawWebSocket.CLOSE, frame.opcode());
            assertEquals(1001, frame.closeCode());
            assertTrue(frame.text().length() > 2, "the close frame says why");
        }
    }

    private RawWebSocket connect(String device) throws Exception {
        return RawWebSocket.connect("127.0.0.1", base.getPort(), "/ws/devices/" + device + "/imu", Map.of());
    }

    private long stored(String device) throws Exception {
        return Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device);
    }
}
