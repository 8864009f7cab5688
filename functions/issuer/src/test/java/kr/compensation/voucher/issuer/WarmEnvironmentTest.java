package kr.compensation.voucher.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import kr.compensation.voucher.locallambda.LocalLambdaContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;

/** One handler serving many invocations, as a warm Lambda environment does; needs nothing running. */
class WarmEnvironmentTest {

    private final IssuerHandler handler = new IssuerHandler(ApplicationContext.builder()
            .environments("test", FakeStoreFactory.FAKE_STORE, CapturedMetricsFactory.CAPTURED_METRICS)
            .deduceEnvironment(false)
            .properties(IssuerTestData.properties("EligibilityTable")));

    @AfterEach
    void close() {
        handler.close();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-one-request.json", type = SQSEvent.class)
    @DisplayName("invocations add nothing to the application context, so a warm environment does not slow down")
    void invocationsDoNotGrowTheContext(SQSEvent event) {
        handler.handleRequest(event, context());
        int before = handler.getApplicationContext().getAllBeanDefinitions().size();

        for (int i = 0; i < 200; i++) {
            handler.handleRequest(event, context());
        }

        assertThat(handler.getApplicationContext().getAllBeanDefinitions()).hasSize(before);
    }

    private static LocalLambdaContext context() {
        return new LocalLambdaContext("IssuerFunction", "ap-northeast-2", Duration.ofSeconds(30));
    }
}
