package dev.integrity.device;

import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged jar with the least configuration: the JDBC URL, user and password, and the token issuer's key. */
@QuarkusIntegrationTest
@WithTestResource(PlatformTestResource.OneRole.class)
class DeviceMinimalConfigIT extends DeviceMainFlow {
}
