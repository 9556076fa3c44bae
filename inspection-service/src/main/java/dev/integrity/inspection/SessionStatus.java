package dev.integrity.inspection;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** The states of an inspection session; {@code active} and {@code paused} are the open ones. */
public enum SessionStatus implements CodedEnum {
    ACTIVE, PAUSED, COMPLETED, CANCELLED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** inspection_sessions.status and the events' from_status and to_status hold the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<SessionStatus> {
        public Column() {
            super(SessionStatus.class);
        }
    }
}
