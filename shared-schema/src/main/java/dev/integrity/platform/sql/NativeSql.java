package dev.integrity.platform.sql;

import dev.integrity.platform.error.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one way a repository runs the native SQL Panache cannot express (COPY, writable CTEs,
 * {@code ON CONFLICT}, locks, set-based merges): a named statement, bound parameters in, mapped rows
 * out, on a pooled connection (in the caller's transaction when there is one), and every
 * {@link SQLException} as the one {@link StorageException}, which the error contract maps by its
 * SQLSTATE. A constraint's refusal that means something to the caller becomes its own exception
 * through a {@link Refusal}.
 */
public final class NativeSql {

    private NativeSql() {
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        Binder NONE = ps -> { };

        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** What a refusal by the database means to the caller, as its own exception; null for any other failure. */
    @FunctionalInterface
    public interface Refusal {
        Refusal NONE = e -> null;

        RuntimeException of(SQLException e);
    }

    /** Work that needs the connection itself (COPY, arrays, several statements on one connection). */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    public static <T> List<T> list(DataSource dataSource, String sql, Binder binder, Mapper<T> mapper) {
        return list(dataSource, sql, binder, mapper, Refusal.NONE);
    }

    public static <T> List<T> list(DataSource dataSource, String sql, Binder binder, Mapper<T> mapper, Refusal refusal) {
        return withConnection(dataSource, refusal, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            }
        });
    }

    /** The first row, if any. */
    public static <T> Optional<T> one(DataSource dataSource, String sql, Binder binder, Mapper<T> mapper) {
        return one(dataSource, sql, binder, mapper, Refusal.NONE);
    }

    public static <T> Optional<T> one(DataSource dataSource, String sql, Binder binder, Mapper<T> mapper, Refusal refusal) {
        return withConnection(dataSource, refusal, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The first column of the first row as a long, 0 without a row. */
    public static long count(DataSource dataSource, String sql, Binder binder) {
        return one(dataSource, sql, binder, rs -> rs.getLong(1)).orElse(0L);
    }

    /** An INSERT, UPDATE or DELETE without RETURNING: the rows it changed. */
    public static int update(DataSource dataSource, String sql, Binder binder) {
        return update(dataSource, sql, binder, Refusal.NONE);
    }

    public static int update(DataSource dataSource, String sql, Binder binder, Refusal refusal) {
        return withConnection(dataSource, refusal, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    public static <T> T withConnection(DataSource dataSource, ConnectionWork<T> work) {
        return withConnection(dataSource, Refusal.NONE, work);
    }

    public static <T> T withConnection(DataSource dataSource, Refusal refusal, ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            RuntimeException refused = refusal.of(e);
            throw refused != null ? refused : new StorageException(e);
        }
    }
}
