package dev.integrity.device.rest;

import dev.integrity.device.CreateUser;
import dev.integrity.device.HealthInfo;
import dev.integrity.device.User;
import dev.integrity.device.service.UserService;
import dev.integrity.platform.security.Roles;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The people whose gait is measured. A signed-in person sees only their own user (docs/security.md). */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
public class UserResource {

    @Inject
    UserService users;

    @POST
    @RolesAllowed(Roles.DEVICE_OPERATOR)
    @Operation(summary = "Create a user, optionally linked to a signed-in person's subject; 409 if the email or subject is taken")
    @APIResponseSchema(value = UserView.class, responseCode = "201", responseDescription = "the new user")
    public RestResponse<UserView> create(@NotNull @Valid CreateUser cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, UserView.of(users.create(cmd.name(), cmd.email(), cmd.subject()), null));
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The caller's own user, linked by their token's subject; made on their first request")
    public UserView me() {
        User user = users.me();
        return UserView.of(user, users.health(user.userId));
    }

    @GET
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "A user, with health info when set; a signed-in person sees only their own (another is 404)")
    public UserView get(@PathParam("id") long id) {
        User user = users.get(id);
        return UserView.of(user, users.health(id));
    }

    @PUT
    @Path("/{id}/health")
    @Authenticated
    @Operation(summary = "Set the user's health info (height, weight, birth year, sex, notes); a signed-in person only their own")
    public UserView putHealth(@PathParam("id") long id, @NotNull @Valid HealthInfo info) {
        var health = users.putHealth(id, info);
        return UserView.of(users.get(id), health);
    }
}
