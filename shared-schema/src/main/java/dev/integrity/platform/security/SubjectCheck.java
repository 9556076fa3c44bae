package dev.integrity.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A token's {@code sub} is who the caller is, in every audit row and ownership check, so a token
 * without a usable one is refused like an invalid token (401): none, blank, longer than
 * {@value #MAX_SUBJECT} characters, or holding control characters.
 */
@ApplicationScoped
public class SubjectCheck implements SecurityIdentityAugmentor {

    /** As long as any issuer's subject we know of; the audit columns hold this many characters. */
    public static final int MAX_SUBJECT = 255;

    /** Augmentors run highest first: this check before anything that trusts the identity. */
    static final int PRIORITY = 100;

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT || subject.chars().anyMatch(Character::isISOControl)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token has no usable subject (sub)"));
        }
        return Uni.createFrom().item(identity);
    }
}
