package dev.integrity.platform.error;

/** 403: the caller is known, but may not do this. */
public class ForbiddenProblem extends ProblemException {

    public ForbiddenProblem(String detail) {
        super(403, "forbidden", "Forbidden", detail);
    }
}
