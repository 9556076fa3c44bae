package dev.integrity.platform.admin;

import dev.integrity.platform.jobs.JobRunView;
import dev.integrity.platform.jobs.JobTrigger;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.runtime.annotations.RegisterForReflection;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator surface every service exposes outside {@code /api}: its maintenance jobs and its
 * integrity report. Never routed from outside the cluster.
 */
@Path("/admin")
@AdminOnly
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer")
@SecurityRequirement(name = "adminToken")
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

    @POST
    @Path("/jobs/{name}/run")
    @Operation(summary = "Run a job now; 409 when another replica holds its lock")
    public JobRunView run(@PathParam("name") String name) {
        return runner.run(name, JobTrigger.ADMIN);
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
