package dev.integrity.inspection.repository;

import dev.integrity.inspection.Aed;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code aedpics.aed_data}. */
@ApplicationScoped
public class AedRepository {

    private static final String COLUMNS = "id, equipment_serial, location, model, installed_at, created_at";
    private static final String INSERT =
            "INSERT INTO aedpics.aed_data (equipment_serial, location, model, installed_at) VALUES (?, ?, ?, ?) RETURNING " + COLUMNS;

    /** Thrown when the serial is taken; carries the id of the AED that has it. */
    public static final class SerialTaken extends RuntimeException {
        public final Long existingId;

        SerialTaken(Long existingId) {
            super(null, null, false, false);
            this.existingId = existingId;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** Inserts an AED; the unique constraint on equipment_serial decides a duplicate. */
    public Aed insert(String serial, String location, String model, Instant installedAt) {
        return NativeSql.one(dataSource, INSERT, ps -> {
            ps.setString(1, serial);
            JdbcValues.setText(ps, 2, location);
            JdbcValues.setText(ps, 3, model);
            JdbcValues.setInstant(ps, 4, installedAt);
        }, AedRepository::map, e -> SqlStates.isConstraint(e, SqlStates.UNIQUE_VIOLATION, "aed_data_equipment_serial_key")
                ? new SerialTaken(findBySerial(serial).map(Aed::id).orElse(null)) : null).orElseThrow();
    }

    public Optional<Aed> findById(long id) {
        return NativeSql.one(dataSource, "SELECT " + COLUMNS + " FROM aedpics.aed_data WHERE id = ?", ps -> ps.setLong(1, id), AedRepository::map);
    }

    public Optional<Aed> findBySerial(String serial) {
        return NativeSql.one(dataSource, "SELECT " + COLUMNS + " FROM aedpics.aed_data WHERE equipment_serial = ?",
                ps -> ps.setString(1, serial), AedRepository::map);
    }

    /** A page of AEDs by id, optionally only the one with this serial. */
    public List<Aed> list(String serial, int page, int size) {
        return NativeSql.list(dataSource, "SELECT " + COLUMNS + " FROM aedpics.aed_data WHERE (?::text IS NULL OR equipment_serial = ?) "
                + "ORDER BY id LIMIT ? OFFSET ?", ps -> {
                    JdbcValues.setText(ps, 1, serial);
                    JdbcValues.setText(ps, 2, serial);
                    ps.setInt(3, size);
                    ps.setLong(4, (long) page * size);
                }, AedRepository::map);
    }

    public long count(String serial) {
        return NativeSql.count(dataSource, "SELECT count(*) FROM aedpics.aed_data WHERE (?::text IS NULL OR equipment_serial = ?)", ps -> {
            JdbcValues.setText(ps, 1, serial);
            JdbcValues.setText(ps, 2, serial);
        });
    }

    private static Aed map(ResultSet rs) throws SQLException {
        return new Aed(rs.getLong("id"), rs.getString("equipment_serial"), rs.getString("location"), rs.getString("model"),
                JdbcValues.instant(rs, "installed_at"), JdbcValues.instant(rs, "created_at"));
    }
}
