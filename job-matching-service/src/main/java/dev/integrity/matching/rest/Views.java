package dev.integrity.matching.rest;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.CoverLetter;
import dev.integrity.matching.DedupCandidate;
import dev.integrity.matching.DedupRun;
import dev.integrity.matching.DedupRunStatus;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.DedupTrigger;
import dev.integrity.matching.InteractionAction;
import dev.integrity.matching.JobPosting;
import dev.integrity.matching.PipelineJob;
import dev.integrity.matching.PipelineJobStatus;
import dev.integrity.matching.PipelineJobType;
import dev.integrity.matching.ScoredPosting;
import dev.integrity.matching.UserInteraction;
import dev.integrity.platform.error.RecordedFailure;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the matching API answers. */
public final class Views {

    private Views() {
    }

    public record Ids(List<Long> ids) {
    }

    public record PostingView(long id, String url, String urlNormalized, String title, @Schema(nullable = true) String company,
                              @Schema(nullable = true) String description, @Schema(nullable = true) String location,
                              @Schema(nullable = true) Instant postedAt, Instant crawledAt,
                              @Schema(nullable = true) Instant deletedAt, @Schema(nullable = true) Long mergedInto) {
        public static PostingView of(JobPosting p) {
            return new PostingView(p.id, p.url, p.urlNormalized, p.title, p.company, p.description, p.location, p.postedAt,
                    p.crawledAt, p.deletedAt, p.mergedInto);
        }
    }

    public record CoverLetterView(long id, String url, String urlNormalized, @Schema(nullable = true) String title,
                                  @Schema(nullable = true) String company, @Schema(nullable = true) String position,
                                  String content, Instant crawledAt, @Schema(nullable = true) Instant deletedAt,
                                  @Schema(nullable = true) Long mergedInto) {
        public static CoverLetterView of(CoverLetter c) {
            return new CoverLetterView(c.id, c.url, c.urlNormalized, c.title, c.company, c.position, c.content, c.crawledAt,
                    c.deletedAt, c.mergedInto);
        }
    }

    public record RecommendationView(long id, long jobId, double score) {
        public static RecommendationView of(ScoredPosting s) {
            return new RecommendationView(s.id(), s.jobId(), s.score());
        }
    }

    public record InteractionView(long id, long recommendationId, long userId, InteractionAction action, Instant createdAt) {
        public static InteractionView of(UserInteraction i) {
            return new InteractionView(i.id, i.recommendationId, i.userId, i.action, i.createdAt);
        }
    }

    public record DedupRunView(long runId, DedupTarget target, boolean dryRun, DedupTrigger trigger,
                               @Schema(nullable = true) String requestedBy, DedupRunStatus status, Instant startedAt,
                               @Schema(nullable = true) Instant finishedAt, int groups, int duplicatesFound, int merged,
                               int recommendationsRepointed, int recommendationsCollapsed, int interactionsRepointed,
                               int candidatesProposed, long detectionMs, long mergeMs,
                               @Schema(nullable = true) String errorType, @Schema(nullable = true) UUID errorId) {
        public static DedupRunView of(DedupRun r) {
            return new DedupRunView(r.id, r.target, r.dryRun, r.trigger, r.requestedBy, r.status, r.startedAt, r.finishedAt, r.groups,
                    r.duplicatesFound, r.merged, r.recommendationsRepointed, r.recommendationsCollapsed, r.interactionsRepointed,
                    r.candidatesProposed, r.detectionMs, r.mergeMs, RecordedFailure.type(r.errorType), r.errorId);
        }
    }

    public record CandidateView(long id, DedupTarget target, long leftId, long rightId, double similarity,
                                CandidateStatus status, Instant proposedAt, @Schema(nullable = true) Instant decidedAt,
                                @Schema(nullable = true) String decidedBy) {
        public static CandidateView of(DedupCandidate c) {
            return new CandidateView(c.id, c.target, c.leftId, c.rightId, c.similarity, c.status, c.proposedAt, c.decidedAt,
                    c.decidedBy);
        }
    }

    public record PipelineJobView(long jobId, PipelineJobType type, PipelineJobStatus status, int attempts, Instant createdAt,
                                  @Schema(nullable = true) Instant startedAt, @Schema(nullable = true) Instant heartbeatAt,
                                  @Schema(nullable = true) Instant finishedAt, @Schema(nullable = true) String requestedBy,
                                  @Schema(nullable = true) Map<String, Object> result,
                                  @Schema(nullable = true) String errorType, @Schema(nullable = true) UUID errorId) {
        public static PipelineJobView of(PipelineJob j) {
            return new PipelineJobView(j.id, j.type, j.status, j.attempts, j.createdAt, j.startedAt, j.heartbeatAt, j.finishedAt,
                    j.requestedBy, j.result, RecordedFailure.type(j.errorType), j.errorId);
        }
    }
}
