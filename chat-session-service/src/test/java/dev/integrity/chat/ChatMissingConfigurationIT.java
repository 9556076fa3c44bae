package dev.integrity.chat;

import dev.integrity.platform.testing.MissingConfigurationContract;

class ChatMissingConfigurationIT extends MissingConfigurationContract {
}
