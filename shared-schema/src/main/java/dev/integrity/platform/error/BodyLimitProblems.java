package dev.integrity.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code quarkus.http.limits.max-body-size}, answered in the contract's shape. A body declared larger
 * than the limit is refused before it is read; a chunked body (no Content-Length) is read by Vert.x's
 * {@link BodyHandler} up to the limit and refused once it passes it. Either way the answer is a 413
 * problem+json and the connection is closed (the client may still be sending). Without this, Vert.x
 * and Quarkus REST would each answer a bare 413, and a body bound to a class would surface as a 400.
 */
@ApplicationScoped
public class BodyLimitProblems {

    private static final Logger LOG = Logger.getLogger(BodyLimitProblems.class);

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(limit);
        router.route().order(-3).handler(ctx -> {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared == null) {
                if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                    chunked.handle(ctx);   // buffers up to the limit; Quarkus REST reads the buffered body
                } else {
                    ctx.next();
                }
                return;
            }
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1; // Vert.x refuses a malformed Content-Length itself
            }
            if (length <= limit) {
                ctx.next();
            } else {
                refuse(ctx, limit);
            }
        }).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                refuse(ctx, limit);
            } else if (ProblemMappers.clientClosed(ctx.failure())) {
                // The client went away while its chunked body was being read: no one to answer, nothing stored.
                LOG.debugf("the client of %s closed the connection before its request was read", LogValues.escaped(ctx.request().path()));
            } else {
                ctx.next();
            }
        });
    }

    private void refuse(RoutingContext ctx, long limit) {
        Problem problem = new PayloadTooLargeProblem("the body is larger than the limit of " + limit + " bytes")
                .toProblem().withInstance(LogValues.escaped(ctx.request().path()));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413,\"title\":\"Payload Too Large\"}";
        }
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
