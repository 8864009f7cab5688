package kr.compensation.voucher.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.domain.VoucherStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EligibilityRepository} does, whatever it is built on: run against the in-memory double (unit test,
 * functions/domain) and against the DynamoDB adapter on the emulator (integration test, functions/adapters), so the
 * double the other modules' tests stand on cannot drift from the store the functions use in AWS.
 *
 * <p>An implementation gives the repository, a way to load a customer as the loader does, and its raw view of one
 * customer's item (to prove that a refused write changed nothing, down to attributes the record does not show).
 * Every test uses customers of its own, so the suite can share one table with other tests.
 */
public abstract class EligibilityRepositoryContract {

    /** Whole milliseconds, as the store keeps them. */
    protected static final Instant NOW = Instant.parse("2027-01-15T01:00:00.250Z");
    protected static final Duration RESUBMIT_AFTER = Duration.ofMinutes(15);

    private static final CustomerKeyHasher HASHER = new CustomerKeyHasher(pepper());
    private final VoucherCodeGenerator codes = new VoucherCodeGenerator();

    /** The repository under test. */
    protected abstract EligibilityRepository repository();

    /** Puts a customer into the store as the loader does: on the list, no claim, no voucher. */
    protected abstract void load(CustomerKey key, boolean eligible, AccountState state);

    /** The customer's item exactly as the store holds it, or null when there is none. */
    protected abstract Object stored(CustomerKey key);

    @Nested
    @DisplayName("find")
    class Find {

        @Test
        @DisplayName("an unknown customer is not found")
        void unknown() {
            assertThat(repository().find(newCustomer())).isEmpty();
        }

        @Test
        @DisplayName("a loaded customer is found as loaded: eligibility, account state, no claim, no voucher")
        void loaded() {
            CustomerKey active = newCustomer();
            CustomerKey closed = newCustomer();
            load(active, true, AccountState.ACTIVE);
            load(closed, false, AccountState.CLOSED);

            assertThat(repository().find(active)).contains(EligibilityRecord.newlyLoaded(active, true, AccountState.ACTIVE));
            assertThat(repository().find(closed)).contains(EligibilityRecord.newlyLoaded(closed, false, AccountState.CLOSED));
            assertThat(repository().find(active).orElseThrow().status()).isEqualTo(VoucherStatus.NOT_CLAIMED);
        }
    }

    @Nested
    @DisplayName("markClaimRequested")
    class Claim {

        @Test
        @DisplayName("an eligible customer's first claim is recorded at the given instant and answered with the record")
        void firstClaim() {
            CustomerKey customer = loadEligible(AccountState.CLOSED);

            ClaimMark mark = claim(customer, NOW);

            EligibilityRecord expected = new EligibilityRecord(customer, true, AccountState.CLOSED, NOW, null);
            assertThat(mark).isEqualTo(new ClaimMark.Marked(expected));
            assertThat(repository().find(customer)).contains(expected);
            assertThat(expected.status()).isEqualTo(VoucherStatus.PENDING);
        }

        @Test
        @DisplayName("a repeated claim within the window is already pending, keeps the first claim's instant, changes nothing")
        void repeatedClaim() {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            claim(customer, NOW);
            Object afterFirst = stored(customer);

            ClaimMark again = claim(customer, NOW.plus(RESUBMIT_AFTER).minusMillis(1));

            assertThat(again).isEqualTo(new ClaimMark.AlreadyPending(
                    new EligibilityRecord(customer, true, AccountState.ACTIVE, NOW, null)));
            assertThat(stored(customer)).isEqualTo(afterFirst);
        }

        @Test
        @DisplayName("a claim made exactly at the boundary is still pending; one a millisecond older is renewed")
        void staleClaimIsRenewed() {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            claim(customer, NOW);

            Instant atTheBoundary = NOW.plus(RESUBMIT_AFTER);
            assertThat(repository().markClaimRequested(customer, atTheBoundary, NOW))
                    .isInstanceOf(ClaimMark.AlreadyPending.class);

            Instant later = atTheBoundary.plusMillis(1);
            ClaimMark renewed = repository().markClaimRequested(customer, later, NOW.plusMillis(1));

            EligibilityRecord expected = new EligibilityRecord(customer, true, AccountState.ACTIVE, later, null);
            assertThat(renewed).isEqualTo(new ClaimMark.Marked(expected));
            assertThat(repository().find(customer)).contains(expected);
        }

        @Test
        @DisplayName("staleness is chronological even where text of varying width would sort the other way")
        void staleIsChronological() {
            // ISO-8601 text without fixed width writes a whole second as "01:00:00Z" and 100 ms later as
            // "01:00:00.100Z", which sorts BEFORE it ('.' < 'Z'): compared as such text, a claim 100 ms after the
            // boundary would look older than the boundary, and one at a whole second newer than a boundary after it.
            Instant wholeSecond = Instant.parse("2027-01-15T01:00:00Z");
            Instant tenthLater = Instant.parse("2027-01-15T01:00:00.100Z");
            Instant halfLater = Instant.parse("2027-01-15T01:00:00.500Z");

            CustomerKey claimedAfterTheBoundary = loadEligible(AccountState.ACTIVE);
            claim(claimedAfterTheBoundary, tenthLater);
            assertThat(repository().markClaimRequested(claimedAfterTheBoundary, tenthLater.plusSeconds(1), wholeSecond))
                    .as("a claim 100 ms after the boundary is recent").isInstanceOf(ClaimMark.AlreadyPending.class);

            CustomerKey claimedBeforeTheBoundary = loadEligible(AccountState.ACTIVE);
            claim(claimedBeforeTheBoundary, wholeSecond);
            assertThat(repository().markClaimRequested(claimedBeforeTheBoundary, halfLater.plusSeconds(1), halfLater))
                    .as("a claim on the whole second before the boundary is stale").isInstanceOf(ClaimMark.Marked.class);

            CustomerKey acrossTheYear = loadEligible(AccountState.ACTIVE);
            Instant lastMillisecondOfTheYear = Instant.parse("2026-12-31T23:59:59.999Z");
            claim(acrossTheYear, lastMillisecondOfTheYear);
            assertThat(repository().markClaimRequested(acrossTheYear, NOW, Instant.parse("2027-01-01T00:00:00Z")))
                    .as("a claim in the last millisecond of the year before a boundary at New Year is stale")
                    .isInstanceOf(ClaimMark.Marked.class);
        }

        @Test
        @DisplayName("an unknown customer, or one not owed a voucher, is not eligible and nothing is recorded")
        void notEligible() {
            CustomerKey stranger = newCustomer();
            CustomerKey notOwed = newCustomer();
            load(notOwed, false, AccountState.ACTIVE);
            Object loaded = stored(notOwed);

            assertThat(claim(stranger, NOW)).isEqualTo(new ClaimMark.NotEligible());
            assertThat(claim(notOwed, NOW)).isEqualTo(new ClaimMark.NotEligible());

            assertThat(stored(stranger)).as("no item is created for an unknown customer").isNull();
            assertThat(repository().find(stranger)).isEmpty();
            assertThat(stored(notOwed)).isEqualTo(loaded);
        }

        @Test
        @DisplayName("a customer with a voucher gets it back as already issued, and nothing is recorded")
        void alreadyIssued() {
            Voucher voucher = voucher("r-1");
            CustomerKey customer = grantedTo(voucher);
            Object granted = stored(customer);

            ClaimMark mark = claim(customer, NOW);

            assertThat(mark).isEqualTo(new ClaimMark.AlreadyIssued(
                    new EligibilityRecord(customer, true, AccountState.ACTIVE, null, voucher)));
            assertThat(stored(customer)).isEqualTo(granted);
        }

        @Test
        @DisplayName("of many concurrent claims by one customer exactly one is recorded, the others see it pending")
        void concurrentClaims() throws Exception {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            List<Instant> instants = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                instants.add(NOW.plusMillis(i));
            }

            List<ClaimMark> marks = race(instants.stream()
                    .map(at -> (Callable<ClaimMark>) () -> claim(customer, at)).toList());

            List<ClaimMark> recorded = marks.stream().filter(m -> m instanceof ClaimMark.Marked).toList();
            assertThat(recorded).hasSize(1);
            EligibilityRecord stored = repository().find(customer).orElseThrow();
            assertThat(((ClaimMark.Marked) recorded.getFirst()).record()).isEqualTo(stored);
            assertThat(marks).filteredOn(m -> m instanceof ClaimMark.AlreadyPending)
                    .hasSize(instants.size() - 1)
                    .allSatisfy(m -> assertThat(((ClaimMark.AlreadyPending) m).record()).isEqualTo(stored));
        }
    }

    @Nested
    @DisplayName("withdrawClaimRequest")
    class Withdraw {

        @Test
        @DisplayName("withdrawing the claim made at the given instant removes it, and the next claim is recorded anew")
        void withdrawsTheClaim() {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            Object loaded = stored(customer);
            claim(customer, NOW);

            repository().withdrawClaimRequest(customer, NOW);

            assertThat(stored(customer)).as("the item is as loaded again").isEqualTo(loaded);
            assertThat(repository().find(customer).orElseThrow().status()).isEqualTo(VoucherStatus.NOT_CLAIMED);
            assertThat(claim(customer, NOW.plusSeconds(1))).isInstanceOf(ClaimMark.Marked.class);
        }

        @Test
        @DisplayName("a withdrawal never undoes a newer claim")
        void keepsANewerClaim() {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            claim(customer, NOW);
            Instant renewedAt = NOW.plus(RESUBMIT_AFTER).plusSeconds(1);
            repository().markClaimRequested(customer, renewedAt, renewedAt.minus(RESUBMIT_AFTER));
            Object renewed = stored(customer);

            repository().withdrawClaimRequest(customer, NOW);

            assertThat(stored(customer)).isEqualTo(renewed);
            assertThat(repository().find(customer).orElseThrow().claimRequestedAt()).isEqualTo(renewedAt);
        }

        @Test
        @DisplayName("withdrawing for an unknown customer, or one who never claimed, changes nothing and creates nothing")
        void nothingToWithdraw() {
            CustomerKey stranger = newCustomer();
            CustomerKey neverClaimed = loadEligible(AccountState.ACTIVE);
            Object loaded = stored(neverClaimed);

            repository().withdrawClaimRequest(stranger, NOW);
            repository().withdrawClaimRequest(neverClaimed, NOW);

            assertThat(stored(stranger)).isNull();
            assertThat(stored(neverClaimed)).isEqualTo(loaded);
        }

        @Test
        @DisplayName("a withdrawal never touches a granted voucher")
        void keepsTheVoucher() {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            claim(customer, NOW);
            Voucher voucher = voucher("r-1");
            repository().grant(customer, voucher);

            repository().withdrawClaimRequest(customer, NOW);

            EligibilityRecord after = repository().find(customer).orElseThrow();
            assertThat(after.voucher()).isEqualTo(voucher);
            assertThat(after.status()).isEqualTo(VoucherStatus.ISSUED);
        }
    }

    @Nested
    @DisplayName("grant")
    class Grant {

        @Test
        @DisplayName("an eligible customer is granted the voucher, kept with the claim and shown as issued")
        void grants() {
            CustomerKey customer = loadEligible(AccountState.CLOSED);
            claim(customer, NOW);
            Voucher voucher = voucher("r-1");

            GrantOutcome outcome = repository().grant(customer, voucher);

            assertThat(outcome).isEqualTo(new GrantOutcome.Granted(voucher));
            EligibilityRecord after = repository().find(customer).orElseThrow();
            assertThat(after).isEqualTo(new EligibilityRecord(customer, true, AccountState.CLOSED, NOW, voucher));
            assertThat(after.status()).isEqualTo(VoucherStatus.ISSUED);
            assertThat(after.issuedVoucher()).contains(voucher);
        }

        @Test
        @DisplayName("a second grant changes nothing and answers AlreadyIssued with the FIRST voucher")
        void repeatedGrant() {
            Voucher first = voucher("r-1");
            CustomerKey customer = grantedTo(first);
            Object afterFirst = stored(customer);

            GrantOutcome again = repository().grant(customer, voucher("r-2"));

            assertThat(again).isEqualTo(new GrantOutcome.AlreadyIssued(first));
            assertThat(stored(customer)).isEqualTo(afterFirst);
        }

        @Test
        @DisplayName("a retry of the very same write (its first response lost) counts as granted and changes nothing")
        void lostResponseRetry() {
            Voucher voucher = voucher("r-1");
            CustomerKey customer = grantedTo(voucher);
            Object afterFirst = stored(customer);

            assertThat(repository().grant(customer, voucher)).isEqualTo(new GrantOutcome.Granted(voucher));
            assertThat(stored(customer)).isEqualTo(afterFirst);
        }

        @Test
        @DisplayName("granting to an unknown customer answers NotEligible and creates no item")
        void unknownCustomer() {
            CustomerKey stranger = newCustomer();

            assertThat(repository().grant(stranger, voucher("r-1"))).isEqualTo(new GrantOutcome.NotEligible());
            assertThat(stored(stranger)).isNull();
            assertThat(repository().find(stranger)).isEmpty();
        }

        @Test
        @DisplayName("granting to a customer who is not eligible answers NotEligible and leaves the item as loaded")
        void notEligibleCustomer() {
            CustomerKey customer = newCustomer();
            load(customer, false, AccountState.ACTIVE);
            Object loaded = stored(customer);

            assertThat(repository().grant(customer, voucher("r-1"))).isEqualTo(new GrantOutcome.NotEligible());
            assertThat(stored(customer)).isEqualTo(loaded);
        }

        @Test
        @DisplayName("many concurrent grants for one customer: exactly one wins, every other answers with the winner's voucher")
        void concurrentGrants() throws Exception {
            CustomerKey customer = loadEligible(AccountState.ACTIVE);
            List<Voucher> candidates = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                candidates.add(voucher("r-" + i));
            }

            List<GrantOutcome> outcomes = race(candidates.stream()
                    .map(candidate -> (Callable<GrantOutcome>) () -> repository().grant(customer, candidate)).toList());

            List<Voucher> winners = outcomes.stream().filter(o -> o instanceof GrantOutcome.Granted)
                    .map(o -> ((GrantOutcome.Granted) o).voucher()).toList();
            assertThat(winners).hasSize(1);
            Voucher stored = repository().find(customer).orElseThrow().voucher();
            assertThat(stored).isEqualTo(winners.getFirst());
            assertThat(outcomes).filteredOn(o -> o instanceof GrantOutcome.AlreadyIssued)
                    .hasSize(candidates.size() - 1)
                    .allSatisfy(o -> assertThat(((GrantOutcome.AlreadyIssued) o).existing()).isEqualTo(stored));
        }
    }

    /** A customer no other test uses (the DynamoDB run shares one table with the rest of its JVM's tests). */
    protected static CustomerKey newCustomer() {
        return HASHER.keyOf(IssuerRole.SIGN_IN, "contract-" + UUID.randomUUID());
    }

    protected Voucher voucher(String requestId) {
        return new Voucher(codes.next(), Money.krw(50_000), NOW, NOW.plus(Duration.ofDays(365)),
                IssueSource.CUSTOMER_CLAIM, requestId);
    }

    private CustomerKey loadEligible(AccountState state) {
        CustomerKey key = newCustomer();
        load(key, true, state);
        return key;
    }

    /** An eligible customer who was granted {@code voucher}. */
    private CustomerKey grantedTo(Voucher voucher) {
        CustomerKey key = loadEligible(AccountState.ACTIVE);
        assertThat(repository().grant(key, voucher)).isEqualTo(new GrantOutcome.Granted(voucher));
        return key;
    }

    private ClaimMark claim(CustomerKey key, Instant at) {
        return repository().markClaimRequested(key, at, at.minus(RESUBMIT_AFTER));
    }

    /** Runs every call at once (released together after all threads are ready) and returns their answers in order. */
    private static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<T> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
        }
        return answers;
    }

    private static byte[] pepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (13 * i + 1);
        }
        return pepper;
    }
}
