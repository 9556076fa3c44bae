package dev.integrity.platform.security;

import io.quarkus.arc.Arc;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The caller of the work on this thread: the request's verified identity, or the maintenance job
 * the {@code MaintenanceJobRunner} is running. The one place that turns a Quarkus
 * {@link SecurityIdentity} into a {@link Caller}, for the services and for every database connection.
 */
@ApplicationScoped
public class CallerContext {

    /** Set while a maintenance job runs on this thread: its work is the job's, whoever asked for it. */
    private static final ThreadLocal<Caller> JOB = new ThreadLocal<>();

    @Inject
    CurrentIdentityAssociation identities;

    public Caller current() {
        Caller job = JOB.get();
        if (job != null) {
            return job;
        }
        if (!Arc.container().requestContext().isActive()) {
            return Caller.ANONYMOUS;
        }
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (RuntimeException e) {
            if (e instanceof AuthenticationException || e instanceof ContextNotActiveException) {
                // A token that fails verification on an operation open to anyone (device ingestion)
                // makes its caller nobody; an operation that needs a caller has already refused it.
                return Caller.ANONYMOUS;
            }
            throw e;
        }
        return of(identity);
    }

    /** The caller a verified identity stands for. */
    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return Caller.ANONYMOUS;
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.retainAll(Roles.ALL);
        String name = null;
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            name = text(token.getClaim("name"));
            if (name == null) {
                name = text(token.getClaim("preferred_username"));
            }
        }
        return new Caller(subjectOf(identity), roles, name);
    }

    private static String text(Object claim) {
        if (claim instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : null;
    }

    /** A token's {@code sub}; for another kind of identity (the admin token), its principal's name. */
    static String subjectOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /** Runs {@code work} as the maintenance job {@code name}: what it reads and writes is the job's. */
    public <T> T asJob(String name, Supplier<T> work) {
        Caller previous = JOB.get();
        JOB.set(Caller.job(name));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                JOB.remove();
            } else {
                JOB.set(previous);
            }
        }
    }
}
