package dev.integrity.platform.jobs;

/** Who started a run: the in-process scheduler, or a call to the admin API (a CronJob, a person). */
public enum JobTrigger {
    SCHEDULE, ADMIN;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
