package kr.compensation.voucher.ops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import org.junit.jupiter.api.Test;

/** Needs nothing running. */
class VoucherCodeSetTest {

    @Test
    void aCodeSeenBefore_isReported_andOthersAreNot_acrossGrowth() {
        VoucherCodeSet set = new VoucherCodeSet(0);
        Random seeds = new Random(99);
        Set<String> reference = new HashSet<>();

        for (int i = 0; i < 50_000; i++) {
            long seed = seeds.nextInt(40_000);
            String code = new VoucherCodeGenerator(() -> new Random(seed)).next().value();
            assertThat(set.add(code)).isEqualTo(reference.add(code));
        }

        assertThat(set.size()).isEqualTo(reference.size());
    }

    @Test
    void aMalformedCode_cannotBeAdded() {
        assertThatThrownBy(() -> new VoucherCodeSet(10).add("ABCD-EFGH")).isInstanceOf(IllegalArgumentException.class);
    }
}
