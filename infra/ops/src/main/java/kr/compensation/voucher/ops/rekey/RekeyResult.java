package kr.compensation.voucher.ops.rekey;

import java.time.Duration;

/**
 * How a rekey run ended.
 *
 * @param total        counts over every run of this file so far (from the checkpoint on)
 * @param thisRun      counts of this run alone
 * @param resumedAfter the line this run resumed after (1, the header, for a fresh start)
 * @param failure      what stopped the run, when it failed
 */
public record RekeyResult(RekeyCounts total, RekeyCounts thisRun, long resumedAfter, Outcome outcome, String failure,
                          Duration elapsed) {

    /** How far the rekey got. */
    public enum Outcome {
        /** Every line is done. */
        COMPLETE,
        /** The checkpoint already said so; nothing was read. */
        ALREADY_COMPLETE,
        /** Asked to stop (Ctrl-C); run the same command again to resume. */
        STOPPED,
        /** A read or move failed beyond its retries; run the same command again to resume. */
        FAILED
    }
}
