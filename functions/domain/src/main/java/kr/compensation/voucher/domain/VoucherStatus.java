package kr.compensation.voucher.domain;

/** Where a customer's voucher stands, as the customer sees it. */
public enum VoucherStatus {
    NOT_CLAIMED,
    PENDING,
    ISSUED
}
