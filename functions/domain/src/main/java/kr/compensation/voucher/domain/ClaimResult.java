package kr.compensation.voucher.domain;

/** What a claim leads to, as the customer is told. */
public sealed interface ClaimResult {

    /** The voucher is on its way (newly requested, or a recent request is still in the queue). */
    record Pending(EligibilityView view) implements ClaimResult {
    }

    /** The voucher was already issued. */
    record Issued(EligibilityView view) implements ClaimResult {
    }

    /** The caller is not owed a voucher. */
    record NotEligible() implements ClaimResult {
    }
}
