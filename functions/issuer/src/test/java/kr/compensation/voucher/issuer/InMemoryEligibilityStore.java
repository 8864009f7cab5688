package kr.compensation.voucher.issuer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.Voucher;

/**
 * The store as the issuer sees it, in memory, with the grant condition of DynamoDbEligibilityRepository (one lock
 * stands in for DynamoDB's per-item atomicity). What the real condition does is proven against the emulator in the
 * *IT tests; this one lets unit tests run without anything.
 */
final class InMemoryEligibilityStore implements EligibilityRepository {

    private final Map<CustomerKey, EligibilityRecord> items = new HashMap<>();
    private final List<CustomerKey> grantAttempts = new ArrayList<>();
    private final Map<CustomerKey, RuntimeException> failures = new ConcurrentHashMap<>();
    private int otherCalls;

    synchronized void load(CustomerKey key, boolean eligible) {
        items.put(key, EligibilityRecord.newlyLoaded(key, eligible, AccountState.ACTIVE));
    }

    synchronized Optional<Voucher> voucherOf(CustomerKey key) {
        EligibilityRecord item = items.get(key);
        return item == null ? Optional.empty() : item.issuedVoucher();
    }

    synchronized List<CustomerKey> grantAttempts() {
        return List.copyOf(grantAttempts);
    }

    synchronized int otherCalls() {
        return otherCalls;
    }

    synchronized Set<CustomerKey> keys() {
        return Set.copyOf(items.keySet());
    }

    /** Every grant for this customer throws {@code failure} until {@link #heal}. */
    void failGrantsFor(CustomerKey key, RuntimeException failure) {
        failures.put(key, failure);
    }

    void heal(CustomerKey key) {
        failures.remove(key);
    }

    @Override
    public synchronized GrantOutcome grant(CustomerKey key, Voucher voucher) {
        grantAttempts.add(key);
        RuntimeException failure = failures.get(key);
        if (failure != null) {
            throw failure;
        }
        EligibilityRecord current = items.get(key);
        if (current == null || !current.eligible()) {
            return new GrantOutcome.NotEligible();
        }
        if (current.voucher() != null) {
            return new GrantOutcome.AlreadyIssued(current.voucher());
        }
        items.put(key, new EligibilityRecord(key, true, current.accountState(), current.claimRequestedAt(), voucher));
        return new GrantOutcome.Granted(voucher);
    }

    @Override
    public synchronized Optional<EligibilityRecord> find(CustomerKey key) {
        otherCalls++;
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public synchronized ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant resubmitIfRequestedBefore) {
        otherCalls++;
        throw new UnsupportedOperationException("the issuer never records claims");
    }

    @Override
    public synchronized void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
        otherCalls++;
        throw new UnsupportedOperationException("the issuer never withdraws claims");
    }
}
