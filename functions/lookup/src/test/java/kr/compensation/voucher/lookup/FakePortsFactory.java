package kr.compensation.voucher.lookup;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.IssueRequestQueue;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import kr.compensation.voucher.domain.testing.SettableClock;
import kr.compensation.voucher.shell.FunctionClients;

/**
 * In the "fake-ports" environment the handler runs with in-memory DynamoDB and SQS stand-ins and a settable clock;
 * everything else (configuration, hasher, routing, rendering) is the production wiring.
 */
@Factory
@Requires(env = LookupHandlers.FAKE_PORTS)
public class FakePortsFactory {

    @Singleton
    @Replaces(bean = EligibilityRepository.class, factory = LookupFactory.class)
    InMemoryEligibilityRepository repository() {
        return new InMemoryEligibilityRepository();
    }

    @Singleton
    @Replaces(bean = IssueRequestQueue.class, factory = LookupFactory.class)
    RecordingIssueRequestQueue queue() {
        return new RecordingIssueRequestQueue();
    }

    @Singleton
    @Replaces(bean = Clock.class, factory = FunctionClients.class)
    SettableClock clock() {
        return new SettableClock(LookupHandlers.OPENS_AT);
    }
}
