package dev.integrity.inspection.service;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seed 004's duplicates, refused as they happen: {@code inspection_conflicts_total{constraint, decided_by}}
 * counts the 409s of a second open session for an AED and of a schedule less than 30 minutes from
 * another, by the constraint that guards each and by who saw it first: the service's own check
 * ({@code check}) or, for a request that raced another, the constraint itself ({@code constraint}).
 */
@ApplicationScoped
public class ConflictMetrics {

    static final String ONE_OPEN_SESSION = "idx_inspection_sessions_active_session_per_equipment";
    static final String NO_OVERLAP = "inspection_schedules_no_overlap";

    @Inject
    MeterRegistry registry;

    void refused(String constraint, boolean byTheConstraint) {
        registry.counter("inspection.conflicts", "constraint", constraint, "decided_by", byTheConstraint ? "constraint" : "check").increment();
    }
}
