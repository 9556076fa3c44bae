package dev.integrity.chat.service;

import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.ConflictProblem;
import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.NotFoundProblem;

import java.time.Instant;
import java.util.UUID;

/** The chat domain's problems, each a case of the shared error contract. */
public final class ChatProblems {

    private ChatProblems() {
    }

    public static NotFoundProblem unknownSession(UUID sessionId) {
        return new NotFoundProblem("session", sessionId);
    }

    public static NotFoundProblem unknownUser(Object userId) {
        return new NotFoundProblem("user", userId);
    }

    public static ForbiddenProblem notYourUser(long userId) {
        return new ForbiddenProblem("a chat user acts only for themselves, not for user " + userId).with("userId", userId);
    }

    public static BadRequestProblem userRequired() {
        return new BadRequestProblem("userId", "is required: the chatbot's backend names the user it acts for");
    }

    public static ConflictProblem subjectTaken(String subject) {
        return new ConflictProblem("subject-taken", "Subject Already Linked",
                "another user is already linked to subject " + subject).with("subject", subject);
    }

    public static ConflictProblem sessionEnded(UUID sessionId) {
        return new ConflictProblem("session-ended", "Session Ended", "session has ended")
                .with("sessionId", sessionId);
    }

    /** A conversation time outside {@code [from, to]}: the import window back, the clock skew ahead. */
    public static BadRequestProblem outsideWindow(Instant from, Instant to) {
        return new BadRequestProblem("conversationTime", "must lie between " + from + " and " + to
                + " (chat.import-window back, chat.max-clock-skew ahead)").with("from", from).with("to", to);
    }
}
