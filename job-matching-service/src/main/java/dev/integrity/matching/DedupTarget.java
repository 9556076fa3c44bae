package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** What a deduplication runs over. */
public enum DedupTarget implements CodedEnum {
    COVER_LETTERS, POSTINGS, ALL;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<DedupTarget> {
        public Column() {
            super(DedupTarget.class);
        }
    }
}
