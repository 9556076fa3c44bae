package dev.integrity.device;

/** A walk, summarised: what {@code GET /api/devices/{id}/gait} answers. */
public record GaitSummary(long samples, double durationSeconds, int steps, double cadenceStepsPerMinute,
                          double meanAccelerationMagnitude) {
}
