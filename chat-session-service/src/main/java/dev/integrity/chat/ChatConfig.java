package dev.integrity.chat;

import dev.integrity.platform.partition.RetentionMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code chat.*}: every key is listed, with its default, in the README. */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** Monthly conversation partitions kept ready ahead of the current month (seed 001 section 7.2). */
    @WithDefault("3")
    int premakeMonths();

    /** An active session idle this long is ended (seed 001 section 5.1: 24 hours). */
    @WithDefault("PT24H")
    Duration inactiveAfter();

    /** A session ended this many days ago is deleted, with everything it cascades to (seed 001 section 7.2). */
    @WithDefault("30")
    int retentionDays();

    /**
     * Sessions retention deletes per transaction: each batch's cascade (conversations, interactions,
     * recommendations, feedback) stays short, and the chatbot's writes go on between batches.
     */
    @WithDefault("1000")
    int retentionBatch();

    /** What retention does with an emptied conversation partition wholly older than retention. */
    @WithDefault("drop")
    RetentionMode retentionMode();

    /** How far in the future of the server's clock a conversationTime may lie. */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /**
     * How far in the past a conversationTime may lie: the oldest history an import may bring
     * (default ten years). Each month in it may get a partition; nothing older can make one.
     */
    @WithDefault("P3653D")
    Duration importWindow();

    /** When the maintenance jobs run in-process (Quartz-style cron, seconds first). */
    Jobs jobs();

    interface Jobs {
        @WithDefault("0 10 2 * * ?")
        String premakeCron();

        @WithDefault("0 15 * * * ?")
        String inactiveCron();

        @WithDefault("0 40 3 * * ?")
        String retentionCron();

        @WithDefault("0 0 4 * * ?")
        String refreshCron();
    }
}
