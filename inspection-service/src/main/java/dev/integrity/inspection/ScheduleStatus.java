package dev.integrity.inspection;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;

/** The states of a schedule: only a {@code scheduled} one holds its 30-minute window. */
public enum ScheduleStatus implements CodedEnum {
    SCHEDULED, COMPLETED, CANCELLED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }
}
