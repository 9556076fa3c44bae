package dev.integrity.device.rest;

import dev.integrity.device.User;
import dev.integrity.device.UserHealthInfo;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;

/** A user as clients see it, with health info when it was set. */
@Schema(example = """
        {"id": 1, "name": "박서연", "email": "seoyeon.park@example.com", "subject": "8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "createdAt": "2025-01-20T08:00:00.000000Z", "health": {"heightCm": 168.5, "weightKg": 61.2, "birthYear": 1958, "sex": "female", "notes": "knee replacement (right), 2023", "updatedAt": "2025-01-21T02:15:09.331907Z"}}""")
public record UserView(long id, String name, @Schema(nullable = true) String email,
                       @Schema(nullable = true, description = "the token subject this user signs in as; null for a user made by a device") String subject,
                       Instant createdAt, @Schema(nullable = true, description = "null until health info is set") Health health) {

    @Schema(example = """
            {"heightCm": 168.5, "weightKg": 61.2, "birthYear": 1958, "sex": "female", "notes": "knee replacement (right), 2023", "updatedAt": "2025-01-21T02:15:09.331907Z"}""")
    public record Health(@Schema(nullable = true) BigDecimal heightCm, @Schema(nullable = true) BigDecimal weightKg,
                         @Schema(nullable = true) Integer birthYear, @Schema(nullable = true) String sex,
                         @Schema(nullable = true) String notes, Instant updatedAt) {
        public static Health of(UserHealthInfo h) {
            return h == null ? null : new Health(h.heightCm, h.weightKg, h.birthYear, h.sex, h.notes, h.updatedAt);
        }
    }

    public static UserView of(User u, UserHealthInfo health) {
        return new UserView(u.userId, u.name, u.email, u.subject, u.createdAt, Health.of(health));
    }
}
