package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** A pipeline job's state: queued until a worker claims it. */
public enum PipelineJobStatus implements CodedEnum {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<PipelineJobStatus> {
        public Column() {
            super(PipelineJobStatus.class);
        }
    }
}
