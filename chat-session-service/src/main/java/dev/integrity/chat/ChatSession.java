package dev.integrity.chat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** chatbot.session_master: the one row every session-scoped row references, and cascades from. */
@Entity
@Table(name = "session_master")
public class ChatSession extends PanacheEntityBase {

    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "user_id")
    public Long userId;

    @Column(name = "session_start")
    public Instant sessionStart;

    @Column(name = "session_end")
    public Instant sessionEnd;

    @Column(name = "is_active")
    public boolean active;

    @Column(name = "session_type")
    public SessionType sessionType;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "session_metadata")
    public Map<String, Object> sessionMetadata;

    @Column(name = "ip_address")
    @ColumnTransformer(read = "host(ip_address)", write = "cast(? as inet)")
    public String ipAddress;

    @Column(name = "user_agent")
    public String userAgent;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "first_conversation_at")
    public Instant firstConversationAt;

    @Column(name = "last_conversation_at")
    public Instant lastConversationAt;
}
