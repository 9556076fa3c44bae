package dev.integrity.matching.rest;

import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.service.ReviewService;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dedup review page (seed 003) for the {@code matching-operator} role. The page itself holds no
 * data and is public; its script signs in with a bearer token and loads the candidates and the chart
 * as HTML fragments rendered here, which ask for the role like every API call. Decisions go through
 * the API's merge and dismiss. A page, not part of the API: kept out of the OpenAPI document.
 */
@Path("/review")
@Produces(MediaType.TEXT_HTML)
public class ReviewResource {

    /** Candidates per fragment: a screenful a reviewer works through before the next. */
    static final int PAGE_SIZE = 20;

    @CheckedTemplate(basePath = "review")
    static class Templates {
        static native TemplateInstance page();

        static native TemplateInstance candidates(ReviewService.Listing listing);

        static native TemplateInstance stats(ReviewService.Chart chart);
    }

    @Inject
    ReviewService review;

    @GET
    @PermitAll
    @Operation(hidden = true)
    public String page() {
        return Templates.page().render();
    }

    @GET
    @Path("/candidates")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(hidden = true)
    public String candidates(@QueryParam("target") @DefaultValue("all") DedupTarget target,
                             @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page) {
        return Templates.candidates(review.pending(target, page, PAGE_SIZE)).render();
    }

    @GET
    @Path("/stats")
    @RolesAllowed({Roles.MATCHING_OPERATOR})
    @Operation(hidden = true)
    public String stats() {
        return Templates.stats(review.chart()).render();
    }
}
