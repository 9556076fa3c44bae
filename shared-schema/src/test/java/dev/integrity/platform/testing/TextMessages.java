package dev.integrity.platform.testing;

import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK WebSocket listener that collects the server's whole text messages, in order, and notes
 * how the connection ended. For tests, benchmarks and drills.
 */
public final class TextMessages implements WebSocket.Listener {

    /** What {@link #next} gives once the connection has ended. */
    public static final String CLOSED = "\u0000closed";

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile int closeCode = -1;
    private volatile long closedAtMillis = -1;

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        socket.request(1);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        ended(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
        ended(-1);
    }

    private synchronized void ended(int code) {
        if (closedAtMillis < 0) {
            closeCode = code;
            closedAtMillis = System.currentTimeMillis();
            received.add(CLOSED);
        }
    }

    /** The next whole message, {@link #CLOSED} once the connection has ended, or null after the timeout. */
    public String next(long timeout, TimeUnit unit) throws InterruptedException {
        return received.poll(timeout, unit);
    }

    /** The close code the server sent; -1 while open, or when the connection dropped without one. */
    public int closeCode() {
        return closeCode;
    }

    /** When the connection ended (epoch millis), or -1 while it is open. */
    public long closedAtMillis() {
        return closedAtMillis;
    }
}
