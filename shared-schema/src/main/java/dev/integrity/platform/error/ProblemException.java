package dev.integrity.platform.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected failure that answers with a problem document. Services throw the shared subclasses
 * ({@link NotFoundProblem}, {@link ConflictProblem}, {@link BadRequestProblem}...), made by each
 * domain's problem factory ({@code InspectionProblems.activeSessionExists}, {@code DeviceProblems.notRegistered});
 * the shared mapper turns every one of them into the same RFC 9457 shape.
 * <p>
 * These are control flow, not bugs, so they carry no stack trace.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /**
     * Adds an extension member, for example the id of the resource a request collided with.
     * Returns this problem as whatever subtype the caller expects.
     */
    @SuppressWarnings("unchecked")
    public final <T extends ProblemException> T with(String member, Object value) {
        extensions.put(member, value);
        return (T) this;
    }

    @SuppressWarnings("unchecked")
    public final <T extends ProblemException> T header(String name, String value) {
        headers.put(name, value);
        return (T) this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem() {
        return new Problem(Problem.TYPE_PREFIX + slug, title, status, getMessage(), null, extensions);
    }
}
