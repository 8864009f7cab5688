package kr.compensation.voucher.ops.load;

import java.time.Duration;
import java.util.List;

/**
 * How a load run ended.
 *
 * @param total         counts over every run of this file so far (from the checkpoint on)
 * @param thisRun       counts of this run alone
 * @param resumedAfter  the line this run resumed after (1, the header, for a fresh start)
 * @param outcome       whether every line is done
 * @param failure       what stopped the run, when it failed
 * @param sample        the first refused lines this run met (line number and reason only)
 */
public record LoadResult(LoadCounts total, LoadCounts thisRun, long resumedAfter, Outcome outcome, boolean dryRun,
                         String failure, List<CustomerLine.Invalid> sample, Duration elapsed) {

    /** How far the load got. */
    public enum Outcome {
        /** Every line is done. */
        COMPLETE,
        /** The checkpoint already said so; nothing was read. */
        ALREADY_COMPLETE,
        /** Asked to stop (Ctrl-C); run the same command again to resume. */
        STOPPED,
        /** A write failed beyond its retries; run the same command again to resume. */
        FAILED
    }
}
