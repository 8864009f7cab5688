package kr.compensation.voucher.ops.issueall;

import java.time.Duration;
import kr.compensation.voucher.ops.support.RunOutcome;

/**
 * How an {@code issue-all} run ended.
 *
 * @param scanned  items read by this run's scans (before the filter)
 * @param matched  eligible customers without a voucher found by this run
 * @param notCustomerKeys matched items whose key is not a customer key: skipped (reconcile reports them)
 * @param sent     issue requests this run put on the queue
 * @param sentInAll requests sent by every run of this checkpoint
 */
public record IssueAllResult(long scanned, long matched, long notCustomerKeys, long sent, long sentInAll,
                             RunOutcome outcome, String failure, Duration elapsed) {
}
