package kr.compensation.voucher.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the system knows about one affected customer: whether they are owed a voucher, their account state, whether
 * they asked for it and, once granted, the voucher. Nothing else: no name, phone number or raw id.
 */
public record EligibilityRecord(CustomerKey key, boolean eligible, AccountState accountState,
                                Instant claimRequestedAt, Voucher voucher) {

    public EligibilityRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(accountState, "accountState");
    }

    public static EligibilityRecord newlyLoaded(CustomerKey key, boolean eligible, AccountState accountState) {
        return new EligibilityRecord(key, eligible, accountState, null, null);
    }

    public VoucherStatus status() {
        if (voucher != null) {
            return VoucherStatus.ISSUED;
        }
        return claimRequestedAt != null ? VoucherStatus.PENDING : VoucherStatus.NOT_CLAIMED;
    }

    public Optional<Voucher> issuedVoucher() {
        return Optional.ofNullable(voucher);
    }
}
