package dev.integrity.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Turns Jackson's failures into the contract's 400: the field, and a message in the client's terms
 * (never a Java class name, never Jackson's own text).
 */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** The 400 for a body (or one item of it, {@code prefix} being for example "[3]") that Jackson refused. */
    public static BadRequestProblem toProblem(JsonProcessingException e, String prefix) {
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : null;
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = field == null || field.isEmpty() ? unknown.getPropertyName() : field;
            message = "is not a known field";
        } else if (e instanceof InvalidNullException) {
            message = "must not be null";
        } else if (e instanceof InvalidFormatException invalid) {
            message = "has an invalid value for " + describe(invalid.getTargetType());
        } else if (e instanceof ValueInstantiationException) {
            // Our own @JsonCreator factories refuse a value with IllegalArgumentException("must be ...").
            Throwable cause = e.getCause();
            message = cause instanceof IllegalArgumentException && cause.getMessage() != null && cause.getMessage().startsWith("must ")
                    ? cause.getMessage() : "has an invalid value";
        } else if (e instanceof MismatchedInputException mismatched) {
            message = mismatched.getTargetType() == null ? "has the wrong shape" : "must be " + describe(mismatched.getTargetType());
        } else if (e instanceof JsonMappingException && hasCause(e, DateTimeParseException.class)) {
            message = "must be an ISO-8601 timestamp with an offset";
        } else {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new BadRequestProblem("the body is not valid JSON" + where, List.of());
        }
        String path = join(prefix, field);
        if (path.isEmpty()) {
            return new BadRequestProblem("the body " + message, List.of());
        }
        return new BadRequestProblem(path + " " + message, List.of(new FieldError(path, message)));
    }

    private static String join(String prefix, String field) {
        if (field == null || field.isEmpty()) {
            return prefix;
        }
        if (prefix.isEmpty() || field.startsWith("[")) {
            return prefix + field;
        }
        return prefix + "." + field;
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "a value of the right type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.time.OffsetDateTime.class || type == java.time.Instant.class || type == java.time.ZonedDateTime.class) {
            return "an ISO-8601 timestamp with an offset";
        }
        if (type == java.time.LocalDate.class) {
            return "an ISO-8601 date";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            StringBuilder allowed = new StringBuilder("one of ");
            Object[] constants = type.getEnumConstants();
            for (int i = 0; i < constants.length; i++) {
                allowed.append(i == 0 ? "" : ", ").append(constants[i].toString());
            }
            return allowed.toString();
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
