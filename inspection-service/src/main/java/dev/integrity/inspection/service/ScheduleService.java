package dev.integrity.inspection.service;

import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.ScheduleStatus;
import dev.integrity.inspection.repository.ScheduleRepository;
import dev.integrity.inspection.repository.UnknownAed;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.time.Timestamps;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inspection schedules: no two live schedules of one AED less than 30 minutes apart (exactly 30
 * is fine). The check here gives the friendly 409; the exclusion constraint decides every race.
 */
@ApplicationScoped
public class ScheduleService {

    private static final int ATTEMPTS = 3;
    /** Half the window: two schedules conflict when they are less than twice this apart. */
    static final Duration HALF_WINDOW = Duration.ofMinutes(15);
    /** How far in the past a new schedule may lie: a client's clock running a little behind ours. */
    static final Duration PAST_TOLERANCE = Duration.ofMinutes(1);

    @Inject
    ScheduleRepository schedules;

    @Inject
    CallerContext callers;

    @Inject
    DuplicateMetrics conflicts;

    /**
     * Schedules an inspection, assigned to {@code requestedAssignee}: an inspector schedules only
     * their own (the default), an inspection-manager for anyone or no one yet. A time in the past
     * (beyond {@link #PAST_TOLERANCE}) is a 400: nothing can be inspected then.
     */
    @Transactional
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
            boolean raced = attempt > 0;
            conflicting(aedDataId, scheduledFor).ifPresent(other -> {
                conflicts.refused(DuplicateMetrics.NO_OVERLAP, raced);
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
        throw conflicting(aedDataId, scheduledFor).map(other -> {
                    conflicts.refused(DuplicateMetrics.NO_OVERLAP, true);
                    return InspectionProblems.scheduleConflict(other);
                })
                .orElseThrow(() -> new IllegalStateException("schedule refused three times without a visible conflict"));
    }

    /** Cancels a schedule, freeing its slot: an inspector only their own (another's is a 403), a manager anyone's. */
    @Transactional
    public Schedule cancel(long id, String reason) {
        Schedule schedule = stillScheduled(id, "cancelled");
        schedule.status = ScheduleStatus.CANCELLED;
        schedule.cancelledAt = Timestamps.now();
        schedule.cancellationReason = reason == null ? "cancelled" : reason;
        return schedule;
    }

    /** Marks a schedule done: an inspector only their own, a manager anyone's. */
    @Transactional
    public Schedule complete(long id) {
        Schedule schedule = stillScheduled(id, "completed");
        schedule.status = ScheduleStatus.COMPLETED;
        schedule.completedAt = Timestamps.now();
        return schedule;
    }

    /**
     * The schedule, locked until the transaction ends, if the caller may change it and it is still
     * scheduled: 404 if unknown, 403 if another inspector's, 409 if it is no longer scheduled.
     */
    private Schedule stillScheduled(long id, String wanted) {
        Schedule schedule = Schedule.<Schedule>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> InspectionProblems.unknownSchedule(id));
        Caller caller = callers.current();
        if (!caller.has(Roles.INSPECTION_MANAGER) && !caller.subject().equals(schedule.assigneeId)) {
            throw InspectionProblems.notYourSchedule(schedule);
        }
        if (schedule.status != ScheduleStatus.SCHEDULED) {
            throw InspectionProblems.scheduleNotScheduled(schedule, wanted);
        }
        return schedule;
    }

    public Schedule get(long id) {
        return Schedule.<Schedule>findByIdOptional(id).orElseThrow(() -> InspectionProblems.unknownSchedule(id));
    }

    /** Schedules in time order, optionally of one AED and inside [from, to). */
    public Page<Schedule> list(Long aedDataId, Instant from, Instant to, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (aedDataId != null) {
            where.add("aedDataId = :aed");
            params.and("aed", aedDataId);
        }
        if (from != null) {
            where.add("scheduledFor >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("scheduledFor < :to");
            params.and("to", to);
        }
        Sort order = Sort.by("scheduledFor").and("id");
        PanacheQuery<Schedule> query = where.isEmpty() ? Schedule.findAll(order) : Schedule.find(String.join(" and ", where), order, params);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** The live schedule of this AED whose window overlaps one around {@code at}, if any. */
    private static Optional<Schedule> conflicting(long aedDataId, Instant at) {
        return Schedule.<Schedule>find("aedDataId = :aed and status <> :cancelled and windowStart < :end and windowEnd > :start",
                        Sort.by("scheduledFor").and("id"), Parameters.with("aed", aedDataId).and("cancelled", ScheduleStatus.CANCELLED)
                                .and("start", at.minus(HALF_WINDOW)).and("end", at.plus(HALF_WINDOW)))
                .firstResultOptional();
    }
}
