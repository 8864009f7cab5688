package kr.compensation.voucher.ops.reconcile;

import kr.compensation.voucher.domain.VoucherCode;

/**
 * A well-formed voucher code as the 80 bits of data it carries (its dashes and check symbol follow from them): the
 * first 12 symbols in a long, the last 4 in an int. The compact form both reconciliation sets keep, 34 million codes
 * in well under a gigabyte.
 */
final class CodeBits {

    private CodeBits() {
    }

    /** The first 60 bits (12 symbols). The code must be well formed ({@link VoucherCode#isWellFormed}). */
    static long high(String code) {
        return pack(code, 0, 12);
    }

    /** The last 20 bits (4 symbols). */
    static int low(String code) {
        return (int) pack(code, 12, 16);
    }

    private static long pack(String code, int fromSymbol, int toSymbol) {
        long bits = 0;
        int symbol = 0;
        for (int i = 0; i < code.length() - 1 && symbol < toSymbol; i++) {
            char c = code.charAt(i);
            if (c == '-') {
                continue;
            }
            if (symbol >= fromSymbol) {
                bits = (bits << 5) | VoucherCode.ALPHABET.indexOf(c);
            }
            symbol++;
        }
        return bits;
    }

    /** The 64-bit finaliser of MurmurHash3: spreads nearby codes over an open-addressing table. */
    static long mix(long hi, int lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
