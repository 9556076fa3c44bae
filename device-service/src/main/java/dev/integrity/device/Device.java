package dev.integrity.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;

/** A gait sensor, keyed by its own id (for example {@code raspberry_pi_01}). */
@Entity
@Table(name = "devices")
public class Device extends PanacheEntityBase {

    /** The id a device may have: what the {@code devices.device_id} check constraint allows. */
    public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "user_id")
    public Long userId;

    public String name;

    public DeviceStatus status;

    /** SHA-256 of the device's API key. The key itself is never stored. */
    @Column(name = "api_key_hash")
    public String apiKeyHash;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> settings;

    public String firmware;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "auto_provisioned")
    public boolean autoProvisioned;
}
