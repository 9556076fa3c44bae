package dev.integrity.device.service;

import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.DeviceStatus;
import dev.integrity.platform.error.ConflictProblem;
import dev.integrity.platform.error.ForbiddenProblem;
import dev.integrity.platform.error.NotFoundProblem;
import dev.integrity.platform.error.UnauthorizedProblem;

/** The device domain's problems, each a case of the shared error contract. */
public final class DeviceProblems {

    private DeviceProblems() {
    }

    public static NotFoundProblem notRegistered(String deviceId) {
        return new NotFoundProblem("device " + deviceId + " is not registered");
    }

    public static NotFoundProblem unknownDevice(String deviceId) {
        return new NotFoundProblem("device", deviceId);
    }

    public static NotFoundProblem unknownUser(Object userId) {
        return new NotFoundProblem("user", userId);
    }

    public static UnauthorizedProblem unauthorized(String detail) {
        return new UnauthorizedProblem("DeviceKey header=\"" + DeviceCredentials.DEVICE_KEY_HEADER + "\"", detail);
    }

    public static ForbiddenProblem notActive(String deviceId, DeviceStatus status) {
        return new ForbiddenProblem("device " + deviceId + " is " + status.code() + " and may not send data")
                .with("deviceId", deviceId).with("deviceStatus", status.code());
    }

    public static ConflictProblem alreadyRegistered(String deviceId) {
        return new ConflictProblem("device-exists", "Device Already Registered",
                "device " + deviceId + " is already registered").with("deviceId", deviceId);
    }

    public static ConflictProblem emailTaken(String email) {
        return new ConflictProblem("email-taken", "Email Already In Use",
                "a user with email " + email + " already exists").with("email", email);
    }

    public static ConflictProblem subjectTaken(String subject) {
        return new ConflictProblem("subject-taken", "Subject Already Linked",
                "another user is already linked to subject " + subject).with("subject", subject);
    }

    public static ConflictProblem retired(String deviceId) {
        return new ConflictProblem("device-retired", "Device Retired",
                "device " + deviceId + " is retired; a retired device cannot change").with("deviceId", deviceId)
                .with("deviceStatus", "retired");
    }
}
