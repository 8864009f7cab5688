package kr.compensation.voucher.domain.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.Voucher;

/**
 * The one in-memory {@link EligibilityRepository} of every module's tests. Its writes are decided by the domain's own
 * rules ({@link EligibilityRecord#mayClaim}, {@link EligibilityRecord#mayBeGranted}) and refusals are read by
 * {@link ClaimMark#refused} and {@link GrantOutcome#refused}, exactly as the DynamoDB adapter reads its failed
 * conditions; {@link EligibilityRepositoryContract} holds both to the same behaviour. Each method is atomic (one lock
 * for the whole store), as DynamoDB applies the writes to one item one at a time.
 *
 * <p>It records every call ("operation key", e.g. "find abc…") so tests can prove what was and was not touched, and
 * can be told to fail calls. DynamoDB keeps instants to the millisecond; this store keeps them as given, so tests
 * that compare both use whole milliseconds.
 */
public final class InMemoryEligibilityRepository implements EligibilityRepository {

    static final String FIND = "find";
    static final String MARK_CLAIM_REQUESTED = "markClaimRequested";
    static final String WITHDRAW_CLAIM_REQUEST = "withdrawClaimRequest";
    static final String GRANT = "grant";

    private final Map<CustomerKey, EligibilityRecord> items = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final List<CustomerKey> grantAttempts = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private Instant lastResubmitBoundary;

    /** A failure to throw from calls of {@code operation} (null: every operation) for {@code key} (null: every key). */
    private record Failure(String operation, CustomerKey key, RuntimeException exception) {
        boolean matches(String calledOperation, CustomerKey calledKey) {
            return (operation == null || operation.equals(calledOperation)) && (key == null || key.equals(calledKey));
        }
    }

    /** Puts a customer as the loader does: on the list, no claim, no voucher. */
    public synchronized void load(CustomerKey key, boolean eligible, AccountState state) {
        items.put(key, EligibilityRecord.newlyLoaded(key, eligible, state));
    }

    /** Puts a customer with an active account as the loader does. */
    public void load(CustomerKey key, boolean eligible) {
        load(key, eligible, AccountState.ACTIVE);
    }

    /** Puts any record as it is, bypassing every rule (for states a test needs to start from). */
    public synchronized void put(EligibilityRecord record) {
        items.put(record.key(), record);
    }

    /** The customer's record as stored, or null; not recorded as a call. */
    public synchronized EligibilityRecord item(CustomerKey key) {
        return items.get(key);
    }

    public synchronized Optional<Voucher> voucherOf(CustomerKey key) {
        EligibilityRecord item = items.get(key);
        return item == null ? Optional.empty() : item.issuedVoucher();
    }

    public synchronized Set<CustomerKey> keys() {
        return Set.copyOf(items.keySet());
    }

    /** Every call so far as "operation key", e.g. "find abc…", failed ones included. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The key of every grant so far, in order, failed ones included. */
    public synchronized List<CustomerKey> grantAttempts() {
        return List.copyOf(grantAttempts);
    }

    /** How many calls so far were not grants. */
    public synchronized int otherCalls() {
        return calls.size() - grantAttempts.size();
    }

    /** The {@code resubmitIfRequestedBefore} of the latest claim, if any. */
    public synchronized Optional<Instant> lastResubmitBoundary() {
        return Optional.ofNullable(lastResubmitBoundary);
    }

    /** Makes every following call throw {@code failure} (instead of any failure set so before) until {@link #heal()}. */
    public synchronized void failWith(RuntimeException failure) {
        fail(new Failure(null, null, failure));
    }

    /** Makes every following {@link #withdrawClaimRequest} throw {@code failure} until {@link #heal()}. */
    public synchronized void failWithdrawalsWith(RuntimeException failure) {
        fail(new Failure(WITHDRAW_CLAIM_REQUEST, null, failure));
    }

    /** Makes every following grant for this customer throw {@code failure} until {@link #heal(CustomerKey)}. */
    public synchronized void failGrantsFor(CustomerKey key, RuntimeException failure) {
        fail(new Failure(GRANT, Objects.requireNonNull(key, "key"), failure));
    }

    /** A new failure replaces the one set before for the same calls. */
    private void fail(Failure failure) {
        failures.removeIf(existing -> Objects.equals(existing.operation(), failure.operation())
                && Objects.equals(existing.key(), failure.key()));
        Objects.requireNonNull(failure.exception(), "failure");
        failures.add(failure);
    }

    /** Ends every failure. */
    public synchronized void heal() {
        failures.clear();
    }

    /** Ends the failures made for this customer. */
    public synchronized void heal(CustomerKey key) {
        failures.removeIf(failure -> key.equals(failure.key()));
    }

    /** Forgets every customer, call and failure. */
    public synchronized void clear() {
        items.clear();
        calls.clear();
        grantAttempts.clear();
        failures.clear();
        lastResubmitBoundary = null;
    }

    @Override
    public synchronized Optional<EligibilityRecord> find(CustomerKey key) {
        called(FIND, key);
        return Optional.ofNullable(items.get(key));
    }

    @Override
    public synchronized ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant resubmitIfRequestedBefore) {
        Objects.requireNonNull(now, "now");
        lastResubmitBoundary = Objects.requireNonNull(resubmitIfRequestedBefore, "resubmitIfRequestedBefore");
        called(MARK_CLAIM_REQUESTED, key);
        EligibilityRecord current = items.get(key);
        if (current == null || !current.mayClaim(resubmitIfRequestedBefore)) {
            return ClaimMark.refused(current);
        }
        EligibilityRecord marked = current.withClaimRequestedAt(now);
        items.put(key, marked);
        return new ClaimMark.Marked(marked);
    }

    @Override
    public synchronized void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
        called(WITHDRAW_CLAIM_REQUEST, key);
        EligibilityRecord current = items.get(key);
        if (current != null && current.hasClaimRequestedAt(requestedAt)) {
            items.put(key, current.withClaimRequestedAt(null));
        }
    }

    @Override
    public synchronized GrantOutcome grant(CustomerKey key, Voucher voucher) {
        grantAttempts.add(key);
        called(GRANT, key);
        EligibilityRecord current = items.get(key);
        if (current == null || !current.mayBeGranted()) {
            return GrantOutcome.refused(current, voucher);
        }
        items.put(key, current.withVoucher(voucher));
        return new GrantOutcome.Granted(voucher);
    }

    private void called(String operation, CustomerKey key) {
        calls.add(operation + " " + key.value());
        for (Failure failure : failures) {
            if (failure.matches(operation, key)) {
                throw failure.exception();
            }
        }
    }
}
