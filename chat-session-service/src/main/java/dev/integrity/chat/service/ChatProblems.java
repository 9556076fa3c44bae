package dev.integrity.chat.service;

import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.ConflictProblem;
import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.NotFoundProblem;

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

    public static BadRequestProblem tooFarAhead(java.time.Duration skew) {
        return new BadRequestProblem("conversationTime", "lies more than " + skew + " in the future");
    }
}
