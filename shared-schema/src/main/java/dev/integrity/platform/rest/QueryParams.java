package dev.integrity.platform.rest;

import dev.integrity.platform.error.BadRequestProblem;

import java.time.Instant;

/**
 * Rules across query parameters. Each parameter is typed and read by its converter
 * ({@code dev.integrity.platform.types}); what two of them must agree on is checked here.
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A [from, to) range; {@code to} must come after {@code from} when both are given. */
    public static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new BadRequestProblem("to", "must be after from");
        }
    }
}
