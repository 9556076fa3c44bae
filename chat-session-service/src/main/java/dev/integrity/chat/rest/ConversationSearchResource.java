package dev.integrity.chat.rest;

import dev.integrity.chat.service.ConversationReadService;
import dev.integrity.platform.error.BadRequestProblem;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.rest.QueryParams;
import dev.integrity.platform.security.Roles;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

@Path("/api/chat/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat conversations")
public class ConversationSearchResource {

    /** Trigram search needs at least three characters to use its index. */
    static final int MIN_QUERY = 3;
    static final int MAX_QUERY = 200;
    private static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

    @Inject
    ConversationReadService reads;

    @GET
    @Path("/search")
    @RolesAllowed({Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "Conversations whose input or response contains q (case-insensitive), newest first; a chat user searches their own")
    public List<ConversationView> search(@QueryParam("q") String q, @QueryParam("userId") Long userId,
                                         @QueryParam("from") Instant from, @QueryParam("to") Instant to,
                                         @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                         @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        if (q == null || q.strip().length() < MIN_QUERY || q.length() > MAX_QUERY) {
            throw new BadRequestProblem("q", "must be " + MIN_QUERY + " to " + MAX_QUERY + " characters");
        }
        QueryParams.requireOrdered(from, to);
        return reads.search(q.strip(), userId, from == null ? Instant.EPOCH : from, to == null ? END_OF_TIME : to, page, size).stream().map(ConversationView::of).toList();
    }
}
