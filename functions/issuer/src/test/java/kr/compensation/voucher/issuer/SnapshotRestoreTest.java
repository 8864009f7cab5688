package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.IssuerTestData.CLOCK;
import static kr.compensation.voucher.issuer.IssuerTestData.CODEC;
import static kr.compensation.voucher.issuer.IssuerTestData.TERMS;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import kr.compensation.voucher.domain.testing.Snapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs nothing running. SnapStart takes one memory image after init and restores it into many environments; here a
 * "snapshot" is the processor's initialised state and two "restored environments" each get an identical copy of it
 * and grant the same customers (each against its own store, as two environments racing for one table would).
 */
class SnapshotRestoreTest {

    private static final int CUSTOMERS = 200;

    @Test
    @DisplayName("two environments restored from one snapshot of the production wiring issue different codes")
    void productionWiring_shouldIssueDifferentCodesInEveryRestoredEnvironment() {
        // What IssuerFactory makes at init: a generator that holds no randomness, only the way to get fresh randomness.
        VoucherCodeGenerator atInit = new VoucherCodeGenerator();

        List<VoucherCode> fromA = issueAll(() -> atInit);
        List<VoucherCode> fromB = issueAll(() -> atInit);

        assertThat(fromA).hasSize(CUSTOMERS).doesNotHaveDuplicates();
        assertThat(fromA).doesNotContainAnyElementsOf(fromB);
    }

    @Test
    @DisplayName("the same test catches a design that keeps randomness seeded at init: its restored copies collide")
    void randomnessKeptFromInit_wouldIssueTheSameCodesInEveryRestoredEnvironment() {
        List<Random> restored = Snapshot.restoredCopies(new Random(), 2);
        Random restoredInA = restored.get(0);
        Random restoredInB = restored.get(1);

        List<VoucherCode> fromA = issueAll(() -> new VoucherCodeGenerator(() -> restoredInA));
        List<VoucherCode> fromB = issueAll(() -> new VoucherCodeGenerator(() -> restoredInB));

        // Two customers in two environments would hold the same voucher code: the loss this design must avoid.
        assertThat(fromA).isEqualTo(fromB);
    }

    /** One restored environment: the processor over the (restored) generator, granting every test customer once. */
    private static List<VoucherCode> issueAll(Supplier<VoucherCodeGenerator> restoredGenerator) {
        InMemoryEligibilityRepository store = new InMemoryEligibilityRepository();
        IssuerTestData.CapturedOutput metrics = new IssuerTestData.CapturedOutput();
        IssueBatchProcessor processor = new IssueBatchProcessor(
                new IssuanceService(store, restoredGenerator.get(), TERMS, CLOCK), CODEC,
                IssuanceMetrics.writingTo(metrics.stream, CLOCK));
        List<VoucherCode> codes = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            store.load(customer(i), true);
            processor.process(List.of(new QueuedMessage("m" + i, requestBody(customer(i), "r" + i))));
            codes.add(store.voucherOf(customer(i)).orElseThrow().code());
        }
        return codes;
    }
}
