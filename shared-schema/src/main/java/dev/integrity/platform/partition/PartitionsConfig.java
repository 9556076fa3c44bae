package dev.integrity.platform.partition;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
