package kr.compensation.voucher.ops.reconcile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What reconcile found: totals that finance can tie to the ledger, and every broken invariant.
 *
 * @param items               items in the table
 * @param eligible            items marked eligible
 * @param eligibleByAccountState eligible items by the account state on the list
 * @param claimed             items with a recorded claim (customers who asked)
 * @param pendingClaims       claimed items still without a voucher
 * @param issued              items holding a voucher
 * @param issuedBySource      issued vouchers by why they were requested
 * @param issuedAmountKrw     sum of the amounts of issued KRW vouchers, as recorded on the items
 * @param expectedAmountKrw   the configured amount of one voucher
 * @param violationCounts     broken invariants by kind (every one, however many are listed)
 * @param violations          the broken invariants, at most {@code listedPerKind} of each kind
 * @param delivery            what the delivered-events file held; null when no file was compared
 */
public record ReconciliationReport(String table, long items, long eligible, Map<String, Long> eligibleByAccountState,
                                   long claimed, long pendingClaims, long issued, Map<String, Long> issuedBySource,
                                   long issuedAmountKrw, long expectedAmountKrw,
                                   Map<Violation.Kind, Long> violationCounts, List<Violation> violations,
                                   int listedPerKind, Delivery delivery, Duration elapsed) {

    /**
     * The delivered-events file that was compared with the table.
     *
     * @param events     VoucherIssued events read, duplicates included
     * @param codes      distinct voucher codes among them
     * @param duplicates events of a code already seen for the same customer (at-least-once delivery)
     * @param skipped    lines of other sources or detail types
     */
    public record Delivery(String file, long lines, long events, long codes, long duplicates, long skipped) {
    }

    public boolean clean() {
        return violationCounts.values().stream().allMatch(n -> n == 0);
    }
}
