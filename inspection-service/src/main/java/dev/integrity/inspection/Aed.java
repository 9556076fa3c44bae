package dev.integrity.inspection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An AED (automated external defibrillator), as {@code aedpics.aed_data} holds it. */
@Entity
@Table(name = "aed_data")
public class Aed extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public long id;

    /** Unique ({@code aed_data_equipment_serial_key}); sessions reference the AED by it. */
    @Column(name = "equipment_serial")
    public String equipmentSerial;

    public String location;

    public String model;

    @Column(name = "installed_at")
    public Instant installedAt;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
