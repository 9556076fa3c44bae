package dev.integrity.platform.paging;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.function.Function;

/** One page of a list: its items, where it is, and how many items there are in all. */
@RegisterForReflection
public record Page<T>(List<T> items, int page, int size, long total) {

    /** The largest page any list endpoint serves. */
    public static final int MAX_SIZE = 500;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
