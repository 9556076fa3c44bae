package dev.integrity.device;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fast timestamp path agrees with java.time on everything it accepts, and refuses what java.time refuses. */
class IsoTimestampsTest {

    @Test
    void agreesWithJavaTimeOnRandomTimestampsOffsetsAndPrecisions() {
        Random random = new Random(7);
        String[] fractions = {"", ".1", ".12", ".123", ".1234", ".12345", ".123456", ".1234567", ".123456789"};
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L));
            int hours = random.nextInt(35) - 17;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(hours * 3600 + (random.nextBoolean() ? 0 : Integer.signum(hours) * 1800));
            String base = at.atOffset(offset).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
            String text = base + fractions[random.nextInt(fractions.length)] + (offset.getTotalSeconds() == 0 && random.nextBoolean() ? "Z" : offset.getId().replace("Z", "+00:00"));
            Instant expected = OffsetDateTime.parse(text).toInstant();
            long expectedMicros = expected.getEpochSecond() * 1_000_000L + expected.getNano() / 1_000;
            assertEquals(expectedMicros, IsoTimestamps.parseMicros(text), text);
        }
    }

    @Test
    void acceptsWhatTheFullParserAcceptsBeyondTheFastShape() {
        assertEquals(OffsetDateTime.parse("2025-01-27T09:30+09:00").toInstant().getEpochSecond() * 1_000_000L,
                IsoTimestamps.parseMicros("2025-01-27T09:30+09:00"));
        assertEquals(OffsetDateTime.parse("2025-01-27t00:00:00z").toInstant().getEpochSecond() * 1_000_000L,
                IsoTimestamps.parseMicros("2025-01-27t00:00:00z"));
    }

    @Test
    void refusesTimestampsWithoutOffsetsAndImpossibleDates() {
        for (String bad : new String[]{"2025-01-27T09:30:00", "2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z",
                "2025-01-27T24:00:00Z", "2025-01-27T09:30:00+19:00", "2025-01-27 09:30:00Z", "", "yesterday",
                "2025-01-27T09:30:00.1234567890Z"}) {
            assertThrows(DateTimeException.class, () -> IsoTimestamps.parseMicros(bad), bad);
        }
    }
}
