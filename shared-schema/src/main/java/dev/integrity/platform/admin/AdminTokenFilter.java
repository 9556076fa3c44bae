package dev.integrity.platform.admin;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Guards every {@link AdminOnly} resource with the {@link AdminToken}. */
public class AdminTokenFilter {

    @Inject
    AdminToken token;

    @AdminOnly
    @ServerRequestFilter
    public void requireAdminToken(ContainerRequestContext request) {
        token.require(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
