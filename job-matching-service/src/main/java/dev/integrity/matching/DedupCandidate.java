package dev.integrity.matching;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** mlops.dedup_candidates: a similar pair for a person to merge or dismiss. */
@Entity
@Table(name = "dedup_candidates")
public class DedupCandidate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public DedupTarget target;

    @Column(name = "left_id")
    public long leftId;

    @Column(name = "right_id")
    public long rightId;

    public double similarity;

    public CandidateStatus status;

    @Column(name = "proposed_at")
    public Instant proposedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** Who merged or dismissed the pair: a token's subject. */
    @Column(name = "decided_by")
    public String decidedBy;
}
