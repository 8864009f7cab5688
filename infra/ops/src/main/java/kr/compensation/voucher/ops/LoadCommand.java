package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.load.CustomerLine;
import kr.compensation.voucher.ops.load.InvalidReason;
import kr.compensation.voucher.ops.load.LoadCounts;
import kr.compensation.voucher.ops.load.LoadPlan;
import kr.compensation.voucher.ops.load.LoadResult;
import kr.compensation.voucher.ops.load.Loader;
import kr.compensation.voucher.ops.support.RunControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Loads the affected-customer list into the eligibility table.",
            "",
            "The file is CSV with a header naming the columns customer_id, issuer and account_state (any order; "
                    + "other columns are ignored). issuer is sign-in or identity-verification, account_state is "
                    + "ACTIVE or CLOSED (any case). Every listed customer is eligible.",
            "",
            "Each line is checked; a refused line is reported by line number and reason (never its content) in the "
                    + "rejected-lines report and never written. Each valid line becomes one item keyed by the "
                    + "keyed hash of issuer and customer id. A customer already in the table is left as it is, so "
                    + "running the load again never resets a claim or a voucher; a line repeating an earlier one is "
                    + "skipped.",
            "",
            "Progress is saved to a checkpoint; after a crash or Ctrl-C, run the same command again to resume."
        },
        footer = {"", "Example (AWS, short-lived SSO credentials):",
            "  voucher-ops load affected.csv --stack voucher-prod \\",
            "    --pepper-parameter /voucher/prod/customer-key-pepper \\",
            "    --max-writes-per-second 4000 --concurrency 16",
            "Example (local emulator; a pepper value is refused for any other endpoint):",
            "  export VOUCHER_PEPPER_BASE64=$(openssl rand -base64 48)",
            "  voucher-ops load affected.csv --table EligibilityTable \\",
            "    --endpoint-url http://127.0.0.1:5055"})
final class LoadCommand extends TableCommand {

    @Parameters(index = "0", paramLabel = "CSV", description = "The affected-customer list.")
    Path csv;

    @Mixin
    PepperOptions pepper;

    @Option(names = "--max-writes-per-second", paramLabel = "N", defaultValue = "4000",
            description = "Write units per second, all workers together (one per new item). Default: ${DEFAULT-VALUE},"
                    + " what a new on-demand table takes without throttling; raise it (e.g. to 40000) once the "
                    + "table's warm throughput is raised. 0: no limit.")
    double maxWritesPerSecond;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Batches written at once. One worker writes roughly 500-800 items/s, so the default "
                    + "(${DEFAULT-VALUE}) suits the default rate; use about 64 for 40000/s.")
    int concurrency;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "25",
            description = "Items per BatchWriteItem, 1..25. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file. Default: <CSV>.checkpoint next to the list.")
    Path checkpoint;

    @Option(names = "--rejected-report", paramLabel = "FILE",
            description = "Where refused lines are listed as line,reason. Default: <CSV>.rejected.csv.")
    Path rejectedReport;

    @Option(names = "--restart", description = "Ignore an existing checkpoint and start from the first line. "
            + "Safe: customers already in the table are found and left alone.")
    boolean restart;

    @Option(names = "--dry-run", description = "Check every line and count, but read or write nothing in AWS and "
            + "save no checkpoint. Without a configured pepper a throwaway one is used. Repeats are only noticed "
            + "within a few batches of each other; the real load asks the table.")
    boolean dryRun;

    @Override
    void refuseBeforeAnyRequest(OpsEnvironment environment) {
        pepper.checkSource(aws, environment, dryRun);
        if (!Files.isRegularFile(csv)) {
            throw new OpsAws.ConfigurationException("no such file: " + csv);
        }
    }

    @Override
    int run(OpsAws clients, OpsEnvironment environment) throws Exception {
        String tableName = dryRun && table == null && aws.stack == null ? null : clients.tableName(table);
        LoadPlan plan = new LoadPlan(csv, checkpoint != null ? checkpoint : LoadPlan.defaultCheckpoint(csv),
                rejectedReport != null ? rejectedReport : LoadPlan.defaultRejectedReport(csv), tableName,
                concurrency, batchSize, maxWritesPerSecond, dryRun, restart, Duration.ofSeconds(1));
        CustomerKeyHasher hasher = new CustomerKeyHasher(pepper.resolve(clients, environment, dryRun));
        RunControls controls = controls(maxWritesPerSecond, batchSize);
        Loader loader = new Loader(plan, dryRun ? null : clients.dynamoDb(),
                dryRun ? null : clients.dynamoDbWithoutRetries(), hasher, controls);
        return stoppable(controls, () -> {
            LoadResult result = loader.run();
            report(result, plan, environment.out());
            return exitCode(result);
        });
    }

    static int exitCode(LoadResult result) {
        return exitCode(result.outcome(), result.total().invalid() > 0);
    }

    private void report(LoadResult result, LoadPlan plan, PrintStream out) {
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "load");
            json.put("outcome", result.outcome().name());
            json.put("dryRun", result.dryRun());
            json.put("table", plan.table());
            json.put("resumedAfterLine", result.resumedAfter());
            json.put("total", counts(result.total()));
            json.put("thisRun", counts(result.thisRun()));
            json.put("firstRejectedLines", result.sample().stream()
                    .map(line -> Map.of("line", line.lineNumber(), "reason", line.reason().name())).toList());
            json.put("rejectedReport", plan.rejectedReport().toString());
            json.put("checkpoint", plan.dryRun() ? null : plan.checkpoint().toString());
            json.put("failure", result.failure());
            json.put("elapsedSeconds", result.elapsed().toMillis() / 1000.0);
            Output.printJson(out, json);
            return;
        }
        LoadCounts total = result.total();
        out.println("load " + plan.csv() + (result.dryRun() ? " (dry run: nothing written)" : " into " + plan.table())
                + ": " + describe(result.outcome(), "load it again"));
        if (result.resumedAfter() > 1) {
            out.println("  resumed after line " + Output.number(result.resumedAfter()));
        }
        out.println("  read     " + Output.column(total.read()) + "  data lines");
        out.println("  written  " + Output.column(total.written()) + (result.dryRun() ? "  would be written" : "  new items"));
        out.println("  skipped  " + Output.column(total.skipped()) + "  already in the table, or repeated in the file");
        out.println("  invalid  " + Output.column(total.invalid()) + "  refused, listed in " + plan.rejectedReport());
        for (Map.Entry<InvalidReason, Long> entry : total.invalidByReason().entrySet()) {
            out.println("    " + Output.column(entry.getValue()) + "  " + entry.getKey() + ": " + entry.getKey().description());
        }
        List<CustomerLine.Invalid> sample = result.sample();
        if (!sample.isEmpty()) {
            out.println("  first refused lines in this run:");
            sample.forEach(line -> out.println("    line " + line.lineNumber() + ": " + line.reason().description()));
        }
        printEnding(out, result.outcome(), result.failure(), plan.checkpoint(), result.elapsed());
    }

    private static Map<String, Object> counts(LoadCounts counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("read", counts.read());
        json.put("written", counts.written());
        json.put("skipped", counts.skipped());
        json.put("invalid", counts.invalid());
        Map<String, Long> reasons = new LinkedHashMap<>();
        counts.invalidByReason().forEach((reason, n) -> reasons.put(reason.name(), n));
        json.put("invalidByReason", reasons);
        return json;
    }
}
