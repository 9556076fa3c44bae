package dev.integrity.device;

import dev.integrity.platform.rest.Patterns;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/users}. {@code subject} links the user to a signed-in person: the {@code sub} of
 * their tokens, so they may read their own devices' data and their health info.
 */
public record CreateUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
                         @Size(min = 1, max = 255) @Pattern(regexp = Patterns.NO_CONTROL_CHARACTERS, message = "must not hold control characters") String subject) {
}
