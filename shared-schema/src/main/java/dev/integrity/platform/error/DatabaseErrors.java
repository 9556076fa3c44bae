package dev.integrity.platform.error;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * {@code platform_database_errors_total{kind}}: the database's refusals that no service turned into
 * an answer of its own and that reached the shared error mapping (or a device socket's), by kind.
 * A service maps the refusals it expects (an unknown user's 23503, a race's 23505) where it makes
 * them; what is counted here is what it did not expect. Two kinds should never happen on this
 * platform and are alerted on at the first one (k8s/monitoring, docs/operations.md): a
 * {@code foreign_key_violation} (a write whose parent is missing, seed 000's 23503) and a
 * {@code missing_partition} (a row with no partition, seed 001's fear). Every kind is at 0 from
 * the start, so an {@code increase()} over it is defined before the first.
 */
@ApplicationScoped
@Startup // its series exist from the start, at 0
public class DatabaseErrors {

    static final String NAME = "platform.database.errors";

    /** The kinds, in the order of the SQLSTATE classes they come from. */
    static final List<String> KINDS = List.of("unavailable", "foreign_key_violation", "missing_partition", "unique_violation",
            "exclusion_violation", "check_violation", "not_null_violation", "data_exception", "other");

    private final MeterRegistry registry;

    @Inject
    public DatabaseErrors(MeterRegistry registry) {
        this.registry = registry;
        KINDS.forEach(this::counter);
    }

    /** Counts a failure that carries a SQLSTATE or that the database could not answer; anything else is not counted. */
    public void record(Throwable failure) {
        kindOf(failure).ifPresent(kind -> counter(kind).increment());
    }

    static Optional<String> kindOf(Throwable failure) {
        if (SqlStates.isTransient(failure)) {
            return Optional.of("unavailable");
        }
        if (SqlStates.isMissingPartition(failure)) {
            return Optional.of("missing_partition");
        }
        return SqlStates.state(failure).map(state -> switch (state) {
            case SqlStates.FOREIGN_KEY_VIOLATION -> "foreign_key_violation";
            case SqlStates.UNIQUE_VIOLATION -> "unique_violation";
            case SqlStates.EXCLUSION_VIOLATION -> "exclusion_violation";
            case SqlStates.CHECK_VIOLATION -> "check_violation";
            case SqlStates.NOT_NULL_VIOLATION -> "not_null_violation";
            default -> state.startsWith("22") ? "data_exception" : "other";
        });
    }

    private Counter counter(String kind) {
        return Counter.builder(NAME)
                .description("Database errors no service mapped to its own answer, by kind; foreign_key_violation and missing_partition should never happen")
                .tag("kind", kind).register(registry);
    }
}
