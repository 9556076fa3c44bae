package dev.integrity.platform.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** What tests ask the database most: a count (or any single number or text), with bound parameters. */
public final class Counts {

    private Counts() {
    }

    /** The first column of the first row of {@code sql}; the parameters bind in order. */
    public static long of(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return of(c, sql, parameters);
        }
    }

    /**
     * The same on a connection of the test's own, such as {@link PlatformTestResource#owner()}, which
     * row-level security does not bind: a test counts every user's rows.
     */
    public static long of(Connection c, String sql, Object... parameters) throws SQLException {
        return first(c, sql, parameters, rs -> rs.getLong(1));
    }

    /** The first column of the first row of {@code sql} as text (null for SQL NULL). */
    public static String text(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return first(c, sql, parameters, rs -> rs.getString(1));
        }
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T first(Connection c, String sql, Object[] parameters, Column<T> column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no row from: " + sql);
                }
                return column.read(rs);
            }
        }
    }
}
