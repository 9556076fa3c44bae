package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.DeviceConfig;
import dev.integrity.device.GaitAnalyzer;
import dev.integrity.device.GaitSummary;
import dev.integrity.device.repository.ImuRepository;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.BusyProblem;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** Reads of stored samples: the export stream and the gait summary. */
@ApplicationScoped
public class ImuReadService {

    /** An open range end: all samples the retention period can hold. */
    public static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

    @Inject
    ImuRepository imu;

    @Inject
    DeviceRegistryService registry;

    @Inject
    DeviceConfig config;

    private Semaphore exports;
    private int maxRows;

    @PostConstruct
    void limits() {
        exports = new Semaphore(config.export().concurrency());
        maxRows = config.export().maxRows();
    }

    /** How long a client refused for want of an export slot should wait. */
    static final long EXPORT_RETRY_SECONDS = 5;

    /** The samples [from, to) of an export that carries at most {@code limit}; {@code next} is where the rest begins. */
    public record ExportPlan(Instant from, Instant to, Optional<Instant> next) {
    }

    /** At most {@code device.export.max-rows}; {@code limit} (null for the most) narrows it. */
    public int exportLimit(Integer limit) {
        if (limit == null) {
            return maxRows;
        }
        if (limit < 1 || limit > maxRows) {
            throw new BadRequestProblem("limit", "must be 1 to " + maxRows);
        }
        return limit;
    }

    /**
     * Takes one of this replica's export slots ({@code device.export.concurrency}), or answers 503;
     * the caller gives it back with {@link #exportDone()} once the answer is written or abandoned.
     */
    public void admitExport() {
        if (!exports.tryAcquire()) {
            throw new BusyProblem("export-busy", "as many exports as this replica streams at once are running", EXPORT_RETRY_SECONDS);
        }
    }

    public void exportDone() {
        exports.release();
    }

    /** Where an export of at most {@code limit} samples of [from, to) ends: at the first sample past the limit. */
    public ExportPlan planExport(String deviceId, Instant from, Instant to, int limit) {
        Optional<Instant> next = imu.tsAfter(deviceId, from, to, limit);
        return new ExportPlan(from, next.orElse(to), next);
    }

    /** 404 unless the device is registered and the caller may read it; reads never create one. */
    public void requireReadable(String deviceId) {
        registry.readable(deviceId);
    }

    public long export(String deviceId, Instant from, Instant to, ImuRepository.SampleSink sink) throws IOException {
        return imu.export(deviceId, from, to, sink);
    }

    public GaitSummary gait(String deviceId, Instant from, Instant to) {
        requireReadable(deviceId);
        ImuRepository.MagnitudeStats stats = imu.magnitudeStats(deviceId, from, to);
        if (stats.samples() == 0) {
            return GaitSummary.none();
        }
        double seconds = java.time.Duration.between(stats.first(), stats.last()).toNanos() / 1e9;
        double rate = seconds > 0 ? (stats.samples() - 1) / seconds : 0;
        GaitAnalyzer analyzer = new GaitAnalyzer(stats.mean(), stats.stddev(), rate);
        imu.magnitudes(deviceId, from, to, analyzer::accept);
        analyzer.finish();
        return new GaitSummary(stats.samples(), GaitAnalyzer.round(seconds, 3), analyzer.steps(), analyzer.walkingSeconds(), analyzer.cadence(),
                GaitAnalyzer.round(stats.mean(), 4), analyzer.boutCount(), analyzer.bouts());
    }
}
