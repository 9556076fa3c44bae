package dev.integrity.matching;

import dev.integrity.platform.testing.AdminDisabledContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AdminDisabledContract.NoAdminToken.class)
@WithTestResource(PlatformTestResource.class)
class JobMatchingServiceAdminDisabledTest extends AdminDisabledContract {
}
