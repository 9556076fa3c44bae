package dev.integrity.matching;

import java.time.OffsetDateTime;

/** A crawled job posting to store: what intake takes, validated and stripped. */
public record NewPosting(String url, String title, String company, String description, String location,
                         OffsetDateTime postedAt, OffsetDateTime crawledAt) {
}
