package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.domain.VoucherTerms;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator (infra/local/aws): vouchers granted by the real issuance service, then broken on
 * purpose in each way reconcile must catch.
 */
@WithLocalAws
class ReconcileIT {

    private static final int CUSTOMERS = 60;
    private static final Instant NOW = Instant.parse("2027-01-15T00:00:00Z");

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
    private LocalAws aws;
    private String table;
    private DynamoDbEligibilityRepository repository;
    private final List<CustomerKey> issued = new ArrayList<>();
    private final List<CustomerKey> notIssued = new ArrayList<>();

    @BeforeEach
    void customersWithSomeVouchersIssued(LocalAws aws) {
        this.aws = aws;
        table = Emulator.freshTable(aws);
        repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        IssuanceService issuance = new IssuanceService(repository, new VoucherCodeGenerator(),
                new VoucherTerms(Money.krw(50_000), Duration.ofDays(365)), Clock.fixed(NOW, ZoneOffset.UTC));
        issued.clear();
        notIssued.clear();
        for (int i = 0; i < CUSTOMERS; i++) {
            CustomerKey key = hasher.keyOf(i % 3 == 0 ? IssuerRole.IDENTITY_VERIFICATION : IssuerRole.SIGN_IN,
                    "sub-" + i);
            AccountState state = i % 3 == 0 ? AccountState.CLOSED : AccountState.ACTIVE;
            aws.dynamoDb().putItem(r -> r.tableName(table).item(EligibilityItem.newlyLoaded(key, true, state)));
            if (i % 2 == 0) {
                GrantOutcome outcome = issuance.issue(new IssueRequest(key, i % 4 == 0 ? IssueSource.OPS_BULK
                        : IssueSource.CUSTOMER_CLAIM, "req-" + i, NOW));
                assertThat(outcome).isInstanceOf(GrantOutcome.Granted.class);
                issued.add(key);
            } else {
                notIssued.add(key);
            }
        }
        repository.markClaimRequested(notIssued.get(0), NOW, NOW.minusSeconds(600));
    }

    @Test
    void aConsistentTable_reconcilesCleanly_withTotalsInWon() throws Exception {
        OpsRun run = reconcile();

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = new ObjectMapper().readTree(run.out);
        assertThat(report.get("clean").asBoolean()).isTrue();
        assertThat(report.get("items").asLong()).isEqualTo(CUSTOMERS);
        assertThat(report.get("eligible").asLong()).isEqualTo(CUSTOMERS);
        assertThat(report.at("/eligibleByAccountState/CLOSED").asLong()).isEqualTo(CUSTOMERS / 3);
        assertThat(report.get("issued").asLong()).isEqualTo(issued.size());
        assertThat(report.at("/issuedBySource/OPS_BULK").asLong()).isEqualTo(15);
        assertThat(report.get("issuedAmountKrw").asLong()).isEqualTo(issued.size() * 50_000L);
        assertThat(report.get("claimed").asLong()).isEqualTo(1);
        assertThat(report.get("pendingClaims").asLong()).isEqualTo(1);
        assertThat(report.get("violations")).isEmpty();
    }

    @Test
    void eachKindOfBrokenInvariant_isReportedWithTheCustomersInvolved_andFailsTheRun() throws Exception {
        CustomerKey malformed = issued.get(0);
        CustomerKey wrongAmount = issued.get(1);
        CustomerKey duplicateA = issued.get(2);
        CustomerKey duplicateB = issued.get(3);
        CustomerKey ineligible = issued.get(4);
        set(malformed, EligibilityItem.VOUCHER_CODE, AttributeValue.fromS("ABCD-EFGH-JKMN-PQRS0"));
        set(wrongAmount, EligibilityItem.VOUCHER_AMOUNT, AttributeValue.fromN("500000"));
        set(duplicateB, EligibilityItem.VOUCHER_CODE, code(duplicateA));
        set(ineligible, EligibilityItem.ELIGIBLE, AttributeValue.fromBool(false));

        OpsRun run = reconcile();

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.FINDINGS);
        JsonNode report = new ObjectMapper().readTree(run.out);
        assertThat(report.get("clean").asBoolean()).isFalse();
        assertThat(report.at("/violationCounts/MALFORMED_CODE").asLong()).isEqualTo(1);
        assertThat(report.at("/violationCounts/WRONG_AMOUNT").asLong()).isEqualTo(1);
        assertThat(report.at("/violationCounts/DUPLICATE_CODE").asLong()).isEqualTo(1);
        assertThat(report.at("/violationCounts/ISSUED_TO_NOT_ELIGIBLE").asLong()).isEqualTo(1);
        assertThat(report.at("/violationCounts/MALFORMED_CUSTOMER_KEY").asLong()).isZero();
        assertThat(keysOf(report, "MALFORMED_CODE")).containsExactly(malformed.value());
        assertThat(keysOf(report, "WRONG_AMOUNT")).containsExactly(wrongAmount.value());
        assertThat(keysOf(report, "DUPLICATE_CODE")).containsExactlyInAnyOrder(duplicateA.value(), duplicateB.value());
        assertThat(keysOf(report, "ISSUED_TO_NOT_ELIGIBLE")).containsExactly(ineligible.value());
        assertThat(report.get("issuedAmountKrw").asLong()).isEqualTo((issued.size() - 1) * 50_000L + 500_000L);
        assertThat(run.out).as("a full voucher code is never printed").doesNotContain(code(duplicateA).s());
    }

    @Test
    void theHumanReport_namesTheTotalsAndTheViolations() {
        set(issued.get(0), EligibilityItem.VOUCHER_CURRENCY, AttributeValue.fromS("USD"));

        OpsRun run = OpsRun.of(Map.of(), List.of(), "reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--table", table, "--no-progress");

        assertThat(run.exitCode).isEqualTo(ExitCode.FINDINGS);
        assertThat(run.out).contains("INVARIANTS BROKEN").contains("WRONG_AMOUNT").contains(issued.get(0).value())
                .contains("issued amount");
    }

    private OpsRun reconcile() {
        return OpsRun.of(Map.of(), List.of(), "reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--table", table, "--segments", "3", "--json", "--no-progress");
    }

    private void set(CustomerKey key, String attribute, AttributeValue value) {
        aws.dynamoDb().updateItem(r -> r.tableName(table).key(EligibilityItem.key(key))
                .updateExpression("SET #a = :v").expressionAttributeNames(Map.of("#a", attribute))
                .expressionAttributeValues(Map.of(":v", value)));
    }

    private AttributeValue code(CustomerKey key) {
        return aws.dynamoDb().getItem(r -> r.tableName(table).key(EligibilityItem.key(key))).item()
                .get(EligibilityItem.VOUCHER_CODE);
    }

    private static List<String> keysOf(JsonNode report, String kind) {
        List<String> keys = new ArrayList<>();
        for (JsonNode violation : report.get("violations")) {
            if (kind.equals(violation.get("kind").asText())) {
                violation.get("customerKeys").forEach(k -> keys.add(k.asText()));
            }
        }
        return keys;
    }
}
