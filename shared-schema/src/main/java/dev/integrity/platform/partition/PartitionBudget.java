package dev.integrity.platform.partition;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * How many partitions this replica may still create on demand: a token bucket holding
 * {@code platform.partitions.on-demand-per-minute} tokens, refilled evenly over a minute. Each
 * partition a write has to create takes one; one that another writer created first is given back.
 * Whoever finds the bucket empty is told how long until the next token.
 */
@ApplicationScoped
public class PartitionBudget {

    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long MINUTE_NANOS = 60 * SECOND_NANOS;

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long refilledAt;

    @Inject
    public PartitionBudget(PartitionsConfig config) {
        this(config.onDemandPerMinute(), System.nanoTime());
    }

    PartitionBudget(int perMinute, long now) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("platform.partitions.on-demand-per-minute must be at least 1, not " + perMinute);
        }
        this.capacity = perMinute;
        this.tokensPerNano = perMinute / (double) MINUTE_NANOS;
        this.tokens = perMinute;
        this.refilledAt = now;
    }

    /** Takes a token: 0 if one was there, else the whole seconds to wait for the next (at least 1). */
    public long take() {
        return take(System.nanoTime());
    }

    synchronized long take(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        long nanos = Math.round((1 - tokens) / tokensPerNano);
        return Math.max(1, (nanos + SECOND_NANOS - 1) / SECOND_NANOS);
    }

    /** Gives back a token that was taken for a partition someone else created. */
    public synchronized void refund() {
        tokens = Math.min(capacity, tokens + 1);
    }
}
