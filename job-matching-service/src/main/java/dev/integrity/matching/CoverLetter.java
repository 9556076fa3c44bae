package dev.integrity.matching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** mlops.cover_letter_samples: a crawled cover letter. Normalised URL and fingerprint are derived by the database. */
@Entity
@Table(name = "cover_letter_samples")
public class CoverLetter extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String url;

    public String title;

    public String company;

    public String position;

    public String content;

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
