package kr.compensation.voucher.ops.rekey;

import java.time.Duration;
import kr.compensation.voucher.ops.support.RunOutcome;

/**
 * How a rekey run ended.
 *
 * @param total        counts over every run of this file so far (from the checkpoint on)
 * @param thisRun      counts of this run alone
 * @param resumedAfter the line this run resumed after (1, the header, for a fresh start)
 * @param failure      what stopped the run, when it failed
 */
public record RekeyResult(RekeyCounts total, RekeyCounts thisRun, long resumedAfter, RunOutcome outcome, String failure,
                          Duration elapsed) {
}
