package dev.integrity.device;

/** What a device presents: its own key ({@code X-Device-Key}) and/or the enrollment token. */
public record DeviceCredentials(String deviceKey, String enrollmentToken) {

    public static final String DEVICE_KEY_HEADER = "X-Device-Key";
    public static final String ENROLLMENT_TOKEN_HEADER = "X-Enrollment-Token";
}
