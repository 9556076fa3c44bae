package dev.integrity.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A person whose gait is measured. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "user_id")
    public Long userId;

    public String name;

    public String email;

    /** The token subject of the signed-in person this user is; null for a user who never signs in. */
    public String subject;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static java.util.Optional<User> findBySubject(String subject) {
        return find("subject", subject).firstResultOptional();
    }
}
