package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import kr.compensation.voucher.domain.testing.SettableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Needs nothing running: the store is the shared in-memory repository (held to the same contract as DynamoDB), the
 * queue a recording fake.
 */
class EligibilityServiceTest {

    private static final Money VALUE = Money.krw(50_000);
    private static final Duration RESUBMIT_AFTER = Duration.ofMinutes(15);
    private static final Instant NOW = Instant.parse("2027-01-15T01:00:00Z");

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
    private final InMemoryEligibilityRepository repository = new InMemoryEligibilityRepository();
    private final FakeQueue queue = new FakeQueue();
    private final SettableClock clock = new SettableClock(NOW);
    private final EligibilityService service = new EligibilityService(repository, queue, hasher,
            VALUE, RESUBMIT_AFTER, clock);

    private final Principal alice = new Principal(IssuerRole.SIGN_IN, "alice");
    private final Principal closedAccount = new Principal(IssuerRole.IDENTITY_VERIFICATION, "closed-1");

    @Nested
    @DisplayName("view")
    class View {

        @Test
        @DisplayName("an unknown caller is told they are not eligible, with no account state and the configured value")
        void unknownCaller() {
            EligibilityView view = service.view(alice);

            assertThat(view.eligible()).isFalse();
            assertThat(view.accountState()).isNull();
            assertThat(view.voucherValue()).isEqualTo(VALUE);
            assertThat(view.status()).isEqualTo(VoucherStatus.NOT_CLAIMED);
            assertThat(view.voucherCode()).isNull();
            assertThat(view.voucherExpiresAt()).isNull();
        }

        @Test
        @DisplayName("an eligible caller who has not claimed sees NOT_CLAIMED and their account state")
        void eligibleNotClaimed() {
            repository.load(keyOf(closedAccount), true, AccountState.CLOSED);

            EligibilityView view = service.view(closedAccount);

            assertThat(view.eligible()).isTrue();
            assertThat(view.accountState()).isEqualTo(AccountState.CLOSED);
            assertThat(view.status()).isEqualTo(VoucherStatus.NOT_CLAIMED);
        }

        @Test
        @DisplayName("a caller on the list but not owed a voucher sees eligible=false with their account state")
        void listedButNotEligible() {
            repository.load(keyOf(alice), false, AccountState.ACTIVE);

            EligibilityView view = service.view(alice);

            assertThat(view.eligible()).isFalse();
            assertThat(view.accountState()).isEqualTo(AccountState.ACTIVE);
        }

        @Test
        @DisplayName("after a claim the caller sees PENDING, and once granted the code, expiry and the voucher's own value")
        void pendingThenIssued() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            service.claim(alice);
            assertThat(service.view(alice).status()).isEqualTo(VoucherStatus.PENDING);

            Voucher voucher = voucherIssuedAt(NOW, Money.krw(30_000));
            repository.grant(keyOf(alice), voucher);
            EligibilityView view = service.view(alice);

            assertThat(view.status()).isEqualTo(VoucherStatus.ISSUED);
            assertThat(view.voucherCode()).isEqualTo(voucher.code().value());
            assertThat(view.voucherExpiresAt()).isEqualTo(voucher.expiresAt());
            assertThat(view.voucherValue()).as("the value recorded on the voucher wins over today's configuration")
                    .isEqualTo(Money.krw(30_000));
        }

        @Test
        @DisplayName("the store is asked only for the key derived from the caller's own principal")
        void readsOnlyTheCallersKey() {
            service.view(alice);
            service.view(closedAccount);

            assertThat(repository.calls()).containsExactly("find " + keyOf(alice).value(),
                    "find " + keyOf(closedAccount).value());
        }
    }

    @Nested
    @DisplayName("claim")
    class Claim {

        @Test
        @DisplayName("an eligible caller's first claim records it and sends one issue request for their key")
        void firstClaimSendsOneRequest() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);

            ClaimResult result = service.claim(alice);

            assertThat(result).isInstanceOf(ClaimResult.Pending.class);
            assertThat(((ClaimResult.Pending) result).view().status()).isEqualTo(VoucherStatus.PENDING);
            assertThat(queue.sent).singleElement().satisfies(request -> {
                assertThat(request.customerKey()).isEqualTo(keyOf(alice));
                assertThat(request.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
                assertThat(request.requestedAt()).isEqualTo(NOW);
                assertThat(request.requestId()).isNotBlank();
            });
            assertThat(repository.item(keyOf(alice)).claimRequestedAt()).isEqualTo(NOW);
        }

        @Test
        @DisplayName("repeating the claim within the resubmit window answers pending and sends nothing more")
        void repeatWithinWindowIsIdempotent() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            service.claim(alice);
            clock.advance(RESUBMIT_AFTER.minusMillis(1));

            ClaimResult again = service.claim(alice);

            assertThat(again).isInstanceOf(ClaimResult.Pending.class);
            assertThat(queue.sent).hasSize(1);
            assertThat(repository.item(keyOf(alice)).claimRequestedAt()).as("the original claim time is kept")
                    .isEqualTo(NOW);
        }

        @Test
        @DisplayName("exactly one window after the first claim it is still pending; after that a lost request is renewed")
        void staleClaimIsResubmitted() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            service.claim(alice);

            clock.set(NOW.plus(RESUBMIT_AFTER));
            service.claim(alice);
            assertThat(queue.sent).hasSize(1);

            clock.set(NOW.plus(RESUBMIT_AFTER).plusMillis(1));
            ClaimResult renewed = service.claim(alice);

            assertThat(renewed).isInstanceOf(ClaimResult.Pending.class);
            assertThat(queue.sent).hasSize(2);
            assertThat(queue.sent.get(1).requestedAt()).isEqualTo(NOW.plus(RESUBMIT_AFTER).plusMillis(1));
        }

        @Test
        @DisplayName("the store is asked to renew only claims older than now minus the resubmit window")
        void passesTheResubmitBoundary() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);

            service.claim(alice);

            assertThat(repository.lastResubmitBoundary()).contains(NOW.minus(RESUBMIT_AFTER));
        }

        @Test
        @DisplayName("a caller whose voucher exists gets it back as issued and nothing is sent")
        void issuedAnswersTheVoucher() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            Voucher voucher = voucherIssuedAt(NOW.minusSeconds(60), VALUE);
            repository.grant(keyOf(alice), voucher);

            ClaimResult result = service.claim(alice);

            assertThat(result).isInstanceOf(ClaimResult.Issued.class);
            assertThat(((ClaimResult.Issued) result).view().voucherCode()).isEqualTo(voucher.code().value());
            assertThat(queue.sent).isEmpty();
        }

        @Test
        @DisplayName("an unknown caller, or one on the list without entitlement, is not eligible and nothing is sent")
        void notEligible() {
            repository.load(keyOf(closedAccount), false, AccountState.CLOSED);

            assertThat(service.claim(alice)).isInstanceOf(ClaimResult.NotEligible.class);
            assertThat(service.claim(closedAccount)).isInstanceOf(ClaimResult.NotEligible.class);
            assertThat(queue.sent).isEmpty();
            assertThat(repository.item(keyOf(closedAccount)).claimRequestedAt()).isNull();
        }

        @Test
        @DisplayName("a closed-account customer claims through the identity-verification role")
        void closedAccountClaims() {
            repository.load(keyOf(closedAccount), true, AccountState.CLOSED);

            ClaimResult result = service.claim(closedAccount);

            assertThat(result).isInstanceOf(ClaimResult.Pending.class);
            assertThat(((ClaimResult.Pending) result).view().accountState()).isEqualTo(AccountState.CLOSED);
            assertThat(queue.sent).singleElement().extracting(IssueRequest::customerKey).isEqualTo(keyOf(closedAccount));
        }

        @Test
        @DisplayName("when the queue refuses the request the claim is withdrawn, so the customer's retry sends again")
        void queueFailureWithdrawsTheClaim() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            TransientFailure sendFailure = new TransientFailure("SendMessage failed transiently", null);
            queue.failNext = sendFailure;

            assertThatThrownBy(() -> service.claim(alice)).isSameAs(sendFailure);
            assertThat(repository.item(keyOf(alice)).claimRequestedAt()).isNull();

            ClaimResult retry = service.claim(alice);

            assertThat(retry).isInstanceOf(ClaimResult.Pending.class);
            assertThat(queue.sent).hasSize(1);
        }

        @Test
        @DisplayName("when the withdrawal fails too, the queue's failure is thrown with the withdrawal's attached")
        void withdrawalFailureIsSuppressed() {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            TransientFailure sendFailure = new TransientFailure("SendMessage failed transiently", null);
            queue.failNext = sendFailure;
            TransientFailure withdrawalFailure = new TransientFailure("UpdateItem failed transiently", null);
            repository.failWithdrawalsWith(withdrawalFailure);

            assertThatThrownBy(() -> service.claim(alice))
                    .isSameAs(sendFailure)
                    .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(withdrawalFailure));
        }

        @Test
        @DisplayName("many concurrent claims by one customer send exactly one issue request")
        void racingClaimsSendOneRequest() throws Exception {
            repository.load(keyOf(alice), true, AccountState.ACTIVE);
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<ClaimResult>> results = new ArrayList<>();
                for (int i = 0; i < threads * 4; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return service.claim(alice);
                    }));
                }
                start.countDown();
                for (Future<ClaimResult> result : results) {
                    assertThat(result.get()).isInstanceOf(ClaimResult.Pending.class);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(queue.sent).hasSize(1);
        }
    }

    private CustomerKey keyOf(Principal principal) {
        return hasher.keyOf(principal);
    }

    private static Voucher voucherIssuedAt(Instant issuedAt, Money value) {
        return new Voucher(new VoucherCodeGenerator().next(), value, issuedAt, issuedAt.plus(Duration.ofDays(365)),
                IssueSource.CUSTOMER_CLAIM, "req-1");
    }

    static final class FakeQueue implements IssueRequestQueue {
        final List<IssueRequest> sent = new ArrayList<>();
        RuntimeException failNext;

        @Override
        public synchronized void submit(IssueRequest request) {
            if (failNext != null) {
                RuntimeException failure = failNext;
                failNext = null;
                throw failure;
            }
            sent.add(request);
        }
    }
}
