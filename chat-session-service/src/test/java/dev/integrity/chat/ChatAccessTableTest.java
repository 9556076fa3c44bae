package dev.integrity.chat;

import dev.integrity.platform.testing.AccessTableContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/security.md's access table, walked against chat-session-service's live OpenAPI document with every caller. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ChatAccessTableTest extends AccessTableContract {
}
