package dev.integrity.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A walk, summarised: what {@code GET /api/devices/{id}/gait} answers. */
@Schema(example = """
        {"samples": 6000, "durationSeconds": 60.0, "steps": 104, "cadenceStepsPerMinute": 104.0, "meanAccelerationMagnitude": 10.42}""")
public record GaitSummary(long samples, double durationSeconds, int steps, double cadenceStepsPerMinute,
                          double meanAccelerationMagnitude) {
}
