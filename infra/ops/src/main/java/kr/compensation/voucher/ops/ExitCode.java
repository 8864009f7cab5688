package kr.compensation.voucher.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tool's exit status means, the same for every command. {@link #MEANINGS} is what --help prints, and a test
 * holds it, the README and these constants to one list.
 */
public final class ExitCode {

    /** Done, nothing to report. */
    public static final int OK = 0;
    /** Done, but the data has problems: refused lines (load) or broken invariants (reconcile). */
    public static final int FINDINGS = 1;
    /** Wrong options, missing configuration, or an error that stopped the command. */
    public static final int ERROR = 2;
    /** Stopped before the end by a failure past its retries; run the same command again to resume. */
    public static final int INCOMPLETE = 3;
    /**
     * Stopped by Ctrl-C (SIGINT). The JVM, not the command, sets this status: on a signal it ends with 128 plus the
     * signal's number once the shutdown hooks are done, and the tool's hook (StopOnSignal) first lets the command
     * save its checkpoint and print its counts. Run the same command again to resume.
     */
    public static final int INTERRUPTED = 128 + 2;
    /** Stopped by SIGTERM (kill, a closed session): 128 + 15, after the same clean stop as Ctrl-C. */
    public static final int TERMINATED = 128 + 15;

    /** One status and what it means, as --help lists it. */
    public record Meaning(int code, String text) {
    }

    /** Each short enough for one line of an 80-column terminal. */
    public static final List<Meaning> MEANINGS = List.of(
            new Meaning(OK, "done"),
            new Meaning(FINDINGS, "done, with findings: refused lines or broken invariants"),
            new Meaning(ERROR, "usage or configuration error, or an error that stopped the command"),
            new Meaning(INCOMPLETE, "stopped by failures past the retries: run it again to resume"),
            new Meaning(INTERRUPTED, "stopped by Ctrl-C (SIGINT), checkpoint saved: run it again to resume"),
            new Meaning(TERMINATED, "stopped by SIGTERM, checkpoint saved: run it again to resume"));

    private ExitCode() {
    }

    /** The footer of the top-level --help. */
    static String[] helpFooter() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("Exit status (every command):");
        for (Meaning meaning : MEANINGS) {
            lines.add(String.format(java.util.Locale.ROOT, "  %3d  %s", meaning.code(), meaning.text()));
        }
        lines.add("");
        lines.add("Run 'voucher-ops help COMMAND' for a command's options.");
        return lines.toArray(String[]::new);
    }
}
