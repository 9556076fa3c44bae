package dev.integrity.chat.rest;

import dev.integrity.chat.service.ConversationReadService;
import dev.integrity.chat.service.SessionActivityService;
import dev.integrity.chat.service.SessionService;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.UUID;

/**
 * Chat sessions and everything recorded inside them. The chatbot's backend acts for any user; a chat
 * user only in their own sessions; an analyst reads (docs/security.md).
 */
@Path("/api/chat/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat sessions")
public class SessionResource {

    private static final int MAX_USER_AGENT = 1000;

    @Inject
    SessionService sessions;

    @Inject
    SessionActivityService activity;

    @Inject
    ConversationReadService reads;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "Start a session (the backend names its userId; a chat user starts their own); records the client's IP and User-Agent; 404 for an unknown user")
    @APIResponseSchema(value = SessionView.class, responseCode = "201", responseDescription = "the new session")
    public RestResponse<SessionView> start(@NotNull @Valid StartSession cmd, @Context HttpServerRequest request,
                                           @Context HttpHeaders headers) {
        String userAgent = headers.getHeaderString(HttpHeaders.USER_AGENT);
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            userAgent = userAgent.substring(0, MAX_USER_AGENT);
        }
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return RestResponse.status(RestResponse.Status.CREATED,
                SessionView.of(sessions.start(cmd.userId(), cmd.sessionType(), cmd.metadata(), ip, userAgent)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "A session")
    public SessionView get(@PathParam("id") UUID id) {
        return SessionView.of(sessions.get(id));
    }

    @GET
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "Sessions, newest first, filtered by user and by whether they are active")
    public Page<SessionView> list(@QueryParam("userId") Long userId, @QueryParam("active") Boolean active,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return sessions.list(userId, active, page, size).map(SessionView::of);
    }

    @POST
    @Path("/{id}/end")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "End a session (idempotent)")
    public SessionView end(@PathParam("id") UUID id) {
        return SessionView.of(sessions.end(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.CHAT_USER})
    @Operation(summary = "Delete one of the caller's own sessions; its conversations, interactions, recommendations and feedback go by cascade")
    public RestResponse<Void> delete(@PathParam("id") UUID id) {
        sessions.delete(id);
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/conversations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "Record a conversation; 404 for an unknown session, 409 for an ended one")
    @APIResponseSchema(value = ConversationView.class, responseCode = "201", responseDescription = "the stored conversation")
    public RestResponse<ConversationView> addConversation(@PathParam("id") UUID id, @NotNull @Valid AddConversation cmd) {
        var at = cmd.conversationTime() == null ? null : cmd.conversationTime().toInstant();
        return RestResponse.status(RestResponse.Status.CREATED, ConversationView.of(
                activity.addConversation(id, cmd.inputText(), cmd.responseText(), at)));
    }

    @GET
    @Path("/{id}/conversations")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "The session's conversations in time order, reading only the partitions that hold them")
    public Page<ConversationView> history(@PathParam("id") UUID id,
                                          @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                          @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return reads.history(id, page, size).map(ConversationView::of);
    }

    @POST
    @Path("/{id}/interactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "Record a user interaction (ml_features.user_interactions)")
    @APIResponseSchema(value = SessionRecordViews.InteractionView.class, responseCode = "201", responseDescription = "the stored interaction")
    public RestResponse<SessionRecordViews.InteractionView> addInteraction(@PathParam("id") UUID id,
                                                                          @NotNull @Valid AddInteraction cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, SessionRecordViews.InteractionView.of(
                activity.addInteraction(id, cmd.interactionType(), cmd.interactionData())));
    }

    @POST
    @Path("/{id}/recommendations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "Log recommendations (analytics.recommendations_log); the count is derived from the list")
    @APIResponseSchema(value = SessionRecordViews.RecommendationsView.class, responseCode = "201", responseDescription = "the stored recommendations")
    public RestResponse<SessionRecordViews.RecommendationsView> addRecommendations(@PathParam("id") UUID id,
                                                                                  @NotNull @Valid AddRecommendations cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, SessionRecordViews.RecommendationsView.of(
                activity.addRecommendations(id, cmd.shopId(), cmd.recommendations())));
    }

    @POST
    @Path("/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_USER})
    @Operation(summary = "Record feedback (analytics.user_feedback)")
    @APIResponseSchema(value = SessionRecordViews.FeedbackView.class, responseCode = "201", responseDescription = "the stored feedback")
    public RestResponse<SessionRecordViews.FeedbackView> addFeedback(@PathParam("id") UUID id, @NotNull @Valid AddFeedback cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, SessionRecordViews.FeedbackView.of(
                activity.addFeedback(id, cmd.feedbackType(), cmd.feedbackTargetType(),
                        cmd.feedbackTargetId(), cmd.rating(), cmd.comment())));
    }

    @GET
    @Path("/{id}/interactions")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "The session's interactions, oldest first")
    public Page<SessionRecordViews.InteractionView> interactions(@PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return reads.interactions(id, page, size).map(SessionRecordViews.InteractionView::of);
    }

    @GET
    @Path("/{id}/recommendations")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "The session's logged recommendations, oldest first")
    public Page<SessionRecordViews.RecommendationsView> recommendations(@PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return reads.recommendations(id, page, size).map(SessionRecordViews.RecommendationsView::of);
    }

    @GET
    @Path("/{id}/feedback")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "The session's feedback, oldest first")
    public Page<SessionRecordViews.FeedbackView> feedback(@PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return reads.feedback(id, page, size).map(SessionRecordViews.FeedbackView::of);
    }
}
