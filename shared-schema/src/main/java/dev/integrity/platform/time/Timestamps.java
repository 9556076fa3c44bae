package dev.integrity.platform.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * PostgreSQL keeps timestamps to the microsecond. Every instant the platform writes is cut to that
 * precision first, so what a write answers is what a read of the same row answers, to the digit
 * (a JVM clock has nanoseconds, and PostgreSQL would round them, not cut).
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** Now, to the microsecond. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code t} to the microsecond; null stays null. */
    public static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code t} to the microsecond; null stays null. */
    public static OffsetDateTime micros(OffsetDateTime t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }
}
