package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.compensation.voucher.ops.load.LoadCounts;
import kr.compensation.voucher.ops.load.LoadResult;
import kr.compensation.voucher.ops.support.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Needs nothing running: the command line itself, without AWS (dry runs and the generator only). */
class OpsCliTest {

    private static final String PEPPER = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void help_describesEveryCommandAndEveryOption() {
        CommandLine cli = OpsCli.commandLine(null);
        for (CommandLine sub : cli.getSubcommands().values()) {
            CommandSpec spec = sub.getCommandSpec();
            assertThat(spec.usageMessage().description()).as(spec.name()).isNotEmpty();
            for (OptionSpec option : spec.options()) {
                assertThat(String.join(" ", option.description())).as(spec.name() + " " + option.longestName())
                        .isNotBlank();
            }
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                assertThat(String.join(" ", parameter.description())).isNotBlank();
            }
        }
        OpsRun run = OpsRun.of("--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("load", "issue-all", "reconcile", "generate", "short-lived", "Exit status");
    }

    @Test
    void theHelpAndTheReadme_listExactlyTheExitStatusesTheToolHas() throws Exception {
        Map<Integer, String> constants = new TreeMap<>();
        for (Field field : ExitCode.class.getFields()) {
            if (field.getType() == int.class && Modifier.isStatic(field.getModifiers())) {
                constants.put(field.getInt(null), field.getName());
            }
        }
        String help = OpsRun.of("--help").out;
        String helpStatuses = help.substring(help.indexOf("Exit status"));
        Map<Integer, String> inHelp = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^ +(\\d+)  (\\S.*)$").matcher(helpStatuses);
        while (line.find()) {
            inHelp.put(Integer.parseInt(line.group(1)), line.group(2));
        }
        String readme = Files.readString(Path.of("README.md"));
        Map<Integer, String> inReadme = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `(\\d+)` \\| (.+) \\|$").matcher(readme);
        while (row.find()) {
            inReadme.put(Integer.parseInt(row.group(1)), row.group(2));
        }

        assertThat(inHelp.keySet()).as("--help").isEqualTo(constants.keySet());
        assertThat(inReadme.keySet()).as("README.md").isEqualTo(constants.keySet());
        assertThat(ExitCode.MEANINGS).extracting(ExitCode.Meaning::code).containsExactlyElementsOf(constants.keySet());
        // Each on one unbroken line of the help.
        ExitCode.MEANINGS.forEach(meaning -> assertThat(inHelp.get(meaning.code())).isEqualTo(meaning.text()));
        assertThat(inHelp.get(ExitCode.INTERRUPTED)).contains("Ctrl-C");
        assertThat(inReadme.get(ExitCode.INTERRUPTED)).contains("Ctrl-C");
        assertThat(inHelp.get(ExitCode.INCOMPLETE)).contains("resume").doesNotContain("Ctrl-C");
    }

    @Test
    void load_mapsEveryOutcomeToAListedStatus() {
        for (RunOutcome outcome : RunOutcome.values()) {
            for (long invalid : new long[] {0, 1}) {
                LoadCounts counts = new LoadCounts(invalid, 0, 0, invalid, Map.of());
                int code = LoadCommand.exitCode(new LoadResult(counts, counts, 1, outcome, false, null, List.of(),
                        java.time.Duration.ZERO));
                int expected = switch (outcome) {
                    case COMPLETE, ALREADY_COMPLETE -> invalid > 0 ? ExitCode.FINDINGS : ExitCode.OK;
                    case STOPPED, FAILED -> ExitCode.INCOMPLETE;
                };
                assertThat(code).as(outcome + ", invalid " + invalid).isEqualTo(expected);
            }
        }
    }

    @Test
    void eachCommand_answersHelp_withItsOptions() {
        for (String command : new String[] {"load", "issue-all", "reconcile", "rekey", "generate"}) {
            OpsRun run = OpsRun.of(command, "--help");

            assertThat(run.exitCode).as(command).isZero();
            assertThat(run.out).as(command).contains("Usage: voucher-ops " + command).contains("--help");
        }
    }

    @Test
    void anUnknownOption_isAUsageError() {
        OpsRun run = OpsRun.of("load", "--no-such-option", "x.csv");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("unknown option --no-such-option");
    }

    @Test
    void loadWithoutTableOrPepper_saysWhatIsMissing() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "customer_id,issuer,account_state\n");

        OpsRun noTable = OpsRun.of("load", list.toString(), "--endpoint-url", "http://127.0.0.1:1");
        OpsRun noPepper = OpsRun.of("load", list.toString(), "--endpoint-url", "http://127.0.0.1:1", "--table", "T");

        assertThat(noTable.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(noTable.err).contains("--table or --stack");
        assertThat(noPepper.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(noPepper.err).contains("no pepper");
    }

    @Test
    void generate_writesTheSameFileForTheSameSeed() throws IOException {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");

        assertThat(OpsRun.of("generate", "--rows", "1000", "--seed", "5", "--out", a.toString()).exitCode).isZero();
        assertThat(OpsRun.of("generate", "--rows", "1000", "--seed", "5", "--out", b.toString()).exitCode).isZero();

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllLines(a)).hasSize(1001);
    }

    @Test
    void aDryRun_countsAndReportsRefusedLinesByNumber_withoutAws() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, String.join("\n", "customer_id,issuer,account_state", "sub-1,sign-in,ACTIVE",
                "sub-2,nobody,ACTIVE", "sub-3,identity-verification,closed", "sub-1,sign-in,ACTIVE", "") );

        OpsRun run = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER), List.of(), "load", list.toString(),
                "--dry-run", "--json", "--no-progress");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.FINDINGS);
        JsonNode json = new ObjectMapper().readTree(run.out);
        assertThat(json.get("outcome").asText()).isEqualTo("COMPLETE");
        assertThat(json.at("/total/read").asLong()).isEqualTo(4);
        assertThat(json.at("/total/written").asLong()).isEqualTo(2);
        assertThat(json.at("/total/skipped").asLong()).isEqualTo(1);
        assertThat(json.at("/total/invalid").asLong()).isEqualTo(1);
        assertThat(json.at("/firstRejectedLines/0/line").asLong()).isEqualTo(3);
        assertThat(json.at("/firstRejectedLines/0/reason").asText()).isEqualTo("UNKNOWN_ISSUER");
        assertThat(run.out + run.err).doesNotContain("sub-2");
        assertThat(Files.readString(dir.resolve("list.csv.rejected.csv"))).isEqualTo("line,reason\n3,UNKNOWN_ISSUER\n");
        assertThat(dir.resolve("list.csv.checkpoint")).doesNotExist();
    }

    @Test
    void aFileWithoutTheRequiredHeader_isRefusedWhole() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "id,role\nsub-1,sign-in\n");

        OpsRun run = OpsRun.of("load", list.toString(), "--dry-run", "--no-progress");

        assertThat(run.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(run.err).contains("customer_id");
    }

    @Test
    void aPepperValue_isRefusedForAnyEndpointButLoopback_beforeAnyRequestIsMade() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "customer_id,issuer,account_state\nsub-1,sign-in,ACTIVE\n");
        RequestTrap trap = new RequestTrap();
        // A listener on one of this machine's own non-loopback addresses, when it has one: what a client that
        // ignored the refusal would connect to. Nothing may reach it.
        InetAddress own = ownNonLoopbackAddress();
        try (ServerSocket listener = own != null ? new ServerSocket(0, 50, own) : null) {
            String ownEndpoint = listener != null
                    ? "http://" + own.getHostAddress() + ":" + listener.getLocalPort() : "http://10.255.255.1:4566";
            List<OpsRun> runs = List.of(
                    OpsRun.of(Map.of(), List.of(trap), "load", list.toString(), "--endpoint-url", ownEndpoint,
                            "--table", "T", "--pepper-base64", PEPPER, "--no-progress"),
                    // AWS itself, with the names read from a stack: the stack lookup must not happen either.
                    OpsRun.of(Map.of(), List.of(trap), "load", list.toString(), "--stack", "voucher-prod",
                            "--pepper-base64", PEPPER, "--no-progress"),
                    // A dry run sends nothing, but the value would still stand in the process list.
                    OpsRun.of(Map.of(), List.of(trap), "load", list.toString(), "--dry-run",
                            "--pepper-base64", PEPPER, "--no-progress"),
                    OpsRun.of(Map.of("AWS_ENDPOINT_URL", "https://dynamodb.ap-northeast-2.amazonaws.com"),
                            List.of(trap), "load", list.toString(), "--table", "T", "--pepper-base64", PEPPER,
                            "--no-progress"));

            for (OpsRun run : runs) {
                assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCode.ERROR);
                assertThat(run.err).as(run.toString()).contains("--pepper-base64 is refused")
                        .contains("--pepper-parameter").doesNotContain(PEPPER);
                assertThat(run.out).doesNotContain(PEPPER);
            }
            assertThat(trap.requests).as("SDK requests started").isEmpty();
            if (listener != null) {
                listener.setSoTimeout(1);
                // Every run has returned: a connection it made would be waiting in the backlog already.
                assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
            }
        }
    }

    @Test
    void rekey_takesPeppersOnlyFromSsmAgainstAws_andRefusesBeforeAnyRequest() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "customer_id,issuer,account_state\nsub-1,sign-in,ACTIVE\n");
        RequestTrap trap = new RequestTrap();
        Map<String, String> peppers = Map.of(RekeyCommand.OLD_PEPPER_VARIABLE, PEPPER,
                RekeyCommand.NEW_PEPPER_VARIABLE, Base64.getEncoder().encodeToString(new byte[33]));

        OpsRun fromVariables = OpsRun.of(peppers, List.of(trap), "rekey", list.toString(), "--stack", "voucher-prod",
                "--no-progress");
        OpsRun oneParameter = OpsRun.of(peppers, List.of(trap), "rekey", list.toString(), "--stack", "voucher-prod",
                "--old-pepper-parameter", "/voucher/customer-key-pepper", "--no-progress");
        OpsRun sameParameter = OpsRun.of(Map.of(), List.of(trap), "rekey", list.toString(), "--stack",
                "voucher-prod", "--old-pepper-parameter", "/p", "--new-pepper-parameter", "/p", "--no-progress");
        OpsRun withAValue = OpsRun.of(Map.of(), List.of(trap), "rekey", list.toString(), "--endpoint-url",
                "http://127.0.0.1:1", "--table", "T", "--pepper-base64", PEPPER);

        assertThat(fromVariables.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(fromVariables.err).contains("--old-pepper-parameter and --new-pepper-parameter");
        assertThat(oneParameter.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(sameParameter.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(sameParameter.err).contains("the same");
        // No option takes a pepper value at all.
        assertThat(withAValue.exitCode).isEqualTo(ExitCode.ERROR);
        assertThat(withAValue.err).contains("unknown option --pepper-base64 (values not shown)")
                .doesNotContain(PEPPER);
        assertThat(trap.requests).isEmpty();
    }

    @Test
    void thePepperVariable_isRefusedAgainstAws_butServesTheEmulatorAndDryRuns() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "customer_id,issuer,account_state\nsub-1,sign-in,ACTIVE\n");
        RequestTrap trap = new RequestTrap();

        OpsRun aws = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER), List.of(trap), "load", list.toString(),
                "--stack", "voucher-prod", "--no-progress");
        OpsRun dryRun = OpsRun.of(Map.of("VOUCHER_PEPPER_BASE64", PEPPER), List.of(trap), "load", list.toString(),
                "--dry-run", "--no-progress");

        assertThat(aws.exitCode).as(aws.toString()).isEqualTo(ExitCode.ERROR);
        assertThat(aws.err).contains("VOUCHER_PEPPER_BASE64 is for a loopback emulator only");
        assertThat(dryRun.exitCode).as(dryRun.toString()).isEqualTo(ExitCode.OK);
        assertThat(trap.requests).isEmpty();
    }

    @Test
    void onlyLiteralLoopbackEndpoints_getEmulatorCredentials() {
        assertThat(OpsAws.isLoopback("127.0.0.1")).isTrue();
        assertThat(OpsAws.isLoopback("localhost")).isTrue();
        assertThat(OpsAws.isLoopback("[::1]")).isTrue();
        assertThat(OpsAws.isLoopback("dynamodb.ap-northeast-2.amazonaws.com")).isFalse();
        assertThat(OpsAws.isLoopback("10.0.0.1")).isFalse();
    }

    private static InetAddress ownNonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    /** Records every SDK request and stops it before it is signed or sent, so that a failing test sends nothing. */
    private static final class RequestTrap implements ExecutionInterceptor {

        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            requests.add(context.request().getClass().getSimpleName());
            throw new IllegalStateException("test: no request may be made");
        }
    }
}
