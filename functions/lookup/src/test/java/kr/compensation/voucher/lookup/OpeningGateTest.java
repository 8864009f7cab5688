package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.OPENS_AT;
import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import kr.compensation.voucher.domain.AccountState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The opening is 2027-01-15T00:00:00+09:00; the clock is set around it. */
class OpeningGateTest extends FakePortsTestBase {

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("one millisecond before the opening both endpoints of both route families answer 403 not-open-yet")
    @ValueSource(strings = {"signin-get-eligibility.json", "signin-post-claim.json", "verified-get-eligibility.json",
            "verified-post-claim.json"})
    void closedOneMillisecondBefore(String fixture) {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        loadEligible(verified(VERIFIED_C), AccountState.CLOSED);
        clock.set(OPENS_AT.minusMillis(1));

        APIGatewayV2HTTPResponse response = invoke(event(fixture));

        assertProblem(response, 403, "not-open-yet");
        assertThat(response.getHeaders()).containsEntry("Retry-After", "1");
        JsonNode problem = body(response);
        assertThat(problem.path("opensAt").asText()).isEqualTo("2027-01-15T00:00:00+09:00");
        assertThat(problem.path("detail").asText()).contains("2027년 1월 15일 00:00");
    }

    @Test
    @DisplayName("before the opening DynamoDB and SQS are not touched at all")
    void gateComesBeforeTheStore() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        clock.set(OPENS_AT.minusMillis(1));

        invoke(event("signin-get-eligibility.json"));
        invoke(event("signin-post-claim.json"));

        assertThat(repository.calls()).isEmpty();
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    @DisplayName("exactly at the opening instant the endpoints serve")
    void openExactlyAtTheInstant() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        clock.set(OPENS_AT);

        assertThat(invoke(event("signin-get-eligibility.json")).getStatusCode()).isEqualTo(200);
        assertThat(invoke(event("signin-post-claim.json")).getStatusCode()).isEqualTo(202);
        assertThat(queue.sent()).hasSize(1);
        assertThat(queue.sent().get(0).requestedAt()).isEqualTo(OPENS_AT);
    }

    @Test
    @DisplayName("Retry-After counts the whole seconds left, rounded up")
    void retryAfterCountsDown() {
        clock.set(OPENS_AT.minus(Duration.ofHours(1)));
        assertThat(invoke(event("signin-get-eligibility.json")).getHeaders()).containsEntry("Retry-After", "3600");

        clock.set(OPENS_AT.minus(Duration.ofMillis(2_500)));
        assertThat(invoke(event("signin-get-eligibility.json")).getHeaders()).containsEntry("Retry-After", "3");
    }

    @Test
    @DisplayName("not-open-yet is a 4xx, so the opening-day alarms on 5xx stay quiet")
    void notOpenYetIsNotA5xx() {
        clock.set(OPENS_AT.minusSeconds(30));

        assertThat(invoke(event("signin-post-claim.json")).getStatusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("the route and the caller are checked first: unknown paths are 404 and missing tokens 401 even before the opening")
    void routeAndCallerBeforeTheGate() {
        clock.set(OPENS_AT.minusSeconds(30));

        assertProblem(invoke(event("default-unknown-path.json")), 404, "not-found");
        assertProblem(invoke(event("signin-get-eligibility-no-claims.json")), 401, "unauthorized");
    }
}
