package dev.integrity.device.rest;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends the sensors' sockets when the service is told to stop, without cutting a batch off. An open
 * socket would otherwise hold Quarkus's graceful shutdown for all of {@code quarkus.shutdown.timeout}
 * and then be cut, answer or not. At the first step of shutdown (Quarkus's pre-shutdown,
 * {@code quarkus.shutdown.delay-enabled}) every idle socket is closed with 1001 "going away"; a
 * socket busy storing a batch is closed as soon as that batch has been answered. The device
 * reconnects, to another replica.
 */
@ApplicationScoped
public class SocketDrain {

    static final CloseReason GOING_AWAY = new CloseReason(1001, "the service is shutting down; reconnect");

    private static final Logger LOG = Logger.getLogger(SocketDrain.class);

    @Inject
    OpenConnections connections;

    /** Each open socket's activity, by connection id; made on first use, whichever callback comes first. */
    private final Map<String, Activity> activities = new ConcurrentHashMap<>();

    private volatile boolean draining;

    /** Whether a batch is being stored on a socket; only an idle socket is closed. */
    static final class Activity {
        private static final int IDLE = 0, BUSY = 1, CLOSING = 2;
        private final AtomicInteger state = new AtomicInteger(IDLE);

        /** False once the socket is closing: the message must not be stored. */
        boolean begin() {
            return state.compareAndSet(IDLE, BUSY);
        }

        void end() {
            state.compareAndSet(BUSY, IDLE);
        }

        /** True for exactly one caller, and only while no batch is being stored. */
        boolean closeIfIdle() {
            return state.compareAndSet(IDLE, CLOSING);
        }
    }

    void opened(WebSocketConnection connection) {
        activity(connection);
        if (draining) {
            close(connection);
        }
    }

    void closed(WebSocketConnection connection) {
        activities.remove(connection.id());
    }

    Activity activity(WebSocketConnection connection) {
        return activities.computeIfAbsent(connection.id(), id -> new Activity());
    }

    /** After a message has been answered: if the service is stopping, the socket goes now. */
    void answered(WebSocketConnection connection) {
        if (draining) {
            close(connection);
        }
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent shutdown) {
        draining = true;   // before looking at any socket: a batch ending after this sees it
        long closed = connections.stream().filter(this::close).count();
        LOG.infof("shutting down: closed %d idle device sockets; busy ones close once their batch is answered", closed);
    }

    private boolean close(WebSocketConnection connection) {
        Activity activity = activities.get(connection.id());
        if (activity == null || !activity.closeIfIdle()) {
            return false;   // not one of ours, or busy: it closes once its batch is answered
        }
        connection.close(GOING_AWAY).subscribe().with(ok -> { }, failure -> LOG.debugf("closing a socket: %s", failure));
        return true;
    }
}
