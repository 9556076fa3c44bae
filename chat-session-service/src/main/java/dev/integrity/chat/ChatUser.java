package dev.integrity.chat;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** chatbot.users: whose sessions these are. */
@Entity
@Table(name = "users")
public class ChatUser extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    public String email;

    /** The token subject of the signed-in person this user is; null for a user known only to the chatbot's backend. */
    public String subject;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    public static java.util.Optional<ChatUser> findBySubject(String subject) {
        return find("subject", subject).firstResultOptional();
    }
}
