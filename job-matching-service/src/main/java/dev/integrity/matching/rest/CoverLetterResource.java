package dev.integrity.matching.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.matching.MatchingConfig;
import dev.integrity.matching.NewCoverLetter;
import dev.integrity.matching.service.CatalogService;
import dev.integrity.matching.service.Catalogue;
import dev.integrity.matching.service.RecommendationService;
import dev.integrity.platform.rest.JsonItems;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Crawled cover-letter samples, and their recommendations. */
@Path("/api/matching/cover-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "cover letters")
public class CoverLetterResource {

    @Inject
    CatalogService catalog;

    @Inject
    RecommendationService recommendations;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    MatchingConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "Store crawled cover letters (one, or an array of up to 1,000) as crawled; 201 with their ids in order")
    @APIResponseSchema(value = Views.Ids.class, responseCode = "201", responseDescription = "the new rows' ids, in the order sent")
    public RestResponse<Views.Ids> add(
            @RequestBody(required = true, description = "one CoverLetter, or an array of them",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {CoverLetterIn.class, CoverLetterIn[].class})))
            JsonNode body) {
        List<NewCoverLetter> rows = JsonItems.read(body, CoverLetterIn.class, config.maxIntake(), json, validator).stream()
                .map(c -> new NewCoverLetter(c.url().strip(), c.title(), c.company(), c.position(), c.content(),
                        c.crawledAt()))
                .toList();
        return RestResponse.status(RestResponse.Status.CREATED, new Views.Ids(catalog.addCoverLetters(rows)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "A cover letter; a soft-deleted one is 404 unless includeDeleted=true")
    public Views.CoverLetterView get(@PathParam("id") long id, @QueryParam("includeDeleted") @DefaultValue("false") boolean includeDeleted) {
        return Views.CoverLetterView.of(catalog.find(Catalogue.COVER_LETTERS, id, includeDeleted));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Soft-delete a cover letter; with hard=true, delete it (its recommendations cascade)")
    public RestResponse<Void> delete(@PathParam("id") long id, @QueryParam("hard") @DefaultValue("false") boolean hard) {
        if (hard) {
            catalog.hardDelete(Catalogue.COVER_LETTERS, id);
        } else {
            catalog.softDelete(Catalogue.COVER_LETTERS, id);
        }
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/restore")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Undo a soft delete (or a merge)")
    public Views.CoverLetterView restore(@PathParam("id") long id) {
        return Views.CoverLetterView.of(catalog.restore(Catalogue.COVER_LETTERS, id));
    }

    @POST
    @Path("/{id}/recommendations")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Compute the top k postings for this cover letter by text relevance, store them (upsert), return them")
    public List<Views.RecommendationView> recommend(@PathParam("id") long id,
                                                     @QueryParam("k") @DefaultValue("10") @Min(1) @Max(100) int k) {
        return recommendations.recommend(id, k).stream().map(Views.RecommendationView::of).toList();
    }

    @GET
    @Path("/{id}/recommendations")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "The stored recommendations of this cover letter, best first")
    public List<Views.RecommendationView> recommendations(@PathParam("id") long id) {
        return recommendations.list(id).stream().map(Views.RecommendationView::of).toList();
    }
}
