package dev.integrity.inspection.service;

import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.repository.ScheduleRepository;
import dev.integrity.inspection.repository.UnknownAed;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Inspection schedules: no two live schedules of one AED less than 30 minutes apart (exactly 30
 * is fine). The check here gives the friendly 409; the exclusion constraint decides every race.
 */
@ApplicationScoped
public class ScheduleService {

    private static final int ATTEMPTS = 3;
    /** How far in the past a new schedule may lie: a client's clock running a little behind ours. */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

    @Inject
    ScheduleRepository schedules;

    @Inject
    CallerContext callers;

    /**
     * Schedules an inspection, assigned to {@code requestedAssignee}: an inspector schedules only
     * their own (the default), an inspection-manager for anyone or no one yet. A time in the past
     * (beyond {@link #PAST_TOLERANCE}) is a 400: nothing can be inspected then.
     */
    public Schedule create(long aedDataId, Instant scheduledFor, String requestedAssignee) {
        Instant now = Timestamps.now();
        if (scheduledFor.isBefore(now.minus(PAST_TOLERANCE))) {
            throw InspectionProblems.scheduleInThePast(now);
        }
        Caller caller = callers.current();
        boolean manager = caller.has(Roles.INSPECTION_MANAGER);
        String assigneeId = requestedAssignee == null && !manager ? caller.subject() : requestedAssignee;
        if (!manager && !caller.subject().equals(assigneeId)) {
            throw InspectionProblems.actsOnlyForThemselves("assigneeId", assigneeId);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            schedules.conflicting(aedDataId, scheduledFor).ifPresent(other -> {
                throw InspectionProblems.scheduleConflict(other);
            });
            Optional<Schedule> created;
            try {
                created = schedules.insert(aedDataId, scheduledFor, assigneeId, caller.actor());
            } catch (UnknownAed e) {
                throw InspectionProblems.unknownAed(aedDataId);
            }
            if (created.isPresent()) {
                return created.get();
            }
            // The exclusion constraint refused it: another request took the slot first.
        }
        throw schedules.conflicting(aedDataId, scheduledFor).map(InspectionProblems::scheduleConflict)
                .orElseThrow(() -> new IllegalStateException("schedule refused three times without a visible conflict"));
    }

    /** Cancels a schedule: an inspector only their own (another's is a 403), a manager anyone's. */
    public Schedule cancel(long id, String reason) {
        String onlyAssignee = onlyAssignee();
        return schedules.cancel(id, reason == null ? "cancelled" : reason, onlyAssignee)
                .orElseThrow(() -> refused(id, "cancelled", onlyAssignee));
    }

    /** Marks a schedule done: an inspector only their own, a manager anyone's. */
    public Schedule complete(long id) {
        String onlyAssignee = onlyAssignee();
        return schedules.complete(id, onlyAssignee).orElseThrow(() -> refused(id, "completed", onlyAssignee));
    }

    private String onlyAssignee() {
        Caller caller = callers.current();
        return caller.has(Roles.INSPECTION_MANAGER) ? null : caller.subject();
    }

    public Schedule get(long id) {
        return schedules.find(id).orElseThrow(() -> InspectionProblems.unknownSchedule(id));
    }

    public Page<Schedule> list(Long aedDataId, Instant from, Instant to, int page, int size) {
        return new Page<>(schedules.list(aedDataId, from, to, page, size), page, size, schedules.count(aedDataId, from, to));
    }

    private RuntimeException refused(long id, String wanted, String onlyAssignee) {
        return schedules.find(id).<RuntimeException>map(s -> onlyAssignee != null && !onlyAssignee.equals(s.assigneeId())
                        ? InspectionProblems.notYourSchedule(s)
                        : InspectionProblems.scheduleNotScheduled(s, wanted))
                .orElseGet(() -> InspectionProblems.unknownSchedule(id));
    }
}
