package dev.integrity.chat;

import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged jar as docs/deploy.md runs it: migrated by the owner role, running as the app role. */
@QuarkusIntegrationTest
@WithTestResource(PlatformTestResource.class)
class ChatProductionRolesIT extends ChatMainFlow {
}
