package dev.integrity.matching;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a deduplication runs over. */
public enum DedupTarget {
    COVER_LETTERS("cover-letters"), POSTINGS("postings"), ALL("all");

    private final String value;

    DedupTarget(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static DedupTarget of(String value) {
        for (DedupTarget t : values()) {
            if (t.value.equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("must be one of cover-letters, postings, all");
    }
}
