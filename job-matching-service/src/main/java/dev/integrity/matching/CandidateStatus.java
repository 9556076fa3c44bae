package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** A review candidate's state: pending until a person merges or dismisses it, obsolete once one of the pair is gone. */
public enum CandidateStatus implements CodedEnum {
    PENDING, MERGED, DISMISSED, OBSOLETE;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** The column holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<CandidateStatus> {
        public Column() {
            super(CandidateStatus.class);
        }
    }
}
