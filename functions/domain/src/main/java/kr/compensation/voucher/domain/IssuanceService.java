package kr.compensation.voucher.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Grants vouchers. The invariant "at most one voucher per customer" is not checked here but by the store's
 * conditional write, so duplicates, retries, crashes and concurrent workers cannot break it.
 */
public final class IssuanceService {

    private final EligibilityRepository repository;
    private final VoucherCodeGenerator codes;
    private final VoucherTerms terms;
    private final Clock clock;

    public IssuanceService(EligibilityRepository repository, VoucherCodeGenerator codes, VoucherTerms terms, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.codes = Objects.requireNonNull(codes, "codes");
        this.terms = Objects.requireNonNull(terms, "terms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Each outcome is final, so the request is done with (no retry). Throws {@link TransientFailure} when the store
     * is unavailable; the request should then be retried.
     */
    public GrantOutcome issue(IssueRequest request) {
        Instant now = clock.instant();
        Voucher voucher = new Voucher(codes.next(), terms.value(), now, now.plus(terms.validity()), request.source(),
                request.requestId());
        return repository.grant(request.customerKey(), voucher);
    }
}
