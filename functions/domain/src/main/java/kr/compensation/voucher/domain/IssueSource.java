package kr.compensation.voucher.domain;

/** Why an issue request exists: the customer claimed, or ops issued in bulk. Recorded on the voucher for audit. */
public enum IssueSource {
    CUSTOMER_CLAIM,
    OPS_BULK
}
