package dev.integrity.platform.error;

import java.util.List;

/** 400: input that can never succeed as sent. Names every offending field in {@code errors}. */
public class BadRequestProblem extends ProblemException {

    public BadRequestProblem(String detail, List<FieldError> errors) {
        super(400, "invalid-request", "Bad Request", detail);
        if (errors != null && !errors.isEmpty()) {
            with("errors", List.copyOf(errors));
        }
    }

    public BadRequestProblem(String field, String message) {
        this(field + ": " + message, List.of(new FieldError(field, message)));
    }
}
