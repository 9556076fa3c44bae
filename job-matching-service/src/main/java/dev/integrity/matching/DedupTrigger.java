package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** What started a deduplication run: the API, a pipeline job, or a reviewer's merge of one candidate. */
public enum DedupTrigger implements CodedEnum {
    API, PIPELINE, REVIEW;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** dedup_runs.trigger holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<DedupTrigger> {
        public Column() {
            super(DedupTrigger.class);
        }
    }
}
