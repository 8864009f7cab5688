package kr.compensation.voucher.domain;

/** Outcome of granting a voucher; decided inside DynamoDB by one conditional write. */
public sealed interface GrantOutcome {

    /**
     * What a grant of {@code attempted} whose condition ({@link EligibilityRecord#mayBeGranted}) failed comes to, from
     * the record as the store found it ({@code null}: no such customer). Finding {@code attempted} itself there means
     * an earlier attempt of this very grant wrote it and its response was lost (the client then retried): the voucher
     * was granted by this call after all.
     */
    static GrantOutcome refused(EligibilityRecord current, Voucher attempted) {
        if (current == null || current.voucher() == null) {
            return new NotEligible();
        }
        Voucher existing = current.voucher();
        return existing.code().equals(attempted.code()) ? new Granted(existing) : new AlreadyIssued(existing);
    }

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
