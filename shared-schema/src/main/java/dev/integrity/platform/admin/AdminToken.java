package dev.integrity.platform.admin;

import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.UnauthorizedProblem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The operator's credential: {@code Authorization: Bearer <platform.admin-token>}. No token
 * configured: 403 for everyone (the surface is switched off). Missing or wrong token: 401.
 * Guards {@code /admin} (through {@link AdminTokenFilter}) and individual operations that only an
 * operator may perform, such as a hard delete.
 */
@ApplicationScoped
public class AdminToken {

    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = "platform.admin-token")
    Optional<String> adminToken;

    /** @param authorization the request's Authorization header, or null */
    public void require(String authorization) {
        String expected = adminToken.filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            throw new ForbiddenProblem("the admin surface is disabled: no admin token is configured (PLATFORM_ADMIN_TOKEN)");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedProblem("Bearer realm=\"admin\"", "an admin bearer token is required");
        }
        if (!Secrets.constantTimeEquals(authorization.substring(BEARER.length()).trim(), expected)) {
            throw new UnauthorizedProblem("Bearer realm=\"admin\", error=\"invalid_token\"", "the admin token is not valid");
        }
    }
}
