package kr.compensation.voucher.adapters.dynamodb;

import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.CLAIM_REQUESTED_AT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.EXPIRES_AT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ISSUED_AT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ISSUE_REQUEST_ID;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ISSUE_SOURCE;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.PK;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.VOUCHER_AMOUNT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.VOUCHER_CODE;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.VOUCHER_CURRENCY;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.adapters.dynamodb.EligibilityConditions.Condition;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.Voucher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB implementation of {@link EligibilityRepository}. Every rule that protects money is the condition of a
 * single UpdateItem, taken from {@link EligibilityConditions}; when it fails, {@code ALL_OLD} is read by the domain's
 * {@link ClaimMark#refused} or {@link GrantOutcome#refused} without a second request.
 */
public final class DynamoDbEligibilityRepository implements EligibilityRepository {

    /** Writes the voucher onto the item; sent with {@link EligibilityConditions#MAY_BE_GRANTED}. */
    public static final String GRANT_UPDATE = "SET #code = :code, #amount = :amount, #currency = :currency, "
            + "#issuedAt = :issuedAt, #expiresAt = :expiresAt, #source = :source, #requestId = :requestId";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbEligibilityRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<EligibilityRecord> find(CustomerKey key) {
        GetItemResponse response;
        try {
            // Strongly consistent: a customer who just claimed must not be told "not claimed" a moment later.
            response = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(tableName)
                    .key(EligibilityItem.key(key))
                    .consistentRead(true)
                    .build());
        } catch (SdkException e) {
            throw AwsFailures.translate("GetItem", e);
        }
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(EligibilityItem.toRecord(response.item()))
                : Optional.empty();
    }

    @Override
    public ClaimMark markClaimRequested(CustomerKey key, Instant now, Instant resubmitIfRequestedBefore) {
        Condition condition = EligibilityConditions.mayClaim(resubmitIfRequestedBefore);
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(EligibilityItem.key(key))
                .updateExpression("SET #claimed = :now")
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.namesWith(Map.of("#claimed", CLAIM_REQUESTED_AT)))
                .expressionAttributeValues(condition.valuesWith(Map.of(":now", EligibilityItem.instant(now))))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            UpdateItemResponse response = dynamoDb.updateItem(request);
            return new ClaimMark.Marked(EligibilityItem.toRecord(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return ClaimMark.refused(asFound(e));
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(claim)", e);
        }
    }

    @Override
    public void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
        Condition condition = EligibilityConditions.hasClaimRequestedAt(requestedAt);
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(EligibilityItem.key(key))
                    .updateExpression("REMOVE #claimed")
                    .conditionExpression(condition.expression())
                    .expressionAttributeNames(condition.names())
                    .expressionAttributeValues(condition.values())
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // A newer claim or the voucher got there first: nothing of ours to undo.
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(withdraw claim)", e);
        }
    }

    @Override
    public GrantOutcome grant(CustomerKey key, Voucher voucher) {
        Condition condition = EligibilityConditions.MAY_BE_GRANTED;
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(EligibilityItem.key(key))
                .updateExpression(GRANT_UPDATE)
                .conditionExpression(condition.expression())
                .expressionAttributeNames(condition.namesWith(Map.of("#code", VOUCHER_CODE,
                        "#amount", VOUCHER_AMOUNT, "#currency", VOUCHER_CURRENCY, "#issuedAt", ISSUED_AT,
                        "#expiresAt", EXPIRES_AT, "#source", ISSUE_SOURCE, "#requestId", ISSUE_REQUEST_ID)))
                .expressionAttributeValues(condition.valuesWith(Map.of(
                        ":code", EligibilityItem.s(voucher.code().value()),
                        ":amount", EligibilityItem.n(voucher.value().amount()),
                        ":currency", EligibilityItem.s(voucher.value().currency()),
                        ":issuedAt", EligibilityItem.instant(voucher.issuedAt()),
                        ":expiresAt", EligibilityItem.instant(voucher.expiresAt()),
                        ":source", EligibilityItem.s(voucher.source().name()),
                        ":requestId", EligibilityItem.s(voucher.requestId()))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            dynamoDb.updateItem(request);
            return new GrantOutcome.Granted(voucher);
        } catch (ConditionalCheckFailedException e) {
            return GrantOutcome.refused(asFound(e), voucher);
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(grant)", e);
        }
    }

    /** The item a failed condition was checked against ({@code ALL_OLD}), or null when there is none. */
    private static EligibilityRecord asFound(ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = e.item();
        if (old == null || !old.containsKey(PK)) {
            return null;
        }
        return EligibilityItem.toRecord(old);
    }
}
