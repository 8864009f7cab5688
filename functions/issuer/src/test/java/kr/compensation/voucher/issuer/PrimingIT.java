package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.crac.test.CheckpointSimulator;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Needs the local AWS emulator with template.yaml's table. What SnapStart priming costs against a real table. */
@WithLocalAws
class PrimingIT {

    @Test
    @DisplayName("priming sends one conditional UpdateItem that fails: nothing written, no item created, customers untouched")
    void beforeCheckpoint_shouldSendOneWriteThatChangesNothing(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        issuer.load(List.of(customer(1)), true);
        Map<String, Map<String, AttributeValue>> before = issuer.scan();
        DynamoDbTraffic traffic = new DynamoDbTraffic();

        try (IssuerHandler handler = capturingHandler(issuer, traffic)) {
            handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint();
        }

        assertThat(traffic.sentByOperation()).isEqualTo(Map.of("UpdateItem", 1));
        assertThat(traffic.successfulWrites()).isEmpty();
        assertThat(issuer.item(IssueBatchProcessor.PRIMING_KEY)).isEmpty();
        assertThat(issuer.scan()).isEqualTo(before);
        assertThat(issuer.item(customer(1))).doesNotContainKey(EligibilityItem.VOUCHER_CODE);
    }
}
