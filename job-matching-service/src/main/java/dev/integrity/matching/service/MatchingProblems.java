package dev.integrity.matching.service;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.PipelineJobStatus;
import dev.integrity.platform.error.ConflictProblem;
import dev.integrity.platform.error.NotFoundProblem;

/** The matching domain's problems, each a case of the shared error contract. */
public final class MatchingProblems {

    private MatchingProblems() {
    }

    public static NotFoundProblem notFound(String what, long id) {
        return new NotFoundProblem(what, id);
    }

    public static ConflictProblem candidateDecided(long id, CandidateStatus status) {
        return new ConflictProblem("candidate-decided", "Candidate Already Decided",
                "candidate " + id + " is already " + status.code()).with("candidateId", id).with("candidateStatus", status.code());
    }

    public static ConflictProblem pipelineJobNotFailed(long id, PipelineJobStatus status) {
        return new ConflictProblem("pipeline-job-not-failed", "Pipeline Job Not Failed",
                "pipeline job " + id + " is " + status.code() + "; only a failed job can be retried").with("jobId", id)
                .with("jobStatus", status.code());
    }
}
