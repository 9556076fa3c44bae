package dev.integrity.device;

import dev.integrity.platform.testing.LayeringContract;

class DeviceLayeringTest extends LayeringContract {

    @Override
    protected String domainPackage() {
        return "dev.integrity.device";
    }
}
