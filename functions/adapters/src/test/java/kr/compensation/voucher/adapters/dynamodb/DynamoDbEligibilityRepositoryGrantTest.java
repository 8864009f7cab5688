package kr.compensation.voucher.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Needs nothing running: the request the grant sends and how each answer maps to an outcome. What the condition does
 * inside DynamoDB is proven against the emulator in {@code DynamoDbEligibilityRepositoryIT}.
 */
class DynamoDbEligibilityRepositoryGrantTest {

    private static final CustomerKey CUSTOMER = new CustomerKey("k".repeat(43));
    private static final Instant NOW = Instant.parse("2027-01-15T00:00:05Z");

    private final Voucher voucher = voucher("req-1");

    @Test
    void grant_shouldSendOneConditionalUpdate_thatOnlyMatchesAKnownEligibleCustomerWithoutAVoucher() {
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> UpdateItemResponse.builder().build());

        new DynamoDbEligibilityRepository(dynamoDb, "EligibilityTable").grant(CUSTOMER, voucher);

        assertThat(dynamoDb.updates).hasSize(1);
        UpdateItemRequest request = dynamoDb.updates.getFirst();
        assertThat(request.tableName()).isEqualTo("EligibilityTable");
        assertThat(request.key()).isEqualTo(Map.of("pk", AttributeValue.fromS(CUSTOMER.value())));
        assertThat(request.conditionExpression())
                .isEqualTo("attribute_exists(#pk) AND #eligible = :true AND attribute_not_exists(#code)");
        assertThat(request.updateExpression()).isEqualTo("SET #code = :code, #amount = :amount, #currency = :currency, "
                + "#issuedAt = :issuedAt, #expiresAt = :expiresAt, #source = :source, #requestId = :requestId");
        assertThat(request.expressionAttributeNames()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "#pk", "pk", "#eligible", "eligible", "#code", "voucherCode", "#amount", "voucherAmount",
                "#currency", "voucherCurrency", "#issuedAt", "issuedAt", "#expiresAt", "expiresAt",
                "#source", "issueSource", "#requestId", "issueRequestId"));
        assertThat(request.expressionAttributeValues()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ":true", AttributeValue.fromBool(true),
                ":code", AttributeValue.fromS(voucher.code().value()),
                ":amount", AttributeValue.fromN("50000"),
                ":currency", AttributeValue.fromS("KRW"),
                ":issuedAt", AttributeValue.fromS("2027-01-15T00:00:05.000Z"),
                ":expiresAt", AttributeValue.fromS("2028-01-15T00:00:05.000Z"),
                ":source", AttributeValue.fromS("CUSTOMER_CLAIM"),
                ":requestId", AttributeValue.fromS("req-1")));
        assertThat(request.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    @Test
    void grant_shouldReturnGranted_whenTheWriteSucceeds() {
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> UpdateItemResponse.builder().build());

        GrantOutcome outcome = new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher);

        assertThat(outcome).isEqualTo(new GrantOutcome.Granted(voucher));
    }

    @Test
    void grant_shouldReturnAlreadyIssuedWithTheStoredVoucher_whenTheCustomerAlreadyHasOne() {
        Voucher first = voucher("req-0");
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
            throw conditionFailed(itemWith(first));
        });

        GrantOutcome outcome = new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher);

        assertThat(outcome).isEqualTo(new GrantOutcome.AlreadyIssued(first));
    }

    @Test
    void grant_shouldReturnGranted_whenTheStoredVoucherIsTheOneThisCallWroteBeforeItsResponseWasLost() {
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
            throw conditionFailed(itemWith(voucher));
        });

        GrantOutcome outcome = new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher);

        assertThat(outcome).isEqualTo(new GrantOutcome.Granted(voucher));
    }

    @Test
    void grant_shouldReturnNotEligible_whenTheCustomerIsNotEligible() {
        Map<String, AttributeValue> notEligible = EligibilityItem.newlyLoaded(CUSTOMER, false, AccountState.ACTIVE);
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
            throw conditionFailed(notEligible);
        });

        assertThat(new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher))
                .isEqualTo(new GrantOutcome.NotEligible());
    }

    @Test
    void grant_shouldReturnNotEligible_whenTheCustomerIsUnknown() {
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
            throw conditionFailed(Map.of());
        });

        assertThat(new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher))
                .isEqualTo(new GrantOutcome.NotEligible());
    }

    @Test
    void grant_shouldThrowTransientFailure_whenThrottledFailedOnTheServerOrTimedOut() {
        List<RuntimeException> transients = List.of(
                ProvisionedThroughputExceededException.builder().statusCode(400).awsErrorDetails(
                        AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build(),
                DynamoDbException.builder().statusCode(500).message("internal").build(),
                SdkClientException.create("read timed out"));
        for (RuntimeException failure : transients) {
            StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
                throw failure;
            });

            assertThatThrownBy(() -> new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher))
                    .as(failure.getClass().getSimpleName())
                    .isInstanceOf(TransientFailure.class)
                    .hasCause(failure);
        }
    }

    @Test
    void grant_shouldThrowAPermanentFailure_whenTheTableDoesNotExist() {
        StubDynamoDb dynamoDb = new StubDynamoDb(request -> {
            throw ResourceNotFoundException.builder().statusCode(400).message("no table").build();
        });

        assertThatThrownBy(() -> new DynamoDbEligibilityRepository(dynamoDb, "t").grant(CUSTOMER, voucher))
                .isNotInstanceOf(TransientFailure.class)
                .isInstanceOf(IllegalStateException.class);
    }

    private static Voucher voucher(String requestId) {
        return new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), NOW, NOW.plus(Duration.ofDays(365)),
                IssueSource.CUSTOMER_CLAIM, requestId);
    }

    private static Map<String, AttributeValue> itemWith(Voucher voucher) {
        Map<String, AttributeValue> item = new HashMap<>(EligibilityItem.newlyLoaded(CUSTOMER, true, AccountState.ACTIVE));
        item.put("voucherCode", AttributeValue.fromS(voucher.code().value()));
        item.put("voucherAmount", AttributeValue.fromN(Long.toString(voucher.value().amount())));
        item.put("voucherCurrency", AttributeValue.fromS(voucher.value().currency()));
        item.put("issuedAt", EligibilityItem.instant(voucher.issuedAt()));
        item.put("expiresAt", EligibilityItem.instant(voucher.expiresAt()));
        item.put("issueSource", AttributeValue.fromS(voucher.source().name()));
        item.put("issueRequestId", AttributeValue.fromS(voucher.requestId()));
        return item;
    }

    private static ConditionalCheckFailedException conditionFailed(Map<String, AttributeValue> old) {
        return ConditionalCheckFailedException.builder().statusCode(400).message("The conditional request failed")
                .item(old).build();
    }

    /** Answers UpdateItem as told and records each request; any other operation fails the test. */
    private static final class StubDynamoDb implements DynamoDbClient {
        final List<UpdateItemRequest> updates = new ArrayList<>();
        private final Function<UpdateItemRequest, UpdateItemResponse> answer;

        StubDynamoDb(Function<UpdateItemRequest, UpdateItemResponse> answer) {
            this.answer = answer;
        }

        @Override
        public UpdateItemResponse updateItem(UpdateItemRequest request) {
            updates.add(request);
            return answer.apply(request);
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
