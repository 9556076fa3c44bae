package dev.integrity.matching.rest;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.DedupStats;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.service.DedupService;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;


/** Deduplication runs, review candidates and statistics. */
@Path("/api/matching/dedup")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dedup")
public class DedupResource {


    @Inject
    DedupService dedup;

    @POST
    @Path("/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Run a deduplication now; it merges only with dryRun=false, else (the default) it changes "
            + "nothing and reports what would happen")
    @APIResponseSchema(value = Views.DedupRunView.class, responseCode = "201", responseDescription = "the finished run")
    public RestResponse<Views.DedupRunView> run(@NotNull @Valid Commands.StartDedupRun cmd) {
        boolean dryRun = !Boolean.FALSE.equals(cmd.dryRun()); // destructive only when asked for explicitly
        return RestResponse.status(RestResponse.Status.CREATED,
                Views.DedupRunView.of(dedup.runRequested(cmd.target(), dryRun)));
    }

    @GET
    @Path("/runs/{id}")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "A past run")
    public Views.DedupRunView get(@PathParam("id") long id) {
        return Views.DedupRunView.of(dedup.get(id));
    }

    @GET
    @Path("/candidates")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "Pairs whose similarity falls between the review and auto thresholds, most similar first")
    public Page<Views.CandidateView> candidates(@QueryParam("status") @DefaultValue("pending") CandidateStatus status,
                                                @QueryParam("target") DedupTarget target,
                                                @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                                @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        CandidateStatus wanted = status == null ? CandidateStatus.PENDING : status;
        DedupTarget only = target == DedupTarget.ALL ? null : target;
        return dedup.candidates(wanted, only, page, size).map(Views.CandidateView::of);
    }

    @POST
    @Path("/candidates/{id}/merge")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Merge a candidate pair the way a run merges; 409 if it was already decided")
    public Views.DedupRunView merge(@PathParam("id") long id) {
        return Views.DedupRunView.of(dedup.mergeCandidate(id));
    }

    @POST
    @Path("/candidates/{id}/dismiss")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Dismiss a candidate pair: it is never proposed again")
    public Views.CandidateView dismiss(@PathParam("id") long id) {
        return Views.CandidateView.of(dedup.dismiss(id));
    }

    @GET
    @Path("/stats")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "Duplicates found and merged per day, candidates pending, rows soft-deleted")
    public DedupStats stats() {
        return dedup.stats();
    }
}
