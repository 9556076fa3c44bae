package dev.integrity.device;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code PATCH /api/devices/{id}}, with JSON merge-patch meaning: a field left out is unchanged,
 * a field set to null is cleared (so name, settings, userId and firmware are nullable in the API
 * document). The patch remembers which fields were sent.
 */
@Schema(example = """
        {"name": "right ankle", "firmware": "1.5.0", "settings": null}""")
public final class DevicePatch {

    private final Set<String> sent = new HashSet<>();

    @Schema(nullable = true)
    @Size(max = 200)
    private String name;

    @Schema(nullable = true)
    @Size(max = 100)
    private Map<String, Object> settings;

    @Schema(nullable = true)
    @Positive
    private Long userId;

    private DeviceStatus status;

    @Schema(nullable = true)
    @Size(max = 100)
    private String firmware;

    public void setName(String value) {
        name = value;
        sent.add("name");
    }

    public void setSettings(Map<String, Object> value) {
        settings = value;
        sent.add("settings");
    }

    public void setUserId(Long value) {
        userId = value;
        sent.add("userId");
    }

    public void setStatus(DeviceStatus value) {
        status = value;
        sent.add("status");
    }

    public void setFirmware(String value) {
        firmware = value;
        sent.add("firmware");
    }

    public boolean sent(String field) {
        return sent.contains(field);
    }

    public String name() {
        return name;
    }

    public Map<String, Object> settings() {
        return settings;
    }

    public Long userId() {
        return userId;
    }

    public DeviceStatus status() {
        return status;
    }

    public String firmware() {
        return firmware;
    }
}
