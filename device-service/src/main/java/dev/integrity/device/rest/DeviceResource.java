package dev.integrity.device.rest;

import dev.integrity.device.Device;
import dev.integrity.device.DevicePatch;
import dev.integrity.device.DeviceStatus;
import dev.integrity.device.RegisterDevice;
import dev.integrity.device.service.DeviceRegistryService;
import dev.integrity.device.service.OnlineDevices;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Roles;
import io.quarkus.security.Authenticated;
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
import jakarta.ws.rs.PATCH;
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

/**
 * The device registry: device-operator registers, changes, re-keys and retires devices; a signed-in
 * person sees the devices assigned to their user (docs/security.md).
 */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "devices")
public class DeviceResource {

    @Inject
    DeviceRegistryService registry;

    @Inject
    OnlineDevices online;

    @POST
    @RolesAllowed(Roles.DEVICE_OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device; the answer carries its API key, shown this once")
    @APIResponseSchema(value = DeviceView.class, responseCode = "201", responseDescription = "the registered device, with its API key this once")
    public RestResponse<DeviceView> register(@NotNull @Valid RegisterDevice cmd) {
        DeviceRegistryService.Registered registered = registry.register(cmd);
        return RestResponse.status(RestResponse.Status.CREATED, DeviceView.of(registered.device(), false, registered.apiKey()));
    }

    @GET
    @Authenticated
    @Operation(summary = "List devices, filtered by status and by whether they are online; a signed-in person sees their own")
    public Page<DeviceView> list(@QueryParam("status") DeviceStatus status, @QueryParam("online") Boolean online,
                                 @QueryParam("page") @DefaultValue("0") @Min(0) @Max(value = Page.LAST_PAGE, message = Page.PAST_LAST_PAGE) int page,
                                 @QueryParam("size") @DefaultValue("50") @Min(1) @Max(Page.MAX_SIZE) int size) {
        return registry.listReadable(status, online, page, size).map(this::view);
    }

    @GET
    @Path("/{deviceId}")
    @Authenticated
    @Operation(summary = "A device: status, last seen, online, and whether it was auto-provisioned; another person's is 404")
    public DeviceView get(@PathParam("deviceId") String deviceId) {
        return view(registry.readable(deviceId));
    }

    @PATCH
    @Path("/{deviceId}")
    @RolesAllowed(Roles.DEVICE_OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change name, settings, userId, firmware or status (merge-patch: null clears a field)")
    public DeviceView change(@PathParam("deviceId") String deviceId, @NotNull @Valid DevicePatch patch) {
        return view(registry.change(deviceId, patch));
    }

    @POST
    @Path("/{deviceId}/key")
    @RolesAllowed(Roles.DEVICE_OPERATOR)
    @Operation(summary = "Rotate the device's API key; the old key stops working at once")
    public DeviceView rotateKey(@PathParam("deviceId") String deviceId) {
        DeviceRegistryService.Registered rotated = registry.rotateKey(deviceId);
        return DeviceView.of(rotated.device(), online.isOnline(rotated.device()), rotated.apiKey());
    }

    @DELETE
    @Path("/{deviceId}")
    @RolesAllowed(Roles.DEVICE_OPERATOR)
    @Operation(summary = "Retire the device: it may send no more data, and its data is kept")
    public RestResponse<Void> retire(@PathParam("deviceId") String deviceId) {
        registry.retire(deviceId);
        return RestResponse.noContent();
    }

    private DeviceView view(Device device) {
        return DeviceView.of(device, online.isOnline(device));
    }
}
