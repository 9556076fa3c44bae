package dev.integrity.inspection.rest;

import dev.integrity.inspection.service.ScheduleService;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.rest.QueryParams;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;

/** Inspection schedules: no two live schedules of one AED less than 30 minutes apart. */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "schedules")
public class ScheduleResource {

    @Inject
    ScheduleService schedules;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Schedule an inspection; 409 with conflictingScheduleId if a live schedule of the AED is less than 30 minutes away")
    @APIResponseSchema(value = Views.ScheduleView.class, responseCode = "201", responseDescription = "the new schedule")
    public RestResponse<Views.ScheduleView> create(@NotNull @Valid Commands.CreateSchedule cmd) {
        return RestResponse.status(RestResponse.Status.CREATED, Views.ScheduleView.of(
                schedules.create(cmd.aedDataId(), cmd.scheduledFor().toInstant(), cmd.assigneeId())));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "A schedule")
    public Views.ScheduleView get(@PathParam("id") long id) {
        return Views.ScheduleView.of(schedules.get(id));
    }

    @GET
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Schedules in time order, optionally of one AED and inside [from, to)")
    public Page<Views.ScheduleView> list(@QueryParam("aedDataId") Long aedDataId, @QueryParam("from") Instant from,
                                         @QueryParam("to") Instant to,
                                         @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                         @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        QueryParams.requireOrdered(from, to);
        return schedules.list(aedDataId, from, to, page, size).map(Views.ScheduleView::of);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Cancel a scheduled inspection, freeing its slot; 409 if it is no longer scheduled")
    public Views.ScheduleView cancel(@PathParam("id") long id) {
        return Views.ScheduleView.of(schedules.cancel(id, null));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Cancel a scheduled inspection with a reason, freeing its slot; 409 if it is no longer scheduled")
    public Views.ScheduleView cancelWithReason(@PathParam("id") long id,
                                               @RequestBody(required = false, description = "optional: {reason}") @Valid Commands.CancelSchedule cmd) {
        // The body is optional, so an empty one with Content-Type: application/json is no reason, not a 400.
        String reason = cmd == null || cmd.reason() == null || cmd.reason().isBlank() ? null : cmd.reason().strip();
        return Views.ScheduleView.of(schedules.cancel(id, reason));
    }

    @POST
    @Path("/{id}/complete")
    @RolesAllowed({Roles.INSPECTOR, Roles.INSPECTION_MANAGER})
    @Operation(summary = "Mark a scheduled inspection done; 409 if it is no longer scheduled")
    public Views.ScheduleView complete(@PathParam("id") long id) {
        return Views.ScheduleView.of(schedules.complete(id));
    }
}
