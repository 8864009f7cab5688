package kr.compensation.voucher.domain;

import java.util.Objects;

/**
 * A voucher code as customers type it: 16 symbols of Crockford's base32 (80 random bits) and one Luhn mod 32 check
 * symbol, grouped {@code XXXX-XXXX-XXXX-XXXXC}. The alphabet has no I, L, O or U, so nothing reads as another symbol,
 * and the check symbol catches every single mistyped symbol and most swaps of neighbours.
 */
public record VoucherCode(String value) {

    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int DATA_SYMBOLS = 16;
    public static final int RANDOM_BITS = DATA_SYMBOLS * 5;
    private static final int GROUP = 4;
    private static final int FORMATTED_LENGTH = DATA_SYMBOLS + 1 + (DATA_SYMBOLS / GROUP - 1);

    public VoucherCode {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a well-formed voucher code");
        }
    }

    /** Builds the formatted code, check symbol included, from 16 data symbol indices (each 0..31). */
    static VoucherCode fromSymbols(int[] symbols) {
        if (symbols.length != DATA_SYMBOLS) {
            throw new IllegalArgumentException("need " + DATA_SYMBOLS + " symbols");
        }
        StringBuilder out = new StringBuilder(FORMATTED_LENGTH);
        for (int i = 0; i < DATA_SYMBOLS; i++) {
            if (i > 0 && i % GROUP == 0) {
                out.append('-');
            }
            out.append(ALPHABET.charAt(symbols[i]));
        }
        out.append(ALPHABET.charAt(checkSymbol(symbols)));
        return new VoucherCode(out.toString());
    }

    /** True for a code in canonical form whose check symbol matches. */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != FORMATTED_LENGTH) {
            return false;
        }
        int[] symbols = new int[DATA_SYMBOLS];
        int n = 0;
        for (int i = 0; i < FORMATTED_LENGTH - 1; i++) {
            char c = candidate.charAt(i);
            boolean dashPosition = (i + 1) % (GROUP + 1) == 0;
            if (dashPosition) {
                if (c != '-') {
                    return false;
                }
                continue;
            }
            int index = ALPHABET.indexOf(c);
            if (index < 0) {
                return false;
            }
            symbols[n++] = index;
        }
        int check = ALPHABET.indexOf(candidate.charAt(FORMATTED_LENGTH - 1));
        return n == DATA_SYMBOLS && check == checkSymbol(symbols);
    }

    /** Luhn mod N over the data symbols, N = 32. */
    static int checkSymbol(int[] symbols) {
        int n = ALPHABET.length();
        int factor = 2;
        int sum = 0;
        for (int i = symbols.length - 1; i >= 0; i--) {
            int addend = factor * symbols[i];
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return (n - sum % n) % n;
    }
}
