package dev.integrity.inspection.rest;

import dev.integrity.inspection.service.AedService;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.OffsetDateTime;

/** The AEDs under inspection. */
@Path("/api/aeds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "AEDs")
public class AedResource {

    @Inject
    AedService aeds;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTION_MANAGER})
    @Operation(summary = "Register an AED; 409 if its equipment serial is taken")
    @APIResponseSchema(value = Views.AedView.class, responseCode = "201", responseDescription = "the registered AED")
    public RestResponse<Views.AedView> register(@NotNull @Valid Commands.RegisterAed cmd) {
        OffsetDateTime installed = cmd.installedAt();
        return RestResponse.status(RestResponse.Status.CREATED, Views.AedView.of(aeds.register(cmd.equipmentSerial().strip(),
                cmd.location(), cmd.model(), installed == null ? null : installed.toInstant())));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "An AED")
    public Views.AedView get(@PathParam("id") long id) {
        return Views.AedView.of(aeds.get(id));
    }

    @GET
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "AEDs by id, or the one with this equipment serial")
    public Page<Views.AedView> list(@QueryParam("serial") String serial,
                                    @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                    @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return aeds.list(serial == null || serial.isBlank() ? null : serial.strip(), page, size).map(Views.AedView::of);
    }
}
