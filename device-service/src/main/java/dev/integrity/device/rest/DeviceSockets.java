package dev.integrity.device.rest;

import dev.integrity.device.DeviceConfig;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The device sockets this replica holds, each with its batches in flight:
 * <ul>
 *   <li><b>Pipelining.</b> A socket may have up to {@code device.ws.max-in-flight} batches being
 *       stored at once, each on a worker thread; their answers go out in the order the batches
 *       came, whatever order they finish in. A batch over the limit is not held: it is answered,
 *       in its turn, with a 429 naming its {@code batchId}, and the device sends it again once an
 *       answer has come back. So a socket holds at most that many batches, never a queue.</li>
 *   <li><b>Idle sockets.</b> A socket that has sent nothing (no message, no ping) for
 *       {@code device.ws.idle-timeout} is closed with 1000, so a sensor that went silent without
 *       closing does not hold a socket for ever.</li>
 *   <li><b>Draining.</b> At the first step of shutdown (Quarkus's pre-shutdown,
 *       {@code quarkus.shutdown.delay-enabled}) every socket with nothing in flight is closed with
 *       1001 "going away", and every other one as soon as its last answer is out. A message that
 *       arrives on a closing socket is not stored: unanswered, the device sends it again after
 *       reconnecting, to another replica.</li>
 * </ul>
 */
@ApplicationScoped
public class DeviceSockets {

    static final CloseReason GOING_AWAY = new CloseReason(1001, "the service is shutting down; reconnect");

    private static final Logger LOG = Logger.getLogger(DeviceSockets.class);

    @Inject
    OpenConnections connections;

    @Inject
    DeviceConfig config;

    @Inject
    Vertx vertx;

    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Executor workers = Infrastructure.getDefaultWorkerPool();
    private volatile boolean draining;

    /** One answer: the text (JSON) or bytes (CBOR) to send. */
    public record Answer(Object payload, boolean binary) {
    }

    /** One socket's state; its methods are called on the socket's event loop, its counters read anywhere. */
    final class Socket {
        private final WebSocketConnection connection;
        private CompletableFuture<Void> answered = CompletableFuture.completedFuture(null);
        private int inFlight;
        private boolean closing;
        private volatile long lastHeardNanos = System.nanoTime();

        Socket(WebSocketConnection connection) {
            this.connection = connection;
        }

        /**
         * Takes one message: reads it on a worker and hands it to storage through {@code work}, whose
         * future is its answer, unless the socket is closing (not stored, not answered) or already has
         * its limit in flight ({@code refusal} answers it). Either answer goes out after every answer before it.
         */
        synchronized void submit(Supplier<CompletableFuture<Answer>> work, Supplier<Answer> refusal) {
            lastHeardNanos = System.nanoTime();
            if (closing || draining) {
                return;
            }
            boolean counted = inFlight < config.ws().maxInFlight();
            CompletableFuture<Answer> answer;
            if (counted) {
                inFlight++;
                answer = CompletableFuture.supplyAsync(work, workers).thenCompose(stored -> stored);
            } else {
                answer = CompletableFuture.completedFuture(refusal.get());
            }
            // The slot is given back as the answer goes out, not after: a device that has read an
            // answer may send its next batch at once, and finds the slot free.
            answered = answered.thenCombine(answer, (before, it) -> it)
                    .thenCompose(it -> {
                        release(counted);
                        return send(it).whenComplete((ok, failure) -> closeIfDrained());
                    })
                    .exceptionally(failure -> {
                        LOG.debugf("answering a device socket: %s", failure);
                        return null;
                    });
        }

        private CompletableFuture<Void> send(Answer answer) {
            var sent = answer.binary()
                    ? connection.sendBinary((byte[]) answer.payload())
                    : connection.sendText((String) answer.payload());
            return sent.subscribeAsCompletionStage();
        }

        private synchronized void release(boolean counted) {
            if (counted) {
                inFlight--;
            }
        }

        /** After an answer went out (or could not): the last one closes a draining socket. */
        private void closeIfDrained() {
            boolean close;
            synchronized (this) {
                close = draining && inFlight == 0 && !closing;
                if (close) {
                    closing = true;
                }
            }
            if (close) {
                close(GOING_AWAY);
            }
        }

        void heard() {
            lastHeardNanos = System.nanoTime();
        }

        /** Marks the socket closing if nothing is in flight; true when the caller should close it. */
        synchronized boolean closeIfIdle() {
            if (closing || inFlight > 0) {
                return false;
            }
            closing = true;
            return true;
        }

        synchronized int inFlight() {
            return inFlight;
        }

        void close(CloseReason reason) {
            connection.close(reason).subscribe().with(ok -> { }, failure -> LOG.debugf("closing a device socket: %s", failure));
        }
    }

    void opened(WebSocketConnection connection) {
        Socket socket = socket(connection);
        if (draining && socket.closeIfIdle()) {
            socket.close(GOING_AWAY);
        }
    }

    void closed(WebSocketConnection connection) {
        sockets.remove(connection.id());
    }

    /** The socket's state, made on first use, whichever callback comes first. */
    Socket socket(WebSocketConnection connection) {
        return sockets.computeIfAbsent(connection.id(), id -> new Socket(connection));
    }

    /** Batches being stored or answered on this replica's sockets, now. */
    int inFlight() {
        return sockets.values().stream().mapToInt(Socket::inFlight).sum();
    }

    void onStart(@Observes StartupEvent start) {
        long every = Math.max(1000, config.ws().idleTimeout().toMillis() / 4);
        vertx.setPeriodic(every, timer -> closeIdle());
    }

    /** Closes every socket that has been silent for longer than {@code device.ws.idle-timeout}. */
    int closeIdle() {
        long limit = config.ws().idleTimeout().toNanos();
        long now = System.nanoTime();
        int closed = 0;
        for (Socket socket : sockets.values()) {
            if (now - socket.lastHeardNanos > limit && socket.closeIfIdle()) {
                socket.close(new CloseReason(1000, "idle for longer than " + config.ws().idleTimeout() + "; reconnect to send"));
                closed++;
            }
        }
        if (closed > 0) {
            LOG.debugf("closed %d idle device sockets", closed);
        }
        return closed;
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent shutdown) {
        draining = true;   // before looking at any socket: an answer sent after this sees it
        long closed = 0;
        for (WebSocketConnection connection : connections) {
            Socket socket = sockets.get(connection.id());
            if (socket != null && socket.closeIfIdle()) {
                socket.close(GOING_AWAY);
                closed++;
            }
        }
        LOG.infof("shutting down: closed %d idle device sockets; busy ones close once their last batch is answered", closed);
    }
}
