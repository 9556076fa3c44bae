package dev.integrity.inspection;

import dev.integrity.platform.testing.PlatformSurfaceContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Boots against a fresh database, migrates it, and holds to the surface every service shares. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class InspectionServiceFoundationTest extends PlatformSurfaceContract {

    @Override
    protected String schema() {
        return "aedpics";
    }

    @Override
    protected String unknownApiPath() {
        return "/api/aeds/no-such-thing/nothing";
    }

    @Override
    protected String schemaPrefix() {
        return "inspection.";
    }
}
