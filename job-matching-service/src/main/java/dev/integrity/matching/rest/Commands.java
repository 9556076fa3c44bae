package dev.integrity.matching.rest;

import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.InteractionAction;
import dev.integrity.matching.PipelineJobType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the matching API takes, besides intake. */
public final class Commands {

    private Commands() {
    }

    /** {@code POST /api/matching/recommendations/{id}/interactions}. */
    @Schema(example = """
            {"userId": 1, "action": "click"}""")
    public record RecordInteraction(@NotNull @Positive Long userId, @NotNull InteractionAction action) {
    }

    /** {@code POST /api/matching/dedup/runs}: a dry run unless {@code dryRun} is false. */
    @Schema(example = """
            {"target": "cover-letters", "dryRun": true}""")
    public record StartDedupRun(@NotNull DedupTarget target, Boolean dryRun) {
    }

    /** {@code POST /api/matching/pipeline/jobs}. */
    @Schema(example = """
            {"type": "DEDUP"}""")
    public record EnqueuePipelineJob(@NotNull PipelineJobType type) {
    }
}
