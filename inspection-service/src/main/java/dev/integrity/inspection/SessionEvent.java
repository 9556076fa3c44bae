package dev.integrity.inspection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One move of an inspection session, as {@code aedpics.inspection_session_events} records it: from
 * which state to which, why, and who made it ({@code actor}, a token's subject or {@code job:<name>}).
 * The statement that moves a session writes its event, so the two are never apart.
 */
@Entity
@Table(name = "inspection_session_events")
public class SessionEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "session_id")
    public InspectionSession session;

    /** Null for the first move, the start. */
    @Column(name = "from_status")
    public SessionStatus fromStatus;

    @Column(name = "to_status")
    public SessionStatus toStatus;

    public String reason;

    public String actor;

    @Column(insertable = false, updatable = false)
    public Instant at;
}
