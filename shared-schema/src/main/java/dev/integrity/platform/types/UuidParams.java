package dev.integrity.platform.types;

import dev.integrity.platform.error.BadRequestProblem;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Query and path parameters typed {@link UUID}: the canonical 8-4-4-4-12 hex form only (Java's own
 * {@code UUID.fromString} also takes {@code 1-1-1-1-1}), anything else the contract's 400 naming the
 * parameter, not the 404 JAX-RS makes of a path parameter it cannot convert. The API document
 * then says {@code format: uuid}.
 */
@Provider
public class UuidParams implements ParamConverterProvider {

    private static final Pattern CANONICAL = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        String name = CodedEnumParams.parameterName(annotations);
        return (ParamConverter<T>) new ParamConverter<UUID>() {
            @Override
            public UUID fromString(String value) {
                if (value == null || !CANONICAL.matcher(value).matches()) {
                    throw new BadRequestProblem(name, "must be a UUID");
                }
                return UUID.fromString(value);
            }

            @Override
            public String toString(UUID value) {
                return value == null ? null : value.toString();
            }
        };
    }
}
