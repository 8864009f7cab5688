package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.ops.generate.SyntheticCustomerList;
import kr.compensation.voucher.ops.load.LoadCheckpoint;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Needs the local AWS emulator and the packaged jar (failsafe runs after package): the exit status a real signal
 * gives, which only a separate JVM can show, is the one --help and the README promise.
 */
@WithLocalAws
class StopBySignalIT {

    private static final String PEPPER = Base64.getEncoder().encodeToString(new byte[32]);
    private static final int ROWS = 2_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0} -> {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalMidLoad_savesTheCheckpoint_reports_andEndsWithTheDocumentedStatus(String signal, int status,
                                                                                  LocalAws aws) throws Exception {
        assertThat(status).isIn(ExitCode.INTERRUPTED, ExitCode.TERMINATED);
        // A shell that starts jobs in the background without job control makes them ignore SIGINT, and the JVM
        // then keeps it ignored: Ctrl-C cannot reach such a process at all, so there is nothing to test.
        assumeThat("INT".equals(signal) && ignored(2)).as("SIGINT is ignored by this test's process").isFalse();
        aws.reset();
        String table = aws.resources().tableName("EligibilityTable");
        Path list = dir.resolve("affected.csv");
        try (Writer out = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            new SyntheticCustomerList(ROWS, 3, 0.1, 0).writeTo(out);
        }
        Path jar = Path.of("target", "voucher-ops-1.0.0-all.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path stdout = dir.resolve("stdout.txt");
        ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "load", list.toString(),
                "--endpoint-url", aws.endpoint().toString(), "--table", table, "--concurrency", "1",
                "--batch-size", "5", "--max-writes-per-second", "200", "--no-progress")
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().put("VOUCHER_PEPPER_BASE64", PEPPER);
        builder.environment().putAll(aws.clientEnvironment());
        Process load = builder.start();
        Path checkpoint = dir.resolve("affected.csv.checkpoint");
        // Waits for the first checkpoint (saved once a second): the load is under way. Not a timing assertion.
        for (int i = 0; i < 1_200 && !Files.exists(checkpoint) && load.isAlive(); i++) {
            Thread.sleep(50);
        }
        assertThat(load.isAlive()).as("still loading when signalled: " + Files.readString(stdout)).isTrue();

        new ProcessBuilder("kill", "-" + signal, Long.toString(load.pid())).inheritIO().start().waitFor();

        assertThat(load.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String report = Files.readString(stdout);
        assertThat(load.exitValue()).as(report + Files.readString(dir.resolve("stderr.txt"))).isEqualTo(status);
        assertThat(report).contains("stopped before the end").contains("run the same command again to resume");
        LoadCheckpoint saved = LoadCheckpoint.read(checkpoint).orElseThrow();
        assertThat(saved.complete()).isFalse();
        assertThat(saved.line()).isLessThan(ROWS + 1);

        OpsRun resumed = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER), List.of(), "load", list.toString(),
                "--endpoint-url", aws.endpoint().toString(), "--table", table, "--no-progress");

        assertThat(resumed.exitCode).as(resumed.toString()).isEqualTo(ExitCode.OK);
        assertThat(resumed.out).contains("resumed after line " + String.format(java.util.Locale.ROOT, "%,d",
                saved.line()));
        assertThat(Emulator.items(aws, table)).hasSize(ROWS);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Whether this process ignores the signal (children inherit that), from SigIgn in /proc/self/status. */
    private static boolean ignored(int signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return new BigInteger(line.substring("SigIgn:".length()).strip(), 16).testBit(signal - 1);
            }
        }
        return false;
    }
}
