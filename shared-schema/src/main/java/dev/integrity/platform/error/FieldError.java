package dev.integrity.platform.error;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One entry of a 400 problem's {@code errors} list: which input was wrong, and why. */
@RegisterForReflection
public record FieldError(String field, String message) {
}
