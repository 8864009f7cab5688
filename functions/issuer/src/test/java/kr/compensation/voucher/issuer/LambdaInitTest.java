package kr.compensation.voucher.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs nothing running. The constructor Lambda calls, with Lambda's context builder: it initialises every singleton
 * eagerly, so a bean that cannot be built fails here and not only at the first cold start in AWS. Configuration comes
 * in as system properties, which Micronaut reads like the environment variables Lambda would set.
 */
class LambdaInitTest {

    private static final Map<String, String> CONFIGURATION = Map.of(
            "voucher.table-name", "EligibilityTable",
            "voucher.validity-days", "365",
            "voucher.aws.region", "ap-northeast-2");

    @BeforeEach
    void configure() {
        CONFIGURATION.forEach(System::setProperty);
    }

    @AfterEach
    void clear() {
        CONFIGURATION.keySet().forEach(System::clearProperty);
    }

    @Test
    @DisplayName("the no-argument constructor builds every bean eagerly and the handler answers")
    void lambdaConstructor_shouldInitialiseAndServe() {
        SQSEvent.SQSMessage malformed = new SQSEvent.SQSMessage();
        malformed.setMessageId("m-1");
        malformed.setBody("not an issue request");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(malformed));

        try (IssuerHandler handler = new IssuerHandler()) {
            SQSBatchResponse response = handler.handleRequest(event, null);

            assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .containsExactly("m-1");
            assertThat(handler.getApplicationContext().getBean(IssuerSettings.class).tableName())
                    .isEqualTo("EligibilityTable");
        }
    }
}
