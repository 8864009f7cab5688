package kr.compensation.voucher.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.EligibilityConditions.Condition;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs nothing running: the exact expressions the store is sent. What they do inside DynamoDB is proven by the
 * repository contract on the emulator ({@code DynamoDbEligibilityRepositoryIT}).
 */
class EligibilityConditionsTest {

    @Test
    void mayBeGranted_shouldRequireAKnownEligibleCustomerWithoutAVoucher() {
        Condition condition = EligibilityConditions.MAY_BE_GRANTED;

        assertThat(condition.expression())
                .isEqualTo("attribute_exists(#pk) AND #eligible = :true AND attribute_not_exists(#code)");
        assertThat(condition.names()).containsExactlyInAnyOrderEntriesOf(
                Map.of("#pk", "pk", "#eligible", "eligible", "#code", "voucherCode"));
        assertThat(condition.values()).containsExactlyInAnyOrderEntriesOf(Map.of(":true", AttributeValue.fromBool(true)));
    }

    @Test
    void mayClaim_shouldAddNoRecentClaim_withTheBoundaryAtFixedWidth() {
        Condition condition = EligibilityConditions.mayClaim(Instant.parse("2027-01-15T00:45:00Z"));

        assertThat(condition.expression()).isEqualTo("attribute_exists(#pk) AND #eligible = :true "
                + "AND attribute_not_exists(#code) AND (attribute_not_exists(#claimed) OR #claimed < :staleBefore)");
        assertThat(condition.names()).containsExactlyInAnyOrderEntriesOf(Map.of("#pk", "pk", "#eligible", "eligible",
                "#code", "voucherCode", "#claimed", "claimRequestedAt"));
        assertThat(condition.values()).containsExactlyInAnyOrderEntriesOf(Map.of(":true", AttributeValue.fromBool(true),
                ":staleBefore", AttributeValue.fromS("2027-01-15T00:45:00.000Z")));
    }

    @Test
    void hasClaimRequestedAt_shouldMatchOnlyThatInstant() {
        Condition condition = EligibilityConditions.hasClaimRequestedAt(Instant.parse("2027-01-15T01:00:00.250Z"));

        assertThat(condition.expression()).isEqualTo("#claimed = :requestedAt");
        assertThat(condition.names()).containsExactlyEntriesOf(Map.of("#claimed", "claimRequestedAt"));
        assertThat(condition.values())
                .containsExactlyEntriesOf(Map.of(":requestedAt", AttributeValue.fromS("2027-01-15T01:00:00.250Z")));
    }

    @Test
    void placeholders_shouldMergeWithTheRequestsOwn_butNeverMeanTwoThings() {
        Condition condition = EligibilityConditions.MAY_BE_GRANTED;

        assertThat(condition.namesWith(Map.of("#pk", "pk", "#claimed", "claimRequestedAt")))
                .containsEntry("#pk", "pk").containsEntry("#claimed", "claimRequestedAt").hasSize(4);
        assertThatThrownBy(() -> condition.namesWith(Map.of("#code", "issueRequestId")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#code");
        assertThatThrownBy(() -> condition.valuesWith(Map.of(":true", AttributeValue.fromBool(false))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
