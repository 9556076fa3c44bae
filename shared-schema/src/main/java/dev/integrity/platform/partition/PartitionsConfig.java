package dev.integrity.platform.partition;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code platform.partitions.*}, shared by every service and listed in the README. */
@ConfigMapping(prefix = "platform.partitions")
public interface PartitionsConfig {

    /**
     * Most partitions this replica creates on demand (for a write whose period has none) per
     * minute, across all its tables; beyond it such a write is a 503 with Retry-After. Scheduled
     * premake does not count against it.
     */
    @WithDefault("60")
    int onDemandPerMinute();

    /**
     * The lock_timeout of each attempt at a partition step that others may queue behind while it
     * waits: attaching a new partition (its foreign keys lock the tables they reference) and
     * dropping a retired one. Short, so nobody queues for long.
     */
    @WithDefault("PT1S")
    Duration lockTimeout();

    /** Attempts at each such step, with back-off between them (0.1 s, 0.2 s, 0.4 s...); then the step gives up. */
    @WithDefault("5")
    int lockAttempts();

    /**
     * How long retention's {@code DETACH PARTITION ... CONCURRENTLY} may wait for the readers of
     * the partition (an export) to finish. Its wait holds no one up, so it may be long.
     */
    @WithDefault("PT2M")
    Duration detachWait();

    /**
     * Retention's pause between one retired partition and the next. Detaching a partition and
     * dropping it each lock, for a moment, the tables its foreign keys reference (the device
     * registry, session_master); the pause lets the writes queued behind one step drain before the
     * next, instead of ten steps' waits adding up.
     */
    @WithDefault("PT0.5S")
    Duration retirePause();
}
