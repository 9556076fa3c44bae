package dev.integrity.inspection.repository;

import io.agroal.api.AgroalDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The one way the inspection repositories run a query: bound parameters in, mapped rows out. */
final class Sql {

    private Sql() {
    }

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** What a constraint's refusal means to the caller, as its own exception; null for any other failure. */
    interface Refusal {
        RuntimeException of(SQLException e);
    }

    static <T> List<T> list(AgroalDataSource dataSource, String sql, Binder binder, Mapper<T> mapper) {
        return list(dataSource, sql, binder, mapper, e -> null);
    }

    static <T> List<T> list(AgroalDataSource dataSource, String sql, Binder binder, Mapper<T> mapper, Refusal refusal) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            RuntimeException refused = refusal.of(e);
            throw refused != null ? refused : new InspectionStorageException(e);
        }
    }

    static <T> Optional<T> one(AgroalDataSource dataSource, String sql, Binder binder, Mapper<T> mapper) {
        return one(dataSource, sql, binder, mapper, e -> null);
    }

    static <T> Optional<T> one(AgroalDataSource dataSource, String sql, Binder binder, Mapper<T> mapper, Refusal refusal) {
        return list(dataSource, sql, binder, mapper, refusal).stream().findFirst();
    }

    static long count(AgroalDataSource dataSource, String sql, Binder binder) {
        return one(dataSource, sql, binder, rs -> rs.getLong(1)).orElse(0L);
    }
}
