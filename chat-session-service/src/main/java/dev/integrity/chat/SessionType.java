package dev.integrity.chat;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** session_master.session_type, as the seed lists them. */
public enum SessionType implements CodedEnum {
    CHAT, VOICE, API, TEST, ADMIN;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** session_master.session_type holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<SessionType> {
        public Column() {
            super(SessionType.class);
        }
    }
}
