package kr.compensation.voucher.bench;

import java.util.concurrent.TimeUnit;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two pieces of domain code on every request: the customer key (HMAC-SHA256 of role and subject under the
 * pepper, on every lookup) and the voucher code (80 bits from a new SecureRandom, on every grant).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DomainBenchmark {

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[48]);
    private final VoucherCodeGenerator generator = new VoucherCodeGenerator();
    private final String subject = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

    @Benchmark
    public CustomerKey customerKeyHash() {
        return hasher.keyOf(IssuerRole.SIGN_IN, subject);
    }

    /** With production's randomness: a new SecureRandom per code (SnapStart-safe), not a shared one. */
    @Benchmark
    public VoucherCode voucherCode() {
        return generator.next();
    }
}
