package dev.integrity.device.service;

import dev.integrity.device.Device;
import dev.integrity.device.DevicePatch;
import dev.integrity.device.DeviceStatus;
import dev.integrity.device.RegisterDevice;
import dev.integrity.device.User;
import dev.integrity.platform.admin.Secrets;
import dev.integrity.platform.error.Constraints;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.types.CodedEnum;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The device registry: register, list, change, rotate keys, retire. Samples are never deleted here. */
@ApplicationScoped
public class DeviceRegistryService {

    @Inject
    OnlineDevices online;

    @Inject
    CallerContext callers;

    @Inject
    UserService users;

    /** A device and the API key just made for it (shown once). */
    public record Registered(Device device, String apiKey) {
    }

    @Transactional
    public Registered register(RegisterDevice cmd) {
        ImuIngestService.requireValidId(cmd.deviceId());
        if (Device.findById(cmd.deviceId()) != null) {
            throw DeviceProblems.alreadyRegistered(cmd.deviceId());
        }
        requireUser(cmd.userId());
        String key = Secrets.newToken();
        Device device = new Device();
        device.deviceId = cmd.deviceId();
        device.name = cmd.name();
        device.userId = cmd.userId();
        device.status = DeviceStatus.ACTIVE;
        device.settings = cmd.settings() == null ? Map.of() : cmd.settings();
        device.firmware = cmd.firmware();
        device.apiKeyHash = Secrets.sha256Hex(key);
        // The primary key decides a race between two registrations; both answers are the same 409.
        Constraints.translate(() -> device.persistAndFlush(), Map.of(
                "devices_pkey", () -> DeviceProblems.alreadyRegistered(cmd.deviceId()),
                "devices_user_id_fkey", () -> DeviceProblems.unknownUser(cmd.userId())));
        Device.getEntityManager().refresh(device);
        return new Registered(device, key);
    }

    public Device get(String deviceId) {
        Device device = Device.findById(deviceId);
        if (device == null) {
            throw DeviceProblems.unknownDevice(deviceId);
        }
        return device;
    }

    /**
     * A device the caller may read: any for a device-operator; for a signed-in person, only the
     * devices assigned to their user. Another's device is a 404, as if it did not exist.
     */
    public Device readable(String deviceId) {
        Device device = get(deviceId);
        Caller caller = callers.current();
        if (caller.has(Roles.DEVICE_OPERATOR)) {
            return device;
        }
        Long own = users.linkedUserId(caller).orElse(null);
        if (own == null || !own.equals(device.userId)) {
            throw DeviceProblems.unknownDevice(deviceId);
        }
        return device;
    }

    /** The devices the caller may read, as {@link #readable} decides, filtered and paged. */
    public Page<Device> listReadable(DeviceStatus status, Boolean isOnline, int page, int size) {
        Caller caller = callers.current();
        if (caller.has(Roles.DEVICE_OPERATOR)) {
            return list(status, isOnline, null, page, size);
        }
        return users.linkedUserId(caller)
                .map(own -> list(status, isOnline, own, page, size))
                .orElseGet(() -> new Page<>(List.of(), page, size, 0L));
    }

    private Page<Device> list(DeviceStatus status, Boolean isOnline, Long ownerId, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (ownerId != null) {
            where.add("userId = :owner");
            params.put("owner", ownerId);
        }
        if (status != null) {
            where.add("status = :status");
            params.put("status", status);
        }
        if (isOnline != null) {
            Set<String> here = online.connectedHere();
            String seen = "(lastSeenAt is not null and lastSeenAt > :since)" + (here.isEmpty() ? "" : " or deviceId in :here");
            where.add(isOnline ? "(" + seen + ")" : "not (" + seen + ")");
            params.put("since", online.onlineSince());
            if (!here.isEmpty()) {
                params.put("here", here);
            }
        }
        PanacheQuery<Device> query = Device.find(String.join(" and ", where), Sort.by("deviceId"), params);
        List<Device> items = query.page(page, size).list();
        return new Page<>(items, page, size, query.count());
    }

    @Transactional
    public Device change(String deviceId, DevicePatch patch) {
        Device device = Device.findById(deviceId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (device == null) {
            throw DeviceProblems.unknownDevice(deviceId);
        }
        if (device.status == DeviceStatus.RETIRED) {
            throw DeviceProblems.retired(deviceId);
        }
        if (patch.sent("name")) {
            device.name = patch.name();
        }
        if (patch.sent("settings")) {
            device.settings = patch.settings() == null ? Map.of() : patch.settings();
        }
        if (patch.sent("firmware")) {
            device.firmware = patch.firmware();
        }
        if (patch.sent("userId")) {
            requireUser(patch.userId());
            device.userId = patch.userId();
        }
        if (patch.sent("status")) {
            if (patch.status() == null) {
                throw new dev.integrity.platform.error.BadRequestProblem("status", "must be one of " + CodedEnum.codes(DeviceStatus.class));
            }
            device.status = patch.status();
        }
        Constraints.translate(() -> Device.flush(), Map.of("devices_user_id_fkey", () -> DeviceProblems.unknownUser(patch.userId())));
        return device;
    }

    /** Issues a new key; the old one stops working at once. */
    @Transactional
    public Registered rotateKey(String deviceId) {
        Device device = Device.findById(deviceId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (device == null) {
            throw DeviceProblems.unknownDevice(deviceId);
        }
        if (device.status == DeviceStatus.RETIRED) {
            throw DeviceProblems.retired(deviceId);
        }
        String key = Secrets.newToken();
        device.apiKeyHash = Secrets.sha256Hex(key);
        return new Registered(device, key);
    }

    /** Retires a device: it may send no more data; its samples are kept. Idempotent. */
    @Transactional
    public void retire(String deviceId) {
        Device device = Device.findById(deviceId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (device == null) {
            throw DeviceProblems.unknownDevice(deviceId);
        }
        device.status = DeviceStatus.RETIRED;
    }

    private static void requireUser(Long userId) {
        if (userId != null && User.findById(userId) == null) {
            throw DeviceProblems.unknownUser(userId);
        }
    }
}
