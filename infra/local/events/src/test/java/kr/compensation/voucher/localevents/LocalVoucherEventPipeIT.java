package kr.compensation.voucher.localevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Needs the emulator (moto by default): the table is created from template.yaml, stream included. */
@WithLocalAws
class LocalVoucherEventPipeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
    private final VoucherCodeGenerator codes = new VoucherCodeGenerator();
    private LocalAws aws;
    private DynamoDbStreamsClient streams;
    private DynamoDbEligibilityRepository repository;
    private String table;
    private LocalVoucherEventPipe pipe;
    @TempDir
    Path dir;

    @BeforeEach
    void start(LocalAws aws) throws IOException {
        this.aws = aws;
        aws.reset();
        table = aws.resources().tableName("EligibilityTable");
        repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        streams = aws.clientSettings().configure(DynamoDbStreamsClient.builder()).build();
        pipe = LocalVoucherEventPipe.start(LocalAws.repositoryRoot().resolve("template.yaml"),
                LocalVoucherEventPipe.VOUCHER_EVENT_PIPE, aws.stackName(), aws.resources()::tableName,
                aws.resources()::queueUrl, aws.dynamoDb(), streams, aws.sqs(), dir.resolve("events.jsonl"));
    }

    @AfterEach
    void stop() throws IOException {
        pipe.close();
        streams.close();
    }

    @Test
    @DisplayName("the emulator's table carries the template's stream, so the pipe reads it without a hand-made one")
    void theTableHasTheTemplatesStream() {
        var description = aws.dynamoDb().describeTable(b -> b.tableName(table)).table();
        assertThat(description.streamSpecification().streamEnabled()).isTrue();
        assertThat(description.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    @DisplayName("a grant yields exactly one VoucherIssued event with the voucher's fields and the customer key")
    void aGrantYieldsOneEvent() throws Exception {
        CustomerKey key = load("rel-events-000001", true);
        repository.markClaimRequested(key, Instant.now(), Instant.now().minusSeconds(900));
        Voucher voucher = voucher();
        assertThat(repository.grant(key, voucher)).isInstanceOf(GrantOutcome.Granted.class);

        pipe.awaitCaughtUp(CATCH_UP);

        List<JsonNode> events = events();
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("source").asText()).isEqualTo("kr.compensation.voucher");
        assertThat(event.get("detail-type").asText()).isEqualTo("VoucherIssued");
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(UUID.fromString(event.get("id").asText())).isNotNull();
        JsonNode detail = event.get("detail");
        assertThat(detail.get("schemaVersion").asText()).isEqualTo("1");
        assertThat(detail.get("voucherCode").asText()).isEqualTo(voucher.code().value());
        assertThat(detail.get("amount").asText()).isEqualTo("50000");
        assertThat(detail.get("currency").asText()).isEqualTo("KRW");
        assertThat(Instant.parse(detail.get("issuedAt").asText())).isEqualTo(voucher.issuedAt());
        assertThat(Instant.parse(detail.get("expiresAt").asText())).isEqualTo(voucher.expiresAt());
        assertThat(detail.get("issueSource").asText()).isEqualTo("CUSTOMER_CLAIM");
        assertThat(detail.get("issueRequestId").asText()).isEqualTo(voucher.requestId());
        assertThat(detail.get("customerKey").asText()).isEqualTo(key.value());
        assertThat(detail.get("streamRecordId").asText()).isNotBlank();
    }

    @Test
    @DisplayName("loading, claiming, a refused grant (already issued, not eligible) and later changes yield no event")
    void claimsThatDoNotGrantYieldNoEvent() throws Exception {
        CustomerKey issued = load("rel-events-000002", true);
        CustomerKey notEligible = load("rel-events-000003", false);
        CustomerKey claimOnly = load("rel-events-000004", true);
        repository.markClaimRequested(claimOnly, Instant.now(), Instant.now().minusSeconds(900));
        assertThat(repository.grant(issued, voucher())).isInstanceOf(GrantOutcome.Granted.class);
        pipe.awaitCaughtUp(CATCH_UP);
        long afterFirstGrant = pipe.delivered();

        // A second grant for the same customer (a redelivered issue request) is refused by the condition.
        assertThat(repository.grant(issued, voucher())).isInstanceOf(GrantOutcome.AlreadyIssued.class);
        assertThat(repository.grant(notEligible, voucher())).isInstanceOf(GrantOutcome.NotEligible.class);
        repository.markClaimRequested(issued, Instant.now(), Instant.now().minusSeconds(900));
        repository.markClaimRequested(notEligible, Instant.now(), Instant.now().minusSeconds(900));
        // A change to an item that already holds a voucher.
        aws.dynamoDb().updateItem(b -> b.tableName(table).key(EligibilityItem.key(issued))
                .updateExpression("SET accountState = :closed")
                .expressionAttributeValues(java.util.Map.of(":closed",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("CLOSED"))));
        pipe.awaitCaughtUp(CATCH_UP);

        assertThat(afterFirstGrant).isEqualTo(1);
        assertThat(pipe.delivered()).isEqualTo(1);
        assertThat(events()).hasSize(1);
        assertThat(pipe.filteredOut()).isGreaterThanOrEqualTo(5);
    }

    @Test
    @DisplayName("an event carries no personal data: the raw subject appears nowhere in the bus record")
    void noPersonalData() throws Exception {
        String subject = "010-1234-5678";
        CustomerKey key = load(subject, true);
        repository.grant(key, voucher());
        pipe.awaitCaughtUp(CATCH_UP);

        String record = Files.readString(pipe.eventsFile());
        assertThat(record).contains(key.value()).doesNotContain(subject).doesNotContain("01012345678");
        Set<String> fields = new HashSet<>();
        events().get(0).get("detail").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("schemaVersion", "voucherCode", "amount", "currency", "issuedAt",
                "expiresAt", "issueSource", "issueRequestId", "customerKey", "streamRecordId");
    }

    @Test
    @DisplayName("deduplicating by voucher code gives exactly one event per granted voucher")
    void dedupByCode() throws Exception {
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            CustomerKey key = load("rel-events-1000" + String.format("%02d", i), true);
            Voucher voucher = voucher();
            if (repository.grant(key, voucher) instanceof GrantOutcome.Granted) {
                granted.add(voucher.code().value());
            }
            repository.grant(key, voucher()); // refused: the request came twice
        }
        pipe.awaitCaughtUp(CATCH_UP);

        List<String> delivered = events().stream().map(e -> e.get("detail").get("voucherCode").asText()).toList();
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(granted.size());
        assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(granted);
    }

    @Test
    @DisplayName("a batch that keeps failing is retried MaximumRetryAttempts times, then its location is dead-lettered")
    void failingBatchIsDeadLettered() throws Exception {
        Path broken = Path.of(getClass().getResource("/templates/pipe-with-broken-template.yaml").toURI());
        String deadLetters = aws.resources().queueUrl("VoucherEventDeadLetterQueue");
        try (LocalVoucherEventPipe brokenPipe = LocalVoucherEventPipe.start(broken, "BrokenPipe", aws.stackName(),
                aws.resources()::tableName, aws.resources()::queueUrl, aws.dynamoDb(), streams, aws.sqs(),
                dir.resolve("broken.jsonl"))) {
            CustomerKey key = load("rel-events-000005", true);
            repository.grant(key, voucher());
            brokenPipe.awaitCaughtUp(CATCH_UP);

            // The load passes no filter and may come in a batch of its own; the grant's batch fails.
            assertThat(brokenPipe.delivered()).isZero();
            assertThat(brokenPipe.deadLettered()).isBetween(1L, 2L);
            var messages = aws.sqs().receiveMessage(b -> b.queueUrl(deadLetters).maxNumberOfMessages(10)).messages();
            assertThat(messages).hasSize(1);
            JsonNode body = JSON.readTree(messages.get(0).body());
            assertThat(body.get("shardId").asText()).isNotBlank();
            assertThat(body.get("batchSize").asLong()).isEqualTo(brokenPipe.deadLettered());
            assertThat(body.get("endSequenceNumber").asText()).isNotBlank();
            assertThat(messages.get(0).body()).doesNotContain(key.value());
        }
        // The real pipe, on the same stream, is not held up by its neighbour's failure.
        pipe.awaitCaughtUp(CATCH_UP);
        assertThat(pipe.delivered()).isEqualTo(1);
    }

    private CustomerKey load(String subject, boolean eligible) {
        CustomerKey key = hasher.keyOf(IssuerRole.SIGN_IN, subject);
        aws.dynamoDb().putItem(b -> b.tableName(table)
                .item(EligibilityItem.newlyLoaded(key, eligible, AccountState.ACTIVE)));
        return key;
    }

    private Voucher voucher() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Voucher(codes.next(), new Money(50_000, "KRW"), now, now.plus(Duration.ofDays(365)),
                IssueSource.CUSTOMER_CLAIM, UUID.randomUUID().toString());
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(pipe.eventsFile())) {
            events.add(JSON.readTree(line));
        }
        return events;
    }
}
