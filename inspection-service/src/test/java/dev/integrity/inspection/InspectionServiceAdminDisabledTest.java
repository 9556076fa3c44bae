package dev.integrity.inspection;

import dev.integrity.platform.testing.AdminDisabledContract;
import dev.integrity.platform.testing.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(AdminDisabledContract.NoAdminToken.class)
@WithTestResource(PostgresTestResource.class)
class InspectionServiceAdminDisabledTest extends AdminDisabledContract {
}
