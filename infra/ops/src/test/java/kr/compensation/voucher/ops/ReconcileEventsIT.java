package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs the local AWS emulator: vouchers granted by the real issuance service, and a file of delivered
 * VoucherIssued events in the bus's format (docs/events/) that is then broken in each way reconcile must catch.
 */
@WithLocalAws
class ReconcileEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2027-01-15T00:00:00Z");

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
    private LocalAws aws;
    private String table;
    private final List<CustomerKey> issued = new ArrayList<>();
    @TempDir
    Path dir;

    @BeforeEach
    void customersWithVouchers(LocalAws aws) {
        this.aws = aws;
        table = Emulator.freshTable(aws);
        IssuanceService issuance = new IssuanceService(new DynamoDbEligibilityRepository(aws.dynamoDb(), table),
                new VoucherCodeGenerator(), new VoucherTerms(Money.krw(50_000), Duration.ofDays(365)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        issued.clear();
        for (int i = 0; i < 12; i++) {
            CustomerKey key = hasher.keyOf(IssuerRole.SIGN_IN, "rel-events-" + i);
            aws.dynamoDb().putItem(r -> r.tableName(table).item(EligibilityItem.newlyLoaded(key, true,
                    AccountState.ACTIVE)));
            if (i < 10) {
                assertThat(issuance.issue(new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, "req-" + i, NOW)))
                        .isInstanceOf(GrantOutcome.Granted.class);
                issued.add(key);
            }
        }
    }

    @Test
    void everyVoucherAnnounced_atLeastOnce_reconcilesCleanly_andCountsTheDuplicates() throws Exception {
        List<String> lines = new ArrayList<>();
        for (CustomerKey key : issued) {
            lines.add(event(key, code(key)));
        }
        lines.add(event(issued.get(3), code(issued.get(3)))); // delivered twice
        lines.add("{\"version\":\"0\",\"source\":\"other.team\",\"detail-type\":\"Other\",\"detail\":{}}");

        OpsRun run = reconcile(write(lines));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        JsonNode report = JSON.readTree(run.out);
        assertThat(report.at("/delivery/events").asLong()).isEqualTo(11);
        assertThat(report.at("/delivery/codes").asLong()).isEqualTo(10);
        assertThat(report.at("/delivery/duplicates").asLong()).isEqualTo(1);
        assertThat(report.at("/delivery/skippedLines").asLong()).isEqualTo(1);
        assertThat(report.at("/violationCounts/VOUCHER_WITHOUT_EVENT").asLong()).isZero();
        assertThat(report.at("/violationCounts/EVENT_WITHOUT_VOUCHER").asLong()).isZero();
    }

    @Test
    void aVoucherWithoutEvent_andEventsWithoutVoucher_areReportedWithTheirCustomers() throws Exception {
        CustomerKey unannounced = issued.get(0);
        CustomerKey stranger = hasher.keyOf(IssuerRole.SIGN_IN, "rel-events-11"); // loaded, never issued
        CustomerKey wrongCustomer = issued.get(5);
        List<String> lines = new ArrayList<>();
        for (CustomerKey key : issued.subList(1, issued.size())) {
            if (!key.equals(wrongCustomer)) {
                lines.add(event(key, code(key)));
            }
        }
        lines.add(event(stranger, "X808-BXHM-8W6X-67H8C")); // a code on no item
        lines.add(event(stranger, code(wrongCustomer))); // a real code, announced for someone else

        OpsRun run = reconcile(write(lines));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.FINDINGS);
        JsonNode report = JSON.readTree(run.out);
        assertThat(report.at("/violationCounts/VOUCHER_WITHOUT_EVENT").asLong()).isEqualTo(2);
        assertThat(report.at("/violationCounts/EVENT_WITHOUT_VOUCHER").asLong()).isEqualTo(2);
        assertThat(keysOf(report, "VOUCHER_WITHOUT_EVENT"))
                .containsExactlyInAnyOrder(unannounced.value(), wrongCustomer.value());
        assertThat(keysOf(report, "EVENT_WITHOUT_VOUCHER")).containsExactly(stranger.value(), stranger.value());
        assertThat(run.out).as("a full voucher code is never printed").doesNotContain(code(unannounced))
                .doesNotContain(code(wrongCustomer));
    }

    @Test
    void aFileThatIsNotJsonLines_isAnErrorNamingTheLine_notAReport() throws Exception {
        Path file = write(List.of(event(issued.get(0), code(issued.get(0))), "not json"));

        OpsRun run = reconcile(file);

        assertThat(run.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("line 2");
    }

    private OpsRun reconcile(Path events) {
        return OpsRun.of(Map.of(), List.of(), "reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--table", table, "--segments", "2", "--json", "--no-progress", "--events", events.toString());
    }

    /** One event as the pipe puts it on the bus and a rule's target receives it (docs/events/README.md). */
    private static String event(CustomerKey key, String code) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "VoucherIssued");
        event.put("source", "kr.compensation.voucher");
        event.put("account", "123456789012");
        event.put("time", "2027-01-15T00:00:01Z");
        event.put("region", "ap-northeast-2");
        event.putArray("resources");
        ObjectNode detail = event.putObject("detail");
        detail.put("schemaVersion", "1");
        detail.put("voucherCode", code);
        detail.put("amount", "50000");
        detail.put("currency", "KRW");
        detail.put("customerKey", key.value());
        return JSON.writeValueAsString(event);
    }

    private String code(CustomerKey key) {
        return aws.dynamoDb().getItem(r -> r.tableName(table).key(EligibilityItem.key(key))).item()
                .get(EligibilityItem.VOUCHER_CODE).s();
    }

    private Path write(List<String> lines) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.write(file, lines);
        return file;
    }

    private static List<String> keysOf(JsonNode report, String kind) {
        List<String> keys = new ArrayList<>();
        for (JsonNode violation : report.get("violations")) {
            if (violation.get("kind").asText().equals(kind)) {
                violation.get("customerKeys").forEach(k -> keys.add(k.asText()));
            }
        }
        return keys;
    }
}
