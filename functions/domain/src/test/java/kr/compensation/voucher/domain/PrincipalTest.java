package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrincipalTest {

    @Test
    @DisplayName("a subject of 1 to 256 characters from a known issuer role makes a principal")
    void acceptsBoundedSubjects() {
        assertThat(new Principal(IssuerRole.SIGN_IN, "a").subject()).isEqualTo("a");
        String longest = "s".repeat(Principal.MAX_SUBJECT_LENGTH);
        assertThat(new Principal(IssuerRole.IDENTITY_VERIFICATION, longest).subject()).hasSize(256);
    }

    @ParameterizedTest(name = "[{index}] length {0}")
    @DisplayName("oversized subjects are refused without echoing them")
    @ValueSource(ints = {257, 10_000})
    void refusesOversizedSubjects(int length) {
        String subject = "x".repeat(length);
        assertThatThrownBy(() -> new Principal(IssuerRole.SIGN_IN, subject))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(subject);
    }

    @ParameterizedTest
    @DisplayName("empty or whitespace-only subjects are refused")
    @ValueSource(strings = {"", " ", "\t", "\n  "})
    void refusesBlankSubjects(String subject) {
        assertThatThrownBy(() -> new Principal(IssuerRole.SIGN_IN, subject)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMissingParts() {
        assertThatThrownBy(() -> new Principal(null, "customer")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Principal(IssuerRole.SIGN_IN, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("toString never shows the subject, so a logged principal leaks no customer id")
    void toStringRedactsTheSubject() {
        Principal principal = new Principal(IssuerRole.SIGN_IN, "customer-0001");
        assertThat(principal.toString()).doesNotContain("customer-0001").contains("SIGN_IN");
    }

    @Test
    @DisplayName("issuer roles have stable codes that round-trip, and unknown codes are refused")
    void issuerRoleCodesAreStable() {
        assertThat(IssuerRole.SIGN_IN.code()).isEqualTo("sign-in");
        assertThat(IssuerRole.IDENTITY_VERIFICATION.code()).isEqualTo("identity-verification");
        for (IssuerRole role : IssuerRole.values()) {
            assertThat(IssuerRole.fromCode(role.code())).isSameAs(role);
        }
        assertThatThrownBy(() -> IssuerRole.fromCode("https://signin.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
