package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.ImuBatch;
import dev.integrity.device.IngestResult;
import dev.integrity.device.repository.DeviceRepository;
import dev.integrity.device.repository.ImuRepository;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.ProblemException;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import dev.integrity.platform.partition.PartitionedTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * Stores batches of IMU samples: all or nothing, idempotent, and never lost to a device row or a
 * partition that does not exist yet.
 * <ol>
 *   <li>The batch's daily partitions are made sure of first, in transactions of their own.</li>
 *   <li>One transaction then admits (or creates) the device, stores the batch (see
 *       {@link ImuRepository}), and marks the device as seen.</li>
 *   <li>If a partition vanished in between (retention on another replica), it is recreated and
 *       the whole transaction runs once more.</li>
 * </ol>
 */
@ApplicationScoped
@Startup // its series exist from the start, at 0
public class ImuIngestService {

    public static final PartitionedTable IMU_DATA = new PartitionedTable("device.imu_data", Granularity.DAY);

    private final DeviceAccess access;
    private final DeviceRepository devices;
    private final ImuRepository imu;
    private final PartitionMaintenance partitions;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final MeterRegistry metrics;
    private final Timer latency;

    @Inject
    public ImuIngestService(DeviceAccess access, DeviceRepository devices, ImuRepository imu, PartitionMaintenance partitions,
                            MeterRegistry metrics) {
        this.access = access;
        this.devices = devices;
        this.imu = imu;
        this.partitions = partitions;
        this.accepted = metrics.counter("device.imu.samples", "outcome", "accepted");
        this.duplicates = metrics.counter("device.imu.samples", "outcome", "duplicate");
        this.rejected = metrics.counter("device.imu.samples", "outcome", "rejected");
        this.metrics = metrics;
        REJECTION_REASONS.forEach(this::rejectedBatches);
        this.latency = Timer.builder("device.imu.ingest")
                .description("time to store one batch, from parsed to committed")
                .publishPercentileHistogram()
                .register(metrics);
    }

    public IngestResult ingest(String deviceId, DeviceCredentials credentials, ImuBatch batch) {
        requireValidId(deviceId);
        Timer.Sample started = Timer.start();
        try {
            IngestResult result = partitions.withPartitions(IMU_DATA, batch.timestamps(),
                    () -> QuarkusTransaction.requiringNew().call(() -> store(deviceId, credentials, batch)));
            accepted.increment(result.accepted());
            duplicates.increment(result.duplicates());
            return result;
        } catch (RuntimeException refused) {
            rejected.increment(batch.size());
            countRejected(refused);
            throw refused;
        } finally {
            started.stop(latency);
        }
    }

    /**
     * The cheap checks, before a body is read: the device id's shape, and, where devices must prove
     * who they are ({@code token} or {@code closed} provisioning), their credentials against the
     * device row. A stranger's 10 MB body is refused for its headers, never parsed. (Open
     * provisioning admits anyone; {@link #ingest} decides there, in the batch's own transaction.)
     */
    public void admissible(String deviceId, DeviceCredentials credentials) {
        try {
            requireValidId(deviceId);
            access.precheck(deviceId, credentials);
        } catch (ProblemException refused) {
            countRejected(refused);
            throw refused;
        }
    }

    /**
     * Counts a batch refused before or in {@link #ingest} (one that failed validation never reaches
     * it) in {@code device_imu_batches_rejected_total{reason}}, by why: {@code invalid} (400),
     * {@code too_large} (413), {@code unauthorized} (the device's credentials, 401 or 403),
     * {@code busy} (429: a WebSocket already had {@code device.ws.max-in-flight} batches in flight),
     * {@code unavailable} (the database or a partition could not take it now, 503: the sensor resends)
     * or {@code error} (a fault of ours, 500).
     */
    public void countRejected(RuntimeException refusal) {
        rejectedBatches(reasonOf(refusal)).increment();
    }

    static final List<String> REJECTION_REASONS = List.of("invalid", "too_large", "unauthorized", "busy", "unavailable", "error");

    static String reasonOf(RuntimeException refusal) {
        if (refusal instanceof ProblemException problem) {
            return switch (problem.status()) {
                case 400, 404, 409, 422 -> "invalid";
                case 413 -> "too_large";
                case 401, 403 -> "unauthorized";
                case 429 -> "busy";
                case 503 -> "unavailable";
                default -> "error";
            };
        }
        return SqlStates.isTransient(refusal) ? "unavailable" : "error";
    }

    private Counter rejectedBatches(String reason) {
        return Counter.builder("device.imu.batches.rejected").description("IMU batches refused, by reason; none of their samples was stored")
                .tag("reason", reason).register(metrics);
    }

    private IngestResult store(String deviceId, DeviceCredentials credentials, ImuBatch batch) {
        Optional<String> newKey = access.admit(deviceId, credentials);
        int stored = imu.insertBatch(deviceId, batch);
        // Last, so the device row is locked only for the commit, not while the batch is written.
        devices.touch(deviceId);
        return new IngestResult(stored, batch.size() - stored, newKey.orElse(null));
    }

    static void requireValidId(String deviceId) {
        if (deviceId == null || !deviceId.matches(Device.ID_PATTERN)) {
            throw new BadRequestProblem("deviceId", "must be 1-64 letters, digits or . _ : - and start with a letter or digit");
        }
    }
}
