package dev.integrity.platform.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/** The one line that says a service verifies no tokens, because it was told of no issuer. */
@ApplicationScoped
public class TokenIssuerWarning {

    private static final Logger LOG = Logger.getLogger(TokenIssuerWarning.class);

    void onStart(@Observes StartupEvent start,
                 @ConfigProperty(name = TokenIssuerDefaults.ISSUER) Optional<String> issuer,
                 @ConfigProperty(name = TokenIssuerDefaults.PUBLIC_KEY) Optional<String> publicKey) {
        if (issuer.filter(s -> !s.isBlank()).isEmpty() && publicKey.filter(s -> !s.isBlank()).isEmpty()) {
            LOG.warn("no token issuer is configured (set quarkus.oidc.auth-server-url, or quarkus.oidc.public-key to verify "
                    + "tokens locally): every operation that needs a caller answers 401");
        }
    }
}
