package dev.integrity.platform.error;

/** 404: an unknown id in the path, or an unknown parent referenced in the body. */
public class NotFoundProblem extends ProblemException {

    public NotFoundProblem(String detail) {
        super(404, "not-found", "Not Found", detail);
    }

    public NotFoundProblem(String resource, Object id) {
        this(resource + " " + id + " does not exist");
    }
}
