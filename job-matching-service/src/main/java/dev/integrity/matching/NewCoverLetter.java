package dev.integrity.matching;

import java.time.OffsetDateTime;

/** A crawled cover letter to store: what intake takes, validated and stripped. */
public record NewCoverLetter(String url, String title, String company, String position, String content,
                             OffsetDateTime crawledAt) {
}
