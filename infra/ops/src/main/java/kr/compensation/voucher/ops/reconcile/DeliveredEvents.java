package kr.compensation.voucher.ops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.domain.VoucherCode;

/**
 * The VoucherIssued events that were delivered, read from a file with one EventBridge event as JSON per line (the
 * local run's bus record, or a replay of the bus archive: docs/runbook.md, "Events"), for comparison with the table.
 * Lines of other sources or detail types are skipped and counted; a line that is not a JSON event stops the read
 * with its line number, since a half-read record would report every later voucher as unannounced.
 *
 * <p>Each distinct code is kept as its 80 bits of data, with a 64-bit fingerprint of the customer key the event
 * named and a flag set when an item of the table holds it: 21 bytes a slot in open-addressing arrays. By arithmetic
 * (not measured): 34 million codes take 2^26 slots, 1.4 GB, and 2.1 GB for the moment the arrays last double.
 * Delivery is at least once: a code seen again is counted as a duplicate, not a finding, unless it names another
 * customer.
 */
public final class DeliveredEvents {

    public static final String SOURCE = "kr.compensation.voucher";
    public static final String DETAIL_TYPE = "VoucherIssued";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OCCUPIED = 1 << 31;
    private static final double MAX_LOAD = 0.7;

    private final Path file;
    private long[] high;
    private int[] low;
    private long[] customer;
    private boolean[] held;
    private int size;
    private long lines;
    private long events;
    private long duplicates;
    private long skipped;
    /** Events that cannot belong to any voucher of the table (malformed code, or a code named for two customers). */
    private final List<Violation> unmatchable = new ArrayList<>();
    private long unmatchableCount;

    private DeliveredEvents(Path file) {
        this.file = file;
        high = new long[1 << 10];
        low = new int[1 << 10];
        customer = new long[1 << 10];
        held = new boolean[1 << 10];
    }

    public static DeliveredEvents read(Path file) throws IOException {
        DeliveredEvents delivered = new DeliveredEvents(file);
        delivered.forEachEvent((lineNumber, code, customerKey) -> delivered.add(code, customerKey));
        return delivered;
    }

    public Path file() {
        return file;
    }

    public long lines() {
        return lines;
    }

    /** VoucherIssued events read, duplicates included. */
    public long events() {
        return events;
    }

    /** Distinct voucher codes among them. */
    public synchronized long codes() {
        return size;
    }

    /** Events whose code had been seen before for the same customer: at-least-once delivery, not a finding. */
    public long duplicates() {
        return duplicates;
    }

    /** Lines of other sources or detail types. */
    public long skipped() {
        return skipped;
    }

    /**
     * Marks the item's voucher as announced. Returns false when no event named its code for this customer; an event
     * that named it for another customer is then reported by {@link #eventsWithoutVoucher} as well.
     */
    synchronized boolean markHeld(String code, String customerKey) {
        if (!VoucherCode.isWellFormed(code)) {
            return false;
        }
        long hi = CodeBits.high(code);
        int lo = CodeBits.low(code) | OCCUPIED;
        int slot = find(hi, lo);
        if (slot < 0) {
            return false;
        }
        if (customer[slot] != fingerprint(customerKey)) {
            return false;
        }
        held[slot] = true;
        return true;
    }

    /**
     * Every event whose voucher no item holds (the code is on no item, or on another customer's item), after all
     * items were marked; at most {@code listed} are returned, {@code counter} gets the number of distinct codes. A
     * second pass over the file recovers the customer keys of the listed ones.
     */
    List<Violation> eventsWithoutVoucher(int listed, long[] counter) throws IOException {
        long unheld;
        synchronized (this) {
            unheld = 0;
            for (int i = 0; i < low.length; i++) {
                if (low[i] != 0 && !held[i]) {
                    unheld++;
                }
            }
        }
        counter[0] = unheld + unmatchableCount;
        List<Violation> found = new ArrayList<>(unmatchable);
        if (unheld == 0) {
            return found;
        }
        boolean[] reported = new boolean[low.length];
        forEachEvent((lineNumber, code, customerKey) -> {
            if (found.size() >= listed || !VoucherCode.isWellFormed(code)) {
                return;
            }
            long hi = CodeBits.high(code);
            int lo = CodeBits.low(code) | OCCUPIED;
            int slot = find(hi, lo);
            if (slot >= 0 && !held[slot] && !reported[slot] && customer[slot] == fingerprint(customerKey)) {
                reported[slot] = true;
                found.add(new Violation(Violation.Kind.EVENT_WITHOUT_VOUCHER, List.of(customerKey),
                        "an event (line " + lineNumber + ") announces code " + Violation.mask(code)
                                + ", which the table does not give this customer"));
            }
        });
        return found;
    }

    private void add(String code, String customerKey) {
        events++;
        if (!VoucherCode.isWellFormed(code)) {
            unmatchable(customerKey, "an event announces " + Violation.mask(code) + ", which is not a voucher code");
            return;
        }
        long hi = CodeBits.high(code);
        int lo = CodeBits.low(code) | OCCUPIED;
        int slot = find(hi, lo);
        long print = fingerprint(customerKey);
        if (slot >= 0) {
            if (customer[slot] == print) {
                duplicates++;
            } else {
                unmatchable(customerKey, "an event announces code " + Violation.mask(code)
                        + " for a second customer");
            }
            return;
        }
        insert(hi, lo, print);
    }

    private void unmatchable(String customerKey, String detail) {
        unmatchableCount++;
        if (unmatchable.size() < 1000) {
            unmatchable.add(new Violation(Violation.Kind.EVENT_WITHOUT_VOUCHER,
                    customerKey == null ? List.of() : List.of(customerKey), detail));
        }
    }

    private interface EventVisitor {
        void visit(long lineNumber, String code, String customerKey) throws IOException;
    }

    private void forEachEvent(EventVisitor visitor) throws IOException {
        boolean counting = lines == 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode event;
                try {
                    event = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + " line " + number + " is not a JSON event", e);
                }
                if (event == null || !event.isObject()) {
                    throw new IOException(file + " line " + number + " is not a JSON event");
                }
                if (!SOURCE.equals(event.path("source").asText()) || !DETAIL_TYPE.equals(event.path("detail-type").asText())) {
                    if (counting) {
                        skipped++;
                    }
                    continue;
                }
                JsonNode detail = event.path("detail");
                String code = detail.path("voucherCode").asText(null);
                String key = detail.path("customerKey").asText(null);
                visitor.visit(number, code, key);
            }
            if (counting) {
                lines = number;
            }
        }
    }

    private int find(long hi, int lo) {
        int mask = high.length - 1;
        int slot = (int) CodeBits.mix(hi, lo) & mask;
        while (low[slot] != 0) {
            if (low[slot] == lo && high[slot] == hi) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private void insert(long hi, int lo, long print) {
        if (size + 1 > high.length * MAX_LOAD) {
            grow();
        }
        int mask = high.length - 1;
        int slot = (int) CodeBits.mix(hi, lo) & mask;
        while (low[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        high[slot] = hi;
        low[slot] = lo;
        customer[slot] = print;
        size++;
    }

    private void grow() {
        long[] oldHigh = high;
        int[] oldLow = low;
        long[] oldCustomer = customer;
        high = new long[oldHigh.length * 2];
        low = new int[oldLow.length * 2];
        customer = new long[oldCustomer.length * 2];
        held = new boolean[oldLow.length * 2]; // nothing is marked while the file is read
        size = 0;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldLow[i] != 0) {
                insert(oldHigh[i], oldLow[i], oldCustomer[i]);
            }
        }
    }

    /** A 64-bit hash of the customer key: enough to tell the customer an event named from another one. */
    private static long fingerprint(String customerKey) {
        if (customerKey == null) {
            return 0;
        }
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < customerKey.length(); i++) {
            h ^= customerKey.charAt(i);
            h *= 0x100000001B3L;
        }
        return CodeBits.mix(h, customerKey.length());
    }

    /** The 64-bit finaliser of MurmurHash3. */
}
