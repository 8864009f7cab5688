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
    @DisplayName("nothing, whitespace or one small JSON object of the documented shape is a well-formed claim")
    @ValueSource(strings = {"", " ", "\r\n\t", "{}", " {} ", "{\"a\":1}", "{\"한글\":\"값\"}", "{\"a\":null,\"b\":true}",
            "{\"client\":\"app-1.2.3\"}", "{\"n\":-1000000000}", "{\"n\":3.0}", "{\"sixteen-chars-ab\":\"sixteen-chars-ab\"}",
            "{\"\\ud83d\\ude00\":\"\\u0041\"}"})
    void accepted(String body) {
        assertThat(ClaimBody.isAcceptable(body, false)).isTrue();
        assertThat(ClaimBody.isAcceptable(base64(body), true)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @DisplayName("anything else is malformed")
    @ValueSource(strings = {"[]", "[{}]", "null", "true", "0", "\"{}\"", "{", "}", "{}}", "{} {}", "{}x", "{'a':1}",
            "{\"a\":1,}", "a=b", "\u0000", "{\"a\":{\"b\":[1,2,{\"c\":null}]}}", "{\"a\":[]}", "{\"a\":{}}",
            "{\"a\":1,\"b\":2,\"c\":3}", "{\"seventeen-chars-a\":1}", "{\"a\":\"seventeen-chars-a\"}", "{\"n\":1000000001}",
            "{\"n\":1.5}", "\u001f", " \u000b ", "\u00a0", "\u2028"})
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
    @DisplayName("bodies past the size limit are refused before parsing; the largest documented body fits under it")
    void sizeLimit() {
        String surrogatePair = "\\ud83d\\ude00";
        String largest = "{\"" + surrogatePair.repeat(ClaimBody.MAX_NAME_LENGTH) + "\":\""
                + surrogatePair.repeat(ClaimBody.MAX_STRING_LENGTH) + "\",\"" + "1" + surrogatePair.repeat(
                ClaimBody.MAX_NAME_LENGTH - 1) + "\":\"" + surrogatePair.repeat(ClaimBody.MAX_STRING_LENGTH) + "\"}";
        assertThat(largest.length()).isLessThanOrEqualTo(ClaimBody.MAX_BODY_CHARS);
        assertThat(ClaimBody.isAcceptable(largest, false)).isTrue();
        assertThat(ClaimBody.isAcceptable(base64(largest), true)).isTrue();
        String overLimit = "{}" + " ".repeat(ClaimBody.MAX_BODY_CHARS - 1);
        assertThat(ClaimBody.isAcceptable(overLimit, false)).isFalse();
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
