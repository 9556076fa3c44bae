package dev.integrity.platform.types;

import dev.integrity.platform.error.BadRequestProblem;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Query and path parameters typed {@code long}, {@code int}, {@code boolean} (or their boxes) and
 * {@link Instant}, read strictly: decimal digits with an optional minus sign, {@code true} or
 * {@code false}, an ISO-8601 timestamp with its offset. Anything else is the contract's 400 naming
 * the parameter, where JAX-RS would answer 404 (Java's own parsers also take {@code +5},
 * {@code TRUE}, {@code yes} as false, and a timestamp without offset in the server's zone). An
 * absent or empty value is a parameter not given: null for a box, a primitive's zero for a
 * primitive. Every primitive query parameter still declares its {@code @DefaultValue}: without one,
 * Quarkus REST does not hand the converter an absent parameter as null (measured: {@code ?hard}
 * left out was refused), so the default says what leaving it out means.
 */
@Provider
public class ScalarParams implements ParamConverterProvider {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    static final String TIMESTAMP_EXAMPLE = "2025-01-27T09:30:00+09:00";

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = CodedEnumParams.parameterName(annotations);
        boolean primitive = rawType.isPrimitive();
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) converter(name, primitive ? 0L : null, "must be an integer", ScalarParams::parseLong);
        }
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) converter(name, primitive ? 0 : null, "must be an integer", text -> Math.toIntExact(parseLong(text)));
        }
        if (rawType == boolean.class || rawType == Boolean.class) {
            return (ParamConverter<T>) converter(name, primitive ? false : null, "must be true or false", ScalarParams::parseBoolean);
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) converter(name, null,
                    "must be an ISO-8601 timestamp with an offset, for example " + TIMESTAMP_EXAMPLE,
                    text -> OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        }
        return null;
    }

    private static long parseLong(String text) {
        if (!INTEGER.matcher(text).matches()) {
            throw new NumberFormatException();
        }
        return Long.parseLong(text); // past Long's range: NumberFormatException
    }

    private static boolean parseBoolean(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        };
    }

    /** {@code absent}: what a parameter not given (or given empty) is, null or a primitive's zero. */
    private static <V> ParamConverter<V> converter(String name, V absent, String rule, Function<String, V> parse) {
        return new ParamConverter<>() {
            @Override
            public V fromString(String value) {
                if (value == null || value.isBlank()) {
                    return absent;
                }
                try {
                    return parse.apply(value.strip());
                } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                    throw new BadRequestProblem(name, rule);
                }
            }

            @Override
            public String toString(V value) {
                return value == null ? null : value.toString();
            }
        };
    }
}
