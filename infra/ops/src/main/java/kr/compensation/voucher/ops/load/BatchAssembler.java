package kr.compensation.voucher.ops.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Predicate;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;

/**
 * The loader's CPU side: reads lines, judges them, hashes each valid customer to its key and lays out its item,
 * and hands out batches of at most {@code batchSize} distinct keys. Everything here runs on the reader thread; the
 * benchmark in bench/loader measures exactly this.
 */
public final class BatchAssembler {

    /** BatchWriteItem takes at most 25 put requests. */
    public static final int MAX_BATCH_SIZE = 25;
    /**
     * A batch also ends after this many lines even if it has few items, so that a long run of refused or repeated
     * lines still moves the checkpoint forward.
     */
    static final int MAX_LINES_PER_BATCH = 10_000;

    private final BufferedReader reader;
    private final CustomerListParser parser;
    private final CustomerKeyHasher hasher;
    private final Predicate<String> inFlight;
    private final RejectedLines rejected;
    private final int batchSize;
    private long lineNumber;
    private long nextSequence;
    private boolean exhausted;

    /**
     * @param lineNumber the number of the last line already consumed from {@code reader}
     * @param inFlight   whether a key is in a batch handed out but not yet written; such a line repeats one that is
     *                   about to be written and is skipped here, because the table cannot tell yet
     */
    public BatchAssembler(BufferedReader reader, CustomerListParser parser, CustomerKeyHasher hasher, long lineNumber,
                          Predicate<String> inFlight, RejectedLines rejected, int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH_SIZE);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
        this.rejected = Objects.requireNonNull(rejected, "rejected");
        this.batchSize = batchSize;
        this.lineNumber = lineNumber;
    }

    /** The next batch, or null at the end of the file. The last batch may hold no item but still counts lines. */
    public Batch next() throws IOException {
        if (exhausted) {
            return null;
        }
        Batch batch = new Batch(nextSequence++, lineNumber + 1);
        String line;
        while (batch.size() < batchSize && batch.read() < MAX_LINES_PER_BATCH) {
            line = reader.readLine();
            if (line == null) {
                exhausted = true;
                break;
            }
            lineNumber++;
            batch.took(lineNumber);
            switch (parser.parse(lineNumber, line)) {
                case CustomerLine.Invalid invalid -> {
                    rejected.record(invalid);
                    batch.invalid.merge(invalid.reason(), 1L, Long::sum);
                }
                case CustomerLine.Valid valid -> {
                    CustomerKey key = hasher.keyOf(valid.issuer(), valid.customerId());
                    String pk = key.value();
                    if (batch.items.containsKey(pk) || inFlight.test(pk)) {
                        batch.duplicates++;
                    } else {
                        // Every customer on the list is owed a voucher: the list is the eligibility decision.
                        batch.items.put(pk, EligibilityItem.newlyLoaded(key, true, valid.accountState()));
                    }
                }
            }
        }
        batch.rejectedReportBytes = rejected.bytes();
        if (exhausted && batch.read() == 0 && batch.sequence() > 0) {
            return null;
        }
        return batch;
    }

    /** The last line consumed so far. */
    public long lineNumber() {
        return lineNumber;
    }
}
