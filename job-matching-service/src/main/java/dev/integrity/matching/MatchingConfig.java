package dev.integrity.matching;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code matching.*}: every key is listed, with its default, in the README. */
@ConfigMapping(prefix = "matching")
public interface MatchingConfig {

    Dedup dedup();

    Pipeline pipeline();

    /** Most items one intake request may carry. */
    @WithDefault("1000")
    int maxIntake();

    interface Dedup {
        /** Similar pairs at or above this trigram similarity (same company, same position or title) are merged. */
        @WithDefault("0.85")
        double autoThreshold();

        /** Pairs from here up to the auto threshold become review candidates. */
        @WithDefault("0.7")
        double reviewThreshold();

        /** Duplicate groups merged per transaction. */
        @WithDefault("2000")
        int batchGroups();

        /**
         * How often each replica counts the candidates waiting for review for
         * {@code dedup_candidates_pending} (also after each run and decision); {@code off} never.
         */
        @WithDefault("30s")
        String pendingRefresh();
    }

    interface Pipeline {
        /** How often each replica looks for queued pipeline jobs. */
        @WithDefault("2s")
        String pollEvery();

        /** A running job whose worker has not reported for this long is given to another worker. */
        @WithDefault("PT5M")
        Duration reclaimAfter();

        /** Attempts before a job that keeps being abandoned is failed for good. */
        @WithDefault("3")
        int maxAttempts();

        /** When the nightly FULL_PIPELINE is enqueued (Quartz-style cron, seconds first). */
        @WithDefault("0 30 1 * * ?")
        String nightlyCron();
    }
}
