package dev.integrity.chat.repository;

import dev.integrity.platform.security.SignedInUsers;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The chatbot.users statement Panache cannot express: provisioning a signed-in person race-free ({@link SignedInUsers}). */
@ApplicationScoped
public class ChatUserRepository {

    private static final String LINK_OR_PROVISION = """
            INSERT INTO chatbot.users (name, subject) VALUES (?, ?)
            ON CONFLICT (subject) DO UPDATE SET subject = EXCLUDED.subject
            RETURNING id""";

    @Inject
    AgroalDataSource dataSource;

    public long linkOrProvision(String subject, String name) {
        return SignedInUsers.linkOrProvision(dataSource, LINK_OR_PROVISION, subject, name);
    }
}
