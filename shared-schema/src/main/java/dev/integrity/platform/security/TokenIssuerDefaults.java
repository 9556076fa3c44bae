package dev.integrity.platform.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

/**
 * Secure by default, never open by default: a service configured with neither an issuer
 * ({@code quarkus.oidc.auth-server-url}) nor a verification key ({@code quarkus.oidc.public-key})
 * still starts, with the token verifier switched off ({@code quarkus.oidc.tenant-enabled=false}
 * unless set), so every operation that needs a caller answers 401. {@link dev.integrity.platform.config.StartupWarnings} says
 * so once at start. Read when the value is asked for, so every source of configuration counts:
 * environment, system properties, files, a test's resources.
 */
@Priority(TokenIssuerDefaults.PRIORITY)
public class TokenIssuerDefaults implements ConfigSourceInterceptor {

    static final int PRIORITY = 3000;
    public static final String ISSUER = "quarkus.oidc.auth-server-url";
    public static final String PUBLIC_KEY = "quarkus.oidc.public-key";
    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!TENANT_ENABLED.equals(name) || setExplicitly(value)) {
            return value;
        }
        if (configured(context.proceed(ISSUER)) || configured(context.proceed(PUBLIC_KEY))) {
            return value;
        }
        return ConfigValue.builder().withName(name).withValue("false")
                .withConfigSourceName("TokenIssuerDefaults: no token issuer configured").build();
    }

    /** Set by a source of its own, not only by the extension's default. */
    private static boolean setExplicitly(ConfigValue value) {
        return value != null && value.getValue() != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE;
    }

    static boolean configured(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
