package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import dev.integrity.platform.testing.TextMessages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sensors' WebSocket: acks, problems that do not close it, and "online" while connected. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuSocketTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSessionAcksEachMessageSurvivesBadOnesAndTheDeviceIsOnlineWhileConnected() throws Exception {
        String device = Samples.newDeviceId("socket");
        Messages messages = new Messages();
        WebSocket socket = connect(device, messages);
        try {
            given().get("/api/devices/{id}", device).then().statusCode(404);   // open mode: created with its first sample
            socket.sendText(Samples.json(50, Samples.recent()), true).join();
            assertEquals("{\"accepted\":50,\"duplicates\":0}", messages.next());

            socket.sendText("{\"ts\":\"not a time\",\"accX\":1}", true).join();
            String problem = messages.next();
            assertTrue(problem.contains("\"status\":400") && problem.contains("[0].ts"), problem);

            socket.sendText("this is not json", true).join();
            assertTrue(messages.next().contains("\"status\":400"));

            String one = Samples.json(1, Samples.recent().plusSeconds(30));
            socket.sendText(one.substring(1, one.length() - 1), true).join();   // a single sample object
            assertEquals("{\"accepted\":1,\"duplicates\":0}", messages.next(), "the socket is still open after bad messages");
            socket.sendText(one, true).join();
            assertEquals("{\"accepted\":0,\"duplicates\":1}", messages.next());

            given().get("/api/devices/{id}", device).then().statusCode(200).body("online", equalTo(true));
            given().queryParam("online", "true").queryParam("size", 500).get("/api/devices").then().statusCode(200)
                    .body("items.find { it.deviceId == '" + device + "' }.online", equalTo(true));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }

    @Test
    void aRefusedDeviceIsRejectedBeforeTheUpgrade() throws Exception {
        String device = Samples.newDeviceId("refused");
        given().contentType("application/json").body("{\"deviceId\":\"" + device + "\"}").post("/api/devices").then().statusCode(201);
        given().contentType("application/json").body("{\"status\":\"disabled\"}").patch("/api/devices/{id}", device).then().statusCode(200);
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> connect(device, new Messages()));
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, String.valueOf(refused.getCause()));
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    private WebSocket connect(String device, Messages messages) {
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/devices/" + device + "/imu");
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, messages.listener).join();
    }

    /** Whole text messages from the server, each within 20 s. */
    static final class Messages {
        final TextMessages listener = new TextMessages();

        String next() throws InterruptedException {
            String message = listener.next(20, TimeUnit.SECONDS);
            assertNotNull(message, "no answer within 20 s");
            return message;
        }
    }
}
