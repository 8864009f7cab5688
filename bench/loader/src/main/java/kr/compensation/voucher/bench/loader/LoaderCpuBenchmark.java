package kr.compensation.voucher.bench.loader;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.generate.SyntheticCustomerList;
import kr.compensation.voucher.ops.load.Batch;
import kr.compensation.voucher.ops.load.BatchAssembler;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.load.RejectedLines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Rows per second that one thread of the loader turns from CSV text into write requests, to show the loader is
 * never the bottleneck of a table written at 40,000 units per second. One operation is one row; the list is the
 * generator's (seed 42, 10% closed accounts, 1% broken lines), held in memory so the disk is not measured.
 *
 * <ul>
 *   <li>{@code parseValidateHashSerialize}: what the loader's reader thread does per row: read the line, judge it,
 *       HMAC the key, lay out the item and wrap it in a put request.</li>
 *   <li>{@code withSdkRequests}: the same plus everything the AWS SDK does on this side for each batch of 25
 *       (BatchGetItem and BatchWriteItem marshalled to JSON, signed with SigV4, answers parsed), against an HTTP
 *       layer that answers from memory: the whole client-side CPU cost of a row.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class LoaderCpuBenchmark {

    static final int ROWS = 100_000;
    private static final String TABLE = "EligibilityTable";

    private byte[] csv;
    private CustomerKeyHasher hasher;
    private DynamoDbClient dynamoDb;

    @Setup(Level.Trial)
    public void generate() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(ROWS * 40);
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            new SyntheticCustomerList(ROWS, 42, 0.1, 0.01).writeTo(out);
        }
        csv = bytes.toByteArray();
        byte[] pepper = new byte[48];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (i * 31 + 7);
        }
        hasher = new CustomerKeyHasher(pepper);
        dynamoDb = CannedDynamoDb.client();
    }

    @TearDown(Level.Trial)
    public void close() {
        dynamoDb.close();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void parseValidateHashSerialize(Blackhole sink) throws IOException {
        BatchAssembler assembler = assembler();
        for (Batch batch; (batch = assembler.next()) != null; ) {
            sink.consume(writeRequests(batch));
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void withSdkRequests(Blackhole sink) throws IOException {
        BatchAssembler assembler = assembler();
        for (Batch batch; (batch = assembler.next()) != null; ) {
            List<Map<String, AttributeValue>> items = batch.items();
            if (items.isEmpty()) {
                continue;
            }
            List<Map<String, AttributeValue>> keys = new ArrayList<>(items.size());
            for (Map<String, AttributeValue> item : items) {
                keys.add(Map.of(EligibilityItem.PK, item.get(EligibilityItem.PK)));
            }
            KeysAndAttributes read = KeysAndAttributes.builder().keys(keys).projectionExpression("#pk")
                    .expressionAttributeNames(Map.of("#pk", EligibilityItem.PK)).consistentRead(true).build();
            sink.consume(dynamoDb.batchGetItem(r -> r.requestItems(Map.of(TABLE, read))));
            List<WriteRequest> writes = writeRequests(batch);
            sink.consume(dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(TABLE, writes))));
        }
    }

    private BatchAssembler assembler() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(csv),
                StandardCharsets.UTF_8), 1 << 16);
        CustomerListParser parser = CustomerListParser.fromHeader(reader.readLine());
        return new BatchAssembler(reader, parser, hasher, 1, key -> false, RejectedLines.none(),
                BatchAssembler.MAX_BATCH_SIZE);
    }

    private static List<WriteRequest> writeRequests(Batch batch) {
        List<Map<String, AttributeValue>> items = batch.items();
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        return requests;
    }
}
