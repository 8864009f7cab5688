package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the store is a recording fake that answers what each test tells it to. */
class IssuanceServiceTest {

    private static final Instant NOW = Instant.parse("2027-01-15T00:00:05Z");
    private static final VoucherTerms TERMS = new VoucherTerms(Money.krw(50_000), Duration.ofDays(365));
    private static final CustomerKey CUSTOMER = new CustomerKey("a".repeat(43));
    private static final IssueRequest REQUEST =
            new IssueRequest(CUSTOMER, IssueSource.CUSTOMER_CLAIM, "req-1", NOW.minusSeconds(3));

    @Test
    void issue_shouldGrantAVoucherWithTheConfiguredTerms_whenTheStoreAcceptsTheGrant() {
        RecordingRepository store = new RecordingRepository(GrantOutcome.Granted::new);

        GrantOutcome outcome = service(store).issue(REQUEST);

        assertThat(outcome).isInstanceOf(GrantOutcome.Granted.class);
        assertThat(store.grants).hasSize(1);
        Grant grant = store.grants.getFirst();
        assertThat(grant.key()).isEqualTo(CUSTOMER);
        Voucher voucher = grant.voucher();
        assertThat(voucher.value()).isEqualTo(Money.krw(50_000));
        assertThat(voucher.issuedAt()).isEqualTo(NOW);
        assertThat(voucher.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(365)));
        assertThat(voucher.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
        assertThat(voucher.requestId()).isEqualTo("req-1");
        assertThat(VoucherCode.isWellFormed(voucher.code().value())).isTrue();
    }

    @Test
    void issue_shouldReportAlreadyIssued_whenTheCustomerHasAVoucher() {
        Voucher existing = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(300)), IssueSource.OPS_BULK, "earlier");
        RecordingRepository store = new RecordingRepository(attempt -> new GrantOutcome.AlreadyIssued(existing));

        assertThat(service(store).issue(REQUEST)).isInstanceOf(GrantOutcome.AlreadyIssued.class);
    }

    @Test
    void issue_shouldReportRejected_whenTheCustomerIsNotEligible() {
        RecordingRepository store = new RecordingRepository(attempt -> new GrantOutcome.NotEligible());

        assertThat(service(store).issue(REQUEST)).isInstanceOf(GrantOutcome.NotEligible.class);
    }

    @Test
    void issue_shouldLetATransientFailureThrough_soThatTheRequestIsRetried() {
        RecordingRepository store = new RecordingRepository(attempt -> {
            throw new TransientFailure("throttled", null);
        });

        assertThatThrownBy(() -> service(store).issue(REQUEST)).isInstanceOf(TransientFailure.class);
    }

    @Test
    void issue_shouldAskTheStoreExactlyOnce_withoutReadingFirst() {
        RecordingRepository store = new RecordingRepository(GrantOutcome.Granted::new);

        service(store).issue(REQUEST);

        assertThat(store.grants).hasSize(1);
        assertThat(store.otherCalls).isZero();
    }

    @Test
    void issue_shouldDrawAFreshCodeForEveryRequest_evenForTheSameCustomer() {
        RecordingRepository store = new RecordingRepository(GrantOutcome.Granted::new);
        IssuanceService service = service(store);

        service.issue(REQUEST);
        service.issue(REQUEST);

        assertThat(store.grants.get(0).voucher().code()).isNotEqualTo(store.grants.get(1).voucher().code());
    }

    private static IssuanceService service(EligibilityRepository store) {
        return new IssuanceService(store, new VoucherCodeGenerator(), TERMS, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private record Grant(CustomerKey key, Voucher voucher) {
    }

    private static final class RecordingRepository implements EligibilityRepository {
        final List<Grant> grants = new ArrayList<>();
        int otherCalls;
        private final Function<Voucher, GrantOutcome> answer;

        RecordingRepository(Function<Voucher, GrantOutcome> answer) {
            this.answer = answer;
        }

        @Override
        public GrantOutcome grant(CustomerKey key, Voucher voucher) {
            grants.add(new Grant(key, voucher));
            return answer.apply(voucher);
        }

        @Override
        public Optional<EligibilityRecord> find(CustomerKey key) {
            otherCalls++;
            return Optional.empty();
        }

        @Override
        public ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant resubmitIfRequestedBefore) {
            otherCalls++;
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
            otherCalls++;
        }
    }
}
