package dev.integrity.inspection.rest;

import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.inspection.service.InspectionSessionService;
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

import java.util.List;
import java.util.UUID;

/** Inspection sessions: at most one open per AED, moved through their states. */
@Path("/api/inspections/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inspection sessions")
public class InspectionSessionResource {

    @Inject
    InspectionSessionService sessions;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Open a session for the caller (a manager may name another inspectorId); 409 naming the open one if the AED has an active or paused session, 404 for an unknown serial")
    @APIResponseSchema(value = Views.SessionView.class, responseCode = "201", responseDescription = "the opened session")
    public RestResponse<Views.SessionView> start(@NotNull @Valid Commands.StartSession cmd) {
        return RestResponse.status(RestResponse.Status.CREATED,
                Views.SessionView.of(sessions.start(cmd.equipmentSerial().strip(),
                        cmd.inspectorId() == null ? null : cmd.inspectorId().strip())));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "A session")
    public Views.SessionView get(@PathParam("id") UUID id) {
        return Views.SessionView.of(sessions.get(id));
    }

    @GET
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Sessions newest first, optionally of one AED and in one state")
    public Page<Views.SessionView> list(@QueryParam("equipmentSerial") String serial, @QueryParam("status") SessionStatus status,
                                        @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                        @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return sessions.list(serial == null || serial.isBlank() ? null : serial.strip(), status, page, size).map(Views.SessionView::of);
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "active to paused; 409 naming the allowed moves otherwise")
    public Views.SessionView pause(@PathParam("id") UUID id) {
        return Views.SessionView.of(sessions.move(id, SessionMove.PAUSE, null));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "paused to active; 409 naming the allowed moves otherwise")
    public Views.SessionView resume(@PathParam("id") UUID id) {
        return Views.SessionView.of(sessions.move(id, SessionMove.RESUME, null));
    }

    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "active to completed, with the inspection's result; 409 naming the allowed moves otherwise")
    public Views.SessionView complete(@PathParam("id") UUID id, @NotNull @Valid Commands.CompleteSession cmd) {
        return Views.SessionView.of(sessions.move(id, SessionMove.COMPLETE, cmd.result().toString()));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "active or paused to cancelled, with a reason; 409 naming the allowed moves otherwise")
    public Views.SessionView cancel(@PathParam("id") UUID id, @NotNull @Valid Commands.CancelSession cmd) {
        return Views.SessionView.of(sessions.move(id, SessionMove.CANCEL, cmd.reason().strip()));
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "The session's moves, oldest first: from and to which state, why, who made each (actor) and whose session it is")
    public List<Views.EventView> events(@PathParam("id") UUID id) {
        return sessions.events(id).stream().map(Views.EventView::of).toList();
    }
}
