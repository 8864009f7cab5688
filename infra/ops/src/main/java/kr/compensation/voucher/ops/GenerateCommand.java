package kr.compensation.voucher.ops;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kr.compensation.voucher.ops.generate.SyntheticCustomerList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Writes a made-up affected-customer list for the local run, tests and benchmarks. The same options "
                    + "always give the same file. Ids are unique; customers with a closed account verify their "
                    + "identity, the others sign in; --invalid-ratio adds lines broken in each way load refuses."
        },
        footer = {"", "Example:", "  voucher-ops generate --rows 1000000 --seed 7 --out affected.csv"})
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    OpsCli parent;

    @Option(names = "--rows", paramLabel = "N", required = true, description = "Data lines to write.")
    long rows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed; the same seed gives the same list. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Output file, or - for stdout.")
    String out;

    @Option(names = "--closed-ratio", paramLabel = "R", defaultValue = "0.1",
            description = "Share of customers whose account is closed. Default: ${DEFAULT-VALUE}.")
    double closedRatio;

    @Option(names = "--invalid-ratio", paramLabel = "R", defaultValue = "0",
            description = "Share of broken lines. Default: ${DEFAULT-VALUE}.")
    double invalidRatio;

    @Override
    public Integer call() throws Exception {
        OpsEnvironment environment = parent.environment();
        SyntheticCustomerList list;
        try {
            list = new SyntheticCustomerList(rows, seed, closedRatio, invalidRatio);
        } catch (IllegalArgumentException e) {
            throw new OpsAws.ConfigurationException(e.getMessage());
        }
        if ("-".equals(out)) {
            Writer writer = new BufferedWriter(new OutputStreamWriter(environment.out(), StandardCharsets.UTF_8),
                    1 << 16);
            list.writeTo(writer);
            writer.flush();
            return ExitCode.OK;
        }
        Path file = Path.of(out);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            list.writeTo(writer);
        }
        environment.err().println("generate: wrote " + Output.number(rows) + " lines to " + file);
        return ExitCode.OK;
    }
}
