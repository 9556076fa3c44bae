package dev.integrity.inspection;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;

/** The states of an inspection session; {@code active} and {@code paused} are the open ones. */
public enum SessionStatus implements CodedEnum {
    ACTIVE, PAUSED, COMPLETED, CANCELLED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }
}
