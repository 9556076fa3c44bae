package dev.integrity.platform.admin;

import java.util.List;

/**
 * A service's integrity checks, shown by {@code GET /admin/integrity}. Each check is a query whose
 * healthy answer is known (usually zero). Implementations are CDI beans.
 */
public interface IntegrityCheck {

    List<Result> check();

    /** One check: its name, the value it measured, and whether that value is healthy. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record Result(String name, Object value, boolean ok) {

        /** A count that must be zero: orphans, stuck rows, duplicates. */
        public static Result zero(String name, long value) {
            return new Result(name, value, value == 0);
        }
    }
}
