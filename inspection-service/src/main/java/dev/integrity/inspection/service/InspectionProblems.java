package dev.integrity.inspection.service;

import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.ConflictProblem;
import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.NotFoundProblem;

import java.time.Instant;

/** The inspection domain's problems, each a case of the shared error contract. */
public final class InspectionProblems {

    private InspectionProblems() {
    }

    public static NotFoundProblem unknownSerial(String serial) {
        return new NotFoundProblem("AED with equipment serial", serial);
    }

    public static NotFoundProblem unknownAed(long id) {
        return new NotFoundProblem("AED", id);
    }

    public static NotFoundProblem unknownSession(Object id) {
        return new NotFoundProblem("inspection session", id);
    }

    public static NotFoundProblem unknownSchedule(long id) {
        return new NotFoundProblem("schedule", id);
    }

    public static ConflictProblem serialTaken(String serial, Long existingId) {
        ConflictProblem problem = new ConflictProblem("equipment-serial-taken", "Equipment Serial Taken",
                "an AED with equipment serial '" + serial + "' exists already");
        return existingId == null ? problem : problem.with("aedId", existingId);
    }

    /** The same answer whether the application's check or the partial unique index found the open session. */
    public static ConflictProblem activeSessionExists(InspectionSession open) {
        return new ConflictProblem("active-session-exists", "Active Session Exists",
                "AED '" + open.equipmentSerial + "' already has an open inspection session")
                .<ConflictProblem>with("activeSessionId", open.id)
                .<ConflictProblem>with("activeSessionStatus", open.status.code())
                .with("inspectorId", open.inspectorId);
    }

    public static ConflictProblem invalidTransition(java.util.UUID id, SessionMove move, SessionStatus current) {
        return new ConflictProblem("invalid-transition", "Invalid Session Transition",
                "a " + current.code() + " session cannot " + move.path())
                .<ConflictProblem>with("sessionId", id)
                .<ConflictProblem>with("currentStatus", current.code())
                .with("allowedTransitions", SessionMove.allowedFrom(current));
    }

    /** The same answer whether the application's check or the exclusion constraint found the neighbour. */
    public static BadRequestProblem scheduleInThePast(Instant now) {
        return new BadRequestProblem("scheduledFor", "must not be in the past (it is " + now + " now)");
    }

    public static ConflictProblem scheduleConflict(Schedule other) {
        return new ConflictProblem("schedule-conflict", "Schedule Conflict",
                "AED " + other.aedDataId + " has a schedule at " + other.scheduledFor
                        + ", less than 30 minutes away")
                .<ConflictProblem>with("conflictingScheduleId", other.id)
                .with("conflictingScheduledFor", other.scheduledFor.toString());
    }

    public static ForbiddenProblem notYourSession(java.util.UUID id, String inspectorId) {
        return new ForbiddenProblem("session " + id + " is " + inspectorId + "'s; an inspector moves only their own sessions")
                .<ForbiddenProblem>with("sessionId", id).with("inspectorId", inspectorId);
    }

    public static ForbiddenProblem notYourSchedule(Schedule schedule) {
        return new ForbiddenProblem("schedule " + schedule.id + " is assigned to "
                + (schedule.assigneeId == null ? "nobody" : schedule.assigneeId) + "; an inspector changes only their own schedules")
                .<ForbiddenProblem>with("scheduleId", schedule.id).with("assigneeId", schedule.assigneeId);
    }

    public static ForbiddenProblem actsOnlyForThemselves(String field, String named) {
        return new ForbiddenProblem("an inspector acts only for themselves; only an inspection-manager may name " + named)
                .with("field", field);
    }

    public static ConflictProblem scheduleNotScheduled(Schedule schedule, String wanted) {
        return new ConflictProblem("schedule-not-scheduled", "Schedule Not Scheduled",
                "a " + schedule.status.code() + " schedule cannot be " + wanted)
                .<ConflictProblem>with("scheduleId", schedule.id)
                .with("currentStatus", schedule.status.code());
    }
}
