package dev.integrity.inspection;

import dev.integrity.platform.testing.MissingConfigurationContract;

class InspectionMissingConfigurationIT extends MissingConfigurationContract {
}
