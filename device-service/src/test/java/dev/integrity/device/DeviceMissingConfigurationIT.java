package dev.integrity.device;

import dev.integrity.platform.testing.MissingConfigurationContract;

class DeviceMissingConfigurationIT extends MissingConfigurationContract {
}
