package dev.integrity.inspection.service;

import dev.integrity.inspection.Duplicates;
import dev.integrity.inspection.repository.DuplicateRepository;
import dev.integrity.platform.security.CallerContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * Detects and resolves violations of the two rules: behind the monitoring endpoints, the cleanup
 * endpoints and the weekly job. With the constraints in place there is nothing to find; the
 * detection is dynamic (no list of serials), so it also finds what a dropped constraint let in.
 */
@ApplicationScoped
public class DuplicateResolver {

    @Inject
    DuplicateRepository duplicates;

    @Inject
    CallerContext callers;

    @Inject
    DuplicateMetrics metrics;

    public List<Duplicates.DuplicateSessions> duplicateSessions() {
        return duplicates.duplicateSessions();
    }

    public List<Duplicates.OverlappingSchedules> overlappingSchedules() {
        return duplicates.overlappingSchedules();
    }

    /**
     * Reports what it would change ({@code apply} false) or changes it, in one transaction; every
     * cancelled session's event names the caller (a manager, or the weekly job) as its actor.
     */
    public List<Duplicates.ResolvedSession> resolveSessions(boolean apply) {
        String actor = callers.current().actor();
        List<Duplicates.ResolvedSession> resolved = QuarkusTransaction.joiningExisting().call(() -> duplicates.resolveSessions(apply, actor));
        if (apply) {
            metrics.sessionsResolved(resolved.size());
        }
        return resolved;
    }

    public List<Duplicates.ResolvedSchedule> resolveSchedules(boolean apply) {
        List<Duplicates.ResolvedSchedule> resolved = QuarkusTransaction.joiningExisting().call(() -> duplicates.resolveSchedules(apply));
        if (apply) {
            metrics.schedulesResolved(resolved.size());
        }
        return resolved;
    }
}
