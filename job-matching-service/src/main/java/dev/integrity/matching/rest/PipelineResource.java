package dev.integrity.matching.rest;

import dev.integrity.matching.PipelineJobType;
import dev.integrity.matching.service.PipelineService;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The batch pipeline: DEDUP, RECOMMEND and FULL_PIPELINE jobs, run by any replica's worker. */
@Path("/api/matching/pipeline/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline")
public class PipelineResource {

    @Inject
    PipelineService pipeline;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Queue a job; 202 with its id")
    @APIResponseSchema(value = Views.PipelineJobView.class, responseCode = "202", responseDescription = "the queued job")
    public RestResponse<Views.PipelineJobView> enqueue(@NotNull @Valid Commands.EnqueuePipelineJob cmd) {
        PipelineJobType type = cmd.type();
        return RestResponse.status(RestResponse.Status.ACCEPTED, Views.PipelineJobView.of(pipeline.enqueue(type)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "A job: status, timings, counts and its error")
    public Views.PipelineJobView get(@PathParam("id") long id) {
        return Views.PipelineJobView.of(pipeline.get(id));
    }

    @POST
    @Path("/{id}/retry")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Queue a failed job again; 409 unless it failed")
    public Views.PipelineJobView retry(@PathParam("id") long id) {
        return Views.PipelineJobView.of(pipeline.retry(id));
    }
}
