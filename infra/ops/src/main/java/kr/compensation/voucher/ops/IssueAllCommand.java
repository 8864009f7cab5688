package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.ops.issueall.BulkIssuePlan;
import kr.compensation.voucher.ops.issueall.BulkIssuer;
import kr.compensation.voucher.ops.issueall.IssueAllResult;
import kr.compensation.voucher.ops.support.RunControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "issue-all", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Queues an issue request (source OPS_BULK) for every eligible customer who has no voucher yet, so that "
                    + "the issuer function grants their vouchers without waiting for them to claim.",
            "",
            "Scans the table in parallel segments and sends the requests with SendMessageBatch. A request sent "
                    + "twice is harmless: the issuer grants at most one voucher per customer, whatever it receives. "
                    + "Progress (each segment's position) is saved after every page; after a crash or Ctrl-C, run "
                    + "the same command again, with the same --segments, to resume."
        },
        footer = {"", "Example:",
            "  voucher-ops issue-all --stack voucher-prod --segments 16 \\",
            "    --max-messages-per-second 2000"})
final class IssueAllCommand extends TableCommand {

    @Option(names = "--queue-url", paramLabel = "URL", description = "Issue request queue URL (or use --stack).")
    String queueUrl;

    @Mixin
    ScanOptions scan;

    @Option(names = "--max-messages-per-second", paramLabel = "N", defaultValue = "2000",
            description = "Issue requests per second. Each becomes one grant (one write unit) in the table, on top "
                    + "of customers' own claims: keep it within the table's headroom. Default: ${DEFAULT-VALUE}. "
                    + "0: no limit.")
    double maxMessagesPerSecond;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "1000",
            description = "Items a scan page reads; a resumed run redoes at most one page per segment. "
                    + "Default: ${DEFAULT-VALUE}.")
    int pageSize;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file. Default: issue-all.<table>.checkpoint in the current directory.")
    Path checkpoint;

    @Option(names = "--restart", description = "Ignore an existing checkpoint and scan the whole table again.")
    boolean restart;

    @Override
    int run(OpsAws clients, OpsEnvironment environment) throws Exception {
        String tableName = clients.tableName(table);
        BulkIssuePlan plan = new BulkIssuePlan(tableName, clients.queueUrl(queueUrl), scan.segments(),
                scan.threads(), maxMessagesPerSecond,
                checkpoint != null ? checkpoint : BulkIssuePlan.defaultCheckpoint(tableName), restart, pageSize);
        RunControls controls = controls(maxMessagesPerSecond, BulkIssuer.SQS_BATCH);
        BulkIssuer issuer = new BulkIssuer(plan, clients.dynamoDb(), clients.sqs(), new IssueRequestCodec(),
                Clock.systemUTC(), controls);
        return stoppable(controls, () -> {
            IssueAllResult result = issuer.run();
            report(result, plan, environment.out());
            return exitCode(result.outcome(), false);
        });
    }

    private void report(IssueAllResult result, BulkIssuePlan plan, PrintStream out) {
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "issue-all");
            json.put("outcome", result.outcome().name());
            json.put("table", plan.table());
            json.put("queueUrl", plan.queueUrl());
            json.put("scanned", result.scanned());
            json.put("matched", result.matched());
            json.put("notCustomerKeys", result.notCustomerKeys());
            json.put("sent", result.sent());
            json.put("sentByAllRuns", result.sentInAll());
            json.put("checkpoint", plan.checkpoint().toString());
            json.put("failure", result.failure());
            json.put("elapsedSeconds", result.elapsed().toMillis() / 1000.0);
            Output.printJson(out, json);
            return;
        }
        out.println("issue-all on " + plan.table() + ": " + describe(result.outcome(), "scan again"));
        out.println("  scanned  " + Output.column(result.scanned()) + "  items read by this run");
        out.println("  matched  " + Output.column(result.matched()) + "  eligible customers without a voucher");
        if (result.notCustomerKeys() > 0) {
            out.println("  skipped  " + Output.column(result.notCustomerKeys()) + "  items whose key is not a customer key"
                    + " (see reconcile)");
        }
        out.println("  sent     " + Output.column(result.sent()) + "  issue requests queued by this run");
        out.println("  in all   " + Output.column(result.sentInAll()) + "  issue requests queued by every run of "
                + plan.checkpoint());
        printEnding(out, result.outcome(), result.failure(), plan.checkpoint(), result.elapsed());
    }
}
