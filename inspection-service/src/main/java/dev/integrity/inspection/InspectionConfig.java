package dev.integrity.inspection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Every {@code inspection.*} key; the README lists them with their defaults. */
@ConfigMapping(prefix = "inspection")
public interface InspectionConfig {

    /** An active session idle this long is paused by the abandoned-session job. */
    @WithDefault("PT2H")
    Duration staleAfter();

    /** An open session idle this long is cancelled with reason {@code abandoned}. */
    @WithDefault("PT24H")
    Duration abandonAfter();

    Jobs jobs();

    interface Jobs {
        /** When {@code inspection-abandoned-sessions} runs in-process (Quartz-style cron, seconds first). */
        @WithDefault("0 */15 * * * ?")
        String abandonedCron();

        /** When {@code inspection-duplicate-cleanup} runs in-process: weekly, Sunday 04:00. */
        @WithDefault("0 0 4 ? * SUN")
        String cleanupCron();
    }
}
