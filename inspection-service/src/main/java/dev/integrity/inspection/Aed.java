package dev.integrity.inspection;

import java.time.Instant;

/** An AED (automated external defibrillator), as {@code aedpics.aed_data} holds it. */
public record Aed(long id, String equipmentSerial, String location, String model, Instant installedAt, Instant createdAt) {
}
