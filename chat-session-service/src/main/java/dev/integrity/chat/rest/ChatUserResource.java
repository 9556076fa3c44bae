package dev.integrity.chat.rest;

import dev.integrity.chat.service.ChatUserService;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/chat/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "chat users")
public class ChatUserResource {

    @Inject
    ChatUserService users;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a chatbot user")
    public RestResponse<ChatUserView> create(@NotNull @Valid CreateChatUser cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, ChatUserView.of(users.create(cmd.name(), cmd.email())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A chatbot user")
    public ChatUserView get(@PathParam("id") long id) {
        return ChatUserView.of(users.get(id));
    }
}
