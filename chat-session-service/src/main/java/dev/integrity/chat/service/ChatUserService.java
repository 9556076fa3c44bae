package dev.integrity.chat.service;

import dev.integrity.chat.ChatUser;
import dev.integrity.platform.error.Constraints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Map;

/** chatbot.users: made by the chatbot's backend, or by a signed-in user's first request. */
@ApplicationScoped
public class ChatUserService {

    @Inject
    ChatAccess access;

    /** A user the chatbot's backend knows; {@code subject} links a signed-in person to it. */
    @Transactional
    public ChatUser create(String name, String email, String subject) {
        if (subject != null && ChatUser.findBySubject(subject).isPresent()) {
            throw ChatProblems.subjectTaken(subject);
        }
        ChatUser user = new ChatUser();
        user.name = name.strip();
        user.email = email == null || email.isBlank() ? null : email.strip();
        user.subject = subject;
        Constraints.translate(() -> user.persistAndFlush(), Map.of("users_subject_key", () -> ChatProblems.subjectTaken(subject)));
        ChatUser.getEntityManager().refresh(user);
        return user;
    }

    /** The caller's own user, provisioned on their first request. */
    public ChatUser me() {
        return access.me();
    }

    /** A user the caller may read; another's is a 404. */
    public ChatUser get(long id) {
        ChatUser user = ChatUser.findById(id);
        if (user == null || !access.reads().covers(user.id)) {
            throw ChatProblems.unknownUser(id);
        }
        return user;
    }
}
