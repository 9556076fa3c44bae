package dev.integrity.matching.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.matching.MatchingConfig;
import dev.integrity.matching.NewPosting;
import dev.integrity.matching.service.CatalogService;
import dev.integrity.matching.service.Catalogue;
import dev.integrity.platform.rest.JsonItems;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
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

/** Crawled job postings. */
@Path("/api/matching/postings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "postings")
public class PostingResource {

    @Inject
    CatalogService catalog;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    MatchingConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "Store crawled postings (one, or an array of up to 1,000) as crawled; 201 with their ids in order")
    @APIResponseSchema(value = Views.Ids.class, responseCode = "201", responseDescription = "the new rows' ids, in the order sent")
    public RestResponse<Views.Ids> add(
            @RequestBody(required = true, description = "one Posting, or an array of them",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {PostingIn.class, PostingIn[].class})))
            JsonNode body) {
        List<NewPosting> rows = JsonItems.read(body, PostingIn.class, config.maxIntake(), json, validator).stream()
                .map(p -> new NewPosting(p.url().strip(), p.title().strip(), p.company(), p.description(),
                        p.location(), p.postedAt(), p.crawledAt()))
                .toList();
        return RestResponse.status(RestResponse.Status.CREATED, new Views.Ids(catalog.addPostings(rows)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.MATCHING_CRAWLER, Roles.MATCHING_OPERATOR})
    @Operation(summary = "A posting; a soft-deleted one is 404 unless includeDeleted=true")
    public Views.PostingView get(@PathParam("id") long id, @QueryParam("includeDeleted") @DefaultValue("false") boolean includeDeleted) {
        return Views.PostingView.of(catalog.find(Catalogue.POSTINGS, id, includeDeleted));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Soft-delete a posting; with hard=true, delete it (its recommendations cascade)")
    public RestResponse<Void> delete(@PathParam("id") long id, @QueryParam("hard") @DefaultValue("false") boolean hard) {
        if (hard) {
            catalog.hardDelete(Catalogue.POSTINGS, id);
        } else {
            catalog.softDelete(Catalogue.POSTINGS, id);
        }
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/restore")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(summary = "Undo a soft delete (or a merge)")
    public Views.PostingView restore(@PathParam("id") long id) {
        return Views.PostingView.of(catalog.restore(Catalogue.POSTINGS, id));
    }
}
