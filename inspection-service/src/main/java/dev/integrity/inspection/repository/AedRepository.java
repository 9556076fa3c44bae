package dev.integrity.inspection.repository;

import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;

/** The {@code aedpics.aed_data} insert, native so that the unique serial decides a race without raising. */
@ApplicationScoped
public class AedRepository {

    // A lost race inserts nothing and does not abort the transaction, so the winner can be read and named.
    private static final String INSERT = """
            INSERT INTO aedpics.aed_data (equipment_serial, location, model, installed_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (equipment_serial) DO NOTHING
            RETURNING id""";

    @Inject
    AgroalDataSource dataSource;

    /** Inserts an AED; the new id, or empty when an AED has that serial already. */
    public Optional<Long> insertIfAbsent(String serial, String location, String model, Instant installedAt) {
        return NativeSql.one(dataSource, INSERT, ps -> {
            ps.setString(1, serial);
            JdbcValues.setText(ps, 2, location);
            JdbcValues.setText(ps, 3, model);
            JdbcValues.setInstant(ps, 4, installedAt);
        }, rs -> rs.getLong(1));
    }
}
