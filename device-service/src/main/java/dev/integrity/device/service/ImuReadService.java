package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.GaitAnalyzer;
import dev.integrity.device.GaitSummary;
import dev.integrity.device.repository.ImuRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Instant;

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
            return new GaitSummary(0, 0, 0, 0, 0);
        }
        double seconds = java.time.Duration.between(stats.first(), stats.last()).toNanos() / 1e9;
        double rate = seconds > 0 ? (stats.samples() - 1) / seconds : 0;
        GaitAnalyzer analyzer = new GaitAnalyzer(stats.mean(), stats.stddev(), rate);
        imu.magnitudes(deviceId, from, to, analyzer::accept);
        int steps = analyzer.steps();
        double cadence = seconds > 0 ? steps * 60.0 / seconds : 0;
        return new GaitSummary(stats.samples(), round(seconds, 3), steps, round(cadence, 1), round(stats.mean(), 4));
    }

    private static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
