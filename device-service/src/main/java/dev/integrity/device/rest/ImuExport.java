package dev.integrity.device.rest;

import java.time.Instant;

/** A device's samples in [from, to), to be streamed by {@link ImuExportWriter} as CSV or JSON. */
public record ImuExport(String deviceId, Instant from, Instant to, boolean csv) {
}
