package dev.integrity.platform.admin;

import dev.integrity.platform.jobs.JobAlreadyRunning;
import dev.integrity.platform.jobs.JobRunView;
import dev.integrity.platform.jobs.JobTrigger;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import dev.integrity.platform.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator surface every service exposes outside {@code /api}: its maintenance jobs and its
 * integrity report. Never routed from outside the cluster. Callers hold {@code platform-admin}: a token
 * from the issuer with that role, or the operators' admin token ({@code AdminTokenMechanism}).
 */
@Path("/admin")
@RolesAllowed(Roles.PLATFORM_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    @Inject
    MaintenanceJobRunner runner;

    @Inject
    @Any
    Instance<IntegrityCheck> checks;

    @RegisterForReflection
    public record JobView(String name, String description, JobRunView lastRun) {
    }

    @RegisterForReflection
    public record IntegrityReport(boolean ok, List<IntegrityCheck.Result> checks) {
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "This service's maintenance jobs and the last run of each")
    public List<JobView> jobs() {
        return runner.jobs().stream()
                .map(job -> new JobView(job.name(), job.description(), runner.lastRun(job.name()).orElse(null)))
                .toList();
    }

    /** The answer when the job is already running elsewhere: it runs, just not here. */
    @RegisterForReflection
    public record JobSkipped(String job, String outcome, String reason) {
    }

    /**
     * Runs a job and answers 200 with its record. If another replica (or a CronJob's earlier pod)
     * holds the job's lock, nothing starts here and the answer is 202 with outcome "skipped": the
     * work is being done, so a caller such as {@code curl --fail} in a CronJob succeeds. A job
     * that ran and failed is a 500 with its record; an unknown job is a 404.
     */
    @POST
    @Path("/jobs/{name}/run")
    @Operation(summary = "Run a job now: 200 with its record; 202 with outcome skipped when another replica holds its lock; 500 if it failed")
    public RestResponse<Object> run(@PathParam("name") String name) {
        try {
            return RestResponse.ok(runner.run(name, JobTrigger.ADMIN));
        } catch (JobAlreadyRunning running) {
            return RestResponse.status(RestResponse.Status.ACCEPTED,
                    new JobSkipped(name, "skipped", "already running on another replica; nothing was started here"));
        }
    }

    @GET
    @Path("/integrity")
    @Operation(summary = "Integrity checks whose healthy answers are known; ok is true when all are healthy")
    public IntegrityReport integrity() {
        List<IntegrityCheck.Result> results = new ArrayList<>();
        for (IntegrityCheck check : checks) {
            results.addAll(check.check());
        }
        return new IntegrityReport(results.stream().allMatch(IntegrityCheck.Result::ok), results);
    }
}
