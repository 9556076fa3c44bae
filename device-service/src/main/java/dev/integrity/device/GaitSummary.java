package dev.integrity.device;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A range of samples, summarised as walking: what {@code GET /api/devices/{id}/gait} answers. The
 * cadence is over walking time (the bouts), not over the range: stillness and gaps do not count.
 */
@Schema(example = """
        {"samples": 12000, "durationSeconds": 719.99, "steps": 240, "walkingSeconds": 119.02, "cadenceStepsPerMinute": 119.5,
         "meanAccelerationMagnitude": 10.42, "boutCount": 2, "bouts": [
         {"start": "2026-12-07T09:00:00.120000Z", "end": "2026-12-07T09:00:59.620000Z", "steps": 120, "durationSeconds": 59.5,
          "cadenceStepsPerMinute": 120.0},
         {"start": "2026-12-07T09:11:00.130000Z", "end": "2026-12-07T09:11:59.650000Z", "steps": 120, "durationSeconds": 59.52,
          "cadenceStepsPerMinute": 119.9}]}""")
public record GaitSummary(long samples,
                          @Schema(description = "from the first sample to the last") double durationSeconds,
                          @Schema(description = "every step counted, in bouts or not") int steps,
                          @Schema(description = "the bouts' duration, together") double walkingSeconds,
                          @Schema(description = "steps per minute over walking time") double cadenceStepsPerMinute,
                          double meanAccelerationMagnitude,
                          @Schema(description = "how many bouts the range holds") int boutCount,
                          @Schema(description = "the bouts in time order, the first 1000") List<GaitBout> bouts) {

    public static GaitSummary none() {
        return new GaitSummary(0, 0, 0, 0, 0, 0, 0, List.of());
    }
}
