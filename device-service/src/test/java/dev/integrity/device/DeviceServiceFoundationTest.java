package dev.integrity.device;

import dev.integrity.platform.testing.PlatformSurfaceContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Boots against a fresh database, migrates it, and holds to the surface every service shares. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DeviceServiceFoundationTest extends PlatformSurfaceContract {

    @Override
    protected String schema() {
        return "device";
    }

    @Override
    protected String unknownApiPath() {
        return "/api/devices/no-such-thing/nothing-here";
    }

    @Override
    protected String schemaPrefix() {
        return "device.";
    }
}
