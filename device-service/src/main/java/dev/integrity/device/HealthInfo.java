package dev.integrity.device;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** {@code PUT /api/users/{id}/health}: replaces a user's health info. */
@Schema(example = """
        {"heightCm": 168.5, "weightKg": 61.2, "birthYear": 1958, "sex": "female", "notes": "knee replacement (right), 2023"}""")
public record HealthInfo(
        @DecimalMin("30") @DecimalMax("300") @Digits(integer = 3, fraction = 1) BigDecimal heightCm,
        @DecimalMin("1") @DecimalMax("500") @Digits(integer = 3, fraction = 1) BigDecimal weightKg,
        @Min(1900) @Max(2200) Integer birthYear,
        @Pattern(regexp = "female|male|other|unknown", message = "must be one of female, male, other, unknown") String sex,
        @Size(max = 4000) String notes) {
}
