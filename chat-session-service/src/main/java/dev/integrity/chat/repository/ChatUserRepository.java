package dev.integrity.chat.repository;

import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The chatbot.users statement Panache cannot express: provisioning a signed-in person race-free. */
@ApplicationScoped
public class ChatUserRepository {

    /**
     * The subject's user, inserted if absent. ON CONFLICT names the unique index on subject, and DO
     * UPDATE (a no-op change) returns the row another request committed a moment ago: any number of
     * concurrent first requests leave one row, and each gets its id.
     */
    private static final String LINK_OR_PROVISION = """
            INSERT INTO chatbot.users (name, subject) VALUES (?, ?)
            ON CONFLICT (subject) DO UPDATE SET subject = EXCLUDED.subject
            RETURNING id""";

    private static final int MAX_NAME = 200;

    @Inject
    AgroalDataSource dataSource;

    public long linkOrProvision(String subject, String name) {
        return NativeSql.one(dataSource, LINK_OR_PROVISION, ps -> {
            ps.setString(1, name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name);
            ps.setString(2, subject);
        }, rs -> rs.getLong(1)).orElseThrow();
    }
}
