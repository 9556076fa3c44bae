package dev.integrity.platform.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code platform.jobs.*}, shared by every service and listed in the README.
 * (The admin token, {@code platform.admin-token}, is read by the admin filter. The Quarkus platform
 * BOM itself defines {@code platform.quarkus.*} keys, so no mapping claims all of {@code platform}.)
 */
@ConfigMapping(prefix = "platform.jobs")
public interface JobsConfig {

    /**
     * Whether this replica's in-process scheduler runs the maintenance jobs. Turn it off where
     * Kubernetes CronJobs call {@code POST /admin/jobs/{name}/run} instead.
     */
    @WithDefault("true")
    boolean schedule();

    /** Longest a job may run before its transaction, and so its lock, is rolled back. */
    @WithDefault("30M")
    Duration timeout();

    /** Job-run records older than this many days are deleted when the same job next runs. */
    @WithDefault("90")
    int historyDays();
}
