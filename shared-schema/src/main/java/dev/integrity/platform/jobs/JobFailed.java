package dev.integrity.platform.jobs;

import dev.integrity.platform.error.ProblemException;

/** 500: the job ran and failed. Its run record, with the error, is in the answer and in job_run. */
public class JobFailed extends ProblemException {

    public JobFailed(JobRunView run) {
        super(500, "job-failed", "Job Failed", "job " + run.job() + " failed: " + run.error());
        with("run", run);
    }
}
