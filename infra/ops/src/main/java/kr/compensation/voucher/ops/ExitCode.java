package kr.compensation.voucher.ops;

/** What the tool's exit status means, the same for every command (and listed in --help). */
public final class ExitCode {

    /** Done, nothing to report. */
    public static final int OK = 0;
    /** Done, but the data has problems: refused lines (load) or broken invariants (reconcile). */
    public static final int FINDINGS = 1;
    /** Wrong options, missing configuration, or an error that stopped the command. */
    public static final int ERROR = 2;
    /** Stopped before the end (Ctrl-C or a failure past its retries); run the same command again to resume. */
    public static final int INCOMPLETE = 3;

    private ExitCode() {
    }
}
