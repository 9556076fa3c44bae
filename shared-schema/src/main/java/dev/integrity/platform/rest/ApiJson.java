package dev.integrity.platform.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.OffsetDateTimeSerializer;
import dev.integrity.platform.time.Timestamps;
import dev.integrity.platform.types.CodedEnum;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The API's JSON, in every service (the REST mapper; Hibernate's JSON columns have their own).
 * <p>Strict in: a value has the type the document gives it. Jackson would otherwise take a number
 * or {@code true} for a string field, {@code 0} or {@code ""} for a boolean, an enum's index for the
 * enum, {@code 1.5} for an integer, epoch numbers for a timestamp, and a second document after the
 * first; each is now the 400 problem the field's other wrong values get.
 * <p>A {@link CodedEnum} is its code, in and out.
 * <p>One timestamp precision, PostgreSQL's: a timestamp a client sends is cut to the microsecond as
 * it is read (so the row stores exactly what the answer echoes), and every timestamp an answer
 * carries has at most six fractional digits, whether it came from the database or from the clock.
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    /** Last, after Quarkus has registered the java.time module, so that these timestamp handlers win. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] {LogicalType.Boolean, LogicalType.Integer, LogicalType.Float, LogicalType.Enum}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);

        SimpleModule module = new SimpleModule("api-json");
        module.addDeserializer(Instant.class, timestamp(Instant.class, InstantDeserializer.INSTANT, Timestamps::micros));
        module.addDeserializer(OffsetDateTime.class,
                timestamp(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME, Timestamps::micros));
        module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                InstantSerializer.INSTANCE.serialize(Timestamps.micros(value), gen, provider);
            }
        });
        module.addSerializer(OffsetDateTime.class, new StdSerializer<>(OffsetDateTime.class) {
            @Override
            public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                OffsetDateTimeSerializer.INSTANCE.serialize(Timestamps.micros(value), gen, provider);
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription beanDesc,
                                                              JsonDeserializer<?> deserializer) {
                return CodedEnum.class.isAssignableFrom(type.getRawClass()) ? codedEnum(type) : deserializer;
            }
        });
        module.setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifyEnumSerializer(SerializationConfig config, JavaType type, BeanDescription beanDesc,
                                                          JsonSerializer<?> serializer) {
                return CodedEnum.class.isAssignableFrom(type.getRawClass()) ? CODED_ENUM : serializer;
            }
        });
        mapper.registerModule(module);
    }

    private static final JsonSerializer<Object> CODED_ENUM = new StdSerializer<>(Object.class) {
        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(((CodedEnum) value).code());
        }
    };

    /** A {@link CodedEnum} from its code only; another word is "must be one of ..." (JsonProblems' 400). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonDeserializer<?> codedEnum(JavaType type) {
        Class enumType = type.getRawClass();
        return new StdDeserializer<Object>(type) {
            @Override
            public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    return ctxt.handleUnexpectedToken(type, p);
                }
                try {
                    return CodedEnum.of(enumType, p.getText());
                } catch (IllegalArgumentException unknown) {
                    throw ValueInstantiationException.from(p, unknown.getMessage(), type, unknown);
                }
            }
        };
    }

    /** An ISO-8601 string only (never epoch numbers), cut to the microsecond. */
    private static <T> JsonDeserializer<T> timestamp(Class<T> type, JsonDeserializer<T> iso, java.util.function.UnaryOperator<T> micros) {
        return new StdDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    @SuppressWarnings("unchecked")
                    T refused = (T) ctxt.handleUnexpectedToken(type, p);
                    return refused;
                }
                return micros.apply(iso.deserialize(p, ctxt));
            }
        };
    }
}
