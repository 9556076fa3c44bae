package dev.integrity.platform.types;

import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.error.FieldError;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Query and path parameters of a {@link CodedEnum} type, by their codes: {@code ?status=pending}.
 * An unknown word is the same 400 problem a body's unknown word gets, naming the parameter.
 */
@Provider
public class CodedEnumParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (!rawType.isEnum() || !CodedEnum.class.isAssignableFrom(rawType)) {
            return null;
        }
        String name = parameterName(annotations);
        Class enumType = rawType;
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null || value.isBlank()) {
                    return null;
                }
                try {
                    return (T) CodedEnum.of(enumType, value);
                } catch (IllegalArgumentException unknown) {
                    throw new BadRequestProblem(name + " " + unknown.getMessage(), List.of(new FieldError(name, unknown.getMessage())));
                }
            }

            @Override
            public String toString(T value) {
                return value == null ? null : ((CodedEnum) value).code();
            }
        };
    }

    /** The name a parameter's problem gives it: its {@code @QueryParam} or {@code @PathParam}. */
    static String parameterName(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a instanceof jakarta.ws.rs.QueryParam q) {
                return q.value();
            }
            if (a instanceof jakarta.ws.rs.PathParam p) {
                return p.value();
            }
        }
        return "parameter";
    }
}
