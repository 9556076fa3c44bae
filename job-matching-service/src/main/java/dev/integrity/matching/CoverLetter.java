package dev.integrity.matching;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** mlops.cover_letter_samples: a crawled cover letter. Normalised URL and fingerprint are derived by the database. */
@Entity
@Table(name = "cover_letter_samples")
public class CoverLetter extends CrawledItem {

    public String position;

    public String content;
}
