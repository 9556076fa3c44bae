package dev.integrity.inspection.rest;

import dev.integrity.inspection.Duplicates;
import dev.integrity.inspection.service.DuplicateResolver;
import dev.integrity.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * What seed 004 asked for next: dynamic detection of duplicate sessions and overlapping
 * schedules ({@code []} on a healthy database), and their cleanup: an inspection-manager's.
 */
@Path("/api/monitoring")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "monitoring")
@RolesAllowed(Roles.INSPECTION_MANAGER)
public class MonitoringResource {

    @Inject
    DuplicateResolver resolver;

    @GET
    @Path("/duplicate-sessions")
    @Operation(summary = "AEDs with more than one open session (the first 500 by serial), each with its sessions, most recently active first")
    public List<Duplicates.DuplicateSessions> duplicateSessions() {
        return resolver.duplicateSessions();
    }

    @GET
    @Path("/duplicate-schedules")
    @Operation(summary = "Pairs of live schedules of one AED less than 30 minutes apart (the first 500)")
    public List<Duplicates.OverlappingSchedules> duplicateSchedules() {
        return resolver.overlappingSchedules();
    }

    @POST
    @Path("/duplicate-sessions/cleanup")
    @Operation(summary = "Cancel all open sessions of an AED but the most recently active (reason 'duplicate'); dryRun=true (the default) only reports")
    public Views.SessionCleanup cleanupSessions(@QueryParam("dryRun") @DefaultValue("true") boolean dryRun) {
        List<Duplicates.ResolvedSession> resolved = resolver.resolveSessions(!dryRun);
        return new Views.SessionCleanup(dryRun, resolved.size(), resolved);
    }

    @POST
    @Path("/duplicate-schedules/cleanup")
    @Operation(summary = "Cancel every live schedule overlapping an earlier-created one (reason 'duplicate'); dryRun=true (the default) only reports")
    public Views.ScheduleCleanup cleanupSchedules(@QueryParam("dryRun") @DefaultValue("true") boolean dryRun) {
        List<Duplicates.ResolvedSchedule> resolved = resolver.resolveSchedules(!dryRun);
        return new Views.ScheduleCleanup(dryRun, resolved.size(), resolved);
    }
}
