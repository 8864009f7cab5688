package kr.compensation.voucher.ops.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.ops.load.CustomerLine;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.load.InvalidReason;
import org.junit.jupiter.api.Test;

/** Needs nothing running. */
class SyntheticCustomerListTest {

    @Test
    void theSameSeed_givesTheSameFile_andAnotherSeedAnotherOne() throws IOException {
        assertThat(text(new SyntheticCustomerList(2_000, 42, 0.1, 0.05)))
                .isEqualTo(text(new SyntheticCustomerList(2_000, 42, 0.1, 0.05)))
                .isNotEqualTo(text(new SyntheticCustomerList(2_000, 43, 0.1, 0.05)));
    }

    @Test
    void everyLine_isJudgedByTheLoaderAsTheGeneratorSays() throws IOException {
        CustomerListParser parser = CustomerListParser.fromHeader(CustomerListParser.CANONICAL_HEADER);
        Set<InvalidReason> seen = new HashSet<>();

        new SyntheticCustomerList(5_000, 7, 0.2, 0.1).forEachRow(row -> {
            CustomerLine line = parser.parse(row.lineNumber(), row.text());
            if (row.valid()) {
                assertThat(line).isEqualTo(new CustomerLine.Valid(row.lineNumber(), row.issuer(), row.customerId(),
                        row.accountState()));
            } else {
                assertThat(line).isEqualTo(new CustomerLine.Invalid(row.lineNumber(), row.brokenAs()));
                seen.add(row.brokenAs());
            }
        });

        assertThat(seen).hasSize(9);
    }

    @Test
    void ids_areUnique_andClosedAccountsVerifyTheirIdentity() throws IOException {
        Set<String> ids = new HashSet<>();
        List<SyntheticCustomerList.Row> closed = new ArrayList<>();

        new SyntheticCustomerList(20_000, 3, 0.25, 0).forEachRow(row -> {
            assertThat(ids.add(row.customerId())).isTrue();
            if (row.accountState() == AccountState.CLOSED) {
                closed.add(row);
            }
            assertThat(row.issuer()).isEqualTo(row.accountState() == AccountState.CLOSED
                    ? IssuerRole.IDENTITY_VERIFICATION : IssuerRole.SIGN_IN);
        });

        assertThat(closed.size()).isBetween(4_500, 5_500);
    }

    @Test
    void theFile_startsWithTheHeader_andHasOneLinePerRow() throws IOException {
        String text = text(new SyntheticCustomerList(10, 1, 0.1, 0));

        assertThat(text).startsWith(CustomerListParser.CANONICAL_HEADER + "\n");
        assertThat(text.split("\n", -1)).hasSize(12);
    }

    private static String text(SyntheticCustomerList list) throws IOException {
        StringWriter out = new StringWriter();
        list.writeTo(out);
        return out.toString();
    }
}
