package dev.integrity.matching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** mlops.user_interactions: what a user did with a recommendation; goes with it when it goes (ON DELETE CASCADE). */
@Entity
@Table(name = "user_interactions")
public class UserInteraction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id")
    public long userId;

    @Column(name = "recommendation_id")
    public long recommendationId;

    public InteractionAction action;

    @Column(name = "created_at")
    public Instant createdAt;

    /** A recommendation's interactions, oldest first. */
    public static List<UserInteraction> of(long recommendationId) {
        return list("recommendationId = ?1 ORDER BY id", recommendationId);
    }
}
