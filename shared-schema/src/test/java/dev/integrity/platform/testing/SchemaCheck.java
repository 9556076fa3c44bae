package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Whether an OpenAPI schema (as the service's own document states it) rules a value out: the
 * bad-input sweep's oracle for which requests must be refused. It reads only what the document
 * says (type, format, enum, pattern, lengths, bounds, properties), so a stricter document makes a
 * stricter sweep; a schema that says nothing rules nothing out.
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    /**
     * True when {@code value} breaks {@code schema}. A query parameter's value is text whatever its
     * type ({@code fromQuery}), so "12" is an integer there, and is not in a JSON body.
     */
    static boolean rejects(JsonNode schema, JsonNode value, boolean fromQuery) {
        if (value.isNull()) {
            return false; // whether null may be sent is the property's required-ness, decided by the caller
        }
        if (schema.has("enum")) {
            for (JsonNode allowed : schema.path("enum")) {
                if (allowed.asText().equals(value.asText()) && (fromQuery || allowed.getNodeType() == value.getNodeType())) {
                    return false;
                }
            }
            return true;
        }
        String type = schema.path("type").asText("");
        return switch (type) {
            case "integer", "number" -> rejectsNumber(schema, value, fromQuery, type.equals("integer"));
            case "boolean" -> fromQuery ? !value.asText().equals("true") && !value.asText().equals("false") : !value.isBoolean();
            case "string" -> !value.isTextual() || rejectsText(schema, value.asText());
            case "array" -> !value.isArray() || rejectsItems(schema.path("items"), value);
            case "object" -> !value.isObject() || rejectsFields(schema, value);
            default -> false;
        };
    }

    private static boolean rejectsNumber(JsonNode schema, JsonNode value, boolean fromQuery, boolean integer) {
        BigDecimal number;
        if (value.isNumber()) {
            number = value.decimalValue();
        } else if (fromQuery && value.isTextual()) {
            try {
                number = new BigDecimal(value.asText());
            } catch (NumberFormatException notANumber) {
                return true;
            }
        } else {
            return true;
        }
        if (integer && (number.stripTrailingZeros().scale() > 0 || number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                || fromQuery && !value.asText().matches("-?\\d+"))) {
            return true;
        }
        if (!integer && number.abs().compareTo(BigDecimal.valueOf(Double.MAX_VALUE)) > 0) {
            return true;
        }
        return below(schema, number) || above(schema, number);
    }

    private static boolean below(JsonNode schema, BigDecimal n) {
        if (schema.has("minimum")) {
            int c = n.compareTo(schema.path("minimum").decimalValue());
            if (c < 0 || c == 0 && schema.path("exclusiveMinimum").asBoolean(false)) {
                return true;
            }
        }
        return schema.path("exclusiveMinimum").isNumber() && n.compareTo(schema.path("exclusiveMinimum").decimalValue()) <= 0;
    }

    private static boolean above(JsonNode schema, BigDecimal n) {
        if (schema.has("maximum")) {
            int c = n.compareTo(schema.path("maximum").decimalValue());
            if (c > 0 || c == 0 && schema.path("exclusiveMaximum").asBoolean(false)) {
                return true;
            }
        }
        return schema.path("exclusiveMaximum").isNumber() && n.compareTo(schema.path("exclusiveMaximum").decimalValue()) >= 0;
    }

    private static boolean rejectsText(JsonNode schema, String text) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("maxLength") && length > schema.path("maxLength").asInt()) {
            return true;
        }
        if (schema.has("minLength") && length < schema.path("minLength").asInt()) {
            return true;
        }
        if (schema.has("pattern") && !Pattern.compile(schema.path("pattern").asText()).matcher(text).find()) {
            return true;
        }
        return switch (schema.path("format").asText("")) {
            case "date-time" -> !isTimestamp(text);
            case "uuid" -> !isUuid(text);
            default -> false;
        };
    }

    private static boolean rejectsItems(JsonNode items, JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isNull() && rejects(items, item, false)) {
                return true;
            }
        }
        return false;
    }

    /** A field the object's schema does not list, where it lists its fields (unknown fields are refused). */
    private static boolean rejectsFields(JsonNode schema, JsonNode object) {
        if (!schema.has("properties") || schema.has("additionalProperties")) {
            return false;
        }
        var names = object.fieldNames();
        while (names.hasNext()) {
            if (!schema.path("properties").has(names.next())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimestamp(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
