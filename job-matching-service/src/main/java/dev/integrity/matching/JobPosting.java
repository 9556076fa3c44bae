package dev.integrity.matching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** mlops.job_postings: a crawled job posting. Normalised URL and fingerprint are derived by the database. */
@Entity
@Table(name = "job_postings")
public class JobPosting extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String url;

    public String title;

    public String company;

    public String description;

    public String location;

    @Column(name = "posted_at")
    public Instant postedAt;

    @Column(name = "crawled_at")
    public Instant crawledAt;

    @Column(name = "url_normalized", insertable = false, updatable = false)
    public String urlNormalized;

    @Column(insertable = false, updatable = false)
    public String fingerprint;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Column(name = "merged_into")
    public Long mergedInto;
}
