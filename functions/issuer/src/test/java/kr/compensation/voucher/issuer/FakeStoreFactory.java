package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import kr.compensation.voucher.domain.EligibilityRepository;

/**
 * In the "fake-store" environment the handler runs over an in-memory store and writes its metrics to a buffer;
 * everything else (configuration, codec, service, processor, priming) is the production wiring.
 */
@Factory
@Requires(env = IssuerHandlerTest.FAKE_STORE)
public class FakeStoreFactory {

    @Singleton
    @Replaces(bean = EligibilityRepository.class, factory = IssuerFactory.class)
    InMemoryEligibilityStore store() {
        return new InMemoryEligibilityStore();
    }

    @Singleton
    IssuerTestData.CapturedOutput metricsOutput() {
        return new IssuerTestData.CapturedOutput();
    }

    @Singleton
    @Replaces(bean = IssuanceMetrics.class, factory = IssuerFactory.class)
    IssuanceMetrics metrics(IssuerTestData.CapturedOutput output, Clock clock) {
        return IssuanceMetrics.writingTo(output.stream, clock);
    }
}
