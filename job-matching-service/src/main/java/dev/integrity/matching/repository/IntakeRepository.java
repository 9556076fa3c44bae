package dev.integrity.matching.repository;

import dev.integrity.matching.NewCoverLetter;
import dev.integrity.matching.NewPosting;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
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

    public List<Long> insertPostings(List<NewPosting> rows) {
        return ids(NativeSql.list(dataSource, INSERT_POSTINGS, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(NewPosting::url).toArray()));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(NewPosting::title).toArray()));
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(NewPosting::company).toArray()));
            ps.setArray(4, c.createArrayOf("text", rows.stream().map(NewPosting::description).toArray()));
            ps.setArray(5, c.createArrayOf("text", rows.stream().map(NewPosting::location).toArray()));
            ps.setArray(6, c.createArrayOf("timestamptz", rows.stream().map(NewPosting::postedAt).toArray()));
            ps.setArray(7, c.createArrayOf("timestamptz", rows.stream().map(NewPosting::crawledAt).toArray()));
        }, rs -> rs.getLong(1)));
    }

    public List<Long> insertCoverLetters(List<NewCoverLetter> rows) {
        return ids(NativeSql.list(dataSource, INSERT_COVER_LETTERS, ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, c.createArrayOf("text", rows.stream().map(NewCoverLetter::url).toArray()));
            ps.setArray(2, c.createArrayOf("text", rows.stream().map(NewCoverLetter::title).toArray()));
            ps.setArray(3, c.createArrayOf("text", rows.stream().map(NewCoverLetter::company).toArray()));
            ps.setArray(4, c.createArrayOf("text", rows.stream().map(NewCoverLetter::position).toArray()));
            ps.setArray(5, c.createArrayOf("text", rows.stream().map(NewCoverLetter::content).toArray()));
            ps.setArray(6, c.createArrayOf("timestamptz", rows.stream().map(NewCoverLetter::crawledAt).toArray()));
        }, rs -> rs.getLong(1)));
    }

    /** The new rows' ids, in order: the order of the items sent. */
    private static List<Long> ids(List<Long> returned) {
        List<Long> ids = new ArrayList<>(returned);
        ids.sort(null);
        return ids;
    }
}
