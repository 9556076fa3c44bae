package dev.integrity.device.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.integrity.device.Device;
import dev.integrity.device.DeviceStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/**
 * A device as clients see it. {@code apiKey} appears only in the answers that create a key
 * (registration, rotation); it is stored nowhere but as a hash.
 */
@Schema(example = """
        {"id": "raspberry_pi_07", "deviceId": "raspberry_pi_07", "name": "left ankle", "userId": 1, "status": "active", "settings": {"sampleRateHz": 100}, "firmware": "1.4.2", "createdAt": "2025-01-27T00:30:00.418220Z", "lastSeenAt": "2025-01-27T00:41:12.090114Z", "online": true, "autoProvisioned": false}""")
public record DeviceView(String id, String deviceId, @Schema(nullable = true) String name, @Schema(nullable = true) Long userId,
                         DeviceStatus status, @Schema(nullable = true) Map<String, Object> settings,
                         @Schema(nullable = true) String firmware, Instant createdAt,
                         @Schema(nullable = true, description = "when its last batch was stored; null until one is") Instant lastSeenAt,
                         boolean online, boolean autoProvisioned, @JsonInclude(JsonInclude.Include.NON_NULL) String apiKey) {

    public static DeviceView of(Device d, boolean online) {
        return of(d, online, null);
    }

    public static DeviceView of(Device d, boolean online, String apiKey) {
        return new DeviceView(d.deviceId, d.deviceId, d.name, d.userId, d.status, d.settings, d.firmware, d.createdAt,
                d.lastSeenAt, online, d.autoProvisioned, apiKey);
    }
}
