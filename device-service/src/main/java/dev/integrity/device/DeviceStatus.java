package dev.integrity.device;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** A device's lifecycle. Only an active device may send data; a retired one stays retired. */
public enum DeviceStatus implements CodedEnum {
    ACTIVE, DISABLED, RETIRED;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** devices.status holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<DeviceStatus> {
        public Column() {
            super(DeviceStatus.class);
        }
    }
}
