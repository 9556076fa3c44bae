package dev.integrity.device.service;

import dev.integrity.device.HealthInfo;
import dev.integrity.device.User;
import dev.integrity.device.UserHealthInfo;
import dev.integrity.device.repository.UserRepository;
import dev.integrity.platform.error.Constraints;
import dev.integrity.platform.security.Caller;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.Map;
import java.util.Optional;

/**
 * The people whose gait is measured, and their health info. A device-operator manages every user; a
 * signed-in person is linked to their own user by their token's subject, provisioned on their first
 * request, and sees and changes only that one (another user is a 404, as if it did not exist).
 * Row-level security holds the service's app role to the same rule.
 */
@ApplicationScoped
public class UserService {

    @Inject
    CallerContext callers;

    @Inject
    UserRepository repository;

    @Transactional
    public User create(String name, String email, String subject) {
        String address = email == null || email.isBlank() ? null : email.strip();
        if (address != null && User.count("lower(email) = lower(?1)", address) > 0) {
            throw DeviceProblems.emailTaken(address);
        }
        if (subject != null && User.findBySubject(subject).isPresent()) {
            throw DeviceProblems.subjectTaken(subject);
        }
        User user = new User();
        user.name = name.strip();
        user.email = address;
        user.subject = subject;
        Constraints.translate(() -> user.persistAndFlush(), Map.of(
                "users_email_key", () -> DeviceProblems.emailTaken(address),
                "users_subject_key", () -> DeviceProblems.subjectTaken(subject)));
        User.getEntityManager().refresh(user);
        return user;
    }

    /** The caller's own user, made on their first request: concurrent first requests leave one row. */
    public User me() {
        Caller caller = callers.current();
        return User.findBySubject(caller.subject())
                .orElseGet(() -> User.findById(repository.linkOrProvision(caller.subject(), caller.displayName())));
    }

    /** The caller's own user id, if they have one; nothing is provisioned. */
    public Optional<Long> linkedUserId(Caller caller) {
        return caller.isAnonymous() ? Optional.empty() : User.findBySubject(caller.subject()).map(u -> u.userId);
    }

    /** A user the caller may see: any for a device-operator, else only their own. */
    public User get(long userId) {
        User user = User.findById(userId);
        if (user == null || !mayAccess(callers.current(), user)) {
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
        User user = User.<User>findByIdOptional(userId, LockModeType.PESSIMISTIC_WRITE)
                .filter(u -> mayAccess(callers.current(), u))
                .orElseThrow(() -> DeviceProblems.unknownUser(userId));
        UserHealthInfo health = UserHealthInfo.findById(user.userId);
        if (health == null) {
            health = new UserHealthInfo();
            health.userId = userId;
        }
        health.heightCm = info.heightCm();
        health.weightKg = info.weightKg();
        health.birthYear = info.birthYear();
        health.sex = info.sex();
        health.notes = info.notes();
        health.updatedAt = Timestamps.now();
        health.persist();
        return health;
    }

    private static boolean mayAccess(Caller caller, User user) {
        return caller.has(Roles.DEVICE_OPERATOR) || (!caller.isAnonymous() && caller.subject().equals(user.subject));
    }
}
