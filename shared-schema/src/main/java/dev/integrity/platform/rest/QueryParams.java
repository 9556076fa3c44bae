package dev.integrity.platform.rest;

import dev.integrity.platform.error.BadRequestProblem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Query and path values read as text and parsed here, so a bad one is a 400 that names it (JAX-RS
 * would answer 404 for an unconvertible query parameter).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 timestamp with an offset, or empty when the parameter is absent. */
    public static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            throw new BadRequestProblem(name, "must be an ISO-8601 timestamp with an offset, for example 2025-01-27T09:30:00+09:00");
        }
    }

    /** A [from, to) range; {@code to} must come after {@code from}. */
    public static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new BadRequestProblem("to", "must be after from");
        }
    }

    /** true or false, or empty when the parameter is absent. */
    public static Optional<Boolean> bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return switch (value.strip()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new BadRequestProblem(name, "must be true or false");
        };
    }

    /** A value parsed by {@code parser}, whose IllegalArgumentException message becomes the 400's. */
    public static <T> Optional<T> parse(String name, String value, java.util.function.Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestProblem(name, e.getMessage());
        }
    }

    public static long id(String name, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // fall through
        }
        throw new BadRequestProblem(name, "must be a positive integer id");
    }
}
