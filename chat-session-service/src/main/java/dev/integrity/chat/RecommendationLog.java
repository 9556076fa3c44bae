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
import java.util.List;
import java.util.UUID;

/** analytics.recommendations_log: shops recommended in a session. */
@Entity
@Table(schema = "analytics", name = "recommendations_log")
public class RecommendationLog extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "shop_id")
    public Long shopId;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<Object> recommendations;

    /** Derived from {@link #recommendations}; a CHECK constraint holds the two together. */
    @Column(name = "recommendation_count")
    public int recommendationCount;

    @Column(name = "created_at")
    public Instant createdAt;
}
