package dev.integrity.device.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.ImuBatch;
import dev.integrity.device.ImuBatchParser;
import dev.integrity.device.IngestResult;
import dev.integrity.device.service.ImuIngestService;
import dev.integrity.device.service.OnlineDevices;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.DatabaseErrors;
import dev.integrity.platform.error.LogValues;
import dev.integrity.platform.error.PayloadTooLargeProblem;
import dev.integrity.platform.error.Problem;
import dev.integrity.platform.error.ProblemException;
import dev.integrity.platform.error.SqlStates;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * {@code WS /ws/devices/{deviceId}/imu}: the sensors' own transport. Each text message is one sample
 * or an array of them, and is answered with {@code {"accepted","duplicates"}} or with a problem
 * document; a bad message never closes the socket. Credentials travel in the handshake's headers
 * and are checked before the upgrade ({@link DeviceUpgradeCheck}); while connected, the device is
 * online.
 */
@WebSocket(path = "/ws/devices/{deviceId}/imu")
public class ImuSocket {

    private static final Logger LOG = Logger.getLogger(ImuSocket.class);
    private static final UserData.TypedKey<String> ISSUED_KEY = UserData.TypedKey.forString("issued-device-key");

    @Inject
    ImuIngestService ingest;

    @Inject
    ImuBatchParser parser;

    @Inject
    OnlineDevices online;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size")
    int maxMessageSize;

    @Inject
    SocketDrain drain;

    @Inject
    DatabaseErrors databaseErrors;

    @OnOpen
    public void open(@PathParam String deviceId, WebSocketConnection connection) {
        online.connected(deviceId);
        drain.opened(connection);
    }

    /**
     * Stores the message's batch and answers it. While the service shuts down, a socket closes
     * (1001) once its batch is answered, and a message arriving on a closing socket is not stored:
     * unanswered, the device sends it again after reconnecting.
     */
    @OnTextMessage
    public void message(@PathParam String deviceId, String message, WebSocketConnection connection) {
        SocketDrain.Activity activity = drain.activity(connection);
        if (!activity.begin()) {
            return;
        }
        try {
            connection.sendTextAndAwait(answer(deviceId, message, connection));
        } finally {
            activity.end();
        }
        drain.answered(connection);
    }

    private String answer(String deviceId, String message, WebSocketConnection connection) {
        try {
            ImuBatch batch = parser.json(message);
            // A key issued to this connection (it enrolled the device) stands in for the handshake's.
            String issued = connection.userData().get(ISSUED_KEY);
            DeviceCredentials credentials = new DeviceCredentials(
                    issued != null ? issued : connection.handshakeRequest().header(DeviceCredentials.DEVICE_KEY_HEADER),
                    connection.handshakeRequest().header(DeviceCredentials.ENROLLMENT_TOKEN_HEADER));
            IngestResult result = ingest.ingest(deviceId, credentials, batch);
            if (result.apiKey() != null) {
                connection.userData().put(ISSUED_KEY, result.apiKey());
            }
            return write(result);
        } catch (ProblemException problem) {
            if (problem.status() == 400 || problem.status() == 413) {
                ingest.countRejected(problem); // refused by validation, before ingest counted it
            }
            return write(problem.toProblem());
        } catch (RuntimeException e) {
            return write(unexpected(deviceId, e));
        }
    }

    /** Answered in a text message, like every other answer, rather than echoed as binary. */
    @OnBinaryMessage
    public void binary(Buffer ignored, WebSocketConnection connection) {
        connection.sendTextAndAwait(write(new Problem(Problem.TYPE_PREFIX + "unsupported-media-type", "Unsupported Media Type",
                415, "send samples as JSON text messages, not binary frames", null, Map.of())));
    }

    /**
     * A message Vert.x could not deliver: over {@code quarkus.websockets-next.server.max-message-size}
     * (a 413), or otherwise unreadable (a 400). Answered, and the socket stays open. A frame that
     * breaks the protocol itself (unmasked, a reserved opcode, over max-frame-size) ends the
     * connection, as RFC 6455 requires; there is then no one to answer.
     */
    @OnError
    public void error(Throwable failure, WebSocketConnection connection) {
        LOG.debugf("websocket error: %s", LogValues.escaped(failure));
        if (connection.isClosed() || failure instanceof HttpClosedException) {
            return;
        }
        ProblemException problem = isMessageTooLarge(failure)
                ? new PayloadTooLargeProblem("the message is larger than the limit of " + maxMessageSize
                        + " bytes; send fewer samples per message").with("maxMessageSize", maxMessageSize)
                : new BadRequestProblem("the message could not be read", List.of());
        ingest.countRejected(problem);
        connection.sendTextAndAwait(write(problem.toProblem()));
    }

    /** How Vert.x refuses a text or binary message over the limit, whether it came in one frame or many. */
    private static boolean isMessageTooLarge(Throwable failure) {
        return failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }

    @OnClose
    public void close(@PathParam String deviceId, WebSocketConnection connection) {
        online.disconnected(deviceId);
        drain.closed(connection);
    }

    private Problem unexpected(String deviceId, RuntimeException e) {
        databaseErrors.record(e);
        if (SqlStates.isTransient(e)) {
            return new Problem(Problem.TYPE_PREFIX + "database-unavailable", "Service Unavailable", 503,
                    "the database is unavailable; resend this batch shortly", null, Map.of());
        }
        LOG.errorf(e, "websocket batch of %s failed", LogValues.escaped(deviceId));
        return new Problem(Problem.TYPE_PREFIX + "internal", "Internal Server Error", 500,
                "an unexpected error occurred; resend this batch", null, Map.of());
    }

    private String write(Object answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
