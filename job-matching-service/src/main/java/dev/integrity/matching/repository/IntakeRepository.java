package dev.integrity.matching.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Crawler intake: a whole request is one INSERT ... SELECT FROM unnest(...), one round trip and
 * one transaction however many rows. Identity values are drawn in row order, so the ids sorted
 * ascending are the ids of the input in its order.
 */
@ApplicationScoped
public class IntakeRepository {

    private static final String INSERT_POSTINGS = """
            INSERT INTO mlops.job_postings (url, title, company, description, location, posted_at, crawled_at)
            SELECT u, t, c, d, l, p, coalesce(cr, now())
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                   WITH ORDINALITY AS x (u, t, c, d, l, p, cr, ord)
             ORDER BY ord
            RETURNING id""";
    private static final String INSERT_COVER_LETTERS = """
            INSERT INTO mlops.cover_letter_samples (url, title, company, position, content, crawled_at)
            SELECT u, t, c, p, ct, coalesce(cr, now())
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
                   WITH ORDINALITY AS x (u, t, c, p, ct, cr, ord)
             ORDER BY ord
            RETURNING id""";

    @Inject
    AgroalDataSource dataSource;

    public record PostingRow(String url, String title, String company, String description, String location,
                             OffsetDateTime postedAt, OffsetDateTime crawledAt) {
    }

    public record CoverLetterRow(String url, String title, String company, String position, String content,
                                 OffsetDateTime crawledAt) {
    }

    public List<Long> insertPostings(List<PostingRow> rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_POSTINGS)) {
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(PostingRow::url).toArray()));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(PostingRow::title).toArray()));
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(PostingRow::company).toArray()));
            ps.setArray(4, c.createArrayOf("text", rows.stream().map(PostingRow::description).toArray()));
            ps.setArray(5, c.createArrayOf("text", rows.stream().map(PostingRow::location).toArray()));
            ps.setArray(6, c.createArrayOf("timestamptz", rows.stream().map(PostingRow::postedAt).toArray()));
            ps.setArray(7, c.createArrayOf("timestamptz", rows.stream().map(PostingRow::crawledAt).toArray()));
            return ids(ps);
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    public List<Long> insertCoverLetters(List<CoverLetterRow> rows) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_COVER_LETTERS)) {
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(CoverLetterRow::url).toArray()));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(CoverLetterRow::title).toArray()));
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(CoverLetterRow::company).toArray()));
            ps.setArray(4, c.createArrayOf("text", rows.stream().map(CoverLetterRow::position).toArray()));
            ps.setArray(5, c.createArrayOf("text", rows.stream().map(CoverLetterRow::content).toArray()));
            ps.setArray(6, c.createArrayOf("timestamptz", rows.stream().map(CoverLetterRow::crawledAt).toArray()));
            return ids(ps);
        } catch (SQLException e) {
            throw new MatchingStorageException(e);
        }
    }

    private static List<Long> ids(PreparedStatement ps) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        ids.sort(null);
        return ids;
    }
}
