package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.compensation.voucher.adapters.aws.SsmPepper;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.rekey.RekeyCounts;
import kr.compensation.voucher.ops.rekey.RekeyPlan;
import kr.compensation.voucher.ops.rekey.RekeyResult;
import kr.compensation.voucher.ops.rekey.Rekeyer;
import kr.compensation.voucher.ops.support.RunControls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rekey", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Moves every customer of the affected-customer list from the key under the old pepper to the key under "
                    + "the new one, keeping claims and vouchers: after a suspected leak of the pepper "
                    + "(docs/runbook.md, \"Suspected pepper leak\").",
            "",
            "The table holds only keyed hashes, so the list the load took is needed: each line is hashed under both "
                    + "peppers. Each customer moves in one transaction (put under the new key if absent, delete "
                    + "the old item if unchanged), so a customer is never under both keys or under none, and a "
                    + "claim landing meanwhile is never lost. Run it only while the API is closed and the issue "
                    + "queues are empty: the lookup keys customers with the pepper it read at start.",
            "",
            "Resumable and idempotent: progress is saved to a checkpoint; after a crash or Ctrl-C run the same "
                    + "command again. Customers already moved are recognised and left alone."
        },
        footer = {"", "Example (AWS, short-lived SSO credentials):",
            "  voucher-ops rekey affected.csv --stack voucher-prod \\",
            "    --old-pepper-parameter /voucher/customer-key-pepper \\",
            "    --new-pepper-parameter /voucher/customer-key-pepper-2 --max-writes-per-second 4000",
            "Example (local emulator; pepper values are refused for any other endpoint):",
            "  export VOUCHER_OLD_PEPPER_BASE64=... VOUCHER_NEW_PEPPER_BASE64=...",
            "  voucher-ops rekey affected.csv --table EligibilityTable --endpoint-url http://127.0.0.1:5055"})
final class RekeyCommand extends TableCommand {

    static final String OLD_PEPPER_VARIABLE = "VOUCHER_OLD_PEPPER_BASE64";
    static final String NEW_PEPPER_VARIABLE = "VOUCHER_NEW_PEPPER_BASE64";

    @Parameters(index = "0", paramLabel = "CSV", description = "The affected-customer list the table was loaded from.")
    Path csv;

    @Option(names = "--old-pepper-parameter", paramLabel = "NAME",
            description = "SSM SecureString with the pepper the table is keyed by now. Against the local emulator "
                    + "only: the " + OLD_PEPPER_VARIABLE + " environment variable instead.")
    String oldParameter;

    @Option(names = "--new-pepper-parameter", paramLabel = "NAME",
            description = "SSM SecureString with the new pepper, the one the lookup will read once it is deployed. "
                    + "Against the local emulator only: the " + NEW_PEPPER_VARIABLE + " environment variable instead.")
    String newParameter;

    @Option(names = "--max-writes-per-second", paramLabel = "N", defaultValue = "4000",
            description = "Write units per second, all workers together; one move costs 4 (a transaction writes "
                    + "two items at 2 units each). Default: ${DEFAULT-VALUE}. 0: no limit.")
    double maxWritesPerSecond;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "Batches of 25 customers in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file. Default: <CSV>.rekey.checkpoint next to the list.")
    Path checkpoint;

    @Option(names = "--restart", description = "Ignore an existing checkpoint and start from the first line. "
            + "Safe: customers already moved are found and left alone.")
    boolean restart;

    @Override
    void refuseBeforeAnyRequest(OpsEnvironment environment) {
        if (!OpsAws.isEmulator(aws, environment) && (oldParameter == null || newParameter == null)) {
            throw new OpsAws.ConfigurationException("against AWS give --old-pepper-parameter and "
                    + "--new-pepper-parameter; " + OLD_PEPPER_VARIABLE + " and " + NEW_PEPPER_VARIABLE
                    + " are for a loopback emulator only");
        }
        if (oldParameter != null && oldParameter.equals(newParameter)) {
            throw new OpsAws.ConfigurationException("the old and the new pepper parameter are the same");
        }
        if (!Files.isRegularFile(csv)) {
            throw new OpsAws.ConfigurationException("no such file: " + csv);
        }
    }

    @Override
    int run(OpsAws clients, OpsEnvironment environment) throws Exception {
        String tableName = clients.tableName(table);
        CustomerKeyHasher oldHasher = hasher(clients, environment, oldParameter, OLD_PEPPER_VARIABLE, "old");
        CustomerKeyHasher newHasher = hasher(clients, environment, newParameter, NEW_PEPPER_VARIABLE, "new");
        RekeyPlan plan = new RekeyPlan(csv, checkpoint != null ? checkpoint : RekeyPlan.defaultCheckpoint(csv),
                tableName, concurrency, restart, Duration.ofSeconds(1));
        RunControls controls = controls(maxWritesPerSecond, 100);
        Rekeyer rekeyer = new Rekeyer(plan, clients.dynamoDb(), oldHasher, newHasher, controls);
        return stoppable(controls, () -> {
            RekeyResult result;
            try {
                result = rekeyer.run();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new OpsAws.ConfigurationException(e.getMessage());
            }
            report(result, plan, environment.out());
            return exitCode(result);
        });
    }

    private static CustomerKeyHasher hasher(OpsAws clients, OpsEnvironment environment, String parameter,
                                            String variable, String which) {
        byte[] pepper;
        try {
            if (parameter != null) {
                pepper = SsmPepper.load(clients.ssm(), parameter);
            } else if (environment.variable(variable) != null) {
                pepper = SsmPepper.decode(environment.variable(variable));
            } else {
                throw new OpsAws.ConfigurationException("no " + which + " pepper: give --" + which
                        + "-pepper-parameter NAME (AWS), or " + variable + " (local emulator)");
            }
        } catch (IllegalStateException e) {
            throw new OpsAws.ConfigurationException("the " + which + " pepper: " + e.getMessage());
        }
        try {
            return new CustomerKeyHasher(pepper);
        } finally {
            Arrays.fill(pepper, (byte) 0);
        }
    }

    static int exitCode(RekeyResult result) {
        return exitCode(result.outcome(), result.total().notFound() > 0 || result.total().conflicts() > 0);
    }

    private void report(RekeyResult result, RekeyPlan plan, PrintStream out) {
        RekeyCounts total = result.total();
        if (output.json) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", "rekey");
            json.put("outcome", result.outcome().name());
            json.put("table", plan.table());
            json.put("resumedAfterLine", result.resumedAfter());
            json.put("total", counts(total));
            json.put("thisRun", counts(result.thisRun()));
            json.put("checkpoint", plan.checkpoint().toString());
            json.put("failure", result.failure());
            json.put("elapsedSeconds", result.elapsed().toMillis() / 1000.0);
            Output.printJson(out, json);
            return;
        }
        out.println("rekey " + plan.csv() + " in " + plan.table() + ": " + describe(result.outcome(), "check again"));
        if (result.resumedAfter() > 1) {
            out.println("  resumed after line " + Output.number(result.resumedAfter()));
        }
        out.println("  read          " + Output.column(total.read()) + "  data lines");
        out.println("  moved         " + Output.column(total.moved()) + "  customers moved to the new key");
        out.println("  already moved " + Output.column(total.alreadyMoved())
                + "  under the new key already, or repeated in the file");
        out.println("  not found     " + Output.column(total.notFound())
                + "  under neither key (is the old pepper the one the table was loaded with?)");
        out.println("  conflicts     " + Output.column(total.conflicts())
                + "  under both keys: left as they are, to be resolved by hand");
        out.println("  invalid       " + Output.column(total.invalid()) + "  lines the load refused too");
        printEnding(out, result.outcome(), result.failure(), plan.checkpoint(), result.elapsed());
    }

    private static Map<String, Object> counts(RekeyCounts counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("read", counts.read());
        json.put("moved", counts.moved());
        json.put("alreadyMoved", counts.alreadyMoved());
        json.put("notFound", counts.notFound());
        json.put("conflicts", counts.conflicts());
        json.put("invalid", counts.invalid());
        return json;
    }
}
