package kr.compensation.voucher.ops.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import org.junit.jupiter.api.Test;

/** Needs nothing running: how lines become batches of items. */
class BatchAssemblerTest {

    private static final byte[] PEPPER = new byte[32];
    private final CustomerKeyHasher hasher = new CustomerKeyHasher(PEPPER);

    @Test
    void validLines_becomeEligibleItemsKeyedByTheHash_inBatchesOfTheGivenSize() throws IOException {
        List<Batch> batches = assemble(lines(7), 3, Set.of());

        assertThat(batches).extracting(Batch::size).containsExactly(3, 3, 1);
        assertThat(batches).extracting(Batch::lastLine).containsExactly(4L, 7L, 8L);
        var item = batches.get(0).items().get(0);
        assertThat(item.get(EligibilityItem.PK).s()).isEqualTo(hasher.keyOf(IssuerRole.SIGN_IN, "sub-1").value());
        assertThat(item.get(EligibilityItem.ELIGIBLE).bool()).isTrue();
        assertThat(item.get(EligibilityItem.ACCOUNT_STATE).s()).isEqualTo("ACTIVE");
    }

    @Test
    void aRepeatedCustomer_isSkipped_inTheSameBatchOrWhileAnEarlierBatchIsInFlight() throws IOException {
        String inFlight = hasher.keyOf(IssuerRole.SIGN_IN, "sub-9").value();

        List<Batch> batches = assemble(List.of("sub-1,sign-in,ACTIVE", "sub-1,sign-in,ACTIVE",
                "sub-1,identity-verification,ACTIVE", "sub-9,sign-in,ACTIVE"), 25, Set.of(inFlight));

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).size()).isEqualTo(2);
        assertThat(batches.get(0).counts()).isEqualTo(new LoadCounts(4, 0, 2, 0, java.util.Map.of()));
    }

    @Test
    void refusedLines_areCountedAndReported_butMakeNoItem() throws IOException {
        RejectedLines rejected = RejectedLines.none();
        List<Batch> batches = new ArrayList<>();
        BatchAssembler assembler = assembler(List.of("sub-1,sign-in,ACTIVE", "", "sub-2,nobody,ACTIVE"), 25,
                Set.of(), rejected);
        for (Batch batch; (batch = assembler.next()) != null; ) {
            batches.add(batch);
        }

        assertThat(batches.get(0).size()).isEqualTo(1);
        assertThat(batches.get(0).counts().invalid()).isEqualTo(2);
        assertThat(rejected.sample()).containsExactly(new CustomerLine.Invalid(3, InvalidReason.EMPTY_LINE),
                new CustomerLine.Invalid(4, InvalidReason.UNKNOWN_ISSUER));
    }

    @Test
    void aLongRunOfRefusedLines_stillEndsBatches_soTheCheckpointMoves() throws IOException {
        String[] broken = new String[BatchAssembler.MAX_LINES_PER_BATCH + 5];
        Arrays.fill(broken, "");

        List<Batch> batches = assemble(List.of(broken), 25, Set.of());

        assertThat(batches).extracting(b -> b.read()).containsExactly((long) BatchAssembler.MAX_LINES_PER_BATCH, 5L);
    }

    @Test
    void aFileWithOnlyAHeader_givesOneEmptyBatch() throws IOException {
        assertThat(assemble(List.of(), 25, Set.of())).singleElement().satisfies(b -> assertThat(b.read()).isZero());
    }

    private List<String> lines(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            lines.add("sub-" + i + ",sign-in,ACTIVE");
        }
        return lines;
    }

    private List<Batch> assemble(List<String> lines, int batchSize, Set<String> inFlight) throws IOException {
        BatchAssembler assembler = assembler(lines, batchSize, inFlight, RejectedLines.none());
        List<Batch> batches = new ArrayList<>();
        for (Batch batch; (batch = assembler.next()) != null; ) {
            batches.add(batch);
        }
        return batches;
    }

    private BatchAssembler assembler(List<String> lines, int batchSize, Set<String> inFlight, RejectedLines rejected) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        BufferedReader reader = new BufferedReader(new StringReader(text.toString()));
        return new BatchAssembler(reader, CustomerListParser.fromHeader(CustomerListParser.CANONICAL_HEADER), hasher,
                1, inFlight::contains, rejected, batchSize);
    }
}
