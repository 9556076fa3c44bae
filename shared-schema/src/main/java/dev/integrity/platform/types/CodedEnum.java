package dev.integrity.platform.types;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A status or kind that is an enum in Java and a word in JSON, in query parameters and in the
 * database: {@code code()} (by default the constant's name in lower case, {@code -} for {@code _}).
 * One conversion serves all three: {@link CodedEnumConverter} for JPA, the API's JSON
 * ({@code ApiJson}), and query and path parameters ({@code CodedEnumParams}); an unknown word is the
 * same 400 everywhere, listing the words there are.
 *
 * <p>Each enum declares {@code code()} again with {@code @JsonValue} (returning
 * {@code CodedEnum.super.code()}): SmallRye OpenAPI lists an enum's values from a {@code @JsonValue}
 * method only where the enum itself declares it, and without it the API document would list the
 * Java names ({@code ACTIVE}) where the API speaks codes ({@code active}). Every rest-assured test
 * checks the two against each other (ApiDocumentValidation).
 */
public interface CodedEnum {

    /** The constant's own name, as every enum has it. */
    String name();

    /** Its word in JSON, parameters and the database. */
    default String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose code is {@code code}; IllegalArgumentException("must be one of ...") for any other word. */
    static <E extends Enum<E> & CodedEnum> E of(Class<E> type, String code) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code().equals(code)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + codes(type));
    }

    /** Every code of the enum, in declaration order, comma-separated. */
    static String codes(Class<? extends CodedEnum> type) {
        return Arrays.stream(type.getEnumConstants()).map(CodedEnum::code).collect(Collectors.joining(", "));
    }
}
