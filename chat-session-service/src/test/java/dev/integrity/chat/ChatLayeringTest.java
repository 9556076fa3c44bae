package dev.integrity.chat;

import dev.integrity.platform.testing.LayeringContract;

class ChatLayeringTest extends LayeringContract {

    @Override
    protected String domainPackage() {
        return "dev.integrity.chat";
    }
}
