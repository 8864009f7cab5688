package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.compensation.voucher.ops.reconcile.DeliveredEvents;
import kr.compensation.voucher.ops.reconcile.ReconciliationReport;
import kr.compensation.voucher.ops.reconcile.Reconciler;
import kr.compensation.voucher.ops.reconcile.Violation;
import kr.compensation.voucher.ops.support.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Reads the whole eligibility table and reports what was issued: eligible, claimed and issued customers "
                    + "and the amount issued in KRW.",
            "",
            "Checks the invariants: every issued voucher has a well-formed code (format and check symbol) and the "
                    + "configured amount in KRW, no code is held by two customers, and no voucher went to a customer "
                    + "who is not eligible. Customers appear only as customer keys, codes only by their last four "
                    + "symbols.",
            "",
            "With --events FILE it also compares the table with the VoucherIssued events that were delivered (one "
                    + "EventBridge event as JSON per line: the local run's .local/voucher-events.jsonl, or a replay "
                    + "of the bus archive, docs/runbook.md \"Events\") and reports every voucher without an event and "
                    + "every event without a voucher. Duplicate events are counted, not reported.",
            "",
            "Exit status: 0 all invariants hold, 1 at least one is broken, 2 usage or other error."
        },
        footer = {"", "Example:",
            "  voucher-ops reconcile --stack voucher-prod --segments 16 --json \\",
            "    > reconcile.json",
            "  voucher-ops reconcile --stack voucher-prod --events delivered-events.jsonl"})
final class ReconcileCommand extends TableCommand {

    @Mixin
    ScanOptions scan;

    @Option(names = "--expected-amount", paramLabel = "KRW", defaultValue = "50000",
            description = "The configured voucher amount in won (the functions' VOUCHER_AMOUNT). "
                    + "Default: ${DEFAULT-VALUE}.")
    long expectedAmount;

    @Option(names = "--consistent-read", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Strongly consistent scan (twice the read units), so a voucher granted just before the "
                    + "scan is counted. Default: ${DEFAULT-VALUE}.")
    boolean consistentRead;

    @Option(names = "--events", paramLabel = "FILE",
            description = "Delivered VoucherIssued events (JSON lines) to compare with the table.")
    Path events;

    @Option(names = "--list", paramLabel = "N", defaultValue = "20",
            description = "Violations listed per kind; all are counted. Default: ${DEFAULT-VALUE}.")
    int listPerKind;

    @Override
    int run(OpsAws clients, OpsEnvironment environment) throws Exception {
        Reconciler reconciler = new Reconciler(clients.dynamoDb(), clients.tableName(table), scan.segments(),
                scan.threads(), expectedAmount, consistentRead, listPerKind,
                environment.err(), output.progressMode(environment), System::nanoTime);
        if (events != null) {
            reconciler.compareWith(DeliveredEvents.read(events));
        }
        ReconciliationReport report = reconciler.run();
        print(report, environment.out());
        return report.clean() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private void print(ReconciliationReport report, PrintStream out) {
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "reconcile");
            json.put("table", report.table());
            json.put("clean", report.clean());
            json.put("items", report.items());
            json.put("eligible", report.eligible());
            json.put("eligibleByAccountState", report.eligibleByAccountState());
            json.put("claimed", report.claimed());
            json.put("pendingClaims", report.pendingClaims());
            json.put("issued", report.issued());
            json.put("issuedBySource", report.issuedBySource());
            json.put("issuedAmountKrw", report.issuedAmountKrw());
            json.put("expectedAmountKrw", report.expectedAmountKrw());
            if (report.delivery() != null) {
                ReconciliationReport.Delivery d = report.delivery();
                Map<String, Object> delivery = new LinkedHashMap<>();
                delivery.put("file", d.file());
                delivery.put("lines", d.lines());
                delivery.put("events", d.events());
                delivery.put("codes", d.codes());
                delivery.put("duplicates", d.duplicates());
                delivery.put("skippedLines", d.skipped());
                json.put("delivery", delivery);
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            report.violationCounts().forEach((kind, n) -> counts.put(kind.name(), n));
            json.put("violationCounts", counts);
            json.put("violations", report.violations().stream().map(v -> Map.of("kind", v.kind().name(),
                    "customerKeys", v.customerKeys(), "detail", v.detail())).toList());
            json.put("elapsedSeconds", report.elapsed().toMillis() / 1000.0);
            Output.printJson(out, json);
            return;
        }
        out.println("reconcile " + report.table() + ": " + (report.clean() ? "all invariants hold"
                : "INVARIANTS BROKEN"));
        out.println("  items            " + Output.column(report.items()));
        out.println("  eligible         " + Output.column(report.eligible()) + "  " + report.eligibleByAccountState());
        out.println("  claimed          " + Output.column(report.claimed()) + "  of which still pending: "
                + Output.number(report.pendingClaims()));
        out.println("  issued           " + Output.column(report.issued()) + "  " + report.issuedBySource());
        out.println("  issued amount    " + Output.column(report.issuedAmountKrw()) + "  KRW (" + Output.number(report.issued())
                + " x " + Output.number(report.expectedAmountKrw()) + " = "
                + Output.number(report.issued() * report.expectedAmountKrw()) + " expected)");
        if (report.delivery() != null) {
            ReconciliationReport.Delivery d = report.delivery();
            out.println("  events           " + Output.column(d.events()) + "  VoucherIssued in " + d.file() + " ("
                    + Output.number(d.codes()) + " codes, " + Output.number(d.duplicates()) + " duplicates, "
                    + Output.number(d.skipped()) + " other lines)");
        }
        out.println("  violations:");
        report.violationCounts().forEach((kind, n) -> out.println("    " + Output.column(n) + "  " + kind));
        for (Violation violation : report.violations()) {
            out.println("    " + violation.kind() + ": " + violation.detail()
                    + (violation.customerKeys().isEmpty() ? "" : " [" + String.join(", ", violation.customerKeys())
                    + "]"));
        }
        long listed = report.violations().size();
        long total = report.violationCounts().values().stream().mapToLong(Long::longValue).sum();
        if (listed < total) {
            out.println("    (" + (total - listed) + " more not listed; see --list)");
        }
        out.println("  elapsed  " + Progress.clock(report.elapsed().toSeconds()));
    }

}
