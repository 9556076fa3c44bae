package dev.integrity.matching.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;

/** One crawled cover-letter sample. */
public record CoverLetterIn(
        @NotBlank @Size(max = 2048) @Pattern(regexp = HTTP_URL, message = "must be an http or https URL") String url,
        @Size(max = 500) String title,
        @Size(max = 300) String company,
        @Size(max = 300) String position,
        @NotBlank @Size(max = 100_000) String content,
        OffsetDateTime crawledAt) {

    /**
     * http(s)://host[:port][/path][?query][#fragment], no spaces, the scheme in any case. Written
     * without Java-only syntax such as {@code (?i)}: the API document gives clients the same text
     * as an ECMA-262 pattern ({@code Patterns}).
     */
    static final String HTTP_URL = "[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][^\\s]*)?";
}
