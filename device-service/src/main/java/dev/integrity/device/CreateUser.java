package dev.integrity.device;

import dev.integrity.platform.rest.Patterns;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/users}. {@code subject} links the user to a signed-in person: the {@code sub} of
 * their tokens, so they may read their own devices' data and their health info.
 */
@Schema(example = """
        {"name": "박서연", "email": "seoyeon.park@example.com", "subject": "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"}""")
public record CreateUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
                         @Size(min = 1, max = 255) @Pattern(regexp = Patterns.NO_CONTROL_CHARACTERS, message = "must not hold control characters") String subject) {
}
