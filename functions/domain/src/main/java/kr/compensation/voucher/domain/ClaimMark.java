package kr.compensation.voucher.domain;

/** Outcome of recording a customer's claim on their item; decided by one conditional write, not read-then-write. */
public sealed interface ClaimMark {

    /** The claim is recorded now: an issue request must be sent. */
    record Marked(EligibilityRecord record) implements ClaimMark {
    }

    /** A recent claim is already waiting for the issuer: nothing to send again. */
    record AlreadyPending(EligibilityRecord record) implements ClaimMark {
    }

    /** The voucher exists. */
    record AlreadyIssued(EligibilityRecord record) implements ClaimMark {
    }

    /** Unknown customer, or one that is not owed a voucher. */
    record NotEligible() implements ClaimMark {
    }
}
