package kr.compensation.voucher.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.testing.EligibilityRepositoryContract;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator with template.yaml's EligibilityTable. What the condition expressions do inside the
 * store, which no mock can show: the repository contract (the same suite the in-memory double passes), and the
 * item's layout. The concurrent-grant race runs on moto too: the harness starts moto through its launcher, which
 * applies the writes to one item one at a time as DynamoDB does (infra/local/aws/README.md).
 */
@WithLocalAws
class DynamoDbEligibilityRepositoryIT extends EligibilityRepositoryContract {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbEligibilityRepository repository;

    DynamoDbEligibilityRepositoryIT(LocalAws aws) {
        this.dynamoDb = aws.dynamoDb();
        this.table = aws.resources().tableName("EligibilityTable");
        this.repository = new DynamoDbEligibilityRepository(dynamoDb, table);
    }

    @Override
    protected EligibilityRepository repository() {
        return repository;
    }

    @Override
    protected void load(CustomerKey key, boolean eligible, AccountState state) {
        dynamoDb.putItem(r -> r.tableName(table).item(EligibilityItem.newlyLoaded(key, eligible, state)));
    }

    /** The raw item: a refused write must leave every attribute as it was, not only those the record shows. */
    @Override
    protected Object stored(CustomerKey key) {
        Map<String, AttributeValue> item = item(key);
        return item.isEmpty() ? null : item;
    }

    @Test
    void grant_shouldRecordTheVoucherOnAnEligibleCustomersItem() {
        CustomerKey customer = newCustomer();
        load(customer, true, AccountState.ACTIVE);
        Voucher voucher = voucher("r-1");

        GrantOutcome outcome = repository.grant(customer, voucher);

        assertThat(outcome).isEqualTo(new GrantOutcome.Granted(voucher));
        Map<String, AttributeValue> item = item(customer);
        assertThat(item.get("voucherCode").s()).isEqualTo(voucher.code().value());
        assertThat(item.get("voucherAmount").n()).isEqualTo("50000");
        assertThat(item.get("voucherCurrency").s()).isEqualTo("KRW");
        assertThat(item.get("issueSource").s()).isEqualTo("CUSTOMER_CLAIM");
        assertThat(item.get("issueRequestId").s()).isEqualTo("r-1");
        assertThat(item.get("eligible").bool()).isTrue();
        assertThat(EligibilityItem.toVoucher(item)).isEqualTo(voucher);
    }

    @Test
    @DisplayName("a claim's instant is stored as text of one width, milliseconds always written")
    void markClaimRequested_shouldStoreTheInstantAtFixedWidth() {
        CustomerKey wholeSecond = newCustomer();
        CustomerKey withMillis = newCustomer();
        load(wholeSecond, true, AccountState.ACTIVE);
        load(withMillis, true, AccountState.ACTIVE);
        Instant second = Instant.parse("2027-01-15T01:00:00Z");

        repository.markClaimRequested(wholeSecond, second, second.minus(RESUBMIT_AFTER));
        repository.markClaimRequested(withMillis, second.plusMillis(7), second.minus(RESUBMIT_AFTER));

        assertThat(item(wholeSecond).get("claimRequestedAt").s()).isEqualTo("2027-01-15T01:00:00.000Z");
        assertThat(item(withMillis).get("claimRequestedAt").s()).isEqualTo("2027-01-15T01:00:00.007Z");
    }

    private Map<String, AttributeValue> item(CustomerKey key) {
        return dynamoDb.getItem(r -> r.tableName(table).key(EligibilityItem.key(key)).consistentRead(true)).item();
    }
}
