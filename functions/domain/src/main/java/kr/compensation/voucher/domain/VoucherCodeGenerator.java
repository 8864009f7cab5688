package kr.compensation.voucher.domain;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes voucher codes from fresh randomness on every call.
 *
 * <p>Why no random generator is kept in a field: with Lambda SnapStart, everything built during init is copied into
 * every environment restored from the snapshot, so a generator seeded at init would hand the same codes to many
 * environments. Asking the supplier each time (by default a new {@link SecureRandom}, seeded by the operating system
 * at that moment) keeps codes unique across restored environments.
 */
public final class VoucherCodeGenerator {

    private final Supplier<? extends java.util.Random> randomness;

    public VoucherCodeGenerator() {
        this(SecureRandom::new);
    }

    /** For tests and benchmarks; production uses {@link #VoucherCodeGenerator()}. */
    public VoucherCodeGenerator(Supplier<? extends java.util.Random> randomness) {
        this.randomness = Objects.requireNonNull(randomness, "randomness");
    }

    public VoucherCode next() {
        java.util.Random random = randomness.get();
        byte[] bits = new byte[VoucherCode.RANDOM_BITS / 8];
        random.nextBytes(bits);
        int[] symbols = new int[VoucherCode.DATA_SYMBOLS];
        // 80 bits -> 16 symbols of 5 bits each, most significant first.
        long buffer = 0;
        int buffered = 0;
        int s = 0;
        for (byte b : bits) {
            buffer = (buffer << 8) | (b & 0xFF);
            buffered += 8;
            while (buffered >= 5) {
                buffered -= 5;
                symbols[s++] = (int) ((buffer >>> buffered) & 0x1F);
            }
        }
        return VoucherCode.fromSymbols(symbols);
    }
}
