package kr.compensation.voucher.issuer;

/** How the issuer ended one queue message; each outcome is one metric and decides whether SQS delivers it again. */
public enum MessageOutcome {
    /** This message granted the customer's voucher. */
    ISSUED("Issued", false),
    /** The customer already had their voucher: a duplicate or late delivery, done with. */
    ALREADY_ISSUED("AlreadyIssued", false),
    /** Unknown or not eligible customer: logged and counted, never retried. */
    REJECTED_NOT_ELIGIBLE("RejectedNotEligible", false),
    /** The body is no issue request we understand; retried until the redrive policy moves it to the DLQ. */
    MALFORMED("Malformed", true),
    /** The store was unavailable or failed; retried after the visibility timeout. */
    FAILED("Failed", true),
    /**
     * Not started: the invocation was too close to its timeout for another DynamoDB call
     * ({@link InvocationDeadline}); delivered again after the visibility timeout.
     */
    DEFERRED("Deferred", true);

    private final String metricName;
    private final boolean deliverAgain;

    MessageOutcome(String metricName, boolean deliverAgain) {
        this.metricName = metricName;
        this.deliverAgain = deliverAgain;
    }

    public String metricName() {
        return metricName;
    }

    /** True when the message goes back to the queue (a batch item failure). */
    public boolean deliverAgain() {
        return deliverAgain;
    }
}
