package dev.integrity.device.service;

import dev.integrity.device.DeviceConfig;
import dev.integrity.device.DeviceCredentials;
import dev.integrity.device.DeviceStatus;
import dev.integrity.device.ProvisioningMode;
import dev.integrity.device.repository.DeviceRepository;
import dev.integrity.platform.admin.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may send data, and race-free provisioning of devices never seen before
 * ({@code device.provisioning}):
 * <ul>
 *   <li>{@code open}: an unknown device is created on its first sample; no keys are checked.</li>
 *   <li>{@code token}: an unknown device presents {@code X-Enrollment-Token}; it is created with a
 *       key of its own, returned once. Known devices present {@code X-Device-Key}.</li>
 *   <li>{@code closed}: an unknown device is refused (404); known devices present their key.</li>
 * </ul>
 * Disabled and retired devices are refused (403) in every mode. Creation is
 * {@code INSERT ... ON CONFLICT (device_id) DO NOTHING}: any number of concurrent first requests
 * leave exactly one row, and no request fails with 23503 for want of it.
 */
@ApplicationScoped
public class DeviceAccess {

    @Inject
    DeviceConfig config;

    @Inject
    DeviceRepository devices;

    @Inject
    MeterRegistry metrics;

    /** Why provisioning refuses a device, as {@code device_provisioning_refused_total{reason}} names it. */
    static final List<String> REFUSAL_REASONS = List.of("unknown-device", "not-active", "missing-key", "no-key", "bad-key",
            "enrollment-disabled", "missing-token", "bad-token");

    /** Every series at 0 from the start, so that an alert's increase() is defined before the first. */
    void register(@Observes StartupEvent started) {
        metrics.counter("device.provisioned", "mode", "open");
        metrics.counter("device.provisioned", "mode", "token");
        REFUSAL_REASONS.forEach(reason -> metrics.counter("device.provisioning.refused", "reason", reason));
    }

    /**
     * Admits a device's batch, inside the transaction that stores it, creating the device if it is
     * new. Returns the new API key if this call enrolled the device. Takes no lock on a known
     * device's row: the caller marks it seen after storing the batch, just before commit.
     */
    public Optional<String> admit(String deviceId, DeviceCredentials credentials) {
        Optional<DeviceRepository.Access> known = devices.find(deviceId);
        if (known.isPresent()) {
            checkKnown(deviceId, known.get(), credentials);
            return Optional.empty();
        }
        return switch (config.provisioning()) {
            case CLOSED -> throw refused("unknown-device", DeviceProblems.notRegistered(deviceId));
            case OPEN -> {
                if (devices.insertIfAbsent(deviceId, null)) {
                    metrics.counter("device.provisioned", "mode", "open").increment();
                }
                yield Optional.empty();
            }
            case TOKEN -> {
                checkEnrollmentToken(credentials);
                String key = Secrets.newToken();
                if (devices.insertIfAbsent(deviceId, Secrets.sha256Hex(key))) {
                    metrics.counter("device.provisioned", "mode", "token").increment();
                    yield Optional.of(key);
                }
                // Another request enrolled it a moment ago; this one holds no key of it.
                checkKnown(deviceId, devices.find(deviceId).orElseThrow(), credentials);
                yield Optional.empty();
            }
        };
    }

    /** How one batch of a group fares at admission: admitted, refused (and why), or to be enrolled on its own. */
    public record Admission(RuntimeException refusal, boolean alone) {
        static final Admission ADMITTED = new Admission(null, false);
        static final Admission ALONE = new Admission(null, true);

        public boolean admitted() {
            return refusal == null && !alone;
        }
    }

    /** The admissions of a group, one per batch, and the devices the group's transaction created. */
    public record GroupAdmission(List<Admission> admissions, int created) {
    }

    /**
     * {@link #admit} for a group of batches in one transaction, with one query for the devices and
     * one statement creating the unknown ones (open provisioning). An unknown device in token mode is
     * enrolled on its own ({@link Admission#alone}): its first batch carries its new key. The devices
     * created count once the transaction commits ({@link #provisioned}).
     */
    public GroupAdmission admitAll(List<String> deviceIds, List<DeviceCredentials> credentials) {
        Map<String, DeviceRepository.Access> known = devices.findAll(new HashSet<>(deviceIds));
        List<Admission> admissions = new ArrayList<>(deviceIds.size());
        Set<String> create = new TreeSet<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            String deviceId = deviceIds.get(i);
            DeviceRepository.Access device = known.get(deviceId);
            try {
                if (device != null) {
                    checkKnown(deviceId, device, credentials.get(i));
                    admissions.add(Admission.ADMITTED);
                } else {
                    switch (config.provisioning()) {
                        case CLOSED -> throw refused("unknown-device", DeviceProblems.notRegistered(deviceId));
                        case TOKEN -> admissions.add(Admission.ALONE);
                        case OPEN -> {
                            create.add(deviceId);
                            admissions.add(Admission.ADMITTED);
                        }
                    }
                }
            } catch (RuntimeException refusal) {
                admissions.add(new Admission(refusal, false));
            }
        }
        return new GroupAdmission(admissions, create.isEmpty() ? 0 : devices.insertAllIfAbsent(create).size());
    }

    /** Counts devices a committed group created (open provisioning). */
    public void provisioned(int created) {
        metrics.counter("device.provisioned", "mode", "open").increment(created);
    }

    /**
     * The rules without writing anything, before a batch is read (token and closed provisioning;
     * open provisioning has nothing to check before the batch's own transaction).
     */
    public void precheck(String deviceId, DeviceCredentials credentials) {
        if (config.provisioning() != ProvisioningMode.OPEN) {
            check(deviceId, credentials);
        }
    }

    /** The same rules without writing anything: for the WebSocket handshake. */
    public void check(String deviceId, DeviceCredentials credentials) {
        Optional<DeviceRepository.Access> known = devices.find(deviceId);
        if (known.isPresent()) {
            checkKnown(deviceId, known.get(), credentials);
            return;
        }
        switch (config.provisioning()) {
            case CLOSED -> throw refused("unknown-device", DeviceProblems.notRegistered(deviceId));
            case TOKEN -> checkEnrollmentToken(credentials);
            case OPEN -> {
                // created with its first sample
            }
        }
    }

    private void checkKnown(String deviceId, DeviceRepository.Access device, DeviceCredentials credentials) {
        DeviceStatus status = device.status();
        if (status != DeviceStatus.ACTIVE) {
            throw refused("not-active", DeviceProblems.notActive(deviceId, status));
        }
        if (config.provisioning() == ProvisioningMode.OPEN) {
            return;
        }
        String key = credentials.deviceKey();
        if (key == null || key.isBlank()) {
            String detail = credentials.enrollmentToken() != null
                    ? "device " + deviceId + " is already enrolled; send its key in " + DeviceCredentials.DEVICE_KEY_HEADER
                    : DeviceCredentials.DEVICE_KEY_HEADER + " is required";
            throw refused("missing-key", DeviceProblems.unauthorized(detail));
        }
        if (device.apiKeyHash() == null) {
            throw refused("no-key", DeviceProblems.unauthorized("device " + deviceId
                    + " has no key yet; issue one with POST /api/devices/" + deviceId + "/key"));
        }
        if (!Secrets.constantTimeEquals(Secrets.sha256Hex(key), device.apiKeyHash())) {
            throw refused("bad-key", DeviceProblems.unauthorized("the device key is not valid"));
        }
    }

    private void checkEnrollmentToken(DeviceCredentials credentials) {
        String expected = config.enrollmentToken().filter(t -> !t.isBlank()).orElse(null);
        if (expected == null) {
            throw refused("enrollment-disabled", DeviceProblems.unauthorized(
                    "enrollment is disabled (no device.enrollment-token); register the device with POST /api/devices"));
        }
        String given = credentials.enrollmentToken();
        if (given == null || given.isBlank()) {
            throw refused("missing-token", DeviceProblems.unauthorized("an unknown device must present "
                    + DeviceCredentials.ENROLLMENT_TOKEN_HEADER + " to enroll"));
        }
        if (!Secrets.constantTimeEquals(given, expected)) {
            throw refused("bad-token", DeviceProblems.unauthorized("the enrollment token is not valid"));
        }
    }

    private RuntimeException refused(String reason, RuntimeException problem) {
        metrics.counter("device.provisioning.refused", "reason", reason).increment();
        return problem;
    }
}
