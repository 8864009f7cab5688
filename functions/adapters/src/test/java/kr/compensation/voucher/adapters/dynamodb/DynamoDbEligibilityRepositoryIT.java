package kr.compensation.voucher.adapters.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator with template.yaml's EligibilityTable. What the grant's condition expression does
 * inside the store, which no mock can show.
 */
@WithLocalAws
class DynamoDbEligibilityRepositoryIT {

    private static final CustomerKeyHasher HASHER = new CustomerKeyHasher(pepper());
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbEligibilityRepository repository;
    private final VoucherCodeGenerator codes = new VoucherCodeGenerator();
    private int nextCustomer;

    DynamoDbEligibilityRepositoryIT(LocalAws aws) {
        this.dynamoDb = aws.dynamoDb();
        this.table = aws.resources().tableName("EligibilityTable");
        this.repository = new DynamoDbEligibilityRepository(dynamoDb, table);
    }

    @BeforeEach
    void nextCustomer() {
        nextCustomer++;
    }

    @Test
    void grant_shouldRecordTheVoucherOnAnEligibleCustomersItem() {
        CustomerKey customer = load(true);
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
    @DisplayName("a second grant changes nothing and answers AlreadyIssued with the FIRST voucher")
    void grant_shouldKeepTheFirstVoucher_whenGrantedAgain() {
        CustomerKey customer = load(true);
        Voucher first = voucher("r-1");
        repository.grant(customer, first);
        Map<String, AttributeValue> afterFirst = item(customer);

        GrantOutcome again = repository.grant(customer, voucher("r-2"));

        assertThat(again).isEqualTo(new GrantOutcome.AlreadyIssued(first));
        assertThat(item(customer)).isEqualTo(afterFirst);
    }

    @Test
    @DisplayName("a retry of the very same write (its first response lost) counts as granted and changes nothing")
    void grant_shouldAnswerGranted_whenTheSameVoucherIsWrittenAgain() {
        CustomerKey customer = load(true);
        Voucher voucher = voucher("r-1");
        repository.grant(customer, voucher);
        Map<String, AttributeValue> afterFirst = item(customer);

        assertThat(repository.grant(customer, voucher)).isEqualTo(new GrantOutcome.Granted(voucher));
        assertThat(item(customer)).isEqualTo(afterFirst);
    }

    @Test
    @DisplayName("granting to an unknown customer answers NotEligible and creates no item")
    void grant_shouldWriteNothing_forAnUnknownCustomer() {
        CustomerKey stranger = HASHER.keyOf(IssuerRole.SIGN_IN, "never-loaded-" + nextCustomer);

        assertThat(repository.grant(stranger, voucher("r-1"))).isEqualTo(new GrantOutcome.NotEligible());
        assertThat(item(stranger)).isEmpty();
    }

    @Test
    @DisplayName("granting to a customer who is not eligible answers NotEligible and leaves the item as loaded")
    void grant_shouldWriteNothing_forACustomerWhoIsNotEligible() {
        CustomerKey customer = load(false);
        Map<String, AttributeValue> loaded = item(customer);

        assertThat(repository.grant(customer, voucher("r-1"))).isEqualTo(new GrantOutcome.NotEligible());
        assertThat(item(customer)).isEqualTo(loaded);
    }

    @Test
    @DisplayName("many concurrent grants for one customer: exactly one wins, every other answers with the winner's voucher")
    void grant_shouldLetExactlyOneOfManyConcurrentGrantsWin(LocalAws aws) throws Exception {
        // DynamoDB applies writes to one item one at a time; the harness starts moto through its launcher, which does
        // the same (infra/local/aws/README.md), so this runs on moto too.
        CustomerKey customer = load(true);
        List<Voucher> candidates = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            candidates.add(voucher("r-" + i));
        }
        List<GrantOutcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<GrantOutcome>> futures = new ArrayList<>();
            for (Voucher candidate : candidates) {
                Callable<GrantOutcome> grant = () -> repository.grant(customer, candidate);
                futures.add(pool.submit(grant));
            }
            for (Future<GrantOutcome> future : futures) {
                outcomes.add(future.get());
            }
        }

        List<Voucher> winners = outcomes.stream().filter(o -> o instanceof GrantOutcome.Granted)
                .map(o -> ((GrantOutcome.Granted) o).voucher()).toList();
        assertThat(winners).hasSize(1);
        Voucher stored = EligibilityItem.toVoucher(item(customer));
        assertThat(stored).isEqualTo(winners.getFirst());
        assertThat(outcomes).filteredOn(o -> o instanceof GrantOutcome.AlreadyIssued)
                .hasSize(candidates.size() - 1)
                .allSatisfy(o -> assertThat(((GrantOutcome.AlreadyIssued) o).existing()).isEqualTo(stored));
    }

    private CustomerKey load(boolean eligible) {
        CustomerKey key = HASHER.keyOf(IssuerRole.SIGN_IN, "customer-" + nextCustomer);
        dynamoDb.putItem(r -> r.tableName(table).item(EligibilityItem.newlyLoaded(key, eligible, AccountState.ACTIVE)));
        return key;
    }

    private Map<String, AttributeValue> item(CustomerKey key) {
        return dynamoDb.getItem(r -> r.tableName(table).key(EligibilityItem.key(key)).consistentRead(true)).item();
    }

    private Voucher voucher(String requestId) {
        return new Voucher(codes.next(), Money.krw(50_000), NOW, NOW.plus(Duration.ofDays(365)),
                IssueSource.CUSTOMER_CLAIM, requestId);
    }

    private static byte[] pepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (13 * i + 1);
        }
        return pepper;
    }
}
