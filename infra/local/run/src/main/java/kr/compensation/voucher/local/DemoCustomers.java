package kr.compensation.voucher.local;

import java.util.List;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The handful of made-up customers the local run loads, one of each kind the API distinguishes. Their subjects are
 * invented; only their keyed hashes reach the table, as in production.
 */
public final class DemoCustomers {

    /** One demo customer: who vouches for them, their subject there, and what the affected-customer list says. */
    public record Demo(String subject, IssuerRole role, AccountState state, boolean eligible, String description) {
    }

    public static final List<Demo> ALL = List.of(
            new Demo("demo-active-0001", IssuerRole.SIGN_IN, AccountState.ACTIVE, true,
                    "eligible, active account (signs in)"),
            new Demo("demo-closed-0002", IssuerRole.IDENTITY_VERIFICATION, AccountState.CLOSED, true,
                    "eligible, closed account (identity verification)"),
            new Demo("demo-not-eligible-0003", IssuerRole.SIGN_IN, AccountState.ACTIVE, false,
                    "not eligible (on file, but not affected)"));

    private DemoCustomers() {
    }

    public static void load(DynamoDbClient dynamoDb, String tableName, CustomerKeyHasher hasher) {
        for (Demo demo : ALL) {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(EligibilityItem.newlyLoaded(hasher.keyOf(demo.role(), demo.subject()), demo.eligible(),
                            demo.state()))
                    .build());
        }
    }
}
