package dev.integrity.device.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One IMU sample as a JSON or NDJSON batch carries it: the API document's schema for the ingestion
 * bodies. {@code ImuBatchParser} reads those bodies itself, straight into columns (no object per
 * sample), and refuses what this schema refuses: an unknown field, a missing required one, a
 * non-number, NaN or Infinity.
 */
@Schema(name = "ImuSample", additionalProperties = Schema.False.class,
        example = "{\"ts\": \"2025-01-27T09:30:00.120+09:00\", \"accX\": 0.12, \"accY\": -0.03, \"accZ\": 9.79, "
                + "\"gyroX\": 0.01, \"gyroY\": 0.0, \"gyroZ\": -0.02, \"magX\": 31.2, \"magY\": -4.1, \"magZ\": 12.0}")
public record ImuSampleIn(
        @Schema(required = true, format = "date-time",
                description = "When the sample was taken, with an offset; kept to the microsecond, and the key a re-sent sample is known by")
        String ts,
        @Schema(required = true, description = "Acceleration, m/s² (gravity included: the gait summary reads |acc|)") double accX,
        @Schema(required = true, description = "Acceleration, m/s²") double accY,
        @Schema(required = true, description = "Acceleration, m/s²") double accZ,
        @Schema(required = true, description = "Angular rate, as the sensor reports it") double gyroX,
        @Schema(required = true, description = "Angular rate, as the sensor reports it") double gyroY,
        @Schema(required = true, description = "Angular rate, as the sensor reports it") double gyroZ,
        @Schema(nullable = true, description = "Magnetic field, as the sensor reports it; optional") Double magX,
        @Schema(nullable = true, description = "Magnetic field, as the sensor reports it; optional") Double magY,
        @Schema(nullable = true, description = "Magnetic field, as the sensor reports it; optional") Double magZ) {
}
