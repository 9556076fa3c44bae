package dev.integrity.chat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** analytics.user_feedback: ratings and comments given in a session. */
@Entity
@Table(schema = "analytics", name = "user_feedback")
public class UserFeedback extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "feedback_type")
    public String feedbackType;

    @Column(name = "feedback_target_type")
    public String feedbackTargetType;

    @Column(name = "feedback_target_id")
    public String feedbackTargetId;

    public Short rating;

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;
}
