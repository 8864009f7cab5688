package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import kr.compensation.voucher.ops.support.Backoff;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import kr.compensation.voucher.ops.support.TokenBucket;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * What every command on the eligibility table shares: the table and where AWS is, how it reports, and for the
 * resumable ones (load, rekey, issue-all) how a run is paced, stopped by a signal and summed up.
 */
abstract class TableCommand implements Callable<Integer> {

    /** A resumable run: its report is printed before the JVM may end on a signal. */
    @FunctionalInterface
    interface Run {
        int runAndReport() throws Exception;
    }

    @ParentCommand
    OpsCli parent;

    @Option(names = "--table", paramLabel = "NAME", description = "Eligibility table name (or use --stack).")
    String table;

    @Mixin
    AwsOptions aws;

    @Mixin
    Output output;

    @Override
    public final Integer call() throws Exception {
        OpsEnvironment environment = parent.environment();
        refuseBeforeAnyRequest(environment);
        try (OpsAws clients = new OpsAws(aws, environment)) {
            return run(clients, environment);
        }
    }

    /**
     * Checks made before any client exists or a stack is looked up, so that nothing has gone over the network when
     * they refuse (a pepper given where it must not be, a missing file).
     */
    void refuseBeforeAnyRequest(OpsEnvironment environment) {
    }

    /** @return the exit status ({@link ExitCode}) */
    abstract int run(OpsAws clients, OpsEnvironment environment) throws Exception;

    /**
     * @param perSecond units per second, all workers together; 0 for no limit
     * @param minBurst  the bucket holds one second of rate, but never less than this (one request's worth)
     */
    RunControls controls(double perSecond, int minBurst) {
        OpsEnvironment environment = parent.environment();
        TokenBucket limit = perSecond > 0 ? new TokenBucket(perSecond, Math.max(perSecond, minBurst),
                System::nanoTime, environment.sleeper()) : null;
        return new RunControls(limit, Backoff.standard(environment.sleeper()), environment.err(),
                output.progressMode(environment), System::nanoTime);
    }

    /** Runs it so that Ctrl-C or SIGTERM stops it cleanly: requests in flight finish, the checkpoint is saved. */
    int stoppable(RunControls controls, Run run) throws Exception {
        StopOnSignal stopOnSignal = StopOnSignal.install(parent.environment(), controls::requestStop);
        try {
            return run.runAndReport();
        } finally {
            stopOnSignal.close();
        }
    }

    /** The exit status of a resumable run. */
    static int exitCode(RunOutcome outcome, boolean findings) {
        return switch (outcome) {
            case COMPLETE, ALREADY_COMPLETE -> findings ? ExitCode.FINDINGS : ExitCode.OK;
            case STOPPED, FAILED -> ExitCode.INCOMPLETE;
        };
    }

    /** The headline's word for how the run ended; {@code again} says what --restart would do. */
    static String describe(RunOutcome outcome, String again) {
        return switch (outcome) {
            case COMPLETE -> "complete";
            case ALREADY_COMPLETE -> "already complete according to the checkpoint (use --restart to " + again + ")";
            case STOPPED -> "stopped before the end";
            case FAILED -> "failed before the end";
        };
    }

    /** The end of a resumable run's text report: what stopped it, where to resume, how long it took. */
    static void printEnding(PrintStream out, RunOutcome outcome, String failure, Path checkpoint, Duration elapsed) {
        if (failure != null) {
            out.println("  failure: " + failure);
        }
        if (outcome.unfinished()) {
            out.println("  progress is saved in " + checkpoint + "; run the same command again to resume");
        }
        out.println("  elapsed  " + Progress.clock(elapsed.toSeconds()));
    }
}
