package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import kr.compensation.voucher.reliability.faults.CrashingWorkers;
import kr.compensation.voucher.reliability.faults.DynamoDbFaults;
import kr.compensation.voucher.reliability.harness.Reconciliation;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator (template.yaml's table and queues). The issuer's promise on its worst day: every issue
 * request delivered three times, in random order, to concurrent workers, one of which is killed in the middle of a
 * batch and another frozen past its visibility timeout, while a share of DynamoDB calls fail before sending or lose
 * their answer after the write. Afterwards: exactly one voucher per requesting eligible customer, none for anybody
 * else, nothing lost, nothing in the dead-letter queue, and the ops tool's reconcile agrees.
 */
@WithLocalAws
@ExtendWith(LogScan.class)
class ExactlyOnceUnderChaosIT {

    /** At least 5,000 by the issue; -Dreliability.chaos.customers to size it for a slower or faster machine. */
    private static final int REQUESTING = Integer.getInteger("reliability.chaos.customers", 5_000);
    private static final int SILENT = 100;
    private static final int NOT_ELIGIBLE = 100;
    private static final int DELIVERIES = 3;
    private static final int WORKERS = Integer.getInteger("reliability.chaos.workers", 8);
    /**
     * Short, so the killed worker's batch comes back within the test (the template's 190 s is for Lambda), yet well
     * above a batch's time on a loaded machine, so that healthy batches are not delivered again by accident.
     */
    private static final Duration VISIBILITY = Duration.ofSeconds(20);
    /** Messages on the queue at most while it is fed; see {@link EmulatorIssuer#feed}. */
    private static final int QUEUE_WINDOW = Integer.getInteger("reliability.chaos.window", 150);
    private static final double BREAK_BEFORE_SEND = 0.05;
    private static final double LOSE_RESPONSE_AFTER_WRITE = 0.08;
    private static final int KILL_AT_INVOCATION = 40;
    private static final int FREEZE_AT_INVOCATION = 80;

    @Test
    @DisplayName("5,000 requests x 3 deliveries, 8 workers, one killed mid-batch, one frozen, 5-10% DynamoDB faults: "
            + "exactly one voucher each, none lost, empty DLQ, reconcile clean")
    void exactlyOneVoucherPerRequestingEligibleCustomer_underDuplicatesCrashesAndFaults(LocalAws aws) {
        try (LocalAws queues = LocalAws.builder().stackName("reliability-queues").start()) {
            run(aws, new EmulatorIssuer(aws, queues));
        }
    }

    private void run(LocalAws aws, EmulatorIssuer issuer) {
        List<CustomerKey> requesting = keys(issuer, "chaos", 0, REQUESTING);
        List<CustomerKey> silent = keys(issuer, "silent", 0, SILENT);
        List<CustomerKey> notEligible = keys(issuer, "outsider", 0, NOT_ELIGIBLE);
        long setupStarted = System.nanoTime();
        issuer.load(concat(requesting, silent), true);
        issuer.load(notEligible, false);
        List<String> bodies = duplicatedClaims(issuer, concat(requesting, notEligible));
        double setupSeconds = (System.nanoTime() - setupStarted) / 1e9;

        DynamoDbFaults faults = new DynamoDbFaults(BREAK_BEFORE_SEND, LOSE_RESPONSE_AFTER_WRITE, 42);
        long started = System.nanoTime();
        SqsEventSourceMapping.Stats stats;
        CrashingWorkers workers;
        boolean drained;
        try (IssuerHandler handler = issuer.handler(faults)) {
            workers = new CrashingWorkers(handler, KILL_AT_INVOCATION, FREEZE_AT_INVOCATION,
                    VISIBILITY.plusSeconds(2));
            try (SqsEventSourceMapping mapping = issuer.mapping(workers, WORKERS, VISIBILITY).start()) {
                issuer.feed(bodies, mapping, QUEUE_WINDOW);
                drained = issuer.awaitDrained(Duration.ofMinutes(6));
                mapping.stop();
                stats = mapping.stats();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(drained).as("the queue drained").isTrue();
        Map<String, Map<String, AttributeValue>> items = issuer.scan();
        assertThat(items).hasSize(REQUESTING + SILENT + NOT_ELIGIBLE);

        // Exactly one voucher per requesting eligible customer, every code distinct and well formed.
        List<String> codes = requesting.stream().map(key -> items.get(key.value()))
                .map(item -> item.get(EligibilityItem.VOUCHER_CODE)).map(code -> code == null ? null : code.s())
                .toList();
        assertThat(codes).as("vouchers of requesting eligible customers").doesNotContainNull()
                .doesNotHaveDuplicates().allMatch(VoucherCode::isWellFormed);
        assertThat(concat(silent, notEligible)).as("customers who did not ask or are not owed one")
                .allMatch(key -> !items.get(key.value()).containsKey(EligibilityItem.VOUCHER_CODE));

        // The store accepted at most one voucher write per customer (a lost answer included), and it is the one held.
        // A write whose answer the client gave up on (a real attempt timeout on a busy machine) is seen by nobody;
        // only as many customers as there were such attempts may lack a recorded write.
        List<DynamoDbFaults.Write> writes = faults.acceptedWrites();
        Map<String, List<String>> writtenCodes = writes.stream().collect(Collectors.groupingBy(
                DynamoDbFaults.Write::customerKey, Collectors.mapping(DynamoDbFaults.Write::voucherCode,
                        Collectors.toList())));
        requesting.stream().filter(key -> writtenCodes.containsKey(key.value())).forEach(key -> assertThat(
                writtenCodes.get(key.value())).as("accepted writes for one customer")
                .containsExactly(items.get(key.value()).get(EligibilityItem.VOUCHER_CODE).s()));
        assertThat(writes).as("accepted writes, all for requesting customers").hasSize((int) requesting.stream()
                .filter(key -> writtenCodes.containsKey(key.value())).count());
        assertThat(REQUESTING - writtenCodes.size()).as("customers without a recorded write")
                .isLessThanOrEqualTo(faults.updatesUnanswered());

        // The chaos happened as planned.
        int faultsInjected = faults.brokenBeforeSend() + faults.responsesLost();
        double faultRate = (double) faultsInjected / faults.updateAttempts();
        assertThat(faults.responsesLost()).as("answers lost after the write").isPositive();
        assertThat(faultRate).as("share of DynamoDB calls that failed").isBetween(0.05, 0.10);
        assertThat(workers.killedBatch()).as("a worker was killed mid-batch").isNotEmpty();
        assertThat(workers.frozenBatch()).as("a worker froze past its visibility timeout").isNotEmpty();
        assertThat(stats.wholeBatchFailures()).isPositive();

        // What the killed worker held came back and was processed; what it did before dying is not repeated.
        assertThat(workers.seenAfterKill()).as("the killed batch was delivered again")
                .containsAll(workers.killedBatch());

        // Nothing left, nothing dead-lettered.
        assertThat(issuer.deadLetters()).as("messages in the dead-letter queue").isZero();

        Reconciliation reconcile = Reconciliation.of(aws, issuer.table);
        assertThat(reconcile.exitCode()).as("reconcile exit status; %s", reconcile.err()).isZero();
        assertThat(reconcile.report().path("clean").asBoolean()).isTrue();
        assertThat(reconcile.total("items")).isEqualTo(REQUESTING + SILENT + NOT_ELIGIBLE);
        assertThat(reconcile.total("eligible")).isEqualTo(REQUESTING + SILENT);
        assertThat(reconcile.total("issued")).isEqualTo(REQUESTING);
        assertThat(reconcile.total("issuedAmountKrw")).isEqualTo((long) REQUESTING * EmulatorIssuer.VOUCHER_AMOUNT);

        TableScan.assertNoPersonalData(issuer.dynamoDb, issuer.table);

        int messages = bodies.size();
        Figures.note("chaos: issue requests x deliveries", (REQUESTING + NOT_ELIGIBLE) + " x " + DELIVERIES + " = "
                + messages + " messages (" + REQUESTING + " eligible requesters, " + NOT_ELIGIBLE
                + " not eligible, " + SILENT + " eligible who never asked)");
        Figures.note("chaos: loading the table", String.format("%.1f s", setupSeconds));
        Figures.note("chaos: drained in", String.format("%.1f s with %d workers (%.0f messages/s)", seconds, WORKERS,
                stats.received() / seconds));
        Figures.note("chaos: event source mapping", stats + String.format(", workers busy %.0f%% of the time",
                100.0 * workers.busy().toMillis() / (WORKERS * seconds * 1000)));
        Figures.note("chaos: DynamoDB", String.format("%d UpdateItem attempts, %d broken before sending, %d answers "
                        + "lost after the write (%.1f%% of calls), %d writes accepted, sent by operation %s",
                faults.updateAttempts(), faults.brokenBeforeSend(), faults.responsesLost(), 100 * faultRate,
                writes.size(), faults.sentByOperation()));
        Figures.note("chaos: killed worker", workers.killedBatch().size() + " messages held, "
                + workers.processedBeforeKill().size() + " processed before dying; frozen worker held "
                + workers.frozenBatch().size() + " for " + VISIBILITY.plusSeconds(2).toSeconds() + " s");
        Figures.note("chaos: vouchers", codes.size() + " issued, " + new HashSet<>(codes).size() + " distinct, "
                + issuer.deadLetters() + " dead letters; reconcile exit " + reconcile.exitCode() + ", issued "
                + reconcile.total("issued") + ", " + reconcile.total("issuedAmountKrw") + " KRW");
    }

    /**
     * Each claim three times, as SQS may deliver it: for a third of the customers the copies arrive back to back
     * (concurrent workers race on them), for the others they are scattered over the whole run (late duplicates).
     */
    private static List<String> duplicatedClaims(EmulatorIssuer issuer, List<CustomerKey> customers) {
        List<List<String>> units = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            CustomerKey key = customers.get(i);
            String body = issuer.claimBody(key, "claim-" + i);
            if (i % 3 == 0) {
                units.add(Collections.nCopies(DELIVERIES, body));
            } else {
                for (int delivery = 0; delivery < DELIVERIES; delivery++) {
                    units.add(List.of(body));
                }
            }
        }
        Collections.shuffle(units, new Random(20270115));
        return units.stream().flatMap(List::stream).toList();
    }

    private static List<CustomerKey> keys(EmulatorIssuer issuer, String purpose, int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> issuer.key(Customers.subject(purpose, i))).toList();
    }

    private static List<CustomerKey> concat(List<CustomerKey> a, List<CustomerKey> b) {
        List<CustomerKey> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
