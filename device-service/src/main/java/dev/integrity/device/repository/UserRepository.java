package dev.integrity.device.repository;

import dev.integrity.platform.security.SignedInUsers;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The device.users statement Panache cannot express: provisioning a signed-in person race-free ({@link SignedInUsers}). */
@ApplicationScoped
public class UserRepository {

    private static final String LINK_OR_PROVISION = """
            INSERT INTO device.users (name, subject) VALUES (?, ?)
            ON CONFLICT (subject) DO UPDATE SET subject = EXCLUDED.subject
            RETURNING user_id""";

    @Inject
    AgroalDataSource dataSource;

    public long linkOrProvision(String subject, String name) {
        return SignedInUsers.linkOrProvision(dataSource, LINK_OR_PROVISION, subject, name);
    }
}
