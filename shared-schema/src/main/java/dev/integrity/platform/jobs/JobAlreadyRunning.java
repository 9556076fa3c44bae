package dev.integrity.platform.jobs;

import dev.integrity.platform.error.ConflictProblem;

/** 409: another replica (or another call) holds this job's lock right now. */
public class JobAlreadyRunning extends ConflictProblem {

    public JobAlreadyRunning(String job) {
        super("job-already-running", "Job Already Running",
                "job " + job + " is already running on another replica or thread; nothing was started");
        with("job", job);
    }
}
