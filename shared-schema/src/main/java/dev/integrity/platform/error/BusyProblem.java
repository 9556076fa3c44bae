package dev.integrity.platform.error;

/**
 * 503: the service has all the capacity of some kind it gives at once in use (its own limit, not
 * a failure). Nothing was done; the same request succeeds after Retry-After.
 */
public class BusyProblem extends ProblemException {

    public BusyProblem(String type, String detail, long retryAfterSeconds) {
        super(503, type, "Service Unavailable", detail + "; retry in " + retryAfterSeconds + " s");
        with("retryAfterSeconds", retryAfterSeconds);
        header("Retry-After", Long.toString(retryAfterSeconds));
    }
}
