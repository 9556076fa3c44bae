package dev.integrity.device;

import dev.integrity.platform.partition.RetentionMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;

/** {@code device.*}: every key is listed, with its default, in the README. */
@ConfigMapping(prefix = "device")
public interface DeviceConfig {

    /** How an unknown device is treated: created ({@code open}), enrolled with a token, or refused. */
    @WithDefault("token")
    ProvisioningMode provisioning();

    /** The shared secret an unknown device presents as {@code X-Enrollment-Token} in token mode. */
    Optional<String> enrollmentToken();

    /** Most samples one batch (HTTP body or WebSocket message) may carry; more is a 413. */
    @WithDefault("10000")
    int maxBatch();

    /** How far a sample's timestamp may lie in the future of the server's clock. */
    @WithDefault("P1D")
    Duration maxFuture();

    /** Daily imu_data partitions kept ready ahead of today. */
    @WithDefault("7")
    int premakeDays();

    /** Days of samples kept; older partitions are dropped (or detached) whole. Older samples are refused. */
    @WithDefault("365")
    int retentionDays();

    /** What retention does with an expired partition. */
    @WithDefault("drop")
    RetentionMode retentionMode();

    /** A device counts as online while connected, or for this long after it was last seen. */
    @WithDefault("PT1M")
    Duration onlineWindow();

    /** Bounds of {@code GET /api/devices/{id}/imu}. */
    Export export();

    interface Export {
        /**
         * Most samples one export answer carries (and the largest {@code limit}); a range holding
         * more ends at the sample past it, and the answer's {@code Link: rel="next"} goes on from there.
         */
        @WithDefault("1000000")
        int maxRows();

        /**
         * Exports one replica streams at once. Each holds at most one pooled connection at a time (one
         * page's statement), so exports never take more than this many from ingestion; more is a 503
         * {@code export-busy} with Retry-After.
         */
        @WithDefault("4")
        int concurrency();
    }

    /** How batches are stored (group commit: {@code ImuIngestService}). */
    Ingest ingest();

    interface Ingest {
        /**
         * Transactions storing IMU batches at once on this replica (so at most this many of the
         * pool's connections). A batch that finds them all busy waits, and the next one to finish
         * stores every batch waiting in one transaction.
         */
        @WithDefault("4")
        @Min(1)
        @Max(64)
        int writers();

        /** Most samples one group transaction stores; the rest wait for the next. */
        @WithDefault("20000")
        @Min(1)
        int maxGroupSamples();
    }

    /** The sensors' WebSocket, {@code /ws/devices/{deviceId}/imu}. */
    Ws ws();

    interface Ws {
        /**
         * Batches one socket may have in flight (sent, not yet answered). Their answers come back in
         * order; a batch over the limit is answered with a 429 and not stored. A socket holds at most
         * this many batches, so its memory is bounded by this times the largest message.
         */
        @WithDefault("4")
        @Min(1)
        @Max(1024)
        int maxInFlight();

        /** A socket that sends nothing (no message, no ping) for this long is closed with 1000. */
        @WithDefault("PT2M")
        Duration idleTimeout();
    }

    /** When the maintenance jobs run in-process (Quartz-style cron, seconds first). */
    Jobs jobs();

    interface Jobs {
        /** imu-partition-premake: hourly by default. */
        @WithDefault("0 5 * * * ?")
        String premakeCron();

        /** imu-retention: daily by default. */
        @WithDefault("0 20 3 * * ?")
        String retentionCron();

        /** How often this replica marks its WebSocket-connected devices as seen. */
        @WithDefault("15s")
        String heartbeatEvery();
    }
}
