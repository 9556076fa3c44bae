package dev.integrity.inspection;

import java.time.Instant;

/**
 * One move of an inspection session, as {@code aedpics.inspection_session_events} records it: from
 * which state to which, why, and who made it ({@code actor}, a token's subject or {@code job:<name>}),
 * beside the session's own inspector, so an event names both.
 */
public record SessionEvent(long id, SessionStatus fromStatus, SessionStatus toStatus, String reason, String actor, String inspectorId,
                           Instant at) {
}
