package kr.compensation.voucher.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Where customers' eligibility lives. Each method is one request to the store; the rules that protect money (at most
 * one voucher per customer, only for eligible customers) are conditions of the write itself, never a read followed
 * by a write.
 *
 * <p>Implementations throw {@link TransientFailure} when the store is briefly unavailable.
 */
public interface EligibilityRepository {

    Optional<EligibilityRecord> find(CustomerKey key);

    /**
     * Records that the customer asked for their voucher, if {@link EligibilityRecord#mayClaim} holds for
     * {@code resubmitIfRequestedBefore}: they are eligible, have none yet, and have no claim requested at or after it
     * (an older claim is taken to be lost and is renewed). A refusal is read by {@link ClaimMark#refused}.
     */
    ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant resubmitIfRequestedBefore);

    /**
     * Undoes {@link #markClaimRequested} if, and only if, the recorded claim is still the one made at {@code requestedAt}
     * ({@link EligibilityRecord#hasClaimRequestedAt}).
     */
    void withdrawClaimRequest(CustomerKey key, Instant requestedAt);

    /**
     * Grants the voucher if {@link EligibilityRecord#mayBeGranted} holds: the customer is eligible and has none. Exactly
     * one write request; a refusal is read by {@link GrantOutcome#refused}.
     */
    GrantOutcome grant(CustomerKey key, Voucher voucher);
}
