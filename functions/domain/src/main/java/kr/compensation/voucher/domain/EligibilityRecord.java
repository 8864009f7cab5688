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

    /**
     * The rule that protects money at issuance: a voucher may be granted only to an eligible customer who has none
     * yet. The store enforces it as the condition of the grant's one write (the DynamoDB adapter's
     * {@code EligibilityConditions.MAY_BE_GRANTED}), and ops' bulk issuance selects customers by it.
     */
    public boolean mayBeGranted() {
        return eligible && voucher == null;
    }

    /**
     * The rule of a customer's claim: it is recorded only if a voucher may be granted and no claim was recorded at or
     * after {@code resubmitIfRequestedBefore}. An older claim is taken to be lost (its request expired or went to the
     * dead-letter queue) and is renewed. The store enforces it as the condition of the claim's one write
     * ({@code EligibilityConditions.mayClaim}).
     */
    public boolean mayClaim(Instant resubmitIfRequestedBefore) {
        Objects.requireNonNull(resubmitIfRequestedBefore, "resubmitIfRequestedBefore");
        return mayBeGranted() && (claimRequestedAt == null || claimRequestedAt.isBefore(resubmitIfRequestedBefore));
    }

    /**
     * Whether the recorded claim is still the one made at {@code requestedAt}: only then may it be withdrawn, so that a
     * withdrawal never undoes a newer claim.
     */
    public boolean hasClaimRequestedAt(Instant requestedAt) {
        return Objects.requireNonNull(requestedAt, "requestedAt").equals(claimRequestedAt);
    }

    public EligibilityRecord withClaimRequestedAt(Instant requestedAt) {
        return new EligibilityRecord(key, eligible, accountState, requestedAt, voucher);
    }

    public EligibilityRecord withVoucher(Voucher granted) {
        return new EligibilityRecord(key, eligible, accountState, claimRequestedAt,
                Objects.requireNonNull(granted, "granted"));
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
