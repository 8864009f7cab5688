package kr.compensation.voucher.domain;

/** Outcome of granting a voucher; decided inside DynamoDB by one conditional write. */
public sealed interface GrantOutcome {

    /** This call created the customer's voucher. */
    record Granted(Voucher voucher) implements GrantOutcome {
    }

    /** The customer already had a voucher; nothing was written. */
    record AlreadyIssued(Voucher existing) implements GrantOutcome {
    }

    /** The customer is unknown or not eligible; nothing was written. */
    record NotEligible() implements GrantOutcome {
    }
}
