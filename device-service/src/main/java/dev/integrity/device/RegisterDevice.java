package dev.integrity.device;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** {@code POST /api/devices}: registers a device ahead of its first sample. */
@Schema(example = """
        {"deviceId": "raspberry_pi_07", "name": "left ankle", "userId": 1, "settings": {"sampleRateHz": 100}, "firmware": "1.4.2"}""")
public record RegisterDevice(
        @NotNull @Pattern(regexp = Device.ID_PATTERN, message = "must be 1-64 letters, digits or . _ : - and start with a letter or digit")
        String deviceId,
        @Size(max = 200) String name,
        @Positive Long userId,
        @Size(max = 100) Map<String, Object> settings,
        @Size(max = 100) String firmware) {
}
