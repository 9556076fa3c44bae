package dev.integrity.inspection;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** The states of a schedule: only a {@code scheduled} one holds its 30-minute window. */
public enum ScheduleStatus implements CodedEnum {
    SCHEDULED, COMPLETED, CANCELLED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** inspection_schedules.status holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<ScheduleStatus> {
        public Column() {
            super(ScheduleStatus.class);
        }
    }
}
