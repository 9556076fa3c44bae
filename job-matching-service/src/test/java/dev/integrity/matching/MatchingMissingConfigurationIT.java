package dev.integrity.matching;

import dev.integrity.platform.testing.MissingConfigurationContract;

class MatchingMissingConfigurationIT extends MissingConfigurationContract {
}
