package dev.integrity.inspection.service;

import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.inspection.repository.SessionRepository;
import dev.integrity.inspection.repository.UnknownAed;
import dev.integrity.platform.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    public InspectionSession start(String serial, String inspectorId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            SessionRepository.AedState state = sessions.aedState(serial);
            if (!state.aedExists()) {
                throw InspectionProblems.unknownSerial(serial);
            }
            state.open().ifPresent(open -> {
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
        SessionRepository.AedState state = sessions.aedState(serial);
        throw state.open().<RuntimeException>map(InspectionProblems::activeSessionExists)
                .orElseGet(() -> InspectionProblems.unknownSerial(serial));
    }

    /**
     * Moves a session; {@code detail} is the result JSON of a completion or the reason of a
     * cancellation. An impossible move is a 409 naming the moves its state allows.
     */
    public InspectionSession move(UUID id, SessionMove move, String detail) {
        String reason = move == SessionMove.CANCEL ? detail : null;
        SessionRepository.MoveOutcome outcome = sessions.move(id, move, detail, reason, "api");
        SessionStatus current = outcome.current().orElseThrow(() -> InspectionProblems.unknownSession(id));
        return outcome.moved().orElseThrow(() -> InspectionProblems.invalidTransition(id, move, current));
    }

    public InspectionSession get(UUID id) {
        return sessions.find(id).orElseThrow(() -> InspectionProblems.unknownSession(id));
    }

    public Page<InspectionSession> list(String serial, SessionStatus status, int page, int size) {
        return new Page<>(sessions.list(serial, status, page, size), page, size, sessions.count(serial, status));
    }
}
