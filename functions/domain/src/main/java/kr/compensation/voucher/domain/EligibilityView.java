package kr.compensation.voucher.domain;

import java.time.Instant;

/**
 * What a customer is shown about themselves: eligibility, account state, the voucher's value and status, and once
 * issued its code and expiry. Deliberately nothing that identifies anyone.
 *
 * @param accountState null when the customer is not on the affected-customer list
 * @param voucherCode null until issued
 * @param voucherExpiresAt null until issued
 */
public record EligibilityView(boolean eligible, AccountState accountState, Money voucherValue, VoucherStatus status,
                              String voucherCode, Instant voucherExpiresAt) {

    static EligibilityView of(EligibilityRecord record, Money value) {
        if (record == null) {
            return new EligibilityView(false, null, value, VoucherStatus.NOT_CLAIMED, null, null);
        }
        Voucher voucher = record.voucher();
        return new EligibilityView(record.eligible(), record.accountState(),
                voucher != null ? voucher.value() : value, record.status(),
                voucher != null ? voucher.code().value() : null,
                voucher != null ? voucher.expiresAt() : null);
    }
}
