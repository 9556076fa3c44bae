package dev.integrity.inspection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The states of an inspection session; {@code active} and {@code paused} are the open ones. */
public enum SessionStatus {
    ACTIVE, PAUSED, COMPLETED, CANCELLED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SessionStatus of(String value) {
        for (SessionStatus s : values()) {
            if (s.value().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("must be one of active, paused, completed, cancelled");
    }
}
