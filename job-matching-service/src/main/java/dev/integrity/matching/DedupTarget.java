package dev.integrity.matching;

import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** What a deduplication runs over. */
public enum DedupTarget implements CodedEnum {
    COVER_LETTERS, POSTINGS, ALL;

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<DedupTarget> {
        public Column() {
            super(DedupTarget.class);
        }
    }
}
