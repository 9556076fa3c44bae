package dev.integrity.device.rest;

import dev.integrity.device.User;
import dev.integrity.device.service.UserService;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The people whose gait is measured. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    @Inject
    UserService users;

    @POST
    @Operation(summary = "Create a user; 409 if the email is taken")
    public RestResponse<UserView> create(@NotNull @Valid CreateUser cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, UserView.of(users.create(cmd), null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A user, with health info when set")
    public UserView get(@PathParam("id") long id) {
        User user = users.get(id);
        return UserView.of(user, users.health(id));
    }

    @PUT
    @Path("/{id}/health")
    @Operation(summary = "Set the user's health info (height, weight, birth year, sex, notes)")
    public UserView putHealth(@PathParam("id") long id, @NotNull @Valid HealthInfo info) {
        var health = users.putHealth(id, info);
        return UserView.of(users.get(id), health);
    }
}
