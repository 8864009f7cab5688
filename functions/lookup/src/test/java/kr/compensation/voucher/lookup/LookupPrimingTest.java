package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micronaut.crac.OrderedResource;
import io.micronaut.crac.test.CheckpointSimulator;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.lookup.api.LookupApi;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SnapStart hook, run through micronaut-crac's checkpoint simulator (available in the "test" environment). */
class LookupPrimingTest extends FakePortsTestBase {

    @Test
    @DisplayName("the priming resource is registered with CRaC")
    void isRegistered() {
        assertThat(handler.getApplicationContext().getBeansOfType(OrderedResource.class))
                .hasAtLeastOneElementOfType(LookupPriming.class);
    }

    @Test
    @DisplayName("before the checkpoint it reads only a synthetic key, once a priming round, writes nothing and queues nothing")
    void primesWithOneHarmlessRead() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

        handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint();

        assertThat(repository.calls()).hasSize(LookupApi.PRIMING_ROUNDS)
                .containsOnly("find " + LookupHandlers.HASHER.keyOf(LookupApi.PRIMING_CALLER).value());
        assertThat(queue.sent()).isEmpty();
        assertThat(repository.item(signIn(CUSTOMER_A)).claimRequestedAt()).isNull();
    }

    @Test
    @DisplayName("it primes before the opening too, when snapshots are taken: the gate does not apply to priming")
    void primesBeforeTheOpening() {
        clock.set(LookupHandlers.OPENS_AT.minusSeconds(86_400));

        handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint();

        assertThat(repository.calls()).hasSize(LookupApi.PRIMING_ROUNDS);
    }

    @Test
    @DisplayName("a store that cannot be reached does not block the snapshot")
    void storeFailureDoesNotBlockTheCheckpoint() {
        repository.failWith(new TransientFailure("GetItem failed transiently: SdkClientException", null));

        assertThatCode(() -> handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint())
                .doesNotThrowAnyException();
    }

    @Test
    @DisplayName("after restore the handler serves as before")
    void servesAfterRestore() {
        CheckpointSimulator simulator = handler.getApplicationContext().getBean(CheckpointSimulator.class);
        simulator.runBeforeCheckpoint();
        simulator.runAfterRestore();
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

        assertThat(invoke(LookupHandlers.event("signin-post-claim.json")).getStatusCode()).isEqualTo(202);
    }
}
