package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** What a user did with a recommendation. */
public enum InteractionAction implements CodedEnum {
    VIEW, CLICK, SAVE, APPLY;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** user_interactions.action holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<InteractionAction> {
        public Column() {
            super(InteractionAction.class);
        }
    }
}
