package dev.integrity.matching;

import dev.integrity.platform.testing.AccessTableContract;
import dev.integrity.platform.testing.PlatformTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** docs/security.md's access table, walked against job-matching-service's live OpenAPI document with every caller. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class MatchingAccessTableTest extends AccessTableContract {
}
