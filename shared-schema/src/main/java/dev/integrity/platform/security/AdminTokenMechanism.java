package dev.integrity.platform.security;

import dev.integrity.platform.admin.Secrets;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The operators' and CronJobs' credential for {@code /admin}: {@code Authorization: Bearer
 * <platform.admin-token>} on {@code /admin}, compared in constant time. It stands for the role
 * {@code platform-admin} and means nothing anywhere else: on {@code /api} it is just a malformed
 * token (401). Any other bearer token is left to the OIDC verifier; with no admin token configured
 * this mechanism recognises nothing, and {@code /admin} takes only {@code platform-admin} tokens
 * from the issuer.
 */
@ApplicationScoped
public class AdminTokenMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String ADMIN = "/admin";

    private final String adminToken;

    public AdminTokenMechanism(@ConfigProperty(name = "platform.admin-token") Optional<String> adminToken) {
        this.adminToken = adminToken.map(String::strip).filter(t -> !t.isEmpty()).orElse(null);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (adminToken == null || !isAdminPath(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || !Secrets.constantTimeEquals(authorization.substring(BEARER.length()).strip(), adminToken)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(Caller.ADMIN_TOKEN))
                .addRole(Roles.PLATFORM_ADMIN)
                .build());
    }

    /** {@code /admin} and below: the only place the admin token means anything. */
    static boolean isAdminPath(String path) {
        return path != null && (path.equals(ADMIN) || path.startsWith(ADMIN + "/"));
    }

    /** The OIDC mechanism's {@code Bearer} challenge stands for both. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    /** Before the OIDC verifier, which would refuse the admin token as a malformed JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
