package kr.compensation.voucher.reliability.personaldata;

import java.util.Locale;

/**
 * The raw customer ids (token subjects, list ids) this suite makes up. They all share one shape, so that the
 * personal-data scans can recognise any of them, wherever and however many there are.
 */
public final class Customers {

    /** {@code rel-<purpose>-<6 digits>}. */
    static final String SUBJECT_PATTERN = "rel-[a-z]+-\\d{6}";

    private Customers() {
    }

    /** The n-th made-up customer id for a purpose, e.g. {@code subject("chaos", 7)} is {@code rel-chaos-000007}. */
    public static String subject(String purpose, int n) {
        if (!purpose.matches("[a-z]+") || n < 0 || n > 999_999) {
            throw new IllegalArgumentException("purpose is lower-case letters, n is 0..999999");
        }
        return String.format(Locale.ROOT, "rel-%s-%06d", purpose, n);
    }
}
