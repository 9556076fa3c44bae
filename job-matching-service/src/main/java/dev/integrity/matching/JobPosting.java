package dev.integrity.matching;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/** mlops.job_postings: a crawled job posting. Normalised URL and fingerprint are derived by the database. */
@Entity
@Table(name = "job_postings")
public class JobPosting extends CrawledItem {

    public String description;

    public String location;

    @Column(name = "posted_at")
    public Instant postedAt;
}
