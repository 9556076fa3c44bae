package dev.integrity.matching;

import dev.integrity.platform.testing.LayeringContract;

class MatchingLayeringTest extends LayeringContract {

    @Override
    protected String domainPackage() {
        return "dev.integrity.matching";
    }
}
