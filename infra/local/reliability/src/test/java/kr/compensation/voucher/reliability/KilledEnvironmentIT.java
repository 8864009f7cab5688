package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.local.LocalRun;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import kr.compensation.voucher.reliability.harness.Reconciliation;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A crash as Lambda has it: the local run's issuer runs in execution environments of the local Lambda runtime (its
 * sam build artifact in its own JVM), and one environment's processes are killed while it serves a batch. Lambda's
 * event source mapping sees a failed invocation and the batch comes back after the visibility timeout; what the dead
 * environment had already granted is not granted again.
 */
@ExtendWith(LogScan.class)
class KilledEnvironmentIT {

    private static final int CUSTOMERS = Integer.getInteger("reliability.killed.customers", 300);
    private static final int DELIVERIES = 2;
    private static final Duration VISIBILITY = Duration.ofSeconds(15);

    @Test
    @DisplayName("an issuer environment killed mid-batch: its batch comes back, every customer gets exactly one voucher")
    void killedEnvironmentLosesNothing() throws Exception {
        byte[] pepper = new byte[32];
        new SecureRandom().nextBytes(pepper);
        try (LocalRun run = LocalRun.startOnFreePort(Instant.now(), 2, pepper, VISIBILITY,
                new PrintStream(OutputStream.nullOutputStream()))) {
            LocalAws aws = run.aws();
            String table = aws.resources().tableName("EligibilityTable");
            String queueUrl = aws.resources().queueUrl("IssueRequestQueue");
            List<CustomerKey> customers = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                customers.add(run.customerKeys().keyOf(IssuerRole.SIGN_IN, "killed-env-" + i));
            }
            load(aws, table, customers);

            SqsEventSourceMapping mapping = run.issuerMapping();
            mapping.pause();
            IssueRequestCodec codec = new IssueRequestCodec();
            List<String> bodies = new ArrayList<>();
            for (int delivery = 0; delivery < DELIVERIES; delivery++) {
                for (CustomerKey key : customers) {
                    bodies.add(codec.encode(new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, "claim-" + delivery,
                            Instant.now())));
                }
            }
            send(aws, queueUrl, bodies);
            long started = System.nanoTime();
            mapping.resume();
            List<ProcessHandle> killed = run.issuerFunction().killBusyEnvironment(Duration.ofSeconds(60));
            assertThat(killed).as("an environment was busy and was killed").isNotEmpty();
            boolean drained = awaitDrained(aws, queueUrl, Duration.ofMinutes(4));
            double seconds = (System.nanoTime() - started) / 1e9;
            SqsEventSourceMapping.Stats stats = mapping.stats();

            assertThat(drained).as("the queue drained").isTrue();
            assertThat(killed).as("the killed environment's processes are gone")
                    .allSatisfy(process -> assertThat(process.onExit().get().isAlive()).isFalse());
            assertThat(stats.wholeBatchFailures()).as("the killed invocation failed its whole batch").isPositive();
            assertThat(run.issuerFunction().environmentsStarted()).as("a new environment took over").isGreaterThan(1);

            Map<String, String> codes = new HashMap<>();
            aws.dynamoDb().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> {
                AttributeValue code = item.get(EligibilityItem.VOUCHER_CODE);
                codes.put(item.get(EligibilityItem.PK).s(), code == null ? null : code.s());
            });
            assertThat(customers).allSatisfy(key -> assertThat(codes.get(key.value())).as("voucher of a customer")
                    .isNotNull().matches(VoucherCode::isWellFormed));
            List<String> issued = customers.stream().map(key -> codes.get(key.value())).toList();
            assertThat(issued).doesNotHaveDuplicates();
            String dlq = aws.resources().queueUrl("IssueRequestDeadLetterQueue");
            assertThat(QueueState.messagesIn(aws.sqs(), dlq)).as("dead letters").isZero();

            Reconciliation reconcile = Reconciliation.of(aws, table);
            assertThat(reconcile.exitCode()).as("reconcile; %s", reconcile.err()).isZero();
            assertThat(reconcile.total("issued")).isEqualTo(CUSTOMERS + demoIssued(codes, customers));
            TableScan.assertNoPersonalData(aws.dynamoDb(), table);

            Figures.note("killed environment", String.format("%d customers x %d deliveries through the local Lambda "
                            + "runtime, one issuer environment killed mid-batch (%d processes); drained in %.1f s; %s; "
                            + "%d environments started; %d vouchers, %d distinct; DLQ empty", CUSTOMERS, DELIVERIES,
                    killed.size(), seconds, stats, run.issuerFunction().environmentsStarted(), issued.size(),
                    new HashSet<>(issued).size()));
        }
    }

    /** The demo customers the local run loads hold no voucher unless a test claims for them; none does here. */
    private static long demoIssued(Map<String, String> codes, List<CustomerKey> customers) {
        java.util.Set<String> ours = new HashSet<>();
        customers.forEach(key -> ours.add(key.value()));
        return codes.entrySet().stream().filter(e -> !ours.contains(e.getKey()) && e.getValue() != null).count();
    }

    private static void load(LocalAws aws, String table, List<CustomerKey> customers) {
        for (int i = 0; i < customers.size(); i += 25) {
            List<WriteRequest> writes = customers.subList(i, Math.min(customers.size(), i + 25)).stream()
                    .map(key -> WriteRequest.builder().putRequest(PutRequest.builder()
                            .item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE)).build()).build())
                    .toList();
            aws.dynamoDb().batchWriteItem(b -> b.requestItems(Map.of(table, writes)));
        }
    }

    private static void send(LocalAws aws, String queueUrl, List<String> bodies) {
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(bodies.size(), i + 10); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(bodies.get(j)).build());
            }
            aws.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    private static boolean awaitDrained(LocalAws aws, String queueUrl, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (QueueState.messagesIn(aws.sqs(), queueUrl) == 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }
}
