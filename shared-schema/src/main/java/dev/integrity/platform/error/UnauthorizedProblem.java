package dev.integrity.platform.error;

/** 401: credentials are missing or wrong. */
public class UnauthorizedProblem extends ProblemException {

    public UnauthorizedProblem(String scheme, String detail) {
        super(401, "unauthorized", "Unauthorized", detail);
        header("WWW-Authenticate", scheme);
    }
}
