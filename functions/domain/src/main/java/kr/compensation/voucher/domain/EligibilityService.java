package kr.compensation.voucher.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The customer-facing rules: read one's own eligibility, and claim one's voucher. Both act only on the caller's own
 * key, derived from the authenticated principal; nothing a request carries can point them at another customer.
 */
public final class EligibilityService {

    private final EligibilityRepository repository;
    private final IssueRequestQueue queue;
    private final CustomerKeyHasher hasher;
    private final Money voucherValue;
    private final Duration resubmitAfter;
    private final Clock clock;

    /**
     * @param voucherValue  what a voucher is worth today, shown to customers who have none yet (a granted voucher shows
     *                      its own value)
     * @param resubmitAfter a claim still pending after this long is assumed lost (its message expired or went to the
     *                      dead-letter queue before a fix) and the next claim sends a new request
     */
    public EligibilityService(EligibilityRepository repository, IssueRequestQueue queue, CustomerKeyHasher hasher,
                              Money voucherValue, Duration resubmitAfter, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.voucherValue = Objects.requireNonNull(voucherValue, "voucherValue");
        this.resubmitAfter = Objects.requireNonNull(resubmitAfter, "resubmitAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EligibilityView view(Principal caller) {
        CustomerKey key = hasher.keyOf(caller);
        return EligibilityView.of(repository.find(key).orElse(null), voucherValue);
    }

    /**
     * Idempotent: repeating or racing claims never sends more than one request per resubmit window, and the grant
     * itself is idempotent, so no sequence of claims yields a second voucher.
     */
    public ClaimResult claim(Principal caller) {
        CustomerKey key = hasher.keyOf(caller);
        Instant now = clock.instant();
        ClaimMark mark = repository.markClaimRequested(key, now, now.minus(resubmitAfter));
        return switch (mark) {
            case ClaimMark.NotEligible notEligible -> new ClaimResult.NotEligible();
            case ClaimMark.AlreadyIssued issued -> new ClaimResult.Issued(EligibilityView.of(issued.record(), voucherValue));
            case ClaimMark.AlreadyPending pending -> new ClaimResult.Pending(EligibilityView.of(pending.record(), voucherValue));
            case ClaimMark.Marked marked -> {
                submit(key, now);
                yield new ClaimResult.Pending(EligibilityView.of(marked.record(), voucherValue));
            }
        };
    }

    private void submit(CustomerKey key, Instant now) {
        IssueRequest request = new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, UUID.randomUUID().toString(), now);
        try {
            queue.submit(request);
        } catch (RuntimeException e) {
            // Without the withdrawal the customer's retry would find a "pending" claim and send nothing until the
            // resubmit window passes. If the withdrawal fails too, the window still recovers it.
            try {
                repository.withdrawClaimRequest(key, now);
            } catch (RuntimeException withdrawal) {
                e.addSuppressed(withdrawal);
            }
            throw e;
        }
    }
}
