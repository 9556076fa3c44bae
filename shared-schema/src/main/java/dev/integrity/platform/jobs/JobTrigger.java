package dev.integrity.platform.jobs;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.integrity.platform.types.CodedEnum;
import dev.integrity.platform.types.CodedEnumConverter;
import jakarta.persistence.Converter;

/** Who started a run: the in-process scheduler, or a call to the admin API (a CronJob, a person). */
public enum JobTrigger implements CodedEnum {
    SCHEDULE, ADMIN;

    @JsonValue
    @Override
    public String code() {
        return CodedEnum.super.code();
    }

    /** job_run.trigger holds the code. */
    @Converter(autoApply = true)
    public static class Column extends CodedEnumConverter<JobTrigger> {
        public Column() {
            super(JobTrigger.class);
        }
    }
}
