package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.ClaimMark;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.ops.generate.SyntheticCustomerList;
import kr.compensation.voucher.ops.load.LoadPlan;
import kr.compensation.voucher.ops.load.LoadResult;
import kr.compensation.voucher.ops.load.Loader;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;

/** Needs the local AWS emulator (infra/local/aws): loads generated lists into the template's table. */
@WithLocalAws
class LoadIT {

    private static final byte[] PEPPER = new byte[32];
    private static final String PEPPER_BASE64 = Base64.getEncoder().encodeToString(PEPPER);
    private static final int ROWS = 1_200;

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(PEPPER);
    private LocalAws aws;
    private String table;
    private Path list;
    private Map<String, String> expectedStates;

    @TempDir
    Path dir;

    @BeforeEach
    void freshTableAndList(LocalAws aws) throws IOException {
        this.aws = aws;
        table = Emulator.freshTable(aws);
        list = dir.resolve("affected.csv");
        expectedStates = new HashMap<>();
        for (SyntheticCustomerList.Row row : AffectedList.writeWithRepeats(list,
                new SyntheticCustomerList(ROWS, 11, 0.2, 0.05), 5)) {
            expectedStates.put(hasher.keyOf(row.issuer(), row.customerId()).value(), row.accountState().name());
        }
    }

    @Test
    void load_writesEveryValidLineOnce_asAnEligibleItem_andRefusesTheRestByLineNumber() throws IOException {
        Emulator.PutCounter puts = new Emulator.PutCounter();

        OpsRun run = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER_BASE64), List.of(puts), "load", list.toString(),
                "--endpoint-url", aws.endpoint().toString(), "--table", table, "--concurrency", "4", "--no-progress");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.FINDINGS);
        Map<String, Map<String, AttributeValue>> items = Emulator.items(aws, table);
        assertThat(items.keySet()).isEqualTo(expectedStates.keySet());
        items.forEach((pk, item) -> {
            assertThat(item.get(EligibilityItem.ELIGIBLE).bool()).isTrue();
            assertThat(item.get(EligibilityItem.ACCOUNT_STATE).s()).isEqualTo(expectedStates.get(pk));
        });
        assertThat(puts.puts()).allSatisfy((pk, n) -> assertThat(n).isEqualTo(1));
        assertThat(puts.total()).isEqualTo(expectedStates.size());
        long invalid = ROWS - expectedStates.size();
        assertThat(run.out).contains("complete").contains(String.format(Locale.ROOT, "%,14d", ROWS + 5L))
                .contains(String.format(Locale.ROOT, "%,14d", (long) expectedStates.size()))
                .contains(String.format(Locale.ROOT, "%,14d", invalid));
        assertThat(Files.readAllLines(dir.resolve("affected.csv.rejected.csv"))).hasSize((int) invalid + 1);
        assertThat(LoadResultFile.complete(dir.resolve("affected.csv.checkpoint"))).isTrue();
    }

    @Test
    void aLoadThatFailsMidway_resumesFromItsCheckpoint_andEndsWithEveryValidLineWrittenExactlyOnce() throws Exception {
        Emulator.PutCounter puts = new Emulator.PutCounter();
        ExecutionInterceptor networkLostAfterFiveBatches = Emulator.onCalls(BatchWriteItemRequest.class, false,
                n -> n > 5, Emulator.fails("injected: the network is gone"));

        // The failure comes first so that the refused requests are not counted as sent.
        LoadResult first = loader(List.of(networkLostAfterFiveBatches, puts), false).run();

        assertThat(first.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(first.failure()).contains("BatchWriteItem");
        long firstLine = LoadResultFile.line(dir.resolve("affected.csv.checkpoint"));
        assertThat(firstLine).isGreaterThan(1).isLessThan(ROWS + 7);
        assertThat(Emulator.items(aws, table)).hasSizeLessThan(expectedStates.size());

        LoadResult second = loader(List.of(puts), false).run();

        assertThat(second.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(second.resumedAfter()).isEqualTo(firstLine);
        assertThat(Emulator.items(aws, table).keySet()).isEqualTo(expectedStates.keySet());
        assertThat(puts.puts().keySet()).isEqualTo(expectedStates.keySet());
        assertThat(puts.puts()).allSatisfy((pk, n) -> assertThat(n).as("puts of one key").isEqualTo(1));
        assertThat(second.total().read()).isEqualTo(ROWS + 5);
        assertThat(second.total().written() + second.total().skipped()).isEqualTo(expectedStates.size() + 5);
        assertThat(second.total().invalid()).isEqualTo(ROWS - expectedStates.size());
    }

    @Test
    void aLoadStoppedByCtrlC_finishesItsBatchesInFlight_andResumesWithoutLosingOrRepeatingALine() throws Exception {
        Emulator.PutCounter puts = new Emulator.PutCounter();
        RunControls controls = Emulator.quickControls();
        ExecutionInterceptor ctrlCAfterThreeBatches = Emulator.onCalls(BatchWriteItemRequest.class, true, n -> n == 3,
                controls::requestStop);

        LoadResult stopped = loader(List.of(puts, ctrlCAfterThreeBatches), false, controls).run();

        assertThat(stopped.outcome()).isEqualTo(RunOutcome.STOPPED);
        assertThat(stopped.total().written()).isEqualTo(puts.total());

        LoadResult resumed = loader(List.of(puts), false).run();

        assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(resumed.total().written()).isEqualTo(expectedStates.size());
        assertThat(resumed.total().skipped()).isEqualTo(5);
        assertThat(puts.puts()).hasSize(expectedStates.size()).allSatisfy((pk, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void aPutWhoseOutcomeWasLost_isCheckedAgainstTheTable_notBlindlyRepeated() throws Exception {
        Emulator.PutCounter puts = new Emulator.PutCounter();
        ExecutionInterceptor answerLostOnSecondBatch = Emulator.onCalls(BatchWriteItemRequest.class, true,
                n -> n == 2, Emulator.fails("injected: written, but the answer was lost"));

        LoadResult result = loader(List.of(puts, answerLostOnSecondBatch), false).run();

        assertThat(result.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(puts.puts()).hasSize(expectedStates.size()).allSatisfy((pk, n) -> assertThat(n).isEqualTo(1));
        assertThat(result.total().written()).isEqualTo(expectedStates.size());
    }

    @Test
    void reloading_afterClaimsAndGrants_leavesThoseCustomersExactlyAsTheyAre() throws Exception {
        assertThat(loader(List.of(), false).run().outcome()).isEqualTo(RunOutcome.COMPLETE);
        DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        List<String> keys = expectedStates.keySet().stream().sorted().limit(6).toList();
        Instant now = Instant.parse("2027-01-15T00:00:00Z");
        for (String key : keys.subList(0, 3)) {
            assertThat(repository.markClaimRequested(new CustomerKey(key), now, now.minusSeconds(600)))
                    .isInstanceOf(ClaimMark.Marked.class);
        }
        for (String key : keys.subList(3, 6)) {
            Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), now,
                    now.plus(Duration.ofDays(365)), IssueSource.OPS_BULK, "req-" + key.substring(0, 8));
            assertThat(repository.grant(new CustomerKey(key), voucher)).isInstanceOf(GrantOutcome.Granted.class);
        }
        Map<String, Map<String, AttributeValue>> before = Emulator.items(aws, table);
        Emulator.PutCounter puts = new Emulator.PutCounter();

        // A hard kill that lost the checkpoint, or an operator's --restart: the whole file again.
        LoadResult again = loader(List.of(puts), true).run();

        assertThat(again.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(puts.total()).isZero();
        assertThat(again.thisRun().skipped()).isEqualTo(expectedStates.size() + 5);
        assertThat(Emulator.items(aws, table)).isEqualTo(before);
        assertThat(before.get(keys.get(0))).containsKey(EligibilityItem.CLAIM_REQUESTED_AT);
        assertThat(before.get(keys.get(5))).containsKey(EligibilityItem.VOUCHER_CODE);
    }

    @Test
    void resumingWithAnotherPepper_isRefused_beforeAnythingIsWritten() throws Exception {
        RunControls controls = Emulator.quickControls();
        ExecutionInterceptor ctrlC = Emulator.onCalls(SdkRequest.class, true, n -> true, controls::requestStop);
        assertThat(loader(List.of(ctrlC), false, controls).run().outcome()).isEqualTo(RunOutcome.STOPPED);
        Emulator.PutCounter puts = new Emulator.PutCounter();
        byte[] otherPepper = new byte[32];
        otherPepper[31] = 9;

        OpsRun run = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", Base64.getEncoder().encodeToString(otherPepper)),
                List.of(puts), "load", list.toString(), "--endpoint-url", aws.endpoint().toString(), "--table", table,
                "--no-progress");

        assertThat(run.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("another pepper");
        assertThat(puts.total()).isZero();
    }

    @Test
    void aCompletedLoad_isNotRepeated_unlessRestarted() throws Exception {
        loader(List.of(), false).run();
        Emulator.PutCounter puts = new Emulator.PutCounter();

        OpsRun run = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER_BASE64), List.of(puts), "load", list.toString(),
                "--endpoint-url", aws.endpoint().toString(), "--table", table, "--json", "--no-progress");

        assertThat(run.out).contains("\"outcome\" : \"ALREADY_COMPLETE\"");
        assertThat(puts.total()).isZero();
    }

    private Loader loader(List<ExecutionInterceptor> interceptors, boolean restart) {
        return loader(interceptors, restart, Emulator.quickControls());
    }

    private Loader loader(List<ExecutionInterceptor> interceptors, boolean restart, RunControls controls) {
        OpsAws clients = Emulator.clients(aws, interceptors);
        LoadPlan plan = new LoadPlan(list, LoadPlan.defaultCheckpoint(list), LoadPlan.defaultRejectedReport(list), table,
                4, 25, 0, false, restart, Duration.ZERO);
        return new Loader(plan, clients.dynamoDb(), clients.dynamoDbWithoutRetries(), hasher, controls);
    }

    /** Reads the checkpoint the way an operator would look at it. */
    private static final class LoadResultFile {
        static boolean complete(Path checkpoint) {
            return kr.compensation.voucher.ops.load.LoadCheckpoint.read(checkpoint).orElseThrow().complete();
        }

        static long line(Path checkpoint) {
            return kr.compensation.voucher.ops.load.LoadCheckpoint.read(checkpoint).orElseThrow().line();
        }
    }
}
