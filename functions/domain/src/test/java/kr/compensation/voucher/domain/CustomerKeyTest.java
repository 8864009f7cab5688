package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerKeyTest {

    private static final String WELL_FORMED = "bEhtRnYlmpZ8a-iM9ZgrV3dD7PU7xvqFmChY8taAW8M";

    @Test
    @DisplayName("a 43-character base64url string is a customer key")
    void acceptsUnpaddedBase64Url() {
        assertThat(new CustomerKey(WELL_FORMED).value()).isEqualTo(WELL_FORMED);
        assertThat(CustomerKey.isWellFormed(WELL_FORMED)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @DisplayName("anything else is refused: wrong length, padding, standard base64 symbols, spaces")
    @ValueSource(strings = {
            "",
            "bEhtRnYlmpZ8a-iM9ZgrV3dD7PU7xvqFmChY8taAW8",     // 42
            "bEhtRnYlmpZ8a-iM9ZgrV3dD7PU7xvqFmChY8taAW8MM",   // 44
            "bEhtRnYlmpZ8a-iM9ZgrV3dD7PU7xvqFmChY8taAW8=",    // padding
            "bEhtRnYlmpZ8a+iM9ZgrV3dD7PU7xvqFmChY8taAW8M",    // '+' is standard base64, not base64url
            "bEhtRnYlmpZ8a/iM9ZgrV3dD7PU7xvqFmChY8taAW8M",    // '/'
            "bEhtRnYlmpZ8a iM9ZgrV3dD7PU7xvqFmChY8taAW8M",    // space
            "customer-0001"                                  // a raw subject is never a key
    })
    void refusesMalformedKeys(String candidate) {
        assertThat(CustomerKey.isWellFormed(candidate)).isFalse();
        assertThatThrownBy(() -> new CustomerKey(candidate)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsNotWellFormed() {
        assertThat(CustomerKey.isWellFormed(null)).isFalse();
        assertThatThrownBy(() -> new CustomerKey(null)).isInstanceOf(NullPointerException.class);
    }
}
