package kr.compensation.voucher.ops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Needs nothing running: the line rules of the affected-customer list. */
class CustomerListParserTest {

    private final CustomerListParser parser = CustomerListParser.fromHeader("customer_id,issuer,account_state");

    @Test
    void aWellFormedLine_isValid_withItsIssuerIdAndState() {
        CustomerLine line = parser.parse(2, "sub-123,sign-in,ACTIVE");

        assertThat(line).isEqualTo(new CustomerLine.Valid(2, IssuerRole.SIGN_IN, "sub-123", AccountState.ACTIVE));
    }

    @Test
    void theAccountState_isCaseInsensitive_andFieldsMayBeQuoted() {
        CustomerLine line = parser.parse(3, "\"a,\"\"b\"\"\",identity-verification, closed ");

        assertThat(line).isEqualTo(new CustomerLine.Valid(3, IssuerRole.IDENTITY_VERIFICATION, "a,\"b\"",
                AccountState.CLOSED));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''|EMPTY_LINE",
        "sub-1,sign-in|FIELD_COUNT",
        "sub-1,sign-in,ACTIVE,extra|FIELD_COUNT",
        "'\"sub-1,sign-in,ACTIVE'|MALFORMED_QUOTES",
        "'\"sub\"-1,sign-in,ACTIVE'|MALFORMED_QUOTES",
        "'su\"b-1,sign-in,ACTIVE'|MALFORMED_QUOTES",
        "'sub-\uFFFD,sign-in,ACTIVE'|INVALID_UTF8",
        "'   ,sign-in,ACTIVE'|CUSTOMER_ID_BLANK",
        "',sign-in,ACTIVE'|CUSTOMER_ID_BLANK",
        "'sub-\u0007,sign-in,ACTIVE'|CUSTOMER_ID_CONTROL_CHARACTER",
        "'sub-\t1,sign-in,ACTIVE'|CUSTOMER_ID_CONTROL_CHARACTER",
        "' sub-1,sign-in,ACTIVE'|CUSTOMER_ID_SURROUNDING_WHITESPACE",
        "'sub-1\u00A0,sign-in,ACTIVE'|CUSTOMER_ID_SURROUNDING_WHITESPACE",
        "sub-1,google,ACTIVE|UNKNOWN_ISSUER",
        "sub-1,SIGN-IN,ACTIVE|UNKNOWN_ISSUER",
        "sub-1,,ACTIVE|UNKNOWN_ISSUER",
        "sub-1,sign-in,SUSPENDED|UNKNOWN_ACCOUNT_STATE",
        "sub-1,sign-in,|UNKNOWN_ACCOUNT_STATE",
    })
    void aBrokenLine_isRefused_forItsReason(String text, InvalidReason reason) {
        assertThat(parser.parse(7, text)).isEqualTo(new CustomerLine.Invalid(7, reason));
    }

    @Test
    void anIdLongerThanAPrincipalSubject_isRefused_butOneAtTheLimitIsNot() {
        assertThat(parser.parse(2, "x".repeat(257) + ",sign-in,ACTIVE"))
                .isEqualTo(new CustomerLine.Invalid(2, InvalidReason.CUSTOMER_ID_TOO_LONG));
        assertThat(parser.parse(2, "x".repeat(256) + ",sign-in,ACTIVE")).isInstanceOf(CustomerLine.Valid.class);
    }

    @Test
    void theHeader_mayReorderColumns_addOthers_carryABom_andSpellNamesLoosely() {
        CustomerListParser loose = CustomerListParser.fromHeader("\uFEFFAccount State, name ,Issuer,Customer ID");

        assertThat(loose.parse(2, "CLOSED,ignored,sign-in,sub-9"))
                .isEqualTo(new CustomerLine.Valid(2, IssuerRole.SIGN_IN, "sub-9", AccountState.CLOSED));
        assertThat(loose.parse(3, "CLOSED,sign-in,sub-9"))
                .isEqualTo(new CustomerLine.Invalid(3, InvalidReason.FIELD_COUNT));
    }

    @Test
    void aHeaderWithoutARequiredColumn_refusesTheWholeFile() {
        assertThatThrownBy(() -> CustomerListParser.fromHeader("customer_id,issuer"))
                .isInstanceOf(CustomerListParser.InvalidHeaderException.class)
                .hasMessageContaining("account_state");
        assertThatThrownBy(() -> CustomerListParser.fromHeader(null))
                .isInstanceOf(CustomerListParser.InvalidHeaderException.class);
        assertThatThrownBy(() -> CustomerListParser.fromHeader("customer_id,issuer,account_state,issuer"))
                .isInstanceOf(CustomerListParser.InvalidHeaderException.class)
                .hasMessageContaining("twice");
    }

    @Test
    @DisplayName("a valid line's text never shows the customer id")
    void validLineToString_hidesTheId() {
        assertThat(parser.parse(2, "sub-secret,sign-in,ACTIVE").toString()).doesNotContain("sub-secret");
    }

    @Test
    void everyReason_hasADescription() {
        for (InvalidReason reason : InvalidReason.values()) {
            assertThat(reason.description()).isNotBlank();
        }
    }
}
