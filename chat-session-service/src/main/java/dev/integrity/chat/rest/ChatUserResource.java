package dev.integrity.chat.rest;

import dev.integrity.chat.service.ChatUserService;
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

/** The chatbot's users (docs/security.md: the backend makes them; a signed-in user is linked by subject). */
@Path("/api/chat/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat users")
public class ChatUserResource {

    @Inject
    ChatUserService users;

    @POST
    @RolesAllowed(Roles.CHAT_BACKEND)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a chatbot user, optionally linked to a signed-in person's subject; 409 if the subject is linked")
    @APIResponseSchema(value = ChatUserView.class, responseCode = "201", responseDescription = "the new user")
    public RestResponse<ChatUserView> create(@NotNull @Valid CreateChatUser cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, ChatUserView.of(users.create(cmd.name(), cmd.email(), cmd.subject())));
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.CHAT_USER)
    @Operation(summary = "The caller's own chatbot user, linked by their token's subject; made on their first request")
    public ChatUserView me() {
        return ChatUserView.of(users.me());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.CHAT_BACKEND, Roles.CHAT_ANALYST, Roles.CHAT_USER})
    @Operation(summary = "A chatbot user; a chat user sees only their own (another is 404)")
    public ChatUserView get(@PathParam("id") long id) {
        return ChatUserView.of(users.get(id));
    }
}
