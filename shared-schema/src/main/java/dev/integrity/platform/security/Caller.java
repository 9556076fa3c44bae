package dev.integrity.platform.security;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling: a token's subject and the contract's roles it carries, the operator's admin
 * token, a maintenance job, or nobody. Services read it from {@link CallerContext#current()}, and
 * every database connection carries it ({@link CallerContextInterceptor}), so PostgreSQL's row-level
 * security and audit rows see the same caller as the code.
 *
 * @param subject the token's {@code sub}, {@value #ADMIN_TOKEN} for the admin token, {@code job:<name>}
 *                for a maintenance job; empty for an anonymous caller
 * @param roles   the contract's roles ({@link Roles}) the caller holds
 * @param name    what the token calls the person ({@code name}, else {@code preferred_username}), for a
 *                row provisioned on their first request; null when it says nothing
 */
public record Caller(String subject, Set<String> roles, String name) {

    public static final String ADMIN_TOKEN = "admin-token";

    /** Nobody: no credentials, or credentials that are not a token (a device key). */
    public static final Caller ANONYMOUS = new Caller("", Set.of(), null);

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** A maintenance job, which the database lets see every row of its service. */
    public static Caller job(String name) {
        return new Caller("job:" + name, Set.of(Roles.PLATFORM_JOB), null);
    }

    public boolean isAnonymous() {
        return subject.isEmpty();
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(String... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    /** The token's name for the caller, else the subject. */
    public String displayName() {
        return name != null && !name.isBlank() ? name : subject;
    }

    /** The name audit rows record: the subject. */
    public String actor() {
        return isAnonymous() ? "anonymous" : subject;
    }

    /** The roles as PostgreSQL's {@code platform.caller_roles} holds them: sorted, comma-separated. */
    String rolesSetting() {
        return String.join(",", new TreeSet<>(roles));
    }
}
