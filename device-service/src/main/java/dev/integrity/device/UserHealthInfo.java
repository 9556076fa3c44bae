package dev.integrity.device;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** What a user's gait figures are read against. One row per user. */
@Entity
@Table(name = "user_health_info")
public class UserHealthInfo extends PanacheEntityBase {

    @Id
    @Column(name = "user_id")
    public Long userId;

    @Column(name = "height_cm")
    public BigDecimal heightCm;

    @Column(name = "weight_kg")
    public BigDecimal weightKg;

    @Column(name = "birth_year")
    public Integer birthYear;

    public String sex;

    public String notes;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
