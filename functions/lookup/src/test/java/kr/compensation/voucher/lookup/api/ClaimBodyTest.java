package kr.compensation.voucher.lookup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimBodyTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("nothing, whitespace or one JSON object is a well-formed claim")
    @ValueSource(strings = {"", " ", "\r\n\t", "{}", " {} ", "{\"a\":1}", "{\"a\":{\"b\":[1,2,{\"c\":null}]}}",
            "{\"한글\":\"값\"}"})
    void accepted(String body) {
        assertThat(ClaimBody.isAcceptable(body, false)).isTrue();
        assertThat(ClaimBody.isAcceptable(base64(body), true)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("anything else is malformed")
    @ValueSource(strings = {"[]", "[{}]", "null", "true", "0", "\"{}\"", "{", "}", "{}}", "{} {}", "{}x", "{'a':1}",
            "{\"a\":1,}", "a=b", "\u0000"})
    void refused(String body) {
        assertThat(ClaimBody.isAcceptable(body, false)).isFalse();
        assertThat(ClaimBody.isAcceptable(base64(body), true)).isFalse();
    }

    @Test
    @DisplayName("no body at all is a claim")
    void nullBody() {
        assertThat(ClaimBody.isAcceptable(null, false)).isTrue();
        assertThat(ClaimBody.isAcceptable(null, true)).isTrue();
    }

    @Test
    @DisplayName("bodies past the size limit are refused before parsing; at the limit they are read")
    void sizeLimit() {
        String atLimit = "{\"p\":\"" + "x".repeat(ClaimBody.MAX_BODY_CHARS - 8) + "\"}";
        assertThat(atLimit).hasSize(ClaimBody.MAX_BODY_CHARS);
        assertThat(ClaimBody.isAcceptable(atLimit, false)).isTrue();
        assertThat(ClaimBody.isAcceptable(atLimit + " ", false)).isFalse();
        assertThat(ClaimBody.isAcceptable(base64(atLimit), true)).isTrue();
    }

    @Test
    @DisplayName("a body marked base64 that is not base64 is malformed")
    void brokenBase64() {
        assertThat(ClaimBody.isAcceptable("{}", true)).isFalse();
        assertThat(ClaimBody.isAcceptable("***", true)).isFalse();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
