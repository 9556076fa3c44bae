package dev.integrity.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A device's lifecycle. Only an active device may send data; a retired one stays retired. */
public enum DeviceStatus {
    ACTIVE, DISABLED, RETIRED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeviceStatus of(String value) {
        for (DeviceStatus s : values()) {
            if (s.dbValue().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("status must be one of active, disabled, retired");
    }
}
