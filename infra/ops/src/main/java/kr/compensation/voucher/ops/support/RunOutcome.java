package kr.compensation.voucher.ops.support;

/** How far a resumable command (load, rekey, issue-all) got; the same four endings for each. */
public enum RunOutcome {
    /** Everything is done. */
    COMPLETE,
    /** The checkpoint already said so; nothing was read. */
    ALREADY_COMPLETE,
    /** Asked to stop (Ctrl-C); run the same command again to resume. */
    STOPPED,
    /** A request failed beyond its retries; run the same command again to resume. */
    FAILED;

    /** COMPLETE if the run got to the end without a failure, else FAILED or STOPPED. */
    public static RunOutcome of(boolean complete, Throwable failure) {
        return complete ? COMPLETE : failure != null ? FAILED : STOPPED;
    }

    /** Whether the same command must run again to finish. */
    public boolean unfinished() {
        return this == STOPPED || this == FAILED;
    }

    /** A failure as the reports show it: its type and message, never a stack trace. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return null;
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
