package dev.integrity.platform.error;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogValuesTest {

    @Test
    void lineBreaksAndControlCharactersAreWrittenOutNeverPassedThrough() {
        assertEquals("/api/x\\r\\nINFO forged", LogValues.escaped("/api/x\r\nINFO forged"));
        assertEquals("a\\tb\\u0000c\\u001bd\\u2028e\\u0085f", LogValues.escaped("a\tb\u0000c\u001bd\u2028e\u0085f"));
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeCannotBeForgedEither() {
        assertEquals("\\\\r\\r", LogValues.escaped("\\r\r"));
    }

    @Test
    void anOrdinaryValueIsLoggedAsItIs() {
        String plain = "/api/devices/gait-01/imu";
        assertSame(plain, LogValues.escaped(plain));
        assertEquals("한국어 경로", LogValues.escaped("한국어 경로"));
        assertEquals("null", LogValues.escaped(null));
    }

    @Test
    void aLongValueIsCutAndSaysHowMuchWasLeftOut() {
        String cut = LogValues.escaped("x".repeat(10_000) + "\n");
        assertEquals("x".repeat(LogValues.MAX) + "...(9701 more characters)", cut);
    }
}
