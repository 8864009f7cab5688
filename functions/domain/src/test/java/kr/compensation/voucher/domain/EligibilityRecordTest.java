package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the money rules as plain predicates, and how a refused write is read. */
class EligibilityRecordTest {

    private static final CustomerKey KEY = new CustomerKey("a".repeat(43));
    private static final Instant NOW = Instant.parse("2027-01-15T01:00:00Z");
    private static final Instant BOUNDARY = NOW.minus(Duration.ofMinutes(15));

    private final Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), NOW,
            NOW.plus(Duration.ofDays(365)), IssueSource.CUSTOMER_CLAIM, "req-1");

    private final EligibilityRecord eligible = EligibilityRecord.newlyLoaded(KEY, true, AccountState.ACTIVE);
    private final EligibilityRecord notEligible = EligibilityRecord.newlyLoaded(KEY, false, AccountState.CLOSED);

    @Nested
    @DisplayName("mayBeGranted")
    class MayBeGranted {

        @Test
        @DisplayName("an eligible customer without a voucher may be granted one, whether or not they claimed")
        void eligibleWithoutVoucher() {
            assertThat(eligible.mayBeGranted()).isTrue();
            assertThat(eligible.withClaimRequestedAt(NOW).mayBeGranted()).isTrue();
        }

        @Test
        @DisplayName("a customer with a voucher, or one not owed a voucher, may not")
        void notTwiceAndNotToTheIneligible() {
            assertThat(eligible.withVoucher(voucher).mayBeGranted()).isFalse();
            assertThat(notEligible.mayBeGranted()).isFalse();
        }
    }

    @Nested
    @DisplayName("mayClaim")
    class MayClaim {

        @Test
        @DisplayName("an eligible customer without a voucher or a claim may claim")
        void firstClaim() {
            assertThat(eligible.mayClaim(BOUNDARY)).isTrue();
        }

        @Test
        @DisplayName("a claim recorded at or after the boundary blocks another; one older than it does not")
        void recentClaimBlocks() {
            assertThat(eligible.withClaimRequestedAt(BOUNDARY.plusMillis(1)).mayClaim(BOUNDARY)).isFalse();
            assertThat(eligible.withClaimRequestedAt(BOUNDARY).mayClaim(BOUNDARY)).isFalse();
            assertThat(eligible.withClaimRequestedAt(BOUNDARY.minusMillis(1)).mayClaim(BOUNDARY)).isTrue();
        }

        @Test
        @DisplayName("a customer with a voucher, or one not owed a voucher, may not claim, however old their claim")
        void onlyWhatMayBeGranted() {
            assertThat(eligible.withVoucher(voucher).mayClaim(BOUNDARY)).isFalse();
            assertThat(eligible.withClaimRequestedAt(BOUNDARY.minusSeconds(3600)).withVoucher(voucher).mayClaim(BOUNDARY))
                    .isFalse();
            assertThat(notEligible.mayClaim(BOUNDARY)).isFalse();
        }
    }

    @Test
    @DisplayName("a claim may be withdrawn only by the instant it was made at")
    void hasClaimRequestedAt() {
        EligibilityRecord claimed = eligible.withClaimRequestedAt(NOW);

        assertThat(claimed.hasClaimRequestedAt(NOW)).isTrue();
        assertThat(claimed.hasClaimRequestedAt(NOW.plusMillis(1))).isFalse();
        assertThat(eligible.hasClaimRequestedAt(NOW)).isFalse();
    }

    @Nested
    @DisplayName("a refused claim")
    class RefusedClaim {

        @Test
        @DisplayName("for an unknown customer or one not owed a voucher is NotEligible")
        void notEligible() {
            assertThat(ClaimMark.refused(null)).isEqualTo(new ClaimMark.NotEligible());
            assertThat(ClaimMark.refused(notEligible)).isEqualTo(new ClaimMark.NotEligible());
            assertThat(ClaimMark.refused(notEligible.withVoucher(voucher))).isEqualTo(new ClaimMark.NotEligible());
        }

        @Test
        @DisplayName("for a customer with a voucher answers it, claimed or not")
        void alreadyIssued() {
            EligibilityRecord issued = eligible.withClaimRequestedAt(NOW).withVoucher(voucher);

            assertThat(ClaimMark.refused(issued)).isEqualTo(new ClaimMark.AlreadyIssued(issued));
        }

        @Test
        @DisplayName("for a customer with a recent claim answers it as pending")
        void alreadyPending() {
            EligibilityRecord pending = eligible.withClaimRequestedAt(NOW);

            assertThat(ClaimMark.refused(pending)).isEqualTo(new ClaimMark.AlreadyPending(pending));
        }

        @Test
        @DisplayName("cannot be a record the claim's condition accepts")
        void notARefusal() {
            assertThatThrownBy(() -> ClaimMark.refused(eligible)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("a refused grant")
    class RefusedGrant {

        @Test
        @DisplayName("for an unknown customer or one not owed a voucher is NotEligible")
        void notEligible() {
            assertThat(GrantOutcome.refused(null, voucher)).isEqualTo(new GrantOutcome.NotEligible());
            assertThat(GrantOutcome.refused(notEligible, voucher)).isEqualTo(new GrantOutcome.NotEligible());
        }

        @Test
        @DisplayName("for a customer with another voucher answers AlreadyIssued with that voucher")
        void alreadyIssued() {
            Voucher other = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(300)), IssueSource.OPS_BULK, "earlier");

            assertThat(GrantOutcome.refused(eligible.withVoucher(other), voucher))
                    .isEqualTo(new GrantOutcome.AlreadyIssued(other));
        }

        @Test
        @DisplayName("finding the very voucher it tried to write means its earlier attempt won: Granted")
        void lostResponse() {
            assertThat(GrantOutcome.refused(eligible.withVoucher(voucher), voucher))
                    .isEqualTo(new GrantOutcome.Granted(voucher));
        }
    }
}
