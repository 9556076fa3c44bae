package dev.integrity.platform.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: its items, where it is, and how many items there are in all ({@code total} is
 * left out where counting would cost more than the page itself).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, int page, int size, Long total) {

    /** The largest page any list endpoint serves. */
    public static final int MAX_SIZE = 500;

    /**
     * The last page number any list serves (counted from 0), so no request makes PostgreSQL walk past
     * more than {@code LAST_PAGE x size} rows to find its page; past it, a list's filters narrow it.
     */
    public static final int LAST_PAGE = 1000;

    /** The 400's message for a page past {@link #LAST_PAGE}. */
    public static final String PAST_LAST_PAGE = "must be at most {value}; narrow the list with its filters to reach further";

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
