package dev.integrity.platform.config;

import dev.integrity.platform.security.TokenIssuerDefaults;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * One WARN line at start for each safety a service runs without because it was not configured: no
 * token issuer (every caller is refused), and one database role for everything (least privilege off).
 */
@ApplicationScoped
public class StartupWarnings {

    private static final Logger LOG = Logger.getLogger(StartupWarnings.class);

    void onStart(@Observes StartupEvent start,
                 @ConfigProperty(name = TokenIssuerDefaults.ISSUER) Optional<String> issuer,
                 @ConfigProperty(name = TokenIssuerDefaults.PUBLIC_KEY) Optional<String> publicKey,
                 @ConfigProperty(name = RequiredConfiguration.APP_ROLE) Optional<String> appRole) {
        if (issuer.filter(s -> !s.isBlank()).isEmpty() && publicKey.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("no token issuer is configured (set quarkus.oidc.auth-server-url, or quarkus.oidc.public-key to verify "
                    + "tokens locally): every operation that needs a caller answers 401");
        }
        if (appRole.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("least privilege is off: migrations and requests run as one database role (no platform.db.app-role); "
                    + "docs/deploy.md sets up an owner role and an app role");
        }
    }
}
