package dev.integrity.inspection.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Seed 004's duplicates on {@code /q/metrics} (docs/inspection-service.md, "Metrics"):
 * <ul>
 *   <li>{@code inspection_conflicts_total{constraint, decided_by}}: the 409s of a second open
 *       session for an AED and of a schedule less than 30 minutes from another, refused as they
 *       happen, by the constraint that guards each and by who saw it first: the service's own check
 *       ({@code check}) or, for a request that raced another, the constraint itself
 *       ({@code constraint});</li>
 *   <li>{@code inspection_duplicates_resolved_total{kind}}: duplicate open sessions and overlapping
 *       schedules the cleanup (the weekly job or a manager's call) found and cancelled. With the
 *       constraints in place it stays at 0; anything else means a constraint was dropped.</li>
 * </ul>
 * Every series is at 0 from the start.
 */
@ApplicationScoped
@Startup // its series exist from the start, at 0
public class DuplicateMetrics {

    static final String ONE_OPEN_SESSION = "idx_inspection_sessions_active_session_per_equipment";
    static final String NO_OVERLAP = "inspection_schedules_no_overlap";

    private final MeterRegistry registry;

    @Inject
    public DuplicateMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String constraint : List.of(ONE_OPEN_SESSION, NO_OVERLAP)) {
            conflicts(constraint, false);
            conflicts(constraint, true);
        }
        resolved("session");
        resolved("schedule");
    }

    void refused(String constraint, boolean byTheConstraint) {
        conflicts(constraint, byTheConstraint).increment();
    }

    void sessionsResolved(int cancelled) {
        resolved("session").increment(cancelled);
    }

    void schedulesResolved(int cancelled) {
        resolved("schedule").increment(cancelled);
    }

    private Counter conflicts(String constraint, boolean byTheConstraint) {
        return Counter.builder("inspection.conflicts").description("409s refusing a second open session or an overlapping schedule")
                .tag("constraint", constraint).tag("decided_by", byTheConstraint ? "constraint" : "check").register(registry);
    }

    private Counter resolved(String kind) {
        return Counter.builder("inspection.duplicates.resolved")
                .description("Duplicate open sessions and overlapping schedules the cleanup cancelled; 0 while the constraints hold")
                .tag("kind", kind).register(registry);
    }
}
