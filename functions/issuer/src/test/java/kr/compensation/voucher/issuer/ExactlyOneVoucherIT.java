package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the local AWS emulator with template.yaml's table and queues. The issuer's promise end to end: requests
 * delivered many times, by concurrent workers, end in exactly one voucher per customer and none lost.
 */
@WithLocalAws
class ExactlyOneVoucherIT {

    private static final int CUSTOMERS = 1_000;
    private static final int DELIVERIES = 3;
    private static final int WORKERS = 4;
    private static final int BACKLOG = 200;

    @Test
    @DisplayName("1,000 requests, each delivered 3 times in random order to 4 concurrent workers: one voucher each")
    void everyCustomerGetsExactlyOneVoucher_whenEachRequestIsDeliveredThreeTimes(LocalAws aws) throws Exception {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(0, CUSTOMERS).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            for (int d = 0; d < DELIVERIES; d++) {
                bodies.add(requestBody(customer(i), "claim-" + i));
            }
        }
        Collections.shuffle(bodies, new Random(42));
        DynamoDbTraffic traffic = new DynamoDbTraffic();

        long started;
        long finished;
        SqsEventSourceMapping.Stats stats;
        try (IssuerHandler handler = capturingHandler(issuer, traffic);
             SqsEventSourceMapping mapping = issuer.mapping(handler, WORKERS, Duration.ofSeconds(30))) {
            started = System.nanoTime();
            mapping.start();
            // The three copies of a request are spread over the stream, so they often meet in different workers.
            issuer.feed(bodies, mapping, BACKLOG);
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            finished = System.nanoTime();
            mapping.stop();
            stats = mapping.stats();
        }

        Map<String, Map<String, AttributeValue>> items = issuer.scan();
        assertThat(items).hasSize(CUSTOMERS);
        List<String> codes = customers.stream().map(c -> items.get(c.value()))
                .map(item -> item.get(EligibilityItem.VOUCHER_CODE)).map(AttributeValue::s).toList();
        assertThat(codes).hasSize(CUSTOMERS).doesNotContainNull().doesNotHaveDuplicates()
                .allMatch(VoucherCode::isWellFormed);
        // The store accepted exactly one write per customer, and it is the voucher now on the item.
        List<DynamoDbTraffic.Write> writes = traffic.successfulWrites();
        assertThat(writes).hasSize(CUSTOMERS);
        Map<String, String> writtenCode = writes.stream()
                .collect(Collectors.toMap(DynamoDbTraffic.Write::customerKey, DynamoDbTraffic.Write::voucherCode));
        assertThat(writtenCode).hasSize(CUSTOMERS);
        customers.forEach(c -> assertThat(items.get(c.value()).get(EligibilityItem.VOUCHER_CODE).s())
                .isEqualTo(writtenCode.get(c.value())));
        // One conditional write per delivery, nothing else: duplicates cost one failed condition each. SQS (and moto,
        // whose concurrent receives can hand one message to two workers) may deliver a message more than we sent it.
        assertThat(stats.received()).isGreaterThanOrEqualTo(CUSTOMERS * DELIVERIES);
        assertThat(traffic.sentByOperation()).isEqualTo(Map.of("UpdateItem", (int) stats.received()));
        assertThat(stats.deleted()).isEqualTo(stats.received());
        assertThat(stats.returned()).isZero();
        assertThat(QueueState.messagesIn(issuer.sqs, issuer.deadLetterQueueUrl)).isZero();

        report(finished - started, stats);
    }

    @Test
    @DisplayName("exactly one DynamoDB write request per newly issued voucher, and no read")
    void oneWriteRequestPerNewVoucher(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(5_000, 5_200).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        issuer.send(customers.stream().map(c -> requestBody(c, "claim")).toList());
        DynamoDbTraffic traffic = new DynamoDbTraffic();

        try (IssuerHandler handler = capturingHandler(issuer, traffic);
             SqsEventSourceMapping mapping = issuer.mapping(handler, 2, Duration.ofSeconds(30)).start()) {
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isEqualTo(customers.size());
        }

        assertThat(traffic.sentByOperation()).isEqualTo(Map.of("UpdateItem", customers.size()));
        assertThat(traffic.successfulWrites()).hasSize(customers.size());
        Set<String> withVoucher = issuer.scan().values().stream()
                .filter(item -> item.containsKey(EligibilityItem.VOUCHER_CODE))
                .map(item -> item.get(EligibilityItem.PK).s()).collect(Collectors.toSet());
        assertThat(withVoucher).isEqualTo(customers.stream().map(CustomerKey::value).collect(Collectors.toSet()));
    }

    /** Figures for the report, not assertions: how fast this machine and the emulator got through the run. */
    private static void report(long nanos, SqsEventSourceMapping.Stats stats) throws IOException {
        double seconds = nanos / 1e9;
        String line = String.format("%d customers x %d deliveries, %d workers, moto: %.1f s, %.0f vouchers/s, %.0f messages/s,"
                        + " %d invocations (%.1f messages per batch)%n",
                CUSTOMERS, DELIVERIES, WORKERS, seconds, CUSTOMERS / seconds, CUSTOMERS * DELIVERIES / seconds,
                stats.invocations(), (double) stats.received() / stats.invocations());
        System.out.print(line);
        Path out = Path.of("target", "issuer-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, line);
    }

}
