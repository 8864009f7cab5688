package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import kr.compensation.voucher.domain.testing.Snapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Needs nothing running: how codes are drawn from randomness, and why the randomness is fresh on every call. */
class VoucherCodeGeneratorTest {

    @Test
    void next_shouldMakeWellFormedCodes() {
        VoucherCodeGenerator generator = new VoucherCodeGenerator();
        for (int i = 0; i < 1_000; i++) {
            assertThat(VoucherCode.isWellFormed(generator.next().value())).isTrue();
        }
    }

    @Test
    @DisplayName("200,000 codes drawn on several threads are all different")
    void next_shouldNotRepeatOverManyIssuances() {
        VoucherCodeGenerator generator = new VoucherCodeGenerator();
        Set<String> codes = ConcurrentHashMap.newKeySet();
        int perThread = 50_000;
        List<Thread> threads = IntStream.range(0, 4)
                .mapToObj(t -> Thread.ofPlatform().unstarted(() -> {
                    for (int i = 0; i < perThread; i++) {
                        codes.add(generator.next().value());
                    }
                }))
                .toList();
        threads.forEach(Thread::start);
        threads.forEach(VoucherCodeGeneratorTest::join);

        assertThat(codes).hasSize(4 * perThread);
    }

    @Test
    @DisplayName("each code asks for fresh randomness: nothing is kept from one call (or from init) to the next")
    void next_shouldAskForFreshRandomnessOnEveryCall() {
        AtomicInteger asked = new AtomicInteger();
        VoucherCodeGenerator generator = new VoucherCodeGenerator(() -> {
            asked.incrementAndGet();
            return new Random();
        });

        generator.next();
        generator.next();
        generator.next();

        assertThat(asked).hasValue(3);
    }

    @Test
    @DisplayName("the 80 random bits map onto the 16 data symbols most significant bit first")
    void next_shouldUseEveryRandomBitOnce() {
        assertThat(codeFromBytes(new byte[10]).value()).startsWith("0000-0000-0000-0000");
        byte[] ones = new byte[10];
        Arrays.fill(ones, (byte) 0xFF);
        assertThat(codeFromBytes(ones).value()).startsWith("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        // 0x08 0x86 0x42 ... is 00001 00010 00011 00100 ...: the symbols 1, 2, 3, 4, ...
        byte[] counting = {0x08, (byte) 0x86, 0x42, (byte) 0x98, (byte) 0xE8, 0x4A, (byte) 0x96, (byte) 0xC6, (byte) 0xB9, (byte) 0xF0};
        assertThat(codeFromBytes(counting).value()).startsWith("1234-5678-9ABC-DEFG");
    }

    @Test
    @DisplayName("every symbol position takes every one of the 32 symbols: no position is constant")
    void next_shouldSpreadOverTheWholeAlphabetAtEveryPosition() {
        VoucherCodeGenerator generator = new VoucherCodeGenerator();
        List<Set<Character>> seen = IntStream.range(0, 20).mapToObj(i -> (Set<Character>) new HashSet<Character>()).toList();
        for (int i = 0; i < 5_000; i++) {
            String code = generator.next().value();
            for (int p = 0; p < code.length(); p++) {
                seen.get(p).add(code.charAt(p));
            }
        }
        for (int p = 0; p < 20; p++) {
            boolean dash = p == 4 || p == 9 || p == 14;
            assertThat(seen.get(p)).as("position %d", p).hasSize(dash ? 1 : 32);
        }
    }

    @Test
    @DisplayName("SnapStart: a generator restored twice from one snapshot still makes different codes in each copy")
    void next_shouldDifferAcrossEnvironmentsRestoredFromOneSnapshot() {
        VoucherCodeGenerator atInit = new VoucherCodeGenerator();
        // A snapshot copies the initialised object graph byte for byte into every restored environment; the
        // production generator holds no randomness of its own, so the restored copies are the same object state.
        VoucherCodeGenerator environmentA = atInit;
        VoucherCodeGenerator environmentB = atInit;

        List<String> fromA = IntStream.range(0, 1_000).mapToObj(i -> environmentA.next().value()).toList();
        List<String> fromB = IntStream.range(0, 1_000).mapToObj(i -> environmentB.next().value()).toList();

        assertThat(fromA).doesNotContainAnyElementsOf(fromB);
    }

    @Test
    @DisplayName("SnapStart counter-example: randomness seeded at init and kept in a field repeats in every restored copy")
    void aGeneratorHoldingRandomnessFromInit_wouldRepeatCodesAcrossRestoredEnvironments() {
        List<Random> restored = Snapshot.restoredCopies(new Random(), 2);
        Random restoredInA = restored.get(0);
        Random restoredInB = restored.get(1);
        VoucherCodeGenerator environmentA = new VoucherCodeGenerator(() -> restoredInA);
        VoucherCodeGenerator environmentB = new VoucherCodeGenerator(() -> restoredInB);

        List<String> fromA = IntStream.range(0, 100).mapToObj(i -> environmentA.next().value()).toList();
        List<String> fromB = IntStream.range(0, 100).mapToObj(i -> environmentB.next().value()).toList();

        // Exactly the failure the production design avoids: the two environments hand out the same vouchers.
        assertThat(fromA).isEqualTo(fromB);
    }

    private static VoucherCode codeFromBytes(byte[] bytes) {
        return new VoucherCodeGenerator(() -> new Random() {
            @Override
            public void nextBytes(byte[] out) {
                System.arraycopy(bytes, 0, out, 0, out.length);
            }
        }).next();
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
