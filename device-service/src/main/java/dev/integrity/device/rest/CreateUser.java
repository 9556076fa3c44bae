package dev.integrity.device.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/users}. */
public record CreateUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email) {
}
