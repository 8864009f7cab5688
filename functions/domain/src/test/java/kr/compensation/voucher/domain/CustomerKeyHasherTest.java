package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CustomerKeyHasherTest {

    /** 0x00..0x1f: a fixed pepper so the expected keys below can be checked with any HMAC tool. */
    private static final byte[] PEPPER = pepper(0);

    private final CustomerKeyHasher hasher = new CustomerKeyHasher(PEPPER);

    @Test
    @DisplayName("keys are HMAC-SHA256(pepper, role code + NUL + UTF-8 subject) in unpadded base64url: known answers")
    void matchesKnownAnswers() {
        // Computed independently (Python hmac/hashlib). The loader, the functions and ops tools must agree forever,
        // so a change to the derivation fails here before it orphans 34 million rows.
        assertThat(hasher.keyOf(IssuerRole.SIGN_IN, "customer-0001").value())
                .isEqualTo("bEhtRnYlmpZ8a-iM9ZgrV3dD7PU7xvqFmChY8taAW8M");
        assertThat(hasher.keyOf(IssuerRole.IDENTITY_VERIFICATION, "customer-0001").value())
                .isEqualTo("gR81QjBQ2ANY4SaytQ8CoCRJZqCAkIIEreg7P_Z1DsU");
        assertThat(hasher.keyOf(IssuerRole.SIGN_IN, "고객-한글").value())
                .isEqualTo("3g9MVqHgiriQWl9mIUKcnyC-BK5j6tYUx7F0MxDlCJQ");
    }

    @Test
    @DisplayName("the principal overload derives the same key as role and subject")
    void principalAndPartsAgree() {
        assertThat(hasher.keyOf(new Principal(IssuerRole.SIGN_IN, "customer-0001")))
                .isEqualTo(hasher.keyOf(IssuerRole.SIGN_IN, "customer-0001"));
    }

    @Test
    @DisplayName("the same subject under the two issuers gives two different customers")
    void roleSeparatesSubjects() {
        assertThat(hasher.keyOf(IssuerRole.SIGN_IN, "42"))
                .isNotEqualTo(hasher.keyOf(IssuerRole.IDENTITY_VERIFICATION, "42"));
    }

    @Test
    @DisplayName("another pepper gives unrelated keys: without the pepper a key cannot be linked to a subject")
    void pepperChangesEveryKey() {
        CustomerKeyHasher other = new CustomerKeyHasher(pepper(1));
        assertThat(other.keyOf(IssuerRole.SIGN_IN, "customer-0001"))
                .isNotEqualTo(hasher.keyOf(IssuerRole.SIGN_IN, "customer-0001"));
    }

    @Test
    @DisplayName("changing the caller's pepper array afterwards does not change the keys")
    void copiesThePepper() {
        byte[] pepper = pepper(0);
        CustomerKeyHasher copyHolder = new CustomerKeyHasher(pepper);
        CustomerKey before = copyHolder.keyOf(IssuerRole.SIGN_IN, "customer-0001");
        pepper[0] ^= 0x7f;
        assertThat(copyHolder.keyOf(IssuerRole.SIGN_IN, "customer-0001")).isEqualTo(before);
    }

    @Test
    @DisplayName("peppers shorter than 32 bytes are refused")
    void refusesShortPeppers() {
        assertThatThrownBy(() -> new CustomerKeyHasher(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CustomerKeyHasher(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CustomerKeyHasher(new byte[32]).keyOf(IssuerRole.SIGN_IN, "x").value()).hasSize(43);
    }

    @Test
    @DisplayName("many threads hashing at once get the same keys as one thread")
    void isThreadSafe() throws Exception {
        List<String> subjects = IntStream.range(0, 2_000).mapToObj(i -> "customer-" + i).toList();
        List<CustomerKey> expected = subjects.stream().map(s -> hasher.keyOf(IssuerRole.SIGN_IN, s)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<CustomerKey>>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> subjects.stream().map(s -> hasher.keyOf(IssuerRole.SIGN_IN, s)).toList()));
            }
            for (Future<List<CustomerKey>> run : runs) {
                assertThat(run.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] pepper(int offset) {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (i + offset);
        }
        return pepper;
    }
}
