package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;

/**
 * In the "fake-store" environment the handler runs over an in-memory store; everything else (configuration, codec,
 * service, processor, priming) is the production wiring.
 */
@Factory
@Requires(env = FakeStoreFactory.FAKE_STORE)
public class FakeStoreFactory {

    static final String FAKE_STORE = "fake-store";

    @Singleton
    @Replaces(bean = EligibilityRepository.class, factory = IssuerFactory.class)
    InMemoryEligibilityRepository store() {
        return new InMemoryEligibilityRepository();
    }
}
