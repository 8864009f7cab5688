package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import kr.compensation.voucher.ops.rekey.RekeyCheckpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Needs the local AWS emulator (infra/local/aws): a list loaded under one pepper, some customers claimed and some
 * granted, then moved to another pepper with {@code rekey}.
 *
 * <p>Every rekey here runs at the tool's default concurrency: DynamoDB isolates transactions from each other and from
 * single-item writes (Developer Guide, "Amazon DynamoDB Transactions: How it works"), and so does the harness's moto,
 * whose launcher serialises DynamoDB requests (stock moto restores a whole-table copy when a transaction fails and
 * could undo another thread's committed move; see infra/ops/README.md).
 */
@WithLocalAws
class RekeyIT {

    private static final byte[] OLD_PEPPER = pepper(1);
    private static final byte[] NEW_PEPPER = pepper(2);
    private static final int ROWS = 400;
    private static final int REPEATS = 5;

    private final CustomerKeyHasher oldHasher = new CustomerKeyHasher(OLD_PEPPER);
    private final CustomerKeyHasher newHasher = new CustomerKeyHasher(NEW_PEPPER);
    private final ObjectMapper json = new ObjectMapper();
    private LocalAws aws;
    private String table;
    private Path list;
    /** New key by old key, for every distinct valid customer of the list. */
    private Map<String, String> newKeyOf;
    private List<String> claimed;
    private List<String> granted;

    @TempDir
    Path dir;

    @BeforeEach
    void loadedUnderTheOldPepper_withClaimsAndVouchers(LocalAws aws) throws Exception {
        this.aws = aws;
        table = Emulator.freshTable(aws);
        list = dir.resolve("affected.csv");
        newKeyOf = new LinkedHashMap<>();
        for (SyntheticCustomerList.Row row : AffectedList.writeWithRepeats(list,
                new SyntheticCustomerList(ROWS, 21, 0.2, 0.05), REPEATS)) {
            newKeyOf.put(oldHasher.keyOf(row.issuer(), row.customerId()).value(),
                    newHasher.keyOf(row.issuer(), row.customerId()).value());
        }
        OpsRun load = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", base64(OLD_PEPPER)), List.of(), "load",
                list.toString(), "--endpoint-url", aws.endpoint().toString(), "--table", table, "--no-progress");
        assertThat(load.exitCode).as(load.toString()).isEqualTo(ExitCode.FINDINGS);
        DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        List<String> keys = new ArrayList<>(newKeyOf.keySet());
        // The first batch (25 customers) keeps some untouched customers for the test of a claim during the move.
        claimed = keys.subList(30, 70);
        granted = keys.subList(70, 100);
        Instant now = Instant.parse("2027-01-15T00:00:00Z");
        for (String key : claimed) {
            assertThat(repository.markClaimRequested(new CustomerKey(key), now, now.minusSeconds(600)))
                    .isInstanceOf(ClaimMark.Marked.class);
        }
        for (String key : granted) {
            Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), now,
                    now.plus(Duration.ofDays(365)), IssueSource.OPS_BULK, "req-" + key.substring(0, 8));
            assertThat(repository.grant(new CustomerKey(key), voucher)).isInstanceOf(GrantOutcome.Granted.class);
        }
    }

    @Test
    void rekey_movesEveryCustomerToTheNewKey_withItsClaimAndVoucher_andLeavesNothingUnderTheOld() throws Exception {
        Map<String, Map<String, AttributeValue>> before = Emulator.items(aws, table);

        OpsRun run = rekey(List.of(), "--json");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        assertMovedExactly(before);
        JsonNode total = json.readTree(run.out).get("total");
        assertThat(total.get("moved").asLong()).isEqualTo(newKeyOf.size());
        assertThat(total.get("alreadyMoved").asLong()).isEqualTo(REPEATS);
        assertThat(total.get("notFound").asLong()).isZero();
        assertThat(total.get("conflicts").asLong()).isZero();
        assertThat(total.get("read").asLong()).isEqualTo(ROWS + REPEATS);
        assertThat(total.get("invalid").asLong()).isEqualTo(ROWS - newKeyOf.size());
        assertThat(run.out + run.err).doesNotContain(base64(OLD_PEPPER)).doesNotContain(base64(NEW_PEPPER));
    }

    @Test
    void aRekeyKilledMidway_leavesEachCustomerUnderExactlyOneKey_andTheRerunFinishesTheMove() throws Exception {
        Map<String, Map<String, AttributeValue>> before = Emulator.items(aws, table);
        Path jar = Path.of("target", "voucher-ops-1.0.0-all.jar").toAbsolutePath();
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "rekey", list.toString(),
                "--endpoint-url", aws.endpoint().toString(), "--table", table,
                "--max-writes-per-second", "200", "--no-progress")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().putAll(peppers());
        builder.environment().putAll(aws.clientEnvironment());
        Process rekey = builder.start();
        Path checkpoint = dir.resolve("affected.csv.rekey.checkpoint");
        for (int i = 0; i < 1_200 && !Files.exists(checkpoint) && rekey.isAlive(); i++) {
            Thread.sleep(50); // waits for the first checkpoint; not a timing assertion
        }
        assertThat(rekey.isAlive()).as(Files.readString(dir.resolve("err.txt"))).isTrue();

        rekey.destroyForcibly(); // SIGKILL: no hook runs, the checkpoint is whatever was last saved
        assertThat(rekey.waitFor(1, TimeUnit.MINUTES)).isTrue();

        RekeyCheckpoint saved = RekeyCheckpoint.read(checkpoint).orElseThrow();
        assertThat(saved.complete()).isFalse();
        Map<String, Map<String, AttributeValue>> midway = Emulator.items(aws, table);
        assertThat(midway).hasSize(before.size());
        long movedSoFar = newKeyOf.entrySet().stream().filter(e -> midway.containsKey(e.getValue())).count();
        assertThat(movedSoFar).isPositive().isLessThan(newKeyOf.size());
        newKeyOf.forEach((oldKey, newKey) -> assertThat(midway.containsKey(oldKey) ^ midway.containsKey(newKey))
                .as("under exactly one key").isTrue());

        OpsRun resumed = rekey(List.of(), "--json");

        assertThat(resumed.exitCode).as(resumed.toString()).isEqualTo(ExitCode.OK);
        JsonNode result = json.readTree(resumed.out);
        assertThat(result.get("resumedAfterLine").asLong()).isEqualTo(saved.line());
        JsonNode total = result.get("total");
        assertThat(total.get("moved").asLong() + total.get("alreadyMoved").asLong())
                .isEqualTo(newKeyOf.size() + REPEATS);
        assertThat(total.get("read").asLong()).isEqualTo(ROWS + REPEATS);
        assertMovedExactly(before);
    }

    @Test
    void aClaimLandingOnTheOldItemDuringTheMove_isMovedWithIt() throws Exception {
        String victim = claimedLater();
        DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
        AtomicBoolean claimedMeanwhile = new AtomicBoolean();
        Instant now = Instant.parse("2027-01-15T00:01:00Z");
        ExecutionInterceptor claimBeforeTheFirstMove = Emulator.onCalls(TransactWriteItemsRequest.class, false,
                n -> n == 1, () -> {
                    // The customer claims through the lookup (old pepper) after the rekey read the item.
                    claimedMeanwhile.set(true);
                    assertThat(repository.markClaimRequested(new CustomerKey(victim), now, now.minusSeconds(600)))
                            .isInstanceOf(ClaimMark.Marked.class);
                });

        OpsRun run = rekey(List.of(claimBeforeTheFirstMove));

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.OK);
        assertThat(claimedMeanwhile).isTrue();
        Map<String, AttributeValue> moved = Emulator.items(aws, table).get(newKeyOf.get(victim));
        assertThat(moved).containsKey(EligibilityItem.CLAIM_REQUESTED_AT);
        assertThat(moved.get(EligibilityItem.CLAIM_REQUESTED_AT).s()).startsWith("2027-01-15T00:01:00");
    }

    @Test
    void aWrongOldPepper_findsNobody_andARerunAfterTheMove_findsEveryoneMoved_andNeitherWritesAnything()
            throws Exception {
        Map<String, Map<String, AttributeValue>> before = Emulator.items(aws, table);
        AtomicInteger transactions = new AtomicInteger();
        ExecutionInterceptor countMoves = Emulator.onCalls(TransactWriteItemsRequest.class, false, n -> true,
                transactions::incrementAndGet);
        Map<String, String> wrongOld = new HashMap<>(peppers());
        wrongOld.put(RekeyCommand.OLD_PEPPER_VARIABLE, base64(pepper(3)));

        OpsRun wrong = OpsRun.of(wrongOld, List.of(countMoves), "rekey", list.toString(), "--endpoint-url",
                aws.endpoint().toString(), "--table", table, "--checkpoint",
                dir.resolve("wrong.checkpoint").toString(), "--no-progress", "--json");

        assertThat(wrong.exitCode).as(wrong.toString()).isEqualTo(ExitCode.FINDINGS);
        assertThat(json.readTree(wrong.out).at("/total/notFound").asLong()).isEqualTo(newKeyOf.size() + REPEATS);
        assertThat(transactions).hasValue(0);
        assertThat(Emulator.items(aws, table)).isEqualTo(before);

        assertThat(rekey(List.of()).exitCode).isEqualTo(ExitCode.OK);
        Map<String, Map<String, AttributeValue>> after = Emulator.items(aws, table);
        OpsRun again = rekey(List.of(countMoves), "--restart", "--json");

        assertThat(again.exitCode).as(again.toString()).isEqualTo(ExitCode.OK);
        assertThat(json.readTree(again.out).at("/total/alreadyMoved").asLong()).isEqualTo(newKeyOf.size() + REPEATS);
        assertThat(transactions).hasValue(0);
        assertThat(Emulator.items(aws, table)).isEqualTo(after);
    }

    /** Every customer under its new key only, with exactly the attributes it had under the old one. */
    private void assertMovedExactly(Map<String, Map<String, AttributeValue>> before) {
        Map<String, Map<String, AttributeValue>> after = Emulator.items(aws, table);
        assertThat(after).hasSize(before.size());
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(newKeyOf.values());
        newKeyOf.forEach((oldKey, newKey) -> {
            Map<String, AttributeValue> was = new HashMap<>(before.get(oldKey));
            Map<String, AttributeValue> is = new HashMap<>(after.get(newKey));
            was.remove(EligibilityItem.PK);
            is.remove(EligibilityItem.PK);
            assertThat(is).as("customer moved unchanged").isEqualTo(was);
        });
        assertThat(after.values().stream().filter(i -> i.containsKey(EligibilityItem.CLAIM_REQUESTED_AT)).count())
                .isEqualTo(before.values().stream().filter(i -> i.containsKey(EligibilityItem.CLAIM_REQUESTED_AT))
                        .count()).isEqualTo(claimed.size());
        assertThat(after.values().stream().filter(i -> i.containsKey(EligibilityItem.VOUCHER_CODE)).count())
                .isEqualTo(granted.size());
    }

    /** The second customer of the list: read in the first batch, moved after the first transaction. */
    private String claimedLater() {
        return new ArrayList<>(newKeyOf.keySet()).get(1);
    }

    private OpsRun rekey(List<ExecutionInterceptor> interceptors, String... more) {
        List<String> args = new ArrayList<>(List.of("rekey", list.toString(), "--endpoint-url",
                aws.endpoint().toString(), "--table", table, "--no-progress"));
        args.addAll(List.of(more));
        return OpsRun.of(peppers(), interceptors, args.toArray(String[]::new));
    }

    private static Map<String, String> peppers() {
        return Map.of(RekeyCommand.OLD_PEPPER_VARIABLE, base64(OLD_PEPPER), RekeyCommand.NEW_PEPPER_VARIABLE,
                base64(NEW_PEPPER));
    }

    private static byte[] pepper(int seed) {
        byte[] pepper = new byte[32];
        pepper[0] = (byte) seed;
        return pepper;
    }

    private static String base64(byte[] pepper) {
        return Base64.getEncoder().encodeToString(pepper);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
