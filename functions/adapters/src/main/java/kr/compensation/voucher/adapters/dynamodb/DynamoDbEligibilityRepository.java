package kr.compensation.voucher.adapters.dynamodb;

import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ACCOUNT_STATE;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.CLAIM_REQUESTED_AT;
import static kr.compensation.voucher.adapters.dynamodb.EligibilityItem.ELIGIBLE;
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
 * single UpdateItem; when it fails, {@code ALL_OLD} tells which part failed without a second request.
 */
public final class DynamoDbEligibilityRepository implements EligibilityRepository {

    /** Grant only to a known, eligible customer without a voucher. */
    public static final String GRANT_CONDITION =
            "attribute_exists(#pk) AND #eligible = :true AND attribute_not_exists(#code)";
    public static final String GRANT_UPDATE = "SET #code = :code, #amount = :amount, #currency = :currency, "
            + "#issuedAt = :issuedAt, #expiresAt = :expiresAt, #source = :source, #requestId = :requestId";
    /** Record a claim only for a known, eligible customer without a voucher and without a recent claim. */
    public static final String CLAIM_CONDITION = "attribute_exists(#pk) AND #eligible = :true "
            + "AND attribute_not_exists(#code) "
            + "AND (attribute_not_exists(#claimed) OR #claimed < :staleBefore)";

    private static final AttributeValue TRUE = AttributeValue.fromBool(true);

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
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(EligibilityItem.key(key))
                .updateExpression("SET #claimed = :now")
                .conditionExpression(CLAIM_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK, "#eligible", ELIGIBLE, "#code", VOUCHER_CODE,
                        "#claimed", CLAIM_REQUESTED_AT))
                .expressionAttributeValues(Map.of(":true", TRUE,
                        ":now", EligibilityItem.instant(now),
                        ":staleBefore", EligibilityItem.instant(resubmitIfRequestedBefore)))
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            UpdateItemResponse response = dynamoDb.updateItem(request);
            return new ClaimMark.Marked(EligibilityItem.toRecord(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            if (old == null || old.isEmpty() || !isEligible(old)) {
                return new ClaimMark.NotEligible();
            }
            EligibilityRecord current = EligibilityItem.toRecord(old);
            return current.voucher() != null ? new ClaimMark.AlreadyIssued(current) : new ClaimMark.AlreadyPending(current);
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(claim)", e);
        }
    }

    @Override
    public void withdrawClaimRequest(CustomerKey key, Instant requestedAt) {
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(EligibilityItem.key(key))
                    .updateExpression("REMOVE #claimed")
                    .conditionExpression("#claimed = :requestedAt")
                    .expressionAttributeNames(Map.of("#claimed", CLAIM_REQUESTED_AT))
                    .expressionAttributeValues(Map.of(":requestedAt", EligibilityItem.instant(requestedAt)))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            // A newer claim or the voucher got there first: nothing of ours to undo.
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(withdraw claim)", e);
        }
    }

    @Override
    public GrantOutcome grant(CustomerKey key, Voucher voucher) {
        UpdateItemRequest request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(EligibilityItem.key(key))
                .updateExpression(GRANT_UPDATE)
                .conditionExpression(GRANT_CONDITION)
                .expressionAttributeNames(Map.of("#pk", PK, "#eligible", ELIGIBLE, "#code", VOUCHER_CODE,
                        "#amount", VOUCHER_AMOUNT, "#currency", VOUCHER_CURRENCY, "#issuedAt", ISSUED_AT,
                        "#expiresAt", EXPIRES_AT, "#source", ISSUE_SOURCE, "#requestId", ISSUE_REQUEST_ID))
                .expressionAttributeValues(Map.of(":true", TRUE,
                        ":code", EligibilityItem.s(voucher.code().value()),
                        ":amount", EligibilityItem.n(voucher.value().amount()),
                        ":currency", EligibilityItem.s(voucher.value().currency()),
                        ":issuedAt", EligibilityItem.instant(voucher.issuedAt()),
                        ":expiresAt", EligibilityItem.instant(voucher.expiresAt()),
                        ":source", EligibilityItem.s(voucher.source().name()),
                        ":requestId", EligibilityItem.s(voucher.requestId())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        try {
            dynamoDb.updateItem(request);
            return new GrantOutcome.Granted(voucher);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            if (old != null && old.containsKey(VOUCHER_CODE)) {
                Voucher existing = EligibilityItem.toVoucher(old);
                // Our own code can only be there if an earlier attempt of this very call wrote it and its response
                // was lost (the SDK then retried): the voucher was granted by this call after all.
                return existing.code().equals(voucher.code())
                        ? new GrantOutcome.Granted(existing)
                        : new GrantOutcome.AlreadyIssued(existing);
            }
            return new GrantOutcome.NotEligible();
        } catch (SdkException e) {
            throw AwsFailures.translate("UpdateItem(grant)", e);
        }
    }

    private static boolean isEligible(Map<String, AttributeValue> item) {
        AttributeValue eligible = item.get(ELIGIBLE);
        return item.containsKey(PK) && item.containsKey(ACCOUNT_STATE) && eligible != null
                && Boolean.TRUE.equals(eligible.bool());
    }
}
