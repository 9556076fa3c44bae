package dev.integrity.platform.partition;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The period one partition covers. Periods start at UTC midnight (and the 1st of the month). */
public enum Granularity {
    DAY, MONTH;

    public Instant floor(Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return (this == MONTH ? utc.withDayOfMonth(1) : utc).toInstant();
    }

    public Instant next(Instant periodStart) {
        ZonedDateTime utc = periodStart.atZone(ZoneOffset.UTC);
        return (this == MONTH ? utc.plusMonths(1) : utc.plusDays(1)).toInstant();
    }

    public Instant plus(Instant periodStart, long periods) {
        ZonedDateTime utc = periodStart.atZone(ZoneOffset.UTC);
        return (this == MONTH ? utc.plusMonths(periods) : utc.plusDays(periods)).toInstant();
    }
}
