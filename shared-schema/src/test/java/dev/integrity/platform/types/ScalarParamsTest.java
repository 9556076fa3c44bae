package dev.integrity.platform.types;

import dev.integrity.platform.error.BadRequestProblem;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a typed query or path parameter accepts, and the 400 that names it otherwise. */
class ScalarParamsTest {

    private static final ScalarParams PARAMS = new ScalarParams();

    private record Named(String query, String path) {
        Annotation[] annotations() {
            Annotation a = query != null ? new QueryParam() {
                public String value() {
                    return query;
                }

                public Class<? extends Annotation> annotationType() {
                    return QueryParam.class;
                }
            } : new PathParam() {
                public String value() {
                    return path;
                }

                public Class<? extends Annotation> annotationType() {
                    return PathParam.class;
                }
            };
            return new Annotation[] {a};
        }
    }

    private static <T> ParamConverter<T> converter(Class<T> type, String query) {
        return PARAMS.getConverter(type, type, new Named(query, null).annotations());
    }

    private static void refused(ParamConverter<?> converter, String value, String field, String message) {
        BadRequestProblem problem = assertThrows(BadRequestProblem.class, () -> converter.fromString(value), value);
        assertEquals(field + ": " + message, problem.getMessage());
    }

    @Test
    void integersAreDecimalDigitsInRange() {
        ParamConverter<Long> id = PARAMS.getConverter(long.class, long.class, new Named(null, "id").annotations());
        assertEquals(42L, id.fromString("42"));
        assertEquals(-1L, id.fromString("-1"));
        assertEquals(Long.MAX_VALUE, id.fromString(Long.toString(Long.MAX_VALUE)));
        for (String bad : new String[] {"abc", "+5", "1.5", "1e3", "0x10", "9223372036854775808", "99999999999999999999", "١٢"}) {
            refused(id, bad, "id", "must be an integer");
        }
        assertEquals(0L, id.fromString(null), "a primitive not given is its zero, as JAX-RS says");
        assertEquals(0L, id.fromString(" "));
        ParamConverter<Integer> size = converter(Integer.class, "size");
        assertEquals(50, size.fromString(" 50 "));
        assertNull(size.fromString(""), "an empty boxed parameter is one not given");
        refused(size, "2147483648", "size", "must be an integer");
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        ParamConverter<Boolean> hard = converter(boolean.class, "hard");
        assertEquals(true, hard.fromString("true"));
        assertEquals(false, hard.fromString("false"));
        for (String bad : new String[] {"TRUE", "yes", "1", "on"}) {
            refused(hard, bad, "hard", "must be true or false");
        }
        assertEquals(false, hard.fromString(null), "a boolean not given is false");
        assertNull(converter(Boolean.class, "active").fromString(null));
    }

    @Test
    void timestampsCarryTheirOffset() {
        ParamConverter<Instant> from = converter(Instant.class, "from");
        assertEquals(Instant.parse("2025-01-27T00:30:00Z"), from.fromString("2025-01-27T09:30:00+09:00"));
        assertEquals(Instant.parse("2025-01-27T09:30:00.123456Z"), from.fromString("2025-01-27T09:30:00.123456Z"));
        for (String bad : new String[] {"2025-01-27T09:30:00", "2025-01-27", "2025-13-45T99:99:99Z", "yesterday", "1737970200"}) {
            refused(from, bad, "from", "must be an ISO-8601 timestamp with an offset, for example " + ScalarParams.TIMESTAMP_EXAMPLE);
        }
        assertNull(from.fromString(""));
    }

    @Test
    void otherTypesAreLeftToTheirOwnConverters() {
        assertNull(converter(String.class, "q"));
        assertNull(converter(UUID.class, "id"));
        assertNull(converter(double.class, "x"));
    }
}
