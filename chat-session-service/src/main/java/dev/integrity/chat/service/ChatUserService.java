package dev.integrity.chat.service;

import dev.integrity.chat.ChatUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** chatbot.users. */
@ApplicationScoped
public class ChatUserService {

    @Transactional
    public ChatUser create(String name, String email) {
        ChatUser user = new ChatUser();
        user.name = name.strip();
        user.email = email == null || email.isBlank() ? null : email.strip();
        user.persistAndFlush();
        ChatUser.getEntityManager().refresh(user);
        return user;
    }

    public ChatUser get(long id) {
        ChatUser user = ChatUser.findById(id);
        if (user == null) {
            throw ChatProblems.unknownUser(id);
        }
        return user;
    }
}
