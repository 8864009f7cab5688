package kr.compensation.voucher.domain;

/** State of the customer's shop account when the affected-customer list was drawn up. */
public enum AccountState {
    ACTIVE,
    CLOSED
}
