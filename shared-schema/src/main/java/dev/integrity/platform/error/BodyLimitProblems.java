package dev.integrity.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} is refused before it is
 * read, by Vert.x, with a bare 413. This route runs just before that check and gives the same
 * refusal in the contract's shape: 413 problem+json, and the connection closed (the client may
 * still be sending the body).
 */
@ApplicationScoped
public class BodyLimitProblems {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(-3).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            long length;
            try {
                length = declared == null ? -1 : Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1; // Vert.x refuses a malformed Content-Length itself
            }
            if (length <= limit) {
                ctx.next();
                return;
            }
            Problem problem = new PayloadTooLargeProblem("the body is larger than the limit of " + limit + " bytes")
                    .toProblem().withInstance(ctx.request().path());
            String body;
            try {
                body = json.writeValueAsString(problem);
            } catch (JsonProcessingException e) {
                body = "{\"status\":413,\"title\":\"Payload Too Large\"}";
            }
            ctx.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json")
                    .putHeader("Connection", "close").end(body);
        });
    }
}
