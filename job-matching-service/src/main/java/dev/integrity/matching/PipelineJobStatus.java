package dev.integrity.matching;

import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** A pipeline job's state: queued until a worker claims it. */
public enum PipelineJobStatus implements CodedEnum {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<PipelineJobStatus> {
        public Column() {
            super(PipelineJobStatus.class);
        }
    }
}
