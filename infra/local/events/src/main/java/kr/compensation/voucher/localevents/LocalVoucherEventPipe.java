package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import kr.compensation.voucher.localaws.LocalAws;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stand-in of an EventBridge Pipe from a DynamoDB stream to an event bus, driven by the pipe's own
 * definition in template.yaml ({@link PipeDefinition}): it reads the table's stream from the emulator, keeps the
 * records the pipe's filter passes, applies the pipe's input template and puts each result on a
 * {@link LocalEventBus}. What it copies, and from which AWS page:
 * <ul>
 *   <li>Source records in the shape of eb-pipes-dynamodb.html ({@link StreamRecords}); reading starts at the
 *   pipe's {@code StartingPosition}; records of one shard are handed on in order ("EventBridge Pipes maintains the
 *   order of records from the data stream", same page).</li>
 *   <li>Filtering by event patterns (eb-pipes-event-filtering.html; {@link EventPattern}): a record that no filter
 *   passes is dropped, not retried.</li>
 *   <li>Input transformation (eb-pipes-input-transformation.html; {@link InputTemplate}); the result is the
 *   event's detail, source and detail-type come from {@code EventBridgeEventBusParameters}.</li>
 *   <li>Retries and the dead-letter queue (API_PipeSourceDynamoDBStreamParameters.html): a batch that fails is
 *   retried, up to {@code MaximumRetryAttempts} times, then a message naming the shard and sequence numbers (not the
 *   records) goes to the {@code DeadLetterConfig} queue and the shard moves on. A retried batch may put again
 *   events it had put before it failed: at least once, as in AWS.</li>
 * </ul>
 * The differences that remain are listed in this module's README.
 */
public final class LocalVoucherEventPipe implements AutoCloseable {

    /** The pipe of template.yaml that turns grants into VoucherIssued events. */
    public static final String VOUCHER_EVENT_PIPE = "VoucherEventPipe";

    private static final Logger LOG = LoggerFactory.getLogger(LocalVoucherEventPipe.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration RETRY_DELAY = Duration.ofMillis(50);
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);

    private final PipeDefinition definition;
    private final InputTemplate inputTemplate;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final String deadLetterQueueUrl;
    private final String streamArn;
    private final LocalEventBus bus;
    private final Map<String, String> reserved;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong filteredOut = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong idleCycles = new AtomicLong();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private Instant shardsRefreshedAt = Instant.EPOCH;
    private volatile DynamoDbStreamsClient ownedStreams;

    private LocalVoucherEventPipe(PipeDefinition definition, String tableName, String deadLetterQueueUrl,
                                  DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, SqsClient sqs,
                                  Path eventsFile) throws IOException {
        this.definition = definition;
        this.inputTemplate = definition.inputTemplate() == null ? null : new InputTemplate(definition.inputTemplate());
        this.streams = streams;
        this.sqs = sqs;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
        String arn = dynamoDb.describeTable(b -> b.tableName(tableName)).table().latestStreamArn();
        if (arn == null) {
            throw new IllegalStateException("table " + tableName + " has no stream: the emulator dropped the "
                    + "template's StreamSpecification, or the template has none");
        }
        this.streamArn = arn;
        // arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL
        String[] parts = arn.split(":", 6);
        this.bus = new LocalEventBus(eventsFile, parts[4], parts[3]);
        this.reserved = Map.of("aws.pipes.pipe-name", definition.pipeName(),
                "aws.pipes.pipe-arn", "arn:aws:pipes:" + parts[3] + ":" + parts[4] + ":pipe/" + definition.pipeName(),
                "aws.pipes.source-arn", arn);
        refreshShards();
        this.poller = Thread.ofPlatform().daemon().name("local-pipe-" + definition.pipeName()).unstarted(this::run);
    }

    /**
     * Starts the pipe {@code pipeLogicalId} of {@code template}; logical ids of its table and dead-letter queue are
     * turned into the emulator's names by {@code tableNames} and {@code queueUrls} (e.g. {@code
     * aws.resources()::tableName}). Events are appended to {@code eventsFile}.
     */
    public static LocalVoucherEventPipe start(Path template, String pipeLogicalId, String stackName,
                                              UnaryOperator<String> tableNames, UnaryOperator<String> queueUrls,
                                              DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, SqsClient sqs,
                                              Path eventsFile) throws IOException {
        PipeDefinition definition = PipeDefinition.read(template, pipeLogicalId, stackName);
        String deadLetter = definition.deadLetterLogicalId() == null ? null
                : queueUrls.apply(definition.deadLetterLogicalId());
        LocalVoucherEventPipe pipe = new LocalVoucherEventPipe(definition,
                tableNames.apply(definition.tableLogicalId()), deadLetter, dynamoDb, streams, sqs, eventsFile);
        pipe.poller.start();
        LOG.info("local pipe {}: {} stream -> {} (filter {}, starting at {})", definition.pipeName(),
                definition.tableLogicalId(), eventsFile, definition.filters(), definition.startingPosition());
        return pipe;
    }

    /**
     * Starts {@link #VOUCHER_EVENT_PIPE} of {@code template} on the harness's emulator, with a streams client of its
     * own (closed with the pipe). The local run's and the reliability suite's one call.
     */
    public static LocalVoucherEventPipe start(LocalAws aws, Path template, Path eventsFile) throws IOException {
        DynamoDbStreamsClient streams = aws.clientSettings().configure(DynamoDbStreamsClient.builder()).build();
        try {
            LocalVoucherEventPipe pipe = start(template, VOUCHER_EVENT_PIPE, aws.stackName(),
                    aws.resources()::tableName, aws.resources()::queueUrl, aws.dynamoDb(), streams, aws.sqs(),
                    eventsFile);
            pipe.ownedStreams = streams;
            return pipe;
        } catch (IOException | RuntimeException e) {
            streams.close();
            throw e;
        }
    }

    public PipeDefinition definition() {
        return definition;
    }

    public Path eventsFile() {
        return bus.file();
    }

    public long delivered() {
        return delivered.get();
    }

    public long filteredOut() {
        return filteredOut.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /**
     * Waits until the pipe has read its stream to the end at least once after this call began, i.e. every change
     * made before the call has been filtered and, if it passed, delivered. Throws if the poller died.
     */
    public void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long target = idleCycles.get() + 2;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (idleCycles.get() < target) {
            if (failure != null) {
                throw new IllegalStateException("the local pipe stopped", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the local pipe did not catch up within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private void run() {
        try {
            while (running) {
                boolean anyRecords = false;
                if (Duration.between(shardsRefreshedAt, Instant.now()).compareTo(SHARD_REFRESH) > 0) {
                    refreshShards();
                }
                for (Map.Entry<String, String> shard : new ArrayList<>(iterators.entrySet())) {
                    GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(shard.getValue())
                            .limit(definition.batchSize()));
                    if (page.hasRecords() && !page.records().isEmpty()) {
                        anyRecords = true;
                        handOn(shard.getKey(), page.records());
                    }
                    if (page.nextShardIterator() == null) {
                        iterators.remove(shard.getKey()); // the shard is closed and read to its end
                    } else {
                        iterators.put(shard.getKey(), page.nextShardIterator());
                    }
                }
                if (!anyRecords) {
                    idleCycles.incrementAndGet();
                    Thread.sleep(POLL_INTERVAL.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
                LOG.error("local pipe {} stopped: {}", definition.pipeName(), e.toString());
            }
        }
    }

    private void refreshShards() {
        shardsRefreshedAt = Instant.now();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            if (!iterators.containsKey(shard.shardId()) && shard.sequenceNumberRange().endingSequenceNumber() == null) {
                ShardIteratorType type = ShardIteratorType.fromValue(definition.startingPosition());
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(type)).shardIterator());
            }
        }
    }

    /** One batch: filter, transform, put; retried as a whole, then dead-lettered. */
    private void handOn(String shardId, List<Record> batch) throws InterruptedException {
        int maxRetries = definition.maximumRetryAttempts();
        for (int attempt = 0; ; attempt++) {
            try {
                for (Record record : batch) {
                    ObjectNode json = StreamRecords.asPipeSees(record, streamArn);
                    if (!definition.passes(json)) {
                        if (attempt == 0) {
                            filteredOut.incrementAndGet();
                        }
                        continue;
                    }
                    JsonNode detail = detail(json);
                    bus.put(definition.source(), definition.detailType(), detail);
                    delivered.incrementAndGet();
                }
                return;
            } catch (IOException | RuntimeException e) {
                if (maxRetries >= 0 && attempt >= maxRetries) {
                    deadLetter(shardId, batch, e);
                    return;
                }
                if (attempt == 0) {
                    LOG.warn("local pipe {}: batch of {} failed, retrying: {}", definition.pipeName(), batch.size(),
                            e.toString());
                }
                Thread.sleep(RETRY_DELAY.toMillis());
            }
        }
    }

    private JsonNode detail(ObjectNode record) throws IOException {
        if (inputTemplate == null) {
            return record;
        }
        JsonNode detail = JSON.readTree(inputTemplate.render(record, reserved));
        if (!detail.isObject()) {
            throw new IllegalArgumentException("the input template does not give a JSON object: " + detail);
        }
        return detail;
    }

    private void deadLetter(String shardId, List<Record> batch, Exception cause) {
        deadLettered.addAndGet(batch.size());
        LOG.error("local pipe {}: batch of {} failed {} retries, dead-lettered: {}", definition.pipeName(),
                batch.size(), definition.maximumRetryAttempts(), cause.toString());
        if (deadLetterQueueUrl == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipe", definition.pipeName());
        body.put("streamArn", streamArn);
        body.put("shardId", shardId);
        body.put("startSequenceNumber", batch.get(0).dynamodb().sequenceNumber());
        body.put("endSequenceNumber", batch.get(batch.size() - 1).dynamodb().sequenceNumber());
        body.put("batchSize", batch.size());
        body.put("errorMessage", cause.getClass().getSimpleName());
        try {
            String message = JSON.writeValueAsString(body);
            sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl).messageBody(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        poller.interrupt();
        try {
            poller.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bus.close();
        if (ownedStreams != null) {
            ownedStreams.close();
        }
    }
}
