package dev.integrity.chat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** session_master.session_type, as the seed lists them. */
public enum SessionType {
    CHAT, VOICE, API, TEST, ADMIN;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SessionType of(String value) {
        for (SessionType t : values()) {
            if (t.dbValue().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("must be one of chat, voice, api, test, admin");
    }
}
