package dev.integrity.device;

import dev.integrity.platform.testing.BadInputSweepContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The shared bad-input sweep over every operation of device-service's OpenAPI document. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DeviceBadInputSweepTest extends BadInputSweepContract {
}
