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

    @Schema(example = """
            {"ids": [90417, 90418]}""")
    public record Ids(List<Long> ids) {
    }

    @Schema(example = """
            {"id": 90417, "url": "https://jobs.example.com/postings/90417?utm_source=feed", "urlNormalized": "https://jobs.example.com/postings/90417", "title": "백엔드 개발자 (Java/Quarkus)", "company": "한빛소프트", "description": "PostgreSQL 기반 데이터 플랫폼을 함께 만들 백엔드 개발자를 찾습니다.", "location": "서울 강남구", "postedAt": "2025-01-20T00:00:00Z", "crawledAt": "2025-01-26T18:00:00Z", "deletedAt": null, "mergedInto": null}""")
    public record PostingView(long id, String url, String urlNormalized, String title, @Schema(nullable = true) String company,
                              @Schema(nullable = true) String description, @Schema(nullable = true) String location,
                              @Schema(nullable = true) Instant postedAt, Instant crawledAt,
                              @Schema(nullable = true) Instant deletedAt, @Schema(nullable = true) Long mergedInto) {
        public static PostingView of(JobPosting p) {
            return new PostingView(p.id, p.url, p.urlNormalized, p.title, p.company, p.description, p.location, p.postedAt,
                    p.crawledAt, p.deletedAt, p.mergedInto);
        }
    }

    @Schema(example = """
            {"id": 48213, "url": "https://jobs.example.com/cover-letters/48213", "urlNormalized": "https://jobs.example.com/cover-letters/48213", "title": "신입 백엔드 개발자 합격 자소서", "company": "한빛소프트", "position": "백엔드 개발자", "content": "저는 대학 시절 교내 동아리에서 예약 서비스를 만들며 데이터 정합성의 중요성을 배웠습니다.", "crawledAt": "2025-01-26T18:00:00Z", "deletedAt": null, "mergedInto": null}""")
    public record CoverLetterView(long id, String url, String urlNormalized, @Schema(nullable = true) String title,
                                  @Schema(nullable = true) String company, @Schema(nullable = true) String position,
                                  String content, Instant crawledAt, @Schema(nullable = true) Instant deletedAt,
                                  @Schema(nullable = true) Long mergedInto) {
        public static CoverLetterView of(CoverLetter c) {
            return new CoverLetterView(c.id, c.url, c.urlNormalized, c.title, c.company, c.position, c.content, c.crawledAt,
                    c.deletedAt, c.mergedInto);
        }
    }

    @Schema(example = """
            {"id": 5531, "jobId": 90417, "score": 0.8125}""")
    public record RecommendationView(long id, long jobId, double score) {
        public static RecommendationView of(ScoredPosting s) {
            return new RecommendationView(s.id(), s.jobId(), s.score());
        }
    }

    @Schema(example = """
            {"id": 77, "recommendationId": 5531, "userId": 1, "action": "click", "createdAt": "2025-01-27T06:12:44.120931Z"}""")
    public record InteractionView(long id, long recommendationId, long userId, InteractionAction action, Instant createdAt) {
        public static InteractionView of(UserInteraction i) {
            return new InteractionView(i.id, i.recommendationId, i.userId, i.action, i.createdAt);
        }
    }

    @Schema(example = """
            {"runId": 42, "target": "cover-letters", "dryRun": true, "trigger": "api", "requestedBy": "dev-matching-operator", "status": "succeeded", "startedAt": "2025-01-27T03:00:00.004121Z", "finishedAt": "2025-01-27T03:00:05.612003Z", "groups": 1480, "duplicatesFound": 1512, "merged": 0, "recommendationsRepointed": 0, "recommendationsCollapsed": 0, "interactionsRepointed": 0, "candidatesProposed": 37, "detectionMs": 5120, "mergeMs": 0, "errorType": null, "errorId": null}""")
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

    @Schema(example = """
            {"id": 311, "target": "cover-letters", "leftId": 48213, "rightId": 48790, "similarity": 0.87, "status": "pending", "proposedAt": "2025-01-27T03:00:05.610118Z", "decidedAt": null, "decidedBy": null}""")
    public record CandidateView(long id, DedupTarget target, long leftId, long rightId, double similarity,
                                CandidateStatus status, Instant proposedAt, @Schema(nullable = true) Instant decidedAt,
                                @Schema(nullable = true) String decidedBy) {
        public static CandidateView of(DedupCandidate c) {
            return new CandidateView(c.id, c.target, c.leftId, c.rightId, c.similarity, c.status, c.proposedAt, c.decidedAt,
                    c.decidedBy);
        }
    }

    @Schema(example = """
            {"jobId": 19, "type": "DEDUP", "status": "succeeded", "attempts": 1, "createdAt": "2025-01-27T03:00:00.001203Z", "startedAt": "2025-01-27T03:00:00.220415Z", "heartbeatAt": "2025-01-27T03:00:04.918230Z", "finishedAt": "2025-01-27T03:00:05.640017Z", "requestedBy": "dev-matching-operator", "result": {"runId": 42, "merged": 1512}, "errorType": null, "errorId": null}""")
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
