package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** A deduplication run's state. */
public enum DedupRunStatus implements CodedEnum {
    RUNNING, SUCCEEDED, FAILED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<DedupRunStatus> {
        public Column() {
            super(DedupRunStatus.class);
        }
    }
}
