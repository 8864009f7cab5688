package kr.compensation.voucher.lookup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.Voucher;

/**
 * The store as the lookup sees it, in memory, with the same conditions as DynamoDbEligibilityRepository (one lock
 * stands in for DynamoDB's per-item atomicity). Records every call so tests can prove what was and was not touched.
 */
public final class InMemoryEligibilityRepository implements EligibilityRepository {

    private final Map<CustomerKey, EligibilityRecord> items = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private RuntimeException failure;

    public synchronized void load(CustomerKey key, boolean eligible, AccountState state) {
        items.put(key, EligibilityRecord.newlyLoaded(key, eligible, state));
    }

    public synchronized void put(EligibilityRecord record) {
        items.put(record.key(), record);
    }

    public synchronized EligibilityRecord item(CustomerKey key) {
        return items.get(key);
    }

    /** Every call so far as "operation key", e.g. "find abc…". */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Makes every following call throw this until {@link #heal()}. */
    public synchronized void failWith(RuntimeException e) {
        failure = e;
    }

    public synchronized void heal() {
        failure = null;
    }

    public synchronized void clear() {
        items.clear();
        calls.clear();
        failure = null;
    }

    @Override
    public synchronized Optional<EligibilityRecord> find(CustomerKey key) {
        record("find", key);
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public synchronized ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant staleBefore) {
        record("markClaimRequested", key);
        EligibilityRecord current = items.get(key);
        if (current == null || !current.eligible()) {
            return new ClaimMark.NotEligible();
        }
        if (current.voucher() != null) {
            return new ClaimMark.AlreadyIssued(current);
        }
        if (current.claimRequestedAt() != null && !current.claimRequestedAt().isBefore(staleBefore)) {
            return new ClaimMark.AlreadyPending(current);
        }
        EligibilityRecord marked = new EligibilityRecord(key, true, current.accountState(), now, null);
        items.put(key, marked);
        return new ClaimMark.Marked(marked);
    }

    @Override
    public synchronized void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
        record("withdrawClaimRequest", key);
        EligibilityRecord current = items.get(key);
        if (current != null && requestedAt.equals(current.claimRequestedAt())) {
            items.put(key, new EligibilityRecord(key, current.eligible(), current.accountState(), null,
                    current.voucher()));
        }
    }

    @Override
    public synchronized GrantOutcome grant(CustomerKey key, Voucher voucher) {
        record("grant", key);
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

    private void record(String operation, CustomerKey key) {
        calls.add(operation + " " + key.value());
        if (failure != null) {
            throw failure;
        }
    }
}
