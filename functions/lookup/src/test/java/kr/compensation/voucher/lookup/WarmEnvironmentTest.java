package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import kr.compensation.voucher.domain.AccountState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One handler serving many invocations, as a warm Lambda environment does; needs nothing running. */
class WarmEnvironmentTest extends FakePortsTestBase {

    @Test
    @DisplayName("serving requests adds nothing to the application context, so a warm environment does not slow down")
    void invocationsDoNotGrowTheContext() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        invoke(LookupHandlers.event("signin-get-eligibility.json"));
        int before = handler.getApplicationContext().getAllBeanDefinitions().size();

        for (int i = 0; i < 200; i++) {
            assertThat(handler.handleRequest(LookupHandlers.event("signin-get-eligibility.json"),
                    LookupHandlers.invocation("lambda-request-" + i)).getStatusCode()).isEqualTo(200);
        }

        assertThat(handler.getApplicationContext().getAllBeanDefinitions()).hasSize(before);
    }
}
