package kr.compensation.voucher.domain;

/** How one issue request ended; each outcome is final, so the request is done with (no retry). */
public enum IssuanceOutcome {
    /** A voucher was granted by this request. */
    ISSUED,
    /** The customer already had their voucher: a duplicate or late delivery. */
    ALREADY_ISSUED,
    /** The customer is unknown or not eligible: nothing to grant. */
    REJECTED_NOT_ELIGIBLE
}
