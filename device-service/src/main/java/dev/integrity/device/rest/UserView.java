package dev.integrity.device.rest;

import dev.integrity.device.User;
import dev.integrity.device.UserHealthInfo;

import java.math.BigDecimal;
import java.time.Instant;

/** A user as clients see it, with health info when it was set. */
public record UserView(long id, String name, String email, String subject, Instant createdAt, Health health) {

    public record Health(BigDecimal heightCm, BigDecimal weightKg, Integer birthYear, String sex, String notes, Instant updatedAt) {
        public static Health of(UserHealthInfo h) {
            return h == null ? null : new Health(h.heightCm, h.weightKg, h.birthYear, h.sex, h.notes, h.updatedAt);
        }
    }

    public static UserView of(User u, UserHealthInfo health) {
        return new UserView(u.userId, u.name, u.email, u.subject, u.createdAt, Health.of(health));
    }
}
