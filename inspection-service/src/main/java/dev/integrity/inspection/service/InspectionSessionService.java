package dev.integrity.inspection.service;

import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.SessionEvent;
import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.inspection.repository.SessionRepository;
import dev.integrity.inspection.repository.UnknownAed;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * At most one open (active or paused) inspection session per AED. The check here gives the
 * friendly 409; the partial unique index decides every race, and its refusal gives the same 409.
 */
@ApplicationScoped
public class InspectionSessionService {

    /** A lost race whose winner closed before we could read it is retried this many times. */
    private static final int ATTEMPTS = 3;

    @Inject
    SessionRepository sessions;

    @Inject
    CallerContext callers;

    @Inject
    DuplicateMetrics conflicts;

    /**
     * Opens a session for {@code requestedInspector}, by default the caller. An inspector opens only
     * their own; an inspection-manager may name another inspector.
     */
    public InspectionSession start(String serial, String requestedInspector) {
        Caller caller = callers.current();
        String inspectorId = requestedInspector == null ? caller.subject() : requestedInspector;
        if (!inspectorId.equals(caller.subject()) && !caller.has(Roles.INSPECTION_MANAGER)) {
            throw InspectionProblems.actsOnlyForThemselves("inspectorId", inspectorId);
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            boolean raced = attempt > 0;
            sessions.open(serial).ifPresent(open -> {
                conflicts.refused(DuplicateMetrics.ONE_OPEN_SESSION, raced);
                throw InspectionProblems.activeSessionExists(open);
            });
            Optional<InspectionSession> started;
            try {
                started = sessions.start(serial, inspectorId);
            } catch (UnknownAed e) {
                throw InspectionProblems.unknownSerial(serial);
            }
            if (started.isPresent()) {
                return started.get();
            }
            // The index refused the row: another request opened a session first. Name it.
        }
        throw sessions.open(serial).map(open -> {
                    conflicts.refused(DuplicateMetrics.ONE_OPEN_SESSION, true);
                    return InspectionProblems.activeSessionExists(open);
                })
                .orElseThrow(() -> new IllegalStateException("session start refused three times without a visible open session"));
    }

    /**
     * Moves a session; {@code detail} is the result JSON of a completion or the reason of a
     * cancellation. An inspector moves only their own sessions (another's is a 403: sessions are
     * theirs to read); an inspection-manager moves anyone's. The event records the caller as its actor.
     * An impossible move is a 409 naming the moves its state allows.
     */
    public InspectionSession move(UUID id, SessionMove move, String detail) {
        Caller caller = callers.current();
        String onlyInspector = caller.has(Roles.INSPECTION_MANAGER) ? null : caller.subject();
        String reason = move == SessionMove.CANCEL ? detail : null;
        SessionRepository.MoveOutcome outcome = sessions.move(id, move, detail, reason, caller.actor(), onlyInspector);
        SessionStatus current = outcome.current().orElseThrow(() -> InspectionProblems.unknownSession(id));
        return outcome.moved().orElseThrow(() -> {
            String owner = outcome.inspectorId().orElse(null);
            return onlyInspector != null && !onlyInspector.equals(owner)
                    ? InspectionProblems.notYourSession(id, owner)
                    : InspectionProblems.invalidTransition(id, move, current);
        });
    }

    /** A session's events, oldest first, each with its session; 404 for an unknown session (a known one has its start). */
    public List<SessionEvent> events(UUID id) {
        List<SessionEvent> events = SessionEvent.list("from SessionEvent e join fetch e.session where e.session.id = ?1 order by e.id", id);
        if (events.isEmpty()) {
            throw InspectionProblems.unknownSession(id);
        }
        return events;
    }

    public InspectionSession get(UUID id) {
        return InspectionSession.<InspectionSession>findByIdOptional(id).orElseThrow(() -> InspectionProblems.unknownSession(id));
    }

    /** Sessions newest first, optionally of one AED and in one state. */
    public Page<InspectionSession> list(String serial, SessionStatus status, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (serial != null) {
            where.add("equipmentSerial = :serial");
            params.and("serial", serial);
        }
        if (status != null) {
            where.add("status = :status");
            params.and("status", status);
        }
        Sort order = Sort.descending("startedAt").and("id");
        PanacheQuery<InspectionSession> query = where.isEmpty()
                ? InspectionSession.findAll(order) : InspectionSession.find(String.join(" and ", where), order, params);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** How many idle sessions one sweep released. */
    public record IdleSweep(int cancelled, int paused) {
    }

    /**
     * Releases the AEDs of tablets that went away: cancels (reason {@code abandoned}) open sessions
     * idle longer than {@code abandonAfter} first, so a session idle for days is cancelled, not merely
     * paused, then pauses active ones idle longer than {@code staleAfter}. Each move is recorded.
     */
    public IdleSweep releaseIdle(Duration abandonAfter, Duration staleAfter, String actor) {
        int cancelled = sessions.cancelAbandoned(abandonAfter, actor);
        int paused = sessions.pauseStale(staleAfter, actor);
        return new IdleSweep(cancelled, paused);
    }
}
