package dev.integrity.matching.rest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.PipelineJobType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.util.Locale;

/** What the matching API takes, besides intake. */
public final class Commands {

    private Commands() {
    }

    public enum Action {
        VIEW, CLICK, SAVE, APPLY;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Action of(String value) {
            for (Action a : values()) {
                if (a.value().equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("must be one of view, click, save, apply");
        }
    }

    /** {@code POST /api/matching/recommendations/{id}/interactions}. */
    public record RecordInteraction(@NotNull @Positive Long userId, @NotNull Action action) {
    }

    /** {@code POST /api/matching/dedup/runs}: a dry run unless {@code dryRun} is false. */
    public record StartDedupRun(@NotNull DedupTarget target, Boolean dryRun) {
    }

    /** {@code POST /api/matching/pipeline/jobs}. */
    public record EnqueuePipelineJob(@NotNull PipelineJobType type) {
    }
}
