package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the store is the shared in-memory repository (held to the same contract as DynamoDB). */
class IssuanceServiceTest {

    private static final Instant NOW = Instant.parse("2027-01-15T00:00:05Z");
    private static final VoucherTerms TERMS = new VoucherTerms(Money.krw(50_000), Duration.ofDays(365));
    private static final CustomerKey CUSTOMER = new CustomerKey("a".repeat(43));
    private static final IssueRequest REQUEST =
            new IssueRequest(CUSTOMER, IssueSource.CUSTOMER_CLAIM, "req-1", NOW.minusSeconds(3));

    private final InMemoryEligibilityRepository store = new InMemoryEligibilityRepository();
    private final IssuanceService service =
            new IssuanceService(store, new VoucherCodeGenerator(), TERMS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void issue_shouldGrantAVoucherWithTheConfiguredTerms_whenTheStoreAcceptsTheGrant() {
        store.load(CUSTOMER, true);

        GrantOutcome outcome = service.issue(REQUEST);

        assertThat(outcome).isInstanceOf(GrantOutcome.Granted.class);
        assertThat(store.grantAttempts()).containsExactly(CUSTOMER);
        Voucher voucher = store.voucherOf(CUSTOMER).orElseThrow();
        assertThat(outcome).isEqualTo(new GrantOutcome.Granted(voucher));
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
        store.put(EligibilityRecord.newlyLoaded(CUSTOMER, true, AccountState.ACTIVE).withVoucher(existing));

        assertThat(service.issue(REQUEST)).isEqualTo(new GrantOutcome.AlreadyIssued(existing));
        assertThat(store.voucherOf(CUSTOMER)).contains(existing);
    }

    @Test
    void issue_shouldReportRejected_whenTheCustomerIsNotEligible() {
        store.load(CUSTOMER, false);

        assertThat(service.issue(REQUEST)).isEqualTo(new GrantOutcome.NotEligible());
        assertThat(store.voucherOf(CUSTOMER)).isEmpty();
    }

    @Test
    void issue_shouldLetATransientFailureThrough_soThatTheRequestIsRetried() {
        store.load(CUSTOMER, true);
        store.failGrantsFor(CUSTOMER, new TransientFailure("throttled", null));

        assertThatThrownBy(() -> service.issue(REQUEST)).isInstanceOf(TransientFailure.class);
    }

    @Test
    void issue_shouldAskTheStoreExactlyOnce_withoutReadingFirst() {
        store.load(CUSTOMER, true);

        service.issue(REQUEST);

        assertThat(store.grantAttempts()).hasSize(1);
        assertThat(store.otherCalls()).isZero();
    }

    @Test
    void issue_shouldDrawAFreshCodeForEveryRequest_evenForTheSameCustomer() {
        store.load(CUSTOMER, true);
        service.issue(REQUEST);
        VoucherCode first = store.voucherOf(CUSTOMER).orElseThrow().code();
        store.load(CUSTOMER, true);

        service.issue(REQUEST);

        assertThat(store.grantAttempts()).hasSize(2);
        assertThat(store.voucherOf(CUSTOMER).orElseThrow().code()).isNotEqualTo(first);
    }
}
