package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.reliability.harness.LocalApi;
import kr.compensation.voucher.reliability.harness.OpeningLoad;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Needs the project's emulator virtualenv and, for the figures the issue asks for, wrk (infra/bin/bootstrap's
 * system prerequisites; without it a Java generator applies the same rules). The local run under load for about a
 * minute across its opening instant: the gate flips while customers hammer both route families. Before the instant
 * only not-open-yet problems (with Retry-After), after it only successes, on every connection in that order; no
 * 5xx, no socket error.
 */
@ExtendWith(LogScan.class)
class OpeningUnderLoadIT {

    /** Room for the local run to start and the customers to be loaded before the load begins. */
    private static final Duration OPENS_AFTER = Duration.ofSeconds(Long.getLong("reliability.opening.delay", 35));
    /** Load continues this long after the opening instant. */
    private static final Duration AFTER_OPENING = Duration.ofSeconds(Long.getLong("reliability.opening.after", 30));

    @Test
    @DisplayName("about a minute of load across the opening: not-open-yet before, successes after, never a 5xx")
    void theGateFlipsOnceUnderLoad_notOpenBeforeSuccessAfter_noErrors() {
        Instant opensAt = Instant.now().plus(OPENS_AFTER).truncatedTo(ChronoUnit.SECONDS);
        try (LocalApi api = LocalApi.start(opensAt)) {
            List<OpeningLoad.Connection> connections = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String subject = Customers.subject("openingactive", i);
                api.load(IssuerRole.SIGN_IN, subject, true, AccountState.ACTIVE);
                connections.add(new OpeningLoad.Connection(false, true, api.token(IssuerRole.SIGN_IN, subject)));
            }
            for (int i = 0; i < 2; i++) {
                String subject = Customers.subject("openingclosed", i);
                api.load(IssuerRole.IDENTITY_VERIFICATION, subject, true, AccountState.CLOSED);
                connections.add(new OpeningLoad.Connection(true, true,
                        api.token(IssuerRole.IDENTITY_VERIFICATION, subject)));
            }
            // Customers not owed a voucher only read: their claim would rightly be refused after the opening.
            String outsider = Customers.subject("openingoutsider", 0);
            api.load(IssuerRole.SIGN_IN, outsider, false, AccountState.ACTIVE);
            connections.add(new OpeningLoad.Connection(false, false, api.token(IssuerRole.SIGN_IN, outsider)));
            String stranger = Customers.subject("openingstranger", 0);
            connections.add(new OpeningLoad.Connection(false, false, api.token(IssuerRole.SIGN_IN, stranger)));

            Duration untilOpening = Duration.between(Instant.now(), opensAt);
            assertThat(untilOpening).as("the local run started before its opening instant")
                    .isGreaterThan(Duration.ofSeconds(5));
            Duration load = untilOpening.plus(AFTER_OPENING).truncatedTo(ChronoUnit.SECONDS);

            OpeningLoad.Result result = OpeningLoad.run(api.base(), connections, load);

            assertThat(result.notOpen()).as("not-open-yet answers before the opening").isPositive();
            assertThat(result.success()).as("successes after the opening").isPositive();
            assertThat(result.other()).as("answers that are neither; statuses %s", result.statuses()).isZero();
            assertThat(result.serverErrors()).as("5xx").isZero();
            assertThat(result.socketErrors()).as("socket errors and timeouts").isZero();
            assertThat(result.missingRetryAfter()).as("not-open-yet answers without Retry-After").isZero();
            assertThat(result.inversions()).as("not-open-yet after a success on one connection").isZero();
            TableScan.assertNoPersonalData(api.run().aws().dynamoDb(), api.table());

            Figures.note("opening under load", String.format("%s, %d connections, %d s (%d s before the opening, %d s "
                            + "after): %d requests, %.0f/s, %d not-open-yet then %d successes, statuses %s, "
                            + "p50 %.1f ms, p99 %.1f ms, %d 5xx, %d socket errors, %d inversions", result.generator(),
                    connections.size(), load.toSeconds(), untilOpening.toSeconds(), AFTER_OPENING.toSeconds(),
                    result.requests(), result.requestsPerSecond(), result.notOpen(), result.success(),
                    result.statuses(), result.latencyP50Micros() / 1000.0, result.latencyP99Micros() / 1000.0,
                    result.serverErrors(), result.socketErrors(), result.inversions()));
        }
    }
}
