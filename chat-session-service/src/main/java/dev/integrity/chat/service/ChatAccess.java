package dev.integrity.chat.service;

import dev.integrity.chat.ChatUser;
import dev.integrity.chat.repository.ChatUserRepository;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Whose chat rows the caller may reach (docs/security.md). {@code chat-backend} acts for any user;
 * {@code chat-analyst} reads any user's; a {@code chat-user} reaches only the rows of the user their
 * subject is linked to. Row-level security holds the service's app role to the same rule; this is
 * how the service answers before the database has to: another's session is a 404, and naming
 * another user a 403.
 */
@ApplicationScoped
public class ChatAccess {

    /**
     * The users a request may reach: every user, or only {@code userId} (null: the caller is linked
     * to no user yet, so nothing is theirs).
     */
    public record Scope(boolean everyone, Long userId) {

        static final Scope EVERYONE = new Scope(true, null);

        public boolean covers(Long owner) {
            return everyone || (userId != null && userId.equals(owner));
        }

        /** The one user a query is limited to, or null when it reaches everyone. */
        public Long onlyUser() {
            return everyone ? null : userId;
        }

        /** Whether the caller may name {@code requested} as the user a request is about. */
        public boolean mayName(Long requested) {
            return everyone || requested == null || requested.equals(userId);
        }
    }

    @Inject
    CallerContext callers;

    @Inject
    ChatUserRepository users;

    /** For reads: the backend and analysts reach every user, anyone else their own. */
    public Scope reads() {
        Caller caller = callers.current();
        return caller.hasAny(Roles.CHAT_BACKEND, Roles.CHAT_ANALYST) ? Scope.EVERYONE : own(caller);
    }

    /** For writes: the backend writes for every user, anyone else for themselves. */
    public Scope writes() {
        Caller caller = callers.current();
        return caller.has(Roles.CHAT_BACKEND) ? Scope.EVERYONE : own(caller);
    }

    public boolean actsForAnyUser() {
        return callers.current().has(Roles.CHAT_BACKEND);
    }

    /** The caller's own user, made on their first request: concurrent first requests leave one row. */
    public ChatUser me() {
        Caller caller = callers.current();
        return ChatUser.findBySubject(caller.subject())
                .orElseGet(() -> ChatUser.findById(users.linkOrProvision(caller.subject(), caller.displayName())));
    }

    /** The id of the user the caller is linked to, if any; nothing is provisioned. */
    public Optional<Long> ownUserId() {
        Caller caller = callers.current();
        return caller.isAnonymous() ? Optional.empty() : ChatUser.findBySubject(caller.subject()).map(u -> u.id);
    }

    private Scope own(Caller caller) {
        return new Scope(false, ownUserId().orElse(null));
    }
}
