package dev.integrity.platform.jobs;

import dev.integrity.platform.error.ProblemException;

/**
 * 500: the job ran and failed. Its run record, with the failure's problem type and error id (the
 * log line's), is in the answer and in job_run; the exception's text only in the log.
 */
public class JobFailed extends ProblemException {

    public JobFailed(JobRunView run) {
        super(500, "job-failed", "Job Failed", "job " + run.job() + " failed (" + run.errorType() + "); quote error id " + run.errorId());
        with("errorId", run.errorId());
        with("run", run);
    }
}
