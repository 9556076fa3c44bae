package dev.integrity.device.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.integrity.device.DeviceConfig;
import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.ImuBatchParser;
import dev.integrity.device.ImuMessage;
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
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPingMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;

/**
 * {@code WS /ws/devices/{deviceId}/imu}: the sensors' own transport. A text message is a batch in
 * JSON, a binary message the same in CBOR (RFC 8949); either is one sample, an array of them, or a
 * pipelined batch {@code {"batchId": ..., "samples": [...]}}. Each is answered, in the format it
 * came in, with {@code {"accepted","duplicates"}} (and the batch's {@code batchId}) or with a problem
 * document; a bad message never closes the socket. Up to {@code device.ws.max-in-flight} batches
 * may be in flight at once, stored side by side and answered in the order they came
 * ({@link DeviceSockets}). Credentials travel in the handshake's headers and are checked before the
 * upgrade ({@link DeviceUpgradeCheck}); while connected, the device is online.
 */
@WebSocket(path = "/ws/devices/{deviceId}/imu", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class ImuSocket {

    private static final Logger LOG = Logger.getLogger(ImuSocket.class);
    private static final UserData.TypedKey<String> ISSUED_KEY = UserData.TypedKey.forString("issued-device-key");
    private static final ObjectMapper CBOR = new CBORMapper();

    @Inject
    ImuIngestService ingest;

    @Inject
    ImuBatchParser parser;

    @Inject
    OnlineDevices online;

    @Inject
    ObjectMapper json;

    @Inject
    DeviceSockets sockets;

    @Inject
    DeviceConfig config;

    @Inject
    DatabaseErrors databaseErrors;

    @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size")
    int maxMessageSize;

    /** On the event loop: the device counts as online here at once; the heartbeat tells the database. */
    @OnOpen
    @NonBlocking
    public void open(@PathParam String deviceId, WebSocketConnection connection) {
        online.connected(deviceId);
        sockets.opened(connection);
    }

    /** A batch in JSON. Taken on the event loop, in the order it came; stored on a worker. */
    @OnTextMessage
    @NonBlocking
    public void text(@PathParam String deviceId, String message, WebSocketConnection connection) {
        sockets.socket(connection).submit(
                () -> answer(deviceId, connection, false, () -> parser.message(message)),
                () -> refusal(false, parser.batchId(message)));
    }

    /** A batch in CBOR, answered in CBOR. */
    @OnBinaryMessage
    @NonBlocking
    public void binary(@PathParam String deviceId, Buffer message, WebSocketConnection connection) {
        byte[] bytes = message.getBytes();
        sockets.socket(connection).submit(
                () -> answer(deviceId, connection, true, () -> parser.message(bytes)),
                () -> refusal(true, parser.batchId(bytes)));
    }

    /** A ping keeps a quiet socket from being closed as idle (Vert.x answers it with a pong). */
    @OnPingMessage
    @NonBlocking
    public void ping(Buffer data, WebSocketConnection connection) {
        sockets.socket(connection).heard();
    }

    /**
     * Reads the message (on a worker) and hands its batch to storage; the future is its answer,
     * complete once the batch is stored or refused. No thread waits for the database meanwhile.
     */
    private CompletableFuture<DeviceSockets.Answer> answer(String deviceId, WebSocketConnection connection, boolean binary,
                                                          Supplier<ImuMessage> read) {
        ImuMessage message;
        try {
            message = read.get();
        } catch (ProblemException invalid) {
            ingest.countRejected(invalid); // refused by validation, before ingest counted it
            return CompletableFuture.completedFuture(write(binary, invalid.toProblem()));
        }
        Object batchId = message.batchId();
        // A key issued to this connection (it enrolled the device) stands in for the handshake's.
        String issued = connection.userData().get(ISSUED_KEY);
        DeviceCredentials credentials = new DeviceCredentials(
                issued != null ? issued : connection.handshakeRequest().header(DeviceCredentials.DEVICE_KEY_HEADER),
                connection.handshakeRequest().header(DeviceCredentials.ENROLLMENT_TOKEN_HEADER));
        return ingest.submit(deviceId, credentials, message.batch()).handle((result, failure) -> {
            if (failure == null) {
                if (result.apiKey() != null) {
                    connection.userData().put(ISSUED_KEY, result.apiKey());
                }
                return write(binary, batchId == null ? result : withBatchId(batchId, result));
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof ProblemException problem) {
                return write(binary, batchId == null ? problem.toProblem() : problem.with(ImuBatchParser.BATCH_ID, batchId).toProblem());
            }
            return write(binary, unexpected(deviceId, batchId, cause instanceof RuntimeException e ? e : new IllegalStateException(cause)));
        });
    }

    /** The answer to a batch over the socket's limit: not stored; the device sends it again after an answer comes back. */
    private DeviceSockets.Answer refusal(boolean binary, Object batchId) {
        ProblemException refused = new ProblemException(429, "too-many-in-flight", "Too Many Requests",
                "this socket already has " + config.ws().maxInFlight() + " batches in flight (device.ws.max-in-flight); "
                        + "this one was not stored: send it again once an answer has come back")
                .with("maxInFlight", config.ws().maxInFlight());
        if (batchId != null) {
            refused.with(ImuBatchParser.BATCH_ID, batchId);
        }
        ingest.countRejected(refused);
        return write(binary, refused.toProblem());
    }

    /** The answer with the batch's id first, as the device sent it. */
    private static Map<String, Object> withBatchId(Object batchId, IngestResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(ImuBatchParser.BATCH_ID, batchId);
        answer.put("accepted", result.accepted());
        answer.put("duplicates", result.duplicates());
        if (result.apiKey() != null) {
            answer.put("apiKey", result.apiKey());
        }
        return answer;
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
        sockets.socket(connection).submit(() -> CompletableFuture.completedFuture(write(false, problem.toProblem())),
                () -> write(false, problem.toProblem()));
    }

    /** How Vert.x refuses a text or binary message over the limit, whether it came in one frame or many. */
    private static boolean isMessageTooLarge(Throwable failure) {
        return failure instanceof IllegalStateException && failure.getMessage() != null
                && failure.getMessage().contains("max message size");
    }

    @OnClose
    public void close(@PathParam String deviceId, WebSocketConnection connection) {
        online.disconnected(deviceId);
        sockets.closed(connection);
    }

    private Problem unexpected(String deviceId, Object batchId, RuntimeException e) {
        databaseErrors.record(e);
        Map<String, Object> members = batchId == null ? Map.of() : Map.of(ImuBatchParser.BATCH_ID, batchId);
        if (SqlStates.isTransient(e)) {
            return new Problem(Problem.TYPE_PREFIX + "database-unavailable", "Service Unavailable", 503,
                    "the database is unavailable; resend this batch shortly", null, members);
        }
        LOG.errorf(e, "websocket batch of %s failed", LogValues.escaped(deviceId));
        return new Problem(Problem.TYPE_PREFIX + "internal", "Internal Server Error", 500,
                "an unexpected error occurred; resend this batch", null, members);
    }

    private DeviceSockets.Answer write(boolean binary, Object answer) {
        try {
            return binary ? new DeviceSockets.Answer(CBOR.writeValueAsBytes(answer), true)
                    : new DeviceSockets.Answer(json.writeValueAsString(answer), false);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
