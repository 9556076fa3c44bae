package dev.integrity.platform.error;

/**
 * 409: a uniqueness or exclusion rule lost to another request, or a state transition that is not
 * allowed. Subclasses name the resource the request collided with as an extension member.
 */
public class ConflictProblem extends ProblemException {

    public ConflictProblem(String slug, String title, String detail) {
        super(409, slug, title, detail);
    }

    public ConflictProblem(String detail) {
        this("conflict", "Conflict", detail);
    }
}
