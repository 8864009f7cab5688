package kr.compensation.voucher.ops.reconcile;

import kr.compensation.voucher.domain.VoucherCode;

/**
 * The set of voucher codes seen so far, to find a code held twice among up to 34 million. Each well-formed code is
 * 80 bits of data (its check symbol and dashes follow from them), kept as a long and an int in open-addressing
 * arrays: about 12 bytes a slot instead of the ~100 bytes of a String in a HashSet, so 34 million codes fit in well
 * under a gigabyte.
 */
final class VoucherCodeSet {

    private static final int OCCUPIED = 1 << 31;
    private static final double MAX_LOAD = 0.7;

    private long[] high;
    private int[] low;
    private int size;

    VoucherCodeSet(long expected) {
        long wanted = Math.max(16, Math.min(1L << 29, (long) (expected / MAX_LOAD) + 1));
        int capacity = Integer.highestOneBit((int) (wanted * 2 - 1));
        high = new long[capacity];
        low = new int[capacity];
    }

    /**
     * Adds a well-formed code; returns false if it was already there.
     *
     * @throws IllegalArgumentException for a code that is not well formed (check it first)
     */
    synchronized boolean add(String code) {
        if (!VoucherCode.isWellFormed(code)) {
            throw new IllegalArgumentException("not a well-formed voucher code");
        }
        return insert(CodeBits.high(code), CodeBits.low(code) | OCCUPIED);
    }

    synchronized int size() {
        return size;
    }

    private boolean insert(long hi, int lo) {
        if (size + 1 > high.length * MAX_LOAD) {
            grow();
        }
        int mask = high.length - 1;
        int slot = (int) CodeBits.mix(hi, lo) & mask;
        while (low[slot] != 0) {
            if (low[slot] == lo && high[slot] == hi) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        high[slot] = hi;
        low[slot] = lo;
        size++;
        return true;
    }

    private void grow() {
        long[] oldHigh = high;
        int[] oldLow = low;
        high = new long[oldHigh.length * 2];
        low = new int[oldLow.length * 2];
        size = 0;
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldLow[i] != 0) {
                insert(oldHigh[i], oldLow[i]);
            }
        }
    }
}
