package kr.compensation.voucher.ops.load;

import java.time.Duration;
import java.util.List;
import kr.compensation.voucher.ops.support.RunOutcome;

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
public record LoadResult(LoadCounts total, LoadCounts thisRun, long resumedAfter, RunOutcome outcome, boolean dryRun,
                         String failure, List<CustomerLine.Invalid> sample, Duration elapsed) {
}
