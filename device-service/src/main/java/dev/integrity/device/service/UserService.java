package dev.integrity.device.service;

import dev.integrity.device.User;
import dev.integrity.device.UserHealthInfo;
import dev.integrity.device.rest.CreateUser;
import dev.integrity.device.rest.HealthInfo;
import dev.integrity.platform.error.Constraints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;

/** The people whose gait is measured, and their health info. */
@ApplicationScoped
public class UserService {

    @Transactional
    public User create(CreateUser cmd) {
        String email = cmd.email() == null || cmd.email().isBlank() ? null : cmd.email().strip();
        if (email != null && User.count("lower(email) = lower(?1)", email) > 0) {
            throw DeviceProblems.emailTaken(email);
        }
        User user = new User();
        user.name = cmd.name().strip();
        user.email = email;
        Constraints.translate(() -> user.persistAndFlush(), Map.of("users_email_key", () -> DeviceProblems.emailTaken(email)));
        User.getEntityManager().refresh(user);
        return user;
    }

    public User get(long userId) {
        User user = User.findById(userId);
        if (user == null) {
            throw DeviceProblems.unknownUser(userId);
        }
        return user;
    }

    public UserHealthInfo health(long userId) {
        return UserHealthInfo.findById(userId);
    }

    /** Replaces the user's health info, creating it the first time. */
    @Transactional
    public UserHealthInfo putHealth(long userId, HealthInfo info) {
        User.findByIdOptional(userId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> DeviceProblems.unknownUser(userId));
        UserHealthInfo health = UserHealthInfo.findById(userId);
        if (health == null) {
            health = new UserHealthInfo();
            health.userId = userId;
        }
        health.heightCm = info.heightCm();
        health.weightKg = info.weightKg();
        health.birthYear = info.birthYear();
        health.sex = info.sex();
        health.notes = info.notes();
        health.updatedAt = Instant.now();
        health.persist();
        return health;
    }
}
