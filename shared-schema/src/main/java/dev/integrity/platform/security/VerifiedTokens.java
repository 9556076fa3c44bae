package dev.integrity.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, remembered until they expire, so a caller that sends the same token on
 * every request (the chatbot's backend, a person's session in an app) has its signature checked and
 * its claims parsed once, not once a request: verification is the largest share of the service's
 * CPU on the chat hot path (docs/benchmarks.md). An entry is the exact token string, so a token
 * that differs by one character is verified afresh; it is kept no longer than the token's own
 * {@code exp}, nor longer than {@value #MAX_AGE_SECONDS} seconds; the cache holds at most
 * {@value #MAX_ENTRIES} tokens. A token the verifier refused is never remembered.
 */
@ApplicationScoped
public class VerifiedTokens {

    static final int MAX_ENTRIES = 10_000;
    static final long MAX_AGE_SECONDS = 300;
    private static final String BEARER = "Bearer ";

    private record Verified(JsonWebToken principal, Set<String> roles, AccessTokenCredential credential, long expiresAtNanos) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** The identity a remembered token stands for, made anew for this request; null if it is not remembered. */
    SecurityIdentity recall(String token, RoutingContext request) {
        Verified entry = verified.get(token);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresAtNanos() >= 0) {
            verified.remove(token, entry);
            return null;
        }
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(entry.principal())
                .addRoles(entry.roles())
                .addCredential(entry.credential())
                .addAttribute(RoutingContext.class.getName(), request)
                .build();
    }

    void remember(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null || credential.getToken() == null) {
            return;
        }
        long secondsLeft = Math.min(MAX_AGE_SECONDS, jwt.getExpirationTime() - System.currentTimeMillis() / 1000);
        if (secondsLeft <= 0) {
            return;
        }
        if (verified.size() >= MAX_ENTRIES) {
            long now = System.nanoTime();
            verified.values().removeIf(v -> now - v.expiresAtNanos() >= 0);
            if (verified.size() >= MAX_ENTRIES) {
                return;   // full of live tokens: this one is simply verified again next time
            }
        }
        verified.put(credential.getToken(), new Verified(jwt, Set.copyOf(identity.getRoles()), credential,
                System.nanoTime() + Duration.ofSeconds(secondsLeft).toNanos()));
    }

    /** Answers a remembered bearer token before the OIDC verifier sees it; anything else goes on to it. */
    @ApplicationScoped
    public static class Mechanism implements HttpAuthenticationMechanism {

        @Inject
        VerifiedTokens tokens;

        @Override
        public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
            String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Uni.createFrom().nullItem();
            }
            return Uni.createFrom().item(tokens.recall(authorization.substring(BEARER.length()).strip(), context));
        }

        @Override
        public Uni<ChallengeData> getChallenge(RoutingContext context) {
            return Uni.createFrom().nullItem();
        }

        /** After the admin token's mechanism, before the OIDC verifier's. */
        @Override
        public int getPriority() {
            return DEFAULT_PRIORITY + 50;
        }
    }

    /**
     * Remembers every token the OIDC verifier accepted, once the platform's own checks passed
     * ({@link SubjectCheck} runs first: a token it refuses never gets here).
     */
    @ApplicationScoped
    public static class Remember implements SecurityIdentityAugmentor {

        @Inject
        VerifiedTokens tokens;

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (!identity.isAnonymous()) {
                tokens.remember(identity);
            }
            return Uni.createFrom().item(identity);
        }

        @Override
        public int priority() {
            return SubjectCheck.PRIORITY - 1;
        }
    }
}
