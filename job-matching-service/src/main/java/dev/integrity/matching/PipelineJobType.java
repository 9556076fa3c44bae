package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** The seed's BatchProcessorManager job types, by their names there (upper case) in JSON and the database. */
public enum PipelineJobType implements CodedEnum {
    /** Deduplicate cover letters and postings. */
    DEDUP,
    /** Recompute recommendations for every cover letter that changed since its last ones. */
    RECOMMEND,
    /** DEDUP, then RECOMMEND. */
    FULL_PIPELINE;

    @JsonValue
    @Override
    public String code() {
        return name();
    }

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<PipelineJobType> {
        public Column() {
            super(PipelineJobType.class);
        }
    }
}
