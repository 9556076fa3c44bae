package dev.integrity.matching.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;

/** One crawled job posting. */
public record PostingIn(
        @NotBlank @Size(max = 2048) @Pattern(regexp = CoverLetterIn.HTTP_URL, message = "must be an http or https URL") String url,
        @NotBlank @Size(max = 500) String title,
        @Size(max = 300) String company,
        @NotBlank @Size(max = 100_000) String description,
        @Size(max = 300) String location,
        OffsetDateTime postedAt,
        OffsetDateTime crawledAt) {
}
