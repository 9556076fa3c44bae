package dev.integrity.platform.types;

import jakarta.persistence.AttributeConverter;

/**
 * The one JPA conversion of a {@link CodedEnum}: its code in the column. Each enum has a two-line
 * {@code @Converter(autoApply = true)} subclass, since JPA needs a concrete class per type.
 */
public abstract class CodedEnumConverter<E extends Enum<E> & CodedEnum> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected CodedEnumConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : value.code();
    }

    @Override
    public E convertToEntityAttribute(String code) {
        return code == null ? null : CodedEnum.of(type, code);
    }
}
