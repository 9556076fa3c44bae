package dev.integrity.platform.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * An open-loop load generator: request i is sent at {@code start + i / rate}, whether or not earlier
 * ones have answered, and its latency is measured from that intended moment. A slow server
 * therefore shows up as latency instead of quietly lowering the rate (no coordinated omission).
 * It runs on Vert.x's event loop with a bounded connection pool, so the generator itself costs
 * little CPU on the machine it shares with the server.
 */
public final class FixedRateLoad implements AutoCloseable {

    /** One request: method, path (and query), JSON body or null. */
    public record Call(HttpMethod method, String path, String body) {

        public static Call get(String path) {
            return new Call(HttpMethod.GET, path, null);
        }

        public static Call post(String path, String body) {
            return new Call(HttpMethod.POST, path, body);
        }
    }

    /** What a run measured. */
    public record Result(String name, int sent, long ok, long failed, double seconds, Latencies latencies,
                         Map<Integer, Long> statuses) {

        public double achievedRate() {
            return ok / seconds;
        }

        public double errorRate() {
            return sent == 0 ? 0 : (double) failed / sent;
        }
    }

    /** The status recorded for a request that got no HTTP answer at all. */
    public static final int TRANSPORT_FAILURE = -1;

    private record Answer(int status, String body) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final String authorization;

    /** A generator against {@code base} (http://host:port) with up to {@code connections} connections. */
    public FixedRateLoad(String base, int connections) {
        this(base, connections, null);
    }

    /** The same, every request carrying {@code authorization} (an {@code Authorization} header value, or null). */
    public FixedRateLoad(String base, int connections, String authorization) {
        this.authorization = authorization;
        URI uri = URI.create(base);
        vertx = Vertx.vertx();
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /**
     * Sends {@code rate * seconds} requests at a fixed rate and waits for every answer.
     *
     * @param expect    the status that counts as success
     * @param onSuccess given each successful response body (for example to keep created ids), or null
     */
    public Result run(String name, int rate, int seconds, IntFunction<Call> calls, int expect, Consumer<String> onSuccess)
            throws InterruptedException {
        int total = rate * seconds;
        Latencies latencies = new Latencies();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        Map<String, Long> transportErrors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Call call = calls.apply(i);
            // Started on Vert.x's own context, so the body handler is in place before the body arrives.
            vertx.runOnContext(ignored -> client.request(call.method(), call.path())
                    .compose(request -> {
                        request.putHeader("Accept", "application/json").putHeader("User-Agent", "integrity-bench/1.0");
                        if (authorization != null) {
                            request.putHeader("Authorization", authorization);
                        }
                        if (call.body() == null) {
                            return request.send();
                        }
                        return request.putHeader("Content-Type", "application/json").send(Buffer.buffer(call.body()));
                    })
                    .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body.toString())))
                    .onComplete(result -> {
                        try {
                            latencies.record(System.nanoTime() - intended);
                            int status = result.succeeded() ? result.result().status() : TRANSPORT_FAILURE;
                            statuses.merge(status, 1L, Long::sum);
                            if (status == expect) {
                                ok.incrementAndGet();
                                if (onSuccess != null) {
                                    onSuccess.accept(result.result().body());
                                }
                            } else {
                                failed.incrementAndGet();
                                if (!result.succeeded()) {
                                    transportErrors.merge(String.valueOf(result.cause()), 1L, Long::sum);
                                }
                            }
                        } catch (RuntimeException e) {
                            transportErrors.merge("answer handling failed: " + e, 1L, Long::sum);
                        } finally {
                            done.countDown();
                        }
                    }));
        }
        if (!done.await(seconds + 120L, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": answers still missing two minutes after the last request");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        transportErrors.forEach((error, count) -> System.out.printf("  %s: %d x %s%n", name, count, error));
        return new Result(name, total, ok.get(), failed.get(), elapsed, latencies, Map.copyOf(statuses));
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
