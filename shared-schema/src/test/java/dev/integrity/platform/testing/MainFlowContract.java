package dev.integrity.platform.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every service's main flow (run by its {@code *IT}s against the packaged jar) shares: each
 * exchange is checked against the OpenAPI document the jar serves, as in the {@code @QuarkusTest}s
 * ({@link ApiDocumentValidation}), and no test's token outlives it.
 */
public abstract class MainFlowContract {

    @BeforeEach
    void checkEveryExchangeAgainstTheDocument() {
        ApiDocumentValidation.install();
    }

    @AfterEach
    void noToken() {
        TestIssuer.anonymous();
    }
}
