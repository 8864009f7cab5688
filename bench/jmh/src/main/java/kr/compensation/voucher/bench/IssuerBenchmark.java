package kr.compensation.voucher.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.issuer.IssuerHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The issuer function on one SQS batch of 10 issue requests (the template's batch size), end to end in-process: the
 * event in, ten codecs, ten fresh voucher codes, ten conditional UpdateItems to a loopback stub that accepts each,
 * the metrics line, the batch response out. One operation is one batch.
 */
@State(Scope.Benchmark)
public class IssuerBenchmark extends HandlerBenchmarkSettings {

    static final int BATCH = 10;

    private CannedAwsProcess aws;
    private IssuerHandler issuer;
    private SQSEvent batch;
    private Context context;

    @Setup(Level.Trial)
    public void start() throws IOException {
        aws = CannedAwsProcess.start();
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", BenchEvents.TABLE_NAME);
        properties.put("voucher.amount", "50000");
        properties.put("voucher.validity-days", "365");
        properties.put("voucher.aws.region", "ap-northeast-2");
        properties.put("voucher.aws.endpoint-override", aws.endpoint().toString());
        // The function writes one metrics line per batch to standard output, captured when its beans are built:
        // keep the work (the line is still formatted and printed) but not the noise in JMH's output.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
        try {
            issuer = new IssuerHandler(ApplicationContext.builder().properties(properties));
        } finally {
            System.setOut(stdout);
        }
        batch = batchOfTen();
        context = BenchEvents.context("bench-issuer");
        SQSBatchResponse response = issuer.handleRequest(batch, context);
        if (!response.getBatchItemFailures().isEmpty()) {
            throw new IllegalStateException("the issuer failed " + response.getBatchItemFailures().size() + " messages");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        issuer.close();
        aws.close();
    }

    @Benchmark
    public SQSBatchResponse issueBatchOfTen() {
        return issuer.handleRequest(batch, context);
    }

    /** Ten requests of ten different customers, as ops' bulk issuance queues them. */
    static SQSEvent batchOfTen() {
        byte[] pepper = new byte[32];
        CustomerKeyHasher hasher = new CustomerKeyHasher(pepper);
        IssueRequestCodec codec = new IssueRequestCodec();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("6b1c1f5e-0200-4d0e-9a53-00000000020" + i);
            message.setReceiptHandle("bench-receipt-" + i);
            message.setBody(codec.encode(new IssueRequest(hasher.keyOf(IssuerRole.SIGN_IN, "bench-" + i),
                    IssueSource.OPS_BULK, "bulk-00000" + i, Instant.parse("2027-01-15T00:00:00Z"))));
            message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "1800000003000"));
            message.setMessageAttributes(Map.of());
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:ap-northeast-2:000000000000:voucher-issue-requests");
            message.setAwsRegion("ap-northeast-2");
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
