package dev.integrity.matching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * What a crawled posting and a crawled cover letter have in common: where it was found, what the
 * database derives from it to find duplicates, and its soft-delete and merge marks.
 */
@MappedSuperclass
public abstract class CrawledItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String url;

    public String title;

    public String company;

    @Column(name = "crawled_at")
    public Instant crawledAt;

    @Column(name = "url_normalized", insertable = false, updatable = false)
    public String urlNormalized;

    @Column(insertable = false, updatable = false)
    public String fingerprint;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The survivor this row was merged into by deduplication, if it was. */
    @Column(name = "merged_into")
    public Long mergedInto;
}
