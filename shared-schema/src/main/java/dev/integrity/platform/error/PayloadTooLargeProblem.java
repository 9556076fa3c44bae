package dev.integrity.platform.error;

/** 413: a body or batch over its documented limit. */
public class PayloadTooLargeProblem extends ProblemException {

    public PayloadTooLargeProblem(String detail) {
        super(413, "payload-too-large", "Payload Too Large", detail);
    }
}
