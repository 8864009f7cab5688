package kr.compensation.voucher.domain;

/** Outcome of recording a customer's claim on their item; decided by one conditional write, not read-then-write. */
public sealed interface ClaimMark {

    /**
     * What a claim whose condition ({@link EligibilityRecord#mayClaim}) failed tells the customer, from the record as
     * the store found it ({@code null}: no such customer).
     */
    static ClaimMark refused(EligibilityRecord current) {
        if (current == null || !current.eligible()) {
            return new NotEligible();
        }
        if (current.voucher() != null) {
            return new AlreadyIssued(current);
        }
        if (current.claimRequestedAt() != null) {
            return new AlreadyPending(current);
        }
        throw new IllegalArgumentException("the claim's condition holds for this record: it was not refused");
    }

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
