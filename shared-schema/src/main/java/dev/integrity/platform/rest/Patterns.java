package dev.integrity.platform.rest;

/**
 * Bean Validation patterns the API shares. Each is written in the subset Java and ECMA-262 read
 * alike, because the same text is the OpenAPI document's {@code pattern}, which clients and
 * validators read as ECMA-262 (a Java-only class such as {@code \P{Cntrl}} means something else there).
 */
public final class Patterns {

    /** No ASCII control character (what Java calls {@code \p{Cntrl}}): a token subject, for one. */
    public static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x1F\\x7F]+";

    private Patterns() {
    }
}
