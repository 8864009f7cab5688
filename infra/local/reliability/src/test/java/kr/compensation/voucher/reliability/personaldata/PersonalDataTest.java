package kr.compensation.voucher.reliability.personaldata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Needs nothing running: the scans' detector finds what it must and nothing the system legitimately writes. */
class PersonalDataTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "customer rel-chaos-000123 claimed",
        "{\"sub\":\"demo-active-0001\"}",
        "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        "token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "authorization: bearer abcdefgh12345678",
        "call 010-1234-5678 now",
        "phone 01098765432",
        "tel:011.234.5678",
        "Seoul office 02-123-4567",
        "+82 10-1234-5678",
        "+821012345678",
        "mail kim.minsu@example.co.kr"
    })
    @DisplayName("finds raw customer ids, tokens, phone numbers and e-mail addresses")
    void findsPersonalData(String line) {
        assertThat(PersonalData.findings(line)).isNotEmpty();
        assertThat(PersonalData.masked(line)).contains("<");
    }

    @Test
    @DisplayName("finds a registered raw id that follows no pattern")
    void findsRegisteredIds() {
        String id = PersonalData.rawId("Z9-unusual-customer-id");

        assertThat(PersonalData.findings("x " + id + " y")).extracting(PersonalData.Finding::kind)
                .contains(PersonalData.Kind.CUSTOMER_ID);
    }

    @Test
    @DisplayName("stays quiet on what the system writes: keys, codes, UUIDs, instants, epoch numbers, metric lines")
    void ignoresTheSystemsOwnValues() {
        CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
        VoucherCodeGenerator codes = new VoucherCodeGenerator();
        for (int i = 0; i < 2_000; i++) {
            String line = "{\"time\":\"2027-01-15T00:00:05.123Z\",\"messageId\":\"" + UUID.randomUUID()
                    + "\",\"key\":\"" + hasher.keyOf(IssuerRole.SIGN_IN, "s" + i).value()
                    + "\",\"code\":\"" + codes.next().value() + "\",\"Timestamp\":1795916026549,\"exp\":\"1795910400\"}";
            assertThat(PersonalData.findings(line)).as(line).isEmpty();
        }
    }
}
