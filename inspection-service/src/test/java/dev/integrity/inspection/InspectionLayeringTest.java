package dev.integrity.inspection;

import dev.integrity.platform.testing.LayeringContract;

class InspectionLayeringTest extends LayeringContract {

    @Override
    protected String domainPackage() {
        return "dev.integrity.inspection";
    }
}
