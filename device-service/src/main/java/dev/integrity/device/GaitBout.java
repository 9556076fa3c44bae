package dev.integrity.device;

import java.time.Instant;

/** One walking bout: from its first step to its last, its steps, and its cadence over that time. */
public record GaitBout(Instant start, Instant end, int steps, double durationSeconds, double cadenceStepsPerMinute) {
}
