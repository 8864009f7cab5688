package kr.compensation.voucher.ops.reconcile;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.SegmentWorkers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the whole table (a parallel scan) and proves what was issued: totals of eligible, claimed and issued
 * customers and the amount issued in won, and the invariants that protect money: every voucher has a well-formed
 * code of the configured amount, no code is held twice, and no voucher went to a customer who is not eligible.
 *
 * <p>A duplicate code is noticed at its second holder; a second, filtered scan then finds every holder, so the
 * report names all of them. That scan only runs when duplicates exist.
 *
 * <p>With {@link #compareWith(DeliveredEvents)} it also proves that every voucher was announced: each voucher of the
 * table must have a VoucherIssued event for the same customer, and each event must name a voucher the table gives
 * that customer. Duplicate events are counted, not reported (delivery is at least once, docs/events/).
 */
public final class Reconciler {

    static final String CURRENCY = "KRW";
    /** DynamoDB allows up to 100 operands in an IN comparison. */
    private static final int IN_LIMIT = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int segments;
    private final int threads;
    private final long expectedAmount;
    private final boolean consistentRead;
    private final int listedPerKind;
    private final PrintStream progressOut;
    private final Progress.Mode progressMode;
    private final LongSupplier nanoClock;
    private DeliveredEvents delivered;

    public Reconciler(DynamoDbClient dynamoDb, String table, int segments, int threads, long expectedAmount,
                      boolean consistentRead, int listedPerKind, PrintStream progressOut, Progress.Mode progressMode,
                      LongSupplier nanoClock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        if (segments < 1 || threads < 1 || expectedAmount <= 0 || listedPerKind < 0) {
            throw new IllegalArgumentException("segments, threads and the amount must be positive");
        }
        this.segments = segments;
        this.threads = threads;
        this.expectedAmount = expectedAmount;
        this.consistentRead = consistentRead;
        this.listedPerKind = listedPerKind;
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.progressMode = Objects.requireNonNull(progressMode, "progressMode");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Also compares the table with these delivered events. */
    public Reconciler compareWith(DeliveredEvents events) {
        this.delivered = Objects.requireNonNull(events, "events");
        return this;
    }

    public ReconciliationReport run() throws InterruptedException, java.io.IOException {
        long started = nanoClock.getAsLong();
        // DescribeTable's count is refreshed about every six hours: good enough for sizing and an ETA.
        Long itemCount = dynamoDb.describeTable(r -> r.tableName(table)).table().itemCount();
        long approximateItems = itemCount == null ? 0 : Math.max(0, itemCount);
        VoucherCodeSet codes = new VoucherCodeSet(approximateItems);
        List<Tally> tallies = new ArrayList<>();
        AtomicLong scanned = new AtomicLong();
        for (int segment = 0; segment < segments; segment++) {
            tallies.add(new Tally());
        }
        SegmentWorkers workers = new SegmentWorkers("reconcile-segment");
        Progress bar = Progress.start("reconcile", "items", () -> new Progress.Snapshot(scanned.get(),
                approximateItems > 0 ? Math.min(1, (double) scanned.get() / approximateItems) : Double.NaN),
                progressOut, progressMode);
        try {
            workers.run(threads, IntStream.range(0, segments).boxed().toList(),
                    segment -> scanSegment(segment, tallies.get(segment), codes, scanned));
        } finally {
            bar.close();
        }
        if (workers.failed()) {
            throw new IllegalStateException("the scan failed: " + workers.failure().getMessage(), workers.failure());
        }
        Tally total = new Tally();
        tallies.forEach(total::add);
        if (!total.duplicateCodes.isEmpty()) {
            total.violations.addAll(duplicateViolations(total.duplicateCodes.keySet().stream().toList()));
        }
        long[] eventsWithoutVoucher = {0};
        if (delivered != null) {
            total.violations.addAll(delivered.eventsWithoutVoucher(listedPerKind, eventsWithoutVoucher));
        }
        return report(total, eventsWithoutVoucher[0], Duration.ofNanos(nanoClock.getAsLong() - started));
    }

    private void scanSegment(int segment, Tally tally, VoucherCodeSet codes, AtomicLong scanned) {
        Map<String, AttributeValue> startKey = null;
        do {
            ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                    .tableName(table)
                    .segment(segment)
                    .totalSegments(segments)
                    .consistentRead(consistentRead)
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                tally.check(item, codes, expectedAmount, delivered);
            }
            scanned.addAndGet(page.count());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    /** Finds every holder of each duplicated code with a filtered scan. */
    private List<Violation> duplicateViolations(List<String> duplicated) {
        Map<String, List<String>> holders = new LinkedHashMap<>();
        for (int from = 0; from < duplicated.size(); from += IN_LIMIT) {
            List<String> chunk = duplicated.subList(from, Math.min(from + IN_LIMIT, duplicated.size()));
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> placeholders = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                values.put(":c" + i, AttributeValue.fromS(chunk.get(i)));
                placeholders.add(":c" + i);
            }
            Map<String, AttributeValue> startKey = null;
            do {
                ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                        .tableName(table)
                        .consistentRead(consistentRead)
                        .filterExpression("#code IN (" + String.join(", ", placeholders) + ")")
                        .projectionExpression("#pk, #code")
                        .expressionAttributeNames(Map.of("#pk", EligibilityItem.PK, "#code",
                                EligibilityItem.VOUCHER_CODE))
                        .expressionAttributeValues(values)
                        .exclusiveStartKey(startKey)
                        .build());
                for (Map<String, AttributeValue> item : page.items()) {
                    holders.computeIfAbsent(item.get(EligibilityItem.VOUCHER_CODE).s(), code -> new ArrayList<>())
                            .add(item.get(EligibilityItem.PK).s());
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        }
        List<Violation> violations = new ArrayList<>();
        holders.forEach((code, keys) -> {
            keys.sort(null);
            violations.add(new Violation(Violation.Kind.DUPLICATE_CODE, keys,
                    "code " + Violation.mask(code) + " is held by " + keys.size() + " customers"));
        });
        return violations;
    }

    private ReconciliationReport report(Tally total, long eventsWithoutVoucher, Duration elapsed) {
        Map<Violation.Kind, Long> counts = new EnumMap<>(Violation.Kind.class);
        for (Violation.Kind kind : Violation.Kind.values()) {
            counts.put(kind, 0L);
        }
        Map<Violation.Kind, Integer> listed = new EnumMap<>(Violation.Kind.class);
        List<Violation> shown = new ArrayList<>();
        for (Violation violation : total.violations) {
            counts.merge(violation.kind(), 1L, Long::sum);
            if (listed.merge(violation.kind(), 1, Integer::sum) <= listedPerKind) {
                shown.add(violation);
            }
        }
        // Only the listed ones are in the list; the count is of every such code.
        counts.put(Violation.Kind.EVENT_WITHOUT_VOUCHER, eventsWithoutVoucher);
        ReconciliationReport.Delivery delivery = delivered == null ? null
                : new ReconciliationReport.Delivery(delivered.file().toString(), delivered.lines(), delivered.events(),
                        delivered.codes(), delivered.duplicates(), delivered.skipped());
        return new ReconciliationReport(table, total.items, total.eligible, new TreeMap<>(total.eligibleByState),
                total.claimed, total.pendingClaims, total.issued, new TreeMap<>(total.issuedBySource),
                total.issuedAmountKrw, expectedAmount, counts, shown, listedPerKind, delivery, elapsed);
    }

    /** One segment's counts, merged at the end; no locking while scanning. */
    private static final class Tally {
        long items;
        long eligible;
        long claimed;
        long pendingClaims;
        long issued;
        long issuedAmountKrw;
        final Map<String, Long> eligibleByState = new HashMap<>();
        final Map<String, Long> issuedBySource = new HashMap<>();
        final List<Violation> violations = new ArrayList<>();
        /** Codes seen a second time, with the holder that revealed it; all holders are looked up afterwards. */
        final Map<String, String> duplicateCodes = new LinkedHashMap<>();

        void check(Map<String, AttributeValue> item, VoucherCodeSet codes, long expectedAmount,
                   DeliveredEvents delivered) {
            items++;
            String pk = text(item.get(EligibilityItem.PK));
            if (!CustomerKey.isWellFormed(pk)) {
                // Not quoted: a key that is not a hash might be a raw customer id written by mistake.
                violations.add(new Violation(Violation.Kind.MALFORMED_CUSTOMER_KEY, List.of(),
                        "a partition key of " + (pk == null ? 0 : pk.length())
                                + " characters is not a customer key"));
            }
            AttributeValue eligibleValue = item.get(EligibilityItem.ELIGIBLE);
            boolean isEligible = eligibleValue != null && Boolean.TRUE.equals(eligibleValue.bool());
            if (isEligible) {
                eligible++;
                String state = text(item.get(EligibilityItem.ACCOUNT_STATE));
                eligibleByState.merge(state == null ? "(none)" : state, 1L, Long::sum);
            }
            boolean hasClaim = item.containsKey(EligibilityItem.CLAIM_REQUESTED_AT);
            if (hasClaim) {
                claimed++;
            }
            AttributeValue codeValue = item.get(EligibilityItem.VOUCHER_CODE);
            if (codeValue == null) {
                if (hasClaim) {
                    pendingClaims++;
                }
                return;
            }
            issued++;
            String source = text(item.get(EligibilityItem.ISSUE_SOURCE));
            issuedBySource.merge(source == null ? "(none)" : source, 1L, Long::sum);
            String code = text(codeValue);
            if (delivered != null && !delivered.markHeld(code, pk)) {
                violations.add(new Violation(Violation.Kind.VOUCHER_WITHOUT_EVENT, List.of(pk),
                        "no VoucherIssued event announces code " + Violation.mask(code)));
            }
            if (!VoucherCode.isWellFormed(code)) {
                violations.add(new Violation(Violation.Kind.MALFORMED_CODE, List.of(pk),
                        "code " + Violation.mask(code) + " is not a well-formed voucher code"));
            } else if (!codes.add(code)) {
                duplicateCodes.putIfAbsent(code, pk);
            }
            Long amount = number(item.get(EligibilityItem.VOUCHER_AMOUNT));
            String currency = text(item.get(EligibilityItem.VOUCHER_CURRENCY));
            if (amount != null && CURRENCY.equals(currency)) {
                issuedAmountKrw += amount;
            }
            if (amount == null || amount != expectedAmount || !CURRENCY.equals(currency)) {
                violations.add(new Violation(Violation.Kind.WRONG_AMOUNT, List.of(pk),
                        "amount " + (amount == null ? "(none)" : amount) + " " + (currency == null ? "" : currency)
                                + ", expected " + expectedAmount + " " + CURRENCY));
            }
            if (!isEligible) {
                violations.add(new Violation(Violation.Kind.ISSUED_TO_NOT_ELIGIBLE, List.of(pk),
                        "a voucher was issued to a customer who is not eligible"));
            }
        }

        void add(Tally other) {
            items += other.items;
            eligible += other.eligible;
            claimed += other.claimed;
            pendingClaims += other.pendingClaims;
            issued += other.issued;
            issuedAmountKrw += other.issuedAmountKrw;
            other.eligibleByState.forEach((k, v) -> eligibleByState.merge(k, v, Long::sum));
            other.issuedBySource.forEach((k, v) -> issuedBySource.merge(k, v, Long::sum));
            violations.addAll(other.violations);
            other.duplicateCodes.forEach(duplicateCodes::putIfAbsent);
        }

        private static String text(AttributeValue value) {
            return value == null ? null : value.s();
        }

        private static Long number(AttributeValue value) {
            if (value == null || value.n() == null) {
                return null;
            }
            try {
                return Long.parseLong(value.n());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
