package dev.integrity.matching.rest;

import dev.integrity.matching.service.RecommendationService;
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

import java.util.List;

@Path("/api/matching/recommendations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "recommendations")
public class RecommendationResource {

    @Inject
    RecommendationService recommendations;

    @POST
    @Path("/{id}/interactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Record what a user did with a recommendation: view, click, save or apply")
    @APIResponseSchema(value = Views.InteractionView.class, responseCode = "201", responseDescription = "the recorded interaction")
    public RestResponse<Views.InteractionView> interact(@PathParam("id") long id, @NotNull @Valid Commands.RecordInteraction cmd) {
        return RestResponse.status(RestResponse.Status.CREATED,
                Views.InteractionView.of(recommendations.recordInteraction(id, cmd.userId(), cmd.action())));
    }

    @GET
    @Path("/{id}/interactions")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "What users did with a recommendation, oldest first")
    public List<Views.InteractionView> interactions(@PathParam("id") long id) {
        return recommendations.interactions(id).stream().map(Views.InteractionView::of).toList();
    }
}
