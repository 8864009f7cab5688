package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.ops.issueall.BulkIssuePlan;
import kr.compensation.voucher.ops.issueall.BulkIssuer;
import kr.compensation.voucher.ops.issueall.IssueAllResult;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/**
 * Needs the local AWS emulator (infra/local/aws): a table of eligible customers, some already issued and some not
 * eligible, and the template's issue-request queue.
 */
@WithLocalAws
class IssueAllIT {

    private static final int CUSTOMERS = 300;
    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
    private final IssueRequestCodec codec = new IssueRequestCodec();
    private LocalAws aws;
    private String table;
    private String queue;
    private Set<String> owed;

    @TempDir
    Path dir;

    @BeforeEach
    void tableWithIssuedAndIneligibleCustomers(LocalAws aws) {
        this.aws = aws;
        table = Emulator.freshTable(aws);
        queue = aws.resources().queueUrl("IssueRequestQueue");
        owed = new HashSet<>();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            CustomerKey key = hasher.keyOf(IssuerRole.SIGN_IN, "sub-" + i);
            boolean eligible = i % 10 != 0;
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(EligibilityItem.newlyLoaded(key, eligible, AccountState.ACTIVE)).build()).build());
            if (eligible) {
                owed.add(key.value());
            }
        }
        for (int from = 0; from < puts.size(); from += 25) {
            List<WriteRequest> batch = puts.subList(from, Math.min(from + 25, puts.size()));
            aws.dynamoDb().batchWriteItem(r -> r.requestItems(Map.of(table, batch)));
        }
        DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        Instant now = Instant.parse("2027-01-15T00:00:00Z");
        for (int i = 1; i <= 40; i += 3) {
            CustomerKey key = hasher.keyOf(IssuerRole.SIGN_IN, "sub-" + i);
            repository.grant(key, new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), now,
                    now.plus(Duration.ofDays(365)), IssueSource.CUSTOMER_CLAIM, "req-" + i));
            owed.remove(key.value());
        }
    }

    @Test
    void issueAll_queuesOneOpsRequestForEveryEligibleCustomerWithoutAVoucher_andNoOneElse() {
        OpsRun run = OpsRun.of(Map.of(), List.of(), "issue-all", "--endpoint-url", aws.endpoint().toString(),
                "--table", table, "--queue-url", queue, "--segments", "3", "--page-size", "40",
                "--checkpoint", dir.resolve("issue-all.checkpoint").toString(), "--no-progress", "--json");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        List<IssueRequest> requests = Emulator.drain(aws, queue).stream().map(m -> codec.decode(m.body())).toList();
        assertThat(requests).extracting(r -> r.customerKey().value()).containsExactlyInAnyOrderElementsOf(owed);
        assertThat(requests).allSatisfy(r -> assertThat(r.source()).isEqualTo(IssueSource.OPS_BULK));
        assertThat(requests).extracting(IssueRequest::requestId).doesNotHaveDuplicates();
        assertThat(run.out).contains("\"sent\" : " + owed.size());
    }

    @Test
    void aStoppedRun_resumesEachSegmentFromItsLastSentPage_andReachesEveryone() throws Exception {
        Path checkpoint = dir.resolve("issue-all.checkpoint");
        RunControls controls = Emulator.quickControls();
        ExecutionInterceptor stopAfterFourBatches = Emulator.onCalls(SendMessageBatchRequest.class, true, n -> n == 4,
                controls::requestStop);

        IssueAllResult stopped = issuer(checkpoint, List.of(stopAfterFourBatches), controls).run();
        Set<String> queued = keys();

        assertThat(stopped.outcome()).isEqualTo(RunOutcome.STOPPED);
        assertThat(queued).isNotEmpty().hasSizeLessThan(owed.size());

        IssueAllResult resumed = issuer(checkpoint, List.of()).run();
        queued.addAll(keys());

        assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(queued).isEqualTo(owed);
        assertThat(resumed.sentInAll()).isEqualTo(stopped.sent() + resumed.sent());
        // Pages are whole: resuming never resends more than the page each segment was on when it stopped.
        assertThat(stopped.sent() + resumed.sent()).isLessThanOrEqualTo(owed.size() + 3L * 20);
        assertThat(issuer(checkpoint, List.of()).run().outcome()).isEqualTo(RunOutcome.ALREADY_COMPLETE);
    }

    @Test
    void aCheckpointMadeWithOtherSegments_isRefused() throws Exception {
        Path checkpoint = dir.resolve("issue-all.checkpoint");
        issuer(checkpoint, List.of()).run();

        OpsRun run = OpsRun.of(Map.of(), List.of(), "issue-all", "--endpoint-url", aws.endpoint().toString(),
                "--table", table, "--queue-url", queue, "--segments", "5", "--checkpoint", checkpoint.toString(),
                "--no-progress");

        assertThat(run.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("--segments 3");
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>();
        Emulator.drain(aws, queue).forEach(m -> keys.add(codec.decode(m.body()).customerKey().value()));
        return keys;
    }

    private BulkIssuer issuer(Path checkpoint, List<ExecutionInterceptor> interceptors) {
        return issuer(checkpoint, interceptors, Emulator.quickControls());
    }

    private BulkIssuer issuer(Path checkpoint, List<ExecutionInterceptor> interceptors, RunControls controls) {
        OpsAws clients = Emulator.clients(aws, interceptors);
        BulkIssuePlan plan = new BulkIssuePlan(table, queue, 3, 3, 0, checkpoint, false, 20);
        return new BulkIssuer(plan, clients.dynamoDb(), clients.sqs(), codec, Clock.systemUTC(), controls);
    }
}
