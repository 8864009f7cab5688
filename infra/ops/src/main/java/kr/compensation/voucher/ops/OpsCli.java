package kr.compensation.voucher.ops;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.support.Sleeper;
import kr.compensation.voucher.ops.support.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The ops command line: {@code load}, {@code issue-all}, {@code reconcile}, {@code rekey}, {@code generate}. Runs against AWS with
 * the operator's short-lived credentials, or against the local emulator with {@code --endpoint-url}.
 */
@Command(name = "voucher-ops", mixinStandardHelpOptions = true, version = "voucher-ops 1.0.0",
        usageHelpAutoWidth = true,
        description = {
            "Operations on the compensation-voucher system: load the affected-customer list before the opening, "
                    + "queue vouchers for everyone in bulk, prove to finance what was issued, and move every customer "
                    + "to a new pepper after a leak.",
            "",
            "Credentials: in AWS the default credentials chain is used, as for the AWS CLI. Run with short-lived "
                    + "credentials from IAM Identity Center (aws sso login, then --profile or AWS_PROFILE) or an "
                    + "assumed role; never with long-lived access keys. Against the local emulator "
                    + "(--endpoint-url http://127.0.0.1:PORT or AWS_ENDPOINT_URL) no credentials are needed."
        },
        subcommands = {LoadCommand.class, IssueAllCommand.class, ReconcileCommand.class, RekeyCommand.class,
            GenerateCommand.class,
            HelpCommand.class})
public final class OpsCli implements Runnable {

    private final OpsEnvironment environment;

    OpsCli(OpsEnvironment environment) {
        this.environment = environment;
    }

    OpsEnvironment environment() {
        return environment;
    }

    /** The command line with its help footer, which lists the exit statuses from {@link ExitCode}. */
    static CommandLine commandLine(OpsEnvironment environment) {
        CommandLine cli = new CommandLine(new OpsCli(environment));
        cli.getCommandSpec().usageMessage().footer(ExitCode.helpFooter());
        return cli;
    }

    @Override
    public void run() {
        // No command given: show what there is.
        commandLine(environment).usage(environment.err());
    }

    /**
     * Picocli's own message for unknown arguments repeats them, values included; a pepper passed to a command that
     * takes none (or under a mistyped option name) would then be printed, and stderr often ends up in a log. Only
     * option names are shown, without anything after an {@code =}.
     */
    private static int refuseArguments(CommandLine.ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        String message = error.getMessage();
        if (error instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> names = unmatched.getUnmatched().stream().filter(arg -> arg.startsWith("-"))
                    .map(arg -> arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg).toList();
            message = names.isEmpty() ? "unexpected arguments (not shown)"
                    : "unknown option" + (names.size() > 1 ? "s " : " ") + String.join(", ", names)
                    + " (values not shown)";
        }
        commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
        commandLine.usage(commandLine.getErr());
        return ExitCode.ERROR;
    }

    public static void main(String[] args) {
        OpsEnvironment environment = new OpsEnvironment(System.getenv(), System.out, System.err, List.of(),
                Sleeper.SYSTEM, Terminal.isInteractive(), true);
        System.exit(execute(environment, args));
    }

    /** Runs one command line in this JVM and returns its exit status; used by main and by tests. */
    public static int execute(OpsEnvironment environment, String... args) {
        CommandLine cli = commandLine(environment);
        cli.setOut(new PrintWriter(environment.out(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(environment.err(), true, StandardCharsets.UTF_8));
        cli.setExitCodeExceptionMapper(error -> ExitCode.ERROR);
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.ERROR);
        cli.getCommandSpec().exitCodeOnExecutionException(ExitCode.ERROR);
        cli.setParameterExceptionHandler(OpsCli::refuseArguments);
        cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            // Messages only: they are ours and name no customer; a stack trace would bury the one line that matters.
            String message = error instanceof OpsAws.ConfigurationException
                    || error instanceof CustomerListParser.InvalidHeaderException
                    ? error.getMessage() : error.getClass().getSimpleName() + ": " + error.getMessage();
            commandLine.getErr().println(commandLine.getCommandName() + ": " + message);
            return ExitCode.ERROR;
        });
        return cli.execute(args);
    }
}
