package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.localevents.LocalVoucherEventPipe;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import kr.compensation.voucher.reliability.faults.DynamoDbFaults;
import kr.compensation.voucher.reliability.harness.OpsTool;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.PersonalData;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator. The VoucherIssued promise (docs/events/) on an exactly-once trial: issue requests
 * delivered three times to concurrent workers while DynamoDB calls fail before sending or lose their answer after the
 * write, with the template's pipe (its local stand-in) reading the table's stream throughout. Afterwards every
 * granted voucher has at least one event, deduplicating by code leaves exactly one per voucher, nobody else got one,
 * every event matches the published schema and carries no personal data, and reconcile --events agrees.
 */
@WithLocalAws
@ExtendWith(LogScan.class)
class VoucherEventsIT {

    private static final int REQUESTING = Integer.getInteger("reliability.events.customers", 1_000);
    private static final int SILENT = 50;
    private static final int NOT_ELIGIBLE = 50;
    private static final int DELIVERIES = 3;
    private static final int WORKERS = 4;
    private static final Duration VISIBILITY = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @DisplayName("1,000 requests x 3 deliveries with DynamoDB faults: at least one VoucherIssued per voucher, exactly "
            + "one after dedup by code, none for anybody else, schema-valid, no personal data, reconcile clean")
    void everyGrantedVoucherIsAnnounced_andDedupByCodeLeavesOnePerVoucher(LocalAws aws) throws Exception {
        EmulatorIssuer issuer = new EmulatorIssuer(aws);
        List<CustomerKey> requesting = keys(issuer, "announced", REQUESTING);
        List<CustomerKey> silent = keys(issuer, "unasked", SILENT);
        List<CustomerKey> notEligible = keys(issuer, "unowed", NOT_ELIGIBLE);
        Path events = dir.resolve("voucher-events.jsonl");
        Map<String, List<JsonNode>> byCode = new HashMap<>();
        long started;
        double seconds;
        try (LocalVoucherEventPipe pipe = LocalVoucherEventPipe.start(aws,
                LocalAws.repositoryRoot().resolve("template.yaml"), events)) {
            issuer.load(concat(requesting, silent), true);
            issuer.load(notEligible, false);
            List<String> bodies = new ArrayList<>();
            List<CustomerKey> claimants = concat(requesting, notEligible);
            for (int i = 0; i < claimants.size(); i++) {
                bodies.addAll(Collections.nCopies(DELIVERIES, issuer.claimBody(claimants.get(i), "events-" + i)));
            }
            Collections.shuffle(bodies, new Random(20270116));

            DynamoDbFaults faults = new DynamoDbFaults(0.05, 0.08, 7);
            started = System.nanoTime();
            try (IssuerHandler handler = issuer.handler(faults);
                 SqsEventSourceMapping mapping = issuer.mapping(handler, WORKERS, VISIBILITY).start()) {
                issuer.feed(bodies, mapping, 150);
                assertThat(issuer.awaitDrained(Duration.ofMinutes(4))).as("the queue drained").isTrue();
                mapping.stop();
            }
            pipe.awaitCaughtUp(Duration.ofSeconds(60));
            seconds = (System.nanoTime() - started) / 1e9;
            assertThat(faults.responsesLost()).as("answers lost after the write (grants retried)").isPositive();
            assertThat(pipe.deadLettered()).as("stream records dead-lettered by the pipe").isZero();
        }

        List<String> lines = Files.readAllLines(events);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
                Files.readString(LocalAws.repositoryRoot().resolve("docs/events/voucher-issued.schema.json")));
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(schema.validate(event.get("detail"))).as("detail of %s", event.get("id")).isEmpty();
            byCode.computeIfAbsent(event.at("/detail/voucherCode").asText(), c -> new ArrayList<>()).add(event);
        }

        Map<String, Map<String, AttributeValue>> items = issuer.scan();
        Map<String, String> holderByCode = new HashMap<>();
        for (CustomerKey key : requesting) {
            AttributeValue code = items.get(key.value()).get(EligibilityItem.VOUCHER_CODE);
            assertThat(code).as("voucher of a requesting eligible customer").isNotNull();
            holderByCode.put(code.s(), key.value());
        }
        assertThat(holderByCode).hasSize(REQUESTING);

        // At least once: every granted voucher has an event, for its holder.
        assertThat(byCode.keySet()).as("codes announced").containsExactlyInAnyOrderElementsOf(holderByCode.keySet());
        byCode.forEach((code, announced) -> assertThat(announced)
                .allMatch(e -> e.at("/detail/customerKey").asText().equals(holderByCode.get(code))));
        // Deduplicated by code: exactly one per voucher, and nobody else was announced.
        assertThat(lines.size()).isGreaterThanOrEqualTo(REQUESTING);
        Set<String> announcedCustomers = new HashSet<>();
        byCode.values().forEach(list -> announcedCustomers.add(list.get(0).at("/detail/customerKey").asText()));
        assertThat(announcedCustomers).hasSize(REQUESTING);
        concat(silent, notEligible).forEach(key -> assertThat(announcedCustomers).doesNotContain(key.value()));

        // No personal data in the bus record.
        String record = Files.readString(events);
        assertThat(PersonalData.findings(record)).as("personal data in the bus record").isEmpty();

        // The ops tool agrees: every voucher announced, every event a voucher of the table.
        OpsTool run = OpsTool.run("reconcile", "--endpoint-url", aws.endpoint().toString(), "--region",
                aws.region().id(), "--table", issuer.table, "--segments", "4", "--json", "--no-progress",
                "--events", events.toString());
        JsonNode report = JSON.readTree(run.out());
        assertThat(run.exitCode()).as("reconcile --events; %s", run.err()).isZero();
        assertThat(report.at("/violationCounts/VOUCHER_WITHOUT_EVENT").asLong()).isZero();
        assertThat(report.at("/violationCounts/EVENT_WITHOUT_VOUCHER").asLong()).isZero();

        long duplicates = lines.size() - byCode.size();
        Figures.note("events: VoucherIssued on the local bus", lines.size() + " events for " + byCode.size()
                + " vouchers (" + duplicates + " duplicates), " + (REQUESTING + NOT_ELIGIBLE) + " x " + DELIVERIES
                + " issue requests, drained and announced in " + String.format("%.1f s", seconds)
                + "; reconcile --events exit " + run.exitCode());
    }

    private static List<CustomerKey> keys(EmulatorIssuer issuer, String purpose, int count) {
        return IntStream.range(0, count).mapToObj(i -> issuer.key(Customers.subject(purpose, i)))
                .toList();
    }

    private static List<CustomerKey> concat(List<CustomerKey> a, List<CustomerKey> b) {
        List<CustomerKey> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
