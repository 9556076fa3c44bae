package dev.integrity.chat.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The sessions' lifecycle on {@code /q/metrics} (docs/chat-session-service.md, "Metrics"):
 * <ul>
 *   <li>{@code chat_sessions_started_total};</li>
 *   <li>{@code chat_sessions_ended_total{by}}: by the {@code user} (or the chatbot acting for them)
 *       or for {@code inactivity} (the inactive-sessions job);</li>
 *   <li>{@code chat_sessions_deleted_total{by}}: by the {@code user} or by {@code retention}; each
 *       took its conversations, interactions, recommendations and feedback with it by cascade
 *       (seed 001's ON DELETE CASCADE), so this is the count of cascaded deletes.</li>
 * </ul>
 */
@ApplicationScoped
@Startup // its series exist from the start, at 0
public class SessionMetrics {

    private final Counter started;
    private final Counter endedByUser;
    private final Counter endedForInactivity;
    private final Counter deletedByUser;
    private final Counter deletedByRetention;

    @Inject
    public SessionMetrics(MeterRegistry registry) {
        started = Counter.builder("chat.sessions.started").description("Chat sessions started").register(registry);
        endedByUser = ended(registry, "user");
        endedForInactivity = ended(registry, "inactivity");
        deletedByUser = deleted(registry, "user");
        deletedByRetention = deleted(registry, "retention");
    }

    private static Counter ended(MeterRegistry registry, String by) {
        return Counter.builder("chat.sessions.ended").description("Chat sessions ended, by the user or for inactivity")
                .tag("by", by).register(registry);
    }

    private static Counter deleted(MeterRegistry registry, String by) {
        return Counter.builder("chat.sessions.deleted")
                .description("Chat sessions deleted, each with its conversations, interactions, recommendations and feedback by cascade")
                .tag("by", by).register(registry);
    }

    void started() {
        started.increment();
    }

    void endedByUser() {
        endedByUser.increment();
    }

    void endedForInactivity(int sessions) {
        endedForInactivity.increment(sessions);
    }

    void deletedByUser() {
        deletedByUser.increment();
    }

    void deletedByRetention(long sessions) {
        deletedByRetention.increment(sessions);
    }
}
