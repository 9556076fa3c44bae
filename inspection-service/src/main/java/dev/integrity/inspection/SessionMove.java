package dev.integrity.inspection;

import java.util.EnumSet;
import java.util.Set;

/**
 * The moves of an inspection session: from which states each is allowed, and where it leads.
 * Completed and cancelled are final.
 */
public enum SessionMove {
    PAUSE("pause", SessionStatus.PAUSED, "paused_at", EnumSet.of(SessionStatus.ACTIVE)),
    RESUME("resume", SessionStatus.ACTIVE, "resumed_at", EnumSet.of(SessionStatus.PAUSED)),
    COMPLETE("complete", SessionStatus.COMPLETED, "completed_at", EnumSet.of(SessionStatus.ACTIVE)),
    CANCEL("cancel", SessionStatus.CANCELLED, "cancelled_at", EnumSet.of(SessionStatus.ACTIVE, SessionStatus.PAUSED));

    private final String path;
    private final SessionStatus to;
    private final String timestampColumn;
    private final Set<SessionStatus> from;

    SessionMove(String path, SessionStatus to, String timestampColumn, Set<SessionStatus> from) {
        this.path = path;
        this.to = to;
        this.timestampColumn = timestampColumn;
        this.from = from;
    }

    /** The last segment of its URL, which is also its name in a 409. */
    public String path() {
        return path;
    }

    public SessionStatus to() {
        return to;
    }

    /** The column that records when the move happened (a constant, never input). */
    public String timestampColumn() {
        return timestampColumn;
    }

    public Set<SessionStatus> from() {
        return from;
    }

    /** The moves a session in this state may make, by name. */
    public static java.util.List<String> allowedFrom(SessionStatus status) {
        return java.util.Arrays.stream(values()).filter(m -> m.from.contains(status)).map(SessionMove::path).toList();
    }
}
