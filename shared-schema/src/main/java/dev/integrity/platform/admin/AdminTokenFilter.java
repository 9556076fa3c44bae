package dev.integrity.platform.admin;

import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.UnauthorizedProblem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Guards {@link AdminOnly} endpoints with {@code Authorization: Bearer <platform.admin-token>}.
 * No token configured: 403 for everyone (the surface is switched off). Missing or wrong token: 401.
 */
public class AdminTokenFilter {

    private static final String BEARER = "Bearer ";

    @ConfigProperty(name = "platform.admin-token")
    Optional<String> adminToken;

    @AdminOnly
    @ServerRequestFilter
    public void requireAdminToken(ContainerRequestContext request) {
        String expected = adminToken.filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            throw new ForbiddenProblem("the admin surface is disabled: no admin token is configured (PLATFORM_ADMIN_TOKEN)");
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedProblem("Bearer realm=\"admin\"", "an admin bearer token is required");
        }
        if (!Secrets.constantTimeEquals(header.substring(BEARER.length()).trim(), expected)) {
            throw new UnauthorizedProblem("Bearer realm=\"admin\", error=\"invalid_token\"", "the admin token is not valid");
        }
    }
}
