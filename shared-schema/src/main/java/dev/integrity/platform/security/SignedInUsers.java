package dev.integrity.platform.security;

import dev.integrity.platform.sql.NativeSql;

import javax.sql.DataSource;

/**
 * A signed-in person's user row, made race-free: the statement Panache cannot express, shared by
 * every service that keeps users by token subject. Each service passes its own statement, of the
 * form {@code INSERT INTO <users> (name, subject) VALUES (?, ?) ON CONFLICT (subject) DO UPDATE SET
 * subject = EXCLUDED.subject RETURNING <id>}: ON CONFLICT names the unique index on subject, and DO
 * UPDATE (a no-op change) returns the row another request committed a moment ago, so any number of
 * concurrent first requests leave one row and each gets its id.
 */
public final class SignedInUsers {

    /** Longest name a user row holds. */
    public static final int MAX_NAME = 200;

    private SignedInUsers() {
    }

    /** The id of {@code subject}'s user, inserted with {@code name} (cut to {@link #MAX_NAME}) if absent. */
    public static long linkOrProvision(DataSource dataSource, String statement, String subject, String name) {
        String shown = name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
        return NativeSql.one(dataSource, statement, ps -> {
            ps.setString(1, shown);
            ps.setString(2, subject);
        }, rs -> rs.getLong(1)).orElseThrow();
    }
}
