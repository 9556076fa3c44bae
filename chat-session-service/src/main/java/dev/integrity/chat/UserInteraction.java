package dev.integrity.chat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** ml_features.user_interactions: what the user did in a session. */
@Entity
@Table(schema = "ml_features", name = "user_interactions")
public class UserInteraction extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "interaction_type")
    public String interactionType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "interaction_data")
    public Map<String, Object> interactionData;

    @Column(name = "created_at")
    public Instant createdAt;
}
