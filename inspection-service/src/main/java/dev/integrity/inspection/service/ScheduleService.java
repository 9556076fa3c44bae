package dev.integrity.inspection.service;

import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.repository.ScheduleRepository;
import dev.integrity.inspection.repository.UnknownAed;
import dev.integrity.platform.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/**
 * Inspection schedules: no two live schedules of one AED less than 30 minutes apart (exactly 30
 * is fine). The check here gives the friendly 409; the exclusion constraint decides every race.
 */
@ApplicationScoped
public class ScheduleService {

    private static final int ATTEMPTS = 3;

    @Inject
    ScheduleRepository schedules;

    public Schedule create(long aedDataId, Instant scheduledFor, String assigneeId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            schedules.conflicting(aedDataId, scheduledFor).ifPresent(other -> {
                throw InspectionProblems.scheduleConflict(other);
            });
            Optional<Schedule> created;
            try {
                created = schedules.insert(aedDataId, scheduledFor, assigneeId);
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

    public Schedule cancel(long id, String reason) {
        return schedules.cancel(id, reason == null ? "cancelled" : reason)
                .orElseThrow(() -> refused(id, "cancelled"));
    }

    public Schedule complete(long id) {
        return schedules.complete(id).orElseThrow(() -> refused(id, "completed"));
    }

    public Schedule get(long id) {
        return schedules.find(id).orElseThrow(() -> InspectionProblems.unknownSchedule(id));
    }

    public Page<Schedule> list(Long aedDataId, Instant from, Instant to, int page, int size) {
        return new Page<>(schedules.list(aedDataId, from, to, page, size), page, size, schedules.count(aedDataId, from, to));
    }

    private RuntimeException refused(long id, String wanted) {
        return schedules.find(id).<RuntimeException>map(s -> InspectionProblems.scheduleNotScheduled(s, wanted))
                .orElseGet(() -> InspectionProblems.unknownSchedule(id));
    }
}
