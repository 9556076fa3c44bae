package dev.integrity.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.core.http.HttpClosedException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one error contract of all four services (DESIGN.md, "Errors"). Every failure that reaches
 * JAX-RS leaves as {@code application/problem+json}; SQLSTATEs map to statuses; no answer ever
 * carries SQL text, a class name or a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    DatabaseErrors databaseErrors;

    /** Seconds a client should wait before retrying after a 503. */
    static final String RETRY_AFTER_SECONDS = "2";

    static final String BEARER_CHALLENGE = "Bearer";
    static final String INVALID_TOKEN_CHALLENGE = "Bearer error=\"invalid_token\"";

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
        RestResponse.ResponseBuilder<Problem> answer = respond(e.toProblem(), uri);
        e.headers().forEach(answer::header);
        return answer.build();
    }

    /*
     * Access (docs/security.md). No credentials: 401 with the Bearer challenge. A token that fails
     * verification (malformed, expired, wrongly signed or issued, no subject): 401 invalid_token.
     * A caller without the role: 403. None of them says more, and none logs the token.
     */

    @ServerExceptionMapper
    public RestResponse<Problem> unauthenticated(io.quarkus.security.UnauthorizedException e, UriInfo uri) {
        return problem(new UnauthorizedProblem(BEARER_CHALLENGE, "a bearer token is required"), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidToken(io.quarkus.security.AuthenticationFailedException e, UriInfo uri) {
        LOG.debugf("a bearer token was refused on %s", LogValues.escaped(uri.getPath()));
        return problem(new UnauthorizedProblem(INVALID_TOKEN_CHALLENGE,
                "the bearer token is not valid: malformed, expired, signed by another key or issued by another issuer"), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> authenticationIncomplete(io.quarkus.security.AuthenticationCompletionException e, UriInfo uri) {
        return invalidToken(new io.quarkus.security.AuthenticationFailedException(), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return problem(new ForbiddenProblem("the caller's roles do not allow this operation"), uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return respond(new BadRequestProblem(detail, errors).toProblem(), uri).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> json(JsonProcessingException e, UriInfo uri) {
        if (e instanceof com.fasterxml.jackson.core.JsonGenerationException
                || e.getProcessor() instanceof com.fasterxml.jackson.core.JsonGenerator) {
            return unexpected(e, uri); // writing the answer failed: our bug, not the client's body
        }
        return respond(JsonProblems.toProblem(e, "").toProblem(), uri).build();
    }

    /* Quarkus REST maps these Jackson failures itself, in its own shape; these take them back. */

    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidFormat(InvalidFormatException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unrecognizedProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> jsonParse(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri) {
        return json(e, uri);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalidDefinition(com.fasterxml.jackson.databind.exc.InvalidDefinitionException e, UriInfo uri) {
        return unexpected(e, uri); // a type Jackson cannot handle is our bug, not the client's
    }

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        // Quarkus REST wraps some body-reading failures, and a parameter converter's refusal (as a 404
        // for a path or query parameter, as JAX-RS says): the failure inside says what was wrong.
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json(json, uri);
            }
            if (t instanceof ProblemException refused) {
                return problem(refused, uri);
            }
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no resource at " + uri.getPath();
            case 405 -> "this resource does not support that method";
            case 406 -> "this resource cannot produce the requested media type";
            case 413 -> "the body is too large";
            case 415 -> "this resource does not accept that Content-Type";
            default -> title;
        };
        if (status == 400 && hasCause(e, IllegalArgumentException.class)) {
            detail = "a path or query parameter has an invalid value";
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + slugOf(title), title, status, detail, null, Map.of());
        RestResponse.ResponseBuilder<Problem> answer = respond(problem, uri);
        if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
            answer.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return answer.build();
    }

    /**
     * Anything else. A database verdict maps by SQLSTATE; a database that cannot answer is a 503
     * the client may retry; the rest is a bug, logged with an id the answer repeats.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
        if (e instanceof ProblemException problem) {
            return problem(problem, uri);
        }
        databaseErrors.record(e);
        if (SqlStates.isTransient(e)) {
            LOG.warnf("database unavailable for %s: %s", LogValues.escaped(uri.getPath()), LogValues.escaped(rootMessage(e)));
            Problem problem = new Problem(Problem.TYPE_PREFIX + "database-unavailable", "Service Unavailable", 503,
                    "the database is unavailable; retry shortly", null, Map.of());
            return respond(problem, uri).header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        var state = SqlStates.state(e);
        if (state.isPresent()) {
            Problem mapped = bySqlState(state.get());
            if (mapped != null) {
                LOG.debugf("SQLSTATE %s on %s mapped to %d", state.get(), LogValues.escaped(uri.getPath()), mapped.getStatus());
                return respond(mapped, uri).build();
            }
        }
        if (clientClosed(e)) {
            // Not a fault of ours: nobody waits for this answer, and nothing of the body was stored.
            LOG.debugf("the client of %s closed the connection before its request was read", LogValues.escaped(uri.getPath()));
            return respond(new BadRequestProblem("the connection closed before the request body was complete", List.of())
                    .toProblem(), uri).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, LogValues.escaped(uri.getPath()));
        Problem problem = new Problem(Problem.TYPE_PREFIX + "internal", "Internal Server Error", 500,
                "an unexpected error occurred; quote error id " + errorId, null, Map.of("errorId", errorId));
        return respond(problem, uri).build();
    }

    /** The contract's generic table, for constraints a service did not map to its own problem. */
    static Problem bySqlState(String state) {
        return switch (state) {
            case SqlStates.FOREIGN_KEY_VIOLATION -> new NotFoundProblem("a referenced resource does not exist").toProblem();
            case SqlStates.UNIQUE_VIOLATION, SqlStates.EXCLUSION_VIOLATION ->
                    new ConflictProblem("the request conflicts with an existing resource").toProblem();
            case SqlStates.CHECK_VIOLATION, SqlStates.NOT_NULL_VIOLATION ->
                    new BadRequestProblem("the request breaks a data rule", List.of()).toProblem();
            default -> state.startsWith("22") // data exception: too long, out of range, bad format
                    ? new BadRequestProblem("a value is out of range or malformed", List.of()).toProblem()
                    : null;
        };
    }

    private static RestResponse.ResponseBuilder<Problem> respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.withInstance(uri.getPath());
        return RestResponse.ResponseBuilder.<Problem>create(withInstance.getStatus()).entity(withInstance).type(Problem.MEDIA_TYPE);
    }

    /**
     * "start.cmd.equipmentSerial" to "equipmentSerial"; "list.userId" (a query parameter) to "userId";
     * "ingest.samples[3].accX" to "[3].accX". A body parameter's own name means nothing to a client,
     * so it is dropped as soon as a property of the body follows it.
     */
    static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        ElementKind previous = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                field.setLength(0);
                field.append(node.getName());
            } else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT) {
                if (previous == ElementKind.PARAMETER) {
                    field.setLength(0);
                }
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    field.append('[').append(node.getKey()).append(']');
                }
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    if (field.length() > 0) {
                        field.append('.');
                    }
                    field.append(node.getName());
                }
            }
            previous = kind;
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String slugOf(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }

    /**
     * Whether the failure is the client's connection failing mid-request: closed or reset while its
     * body was read. Our only I/O with clients is the request and the response; the database's
     * failures arrive as SQLExceptions, and JSON we failed to write is a JsonProcessingException.
     */
    static boolean clientClosed(Throwable e) {
        boolean io = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof JsonProcessingException) {
                return false;   // the database's failure, or ours in writing JSON
            }
            io |= t instanceof HttpClosedException || t instanceof IOException;
        }
        return io;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
