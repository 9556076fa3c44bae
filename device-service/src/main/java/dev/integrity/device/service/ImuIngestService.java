package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.DeviceConfig;
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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

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
 * <b>Group commit.</b> At most {@code device.ingest.writers} transactions store batches at once. A
 * batch that finds them all busy waits in a queue, and the next writer to finish takes every batch
 * waiting there (up to {@code device.ingest.max-group-samples}) into one transaction: one query
 * admits all their devices, one statement creates the unknown ones, one COPY stores all their
 * samples and one statement marks the devices seen. A thousand sensors sending a small batch a
 * second then cost tens of transactions a second, not a thousand. A batch that finds a writer free
 * is stored at once, on its own, exactly as before: grouping adds no wait. Each batch of a group is
 * still all or nothing and answered on its own: a refused one (its key, its device) is answered
 * with its problem and left out; if any sample of the group was stored before (a batch sent again)
 * or anything else goes wrong but the database itself, the group is rolled back and its batches are
 * stored one by one, each counting its own duplicates; if the database fails, each is answered 503.
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
    private final DistributionSummary groups;
    private final Counter groupFallbacks;
    private final DeviceConfig config;
    private final Semaphore writers;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();

    @Inject
    public ImuIngestService(DeviceAccess access, DeviceRepository devices, ImuRepository imu, PartitionMaintenance partitions,
                            MeterRegistry metrics, DeviceConfig config) {
        this.config = config;
        this.writers = new Semaphore(config.ingest().writers());
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
        this.groups = DistributionSummary.builder("device.imu.group.batches")
                .description("batches stored together in one transaction (group commit), per group of two or more")
                .register(metrics);
        // A test application restarted in the same JVM finds its predecessor's gauge, bound to a queue that is gone.
        metrics.find("device.imu.batches.waiting").gauges().forEach(metrics::remove);
        Gauge.builder("device.imu.batches.waiting", waiting, Queue::size)
                .description("batches waiting for a writer (device.ingest.writers all busy); the next to finish stores them together")
                .register(metrics);
        this.groupFallbacks = Counter.builder("device.imu.group.fallbacks")
                .description("groups rolled back and stored one batch at a time (a sample of one was stored before)")
                .register(metrics);
    }

    /** Stores a batch, waiting for it to be stored: the HTTP path. */
    public IngestResult ingest(String deviceId, DeviceCredentials credentials, ImuBatch batch) {
        try {
            return submit(deviceId, credentials, batch).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** A batch waiting for a writer, and what it will be answered. */
    private record Pending(String deviceId, DeviceCredentials credentials, ImuBatch batch, Timer.Sample started,
                           CompletableFuture<IngestResult> result) {
    }

    /**
     * Stores a batch without waiting for it: the WebSocket path. The caller's thread stores it at
     * once if a writer is free (and then any batches that queued meanwhile); otherwise the batch
     * waits for the next writer to finish, and this returns at once.
     */
    public CompletableFuture<IngestResult> submit(String deviceId, DeviceCredentials credentials, ImuBatch batch) {
        Pending pending = new Pending(deviceId, credentials, batch, Timer.start(), new CompletableFuture<>());
        try {
            requireValidId(deviceId);
            // Partitions first, on the caller's thread: a missing day is made (or refused) before the batch queues.
            partitions.ensureCovered(IMU_DATA, batch.timestamps());
        } catch (RuntimeException refused) {
            refuse(pending, refused);
            return pending.result();
        }
        waiting.add(pending);
        drain();
        return pending.result();
    }

    /**
     * While batches wait and a writer is free, be that writer. Whoever gives a writer back looks
     * again, so a batch that queued while every writer was busy is never left behind.
     */
    private void drain() {
        while (!waiting.isEmpty() && writers.tryAcquire()) {
            try {
                List<Pending> group = new ArrayList<>();
                int samples = 0;
                for (Pending next = waiting.poll(); next != null; next = samples >= config.ingest().maxGroupSamples() ? null : waiting.poll()) {
                    group.add(next);
                    samples += next.batch().size();
                }
                if (!group.isEmpty()) {
                    write(group);
                }
            } finally {
                writers.release();
            }
        }
    }

    private void write(List<Pending> group) {
        if (group.size() == 1) {
            writeAlone(group.get(0));
            return;
        }
        List<Pending> stored = new ArrayList<>();
        int created;
        try {
            created = QuarkusTransaction.requiringNew().call(() -> storeGroup(group, stored));
        } catch (RuntimeException failed) {
            if (SqlStates.isTransient(failed)) {
                group.stream().filter(p -> !p.result().isDone()).forEach(p -> refuse(p, failed));
                return;
            }
            // A batch sent again, a partition retired under the group, or anything else: one by one.
            stored.clear();
            group.stream().filter(p -> !p.result().isDone()).forEach(this::writeAlone);
            groupFallbacks.increment();
            return;
        }
        groups.record(stored.size());
        access.provisioned(created);
        for (Pending p : stored) {
            answer(p, new IngestResult(p.batch().size(), 0, null));
        }
        group.stream().filter(p -> !p.result().isDone()).forEach(this::writeAlone);   // enrolled on their own
    }

    /**
     * One transaction for the group: admission of every batch (a refused one is answered now and
     * left out), the unknown devices created, every admitted batch in one COPY, the devices marked
     * seen; returns how many devices it created. Throws {@link GroupConflict} when a sample was
     * stored before, to roll it all back.
     */
    private int storeGroup(List<Pending> group, List<Pending> stored) {
        DeviceAccess.GroupAdmission admitted = access.admitAll(group.stream().map(Pending::deviceId).toList(),
                group.stream().map(Pending::credentials).toList());
        List<DeviceAccess.Admission> admissions = admitted.admissions();
        List<String> ids = new ArrayList<>();
        List<ImuBatch> batches = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            DeviceAccess.Admission admission = admissions.get(i);
            if (admission.refusal() != null) {
                refuse(group.get(i), admission.refusal());
            } else if (admission.admitted()) {
                stored.add(group.get(i));
                ids.add(group.get(i).deviceId());
                batches.add(group.get(i).batch());
            }
        }
        if (stored.isEmpty()) {
            return admitted.created();
        }
        if (!imu.insertAllNew(ids, batches)) {
            throw new GroupConflict();
        }
        devices.touchAll(new TreeSet<>(ids));
        return admitted.created();
    }

    /** A sample of the group was stored before: the group is rolled back and its batches go one by one. */
    private static final class GroupConflict extends RuntimeException {
        GroupConflict() {
            super("a sample of the group was stored before", null, false, false);
        }
    }

    /** One batch in its own transaction, as every batch was stored before groups. */
    private void writeAlone(Pending p) {
        try {
            answer(p, partitions.withPartitions(IMU_DATA, p.batch().timestamps(),
                    () -> QuarkusTransaction.requiringNew().call(() -> store(p.deviceId(), p.credentials(), p.batch()))));
        } catch (RuntimeException refused) {
            refuse(p, refused);
        }
    }

    private void answer(Pending p, IngestResult result) {
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        p.started().stop(latency);
        p.result().complete(result);
    }

    private void refuse(Pending p, RuntimeException refused) {
        rejected.increment(p.batch().size());
        countRejected(refused);
        p.started().stop(latency);
        p.result().completeExceptionally(refused);
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
