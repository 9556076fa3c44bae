package dev.integrity.chat;

import dev.integrity.platform.testing.PlatformSurfaceContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Boots against a fresh database, migrates it, and holds to the surface every service shares. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ChatSessionServiceFoundationTest extends PlatformSurfaceContract {

    @Override
    protected String schema() {
        return "chatbot";
    }

    @Override
    protected String unknownApiPath() {
        return "/api/chat/no-such-thing";
    }

    @Override
    protected String schemaPrefix() {
        return "chat.";
    }
}
