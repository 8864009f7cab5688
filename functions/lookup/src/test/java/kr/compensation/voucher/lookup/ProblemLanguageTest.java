package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Problem texts follow Accept-Language; the type URI and status never do. */
class ProblemLanguageTest extends FakePortsTestBase {

    @ParameterizedTest(name = "[{index}] Accept-Language: \"{0}\" -> {1}")
    @DisplayName("the problem's language follows the caller's Accept-Language, Korean by default")
    @CsvSource(delimiter = '|', value = {
            "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7 | ko",
            "en-US,en;q=0.9 | en",
            "en | en",
            "EN-gb | en",
            "en;q=0.8, ko;q=0.7 | en",
            "ko;q=0.4, en;q=0.5 | en",
            "en;q=0.5, ko;q=0.5 | en",
            "ko;q=0.5, en;q=0.5 | ko",
            "fr-FR, en;q=0.1 | en",
            "fr-FR, de | ko",
            "* | ko",
            "en;q=0, * | ko",
            "en;q=0 | ko",
            "en;q=abc | ko",
            "en;q=1.5 | ko",
            "'' | ko",
            "ja, en;q=0.3, ko;q=0.2 | en"})
    void followsAcceptLanguage(String header, String expected) {
        APIGatewayV2HTTPResponse response = invoke(withAcceptLanguage(event("default-unknown-path.json"), header));

        assertProblem(response, 404, "not-found");
        assertThat(response.getHeaders()).containsEntry("Content-Language", expected);
        assertThat(body(response).path("title").asText()).isEqualTo(expected.equals("en") ? "Not found" : "찾을 수 없습니다");
    }

    @Test
    @DisplayName("without Accept-Language the answer is Korean")
    void koreanByDefault() {
        APIGatewayV2HTTPEvent event = event("default-unknown-path.json");
        event.getHeaders().remove("accept-language");

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getHeaders()).containsEntry("Content-Language", "ko");
    }

    @Test
    @DisplayName("a header name in other letter case (a local caller, not API Gateway) is still read")
    void headerNameCaseDoesNotMatter() {
        APIGatewayV2HTTPEvent event = event("default-unknown-path.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("accept-language");
        headers.put("Accept-Language", "en");
        event.setHeaders(headers);

        assertThat(invoke(event).getHeaders()).containsEntry("Content-Language", "en");
    }

    @Test
    @DisplayName("every problem type has both texts, and the type and status do not change with the language")
    void typeAndStatusAreLanguageIndependent() {
        clock.set(LookupHandlers.OPENS_AT.minusSeconds(10));
        for (String fixture : new String[] {"default-unknown-path.json", "default-wrong-method.json",
                "signin-get-eligibility-no-claims.json", "signin-post-claim-array-body.json", "signin-get-eligibility.json"}) {
            APIGatewayV2HTTPResponse korean = invoke(withAcceptLanguage(event(fixture), "ko"));
            APIGatewayV2HTTPResponse english = invoke(withAcceptLanguage(event(fixture), "en"));

            assertThat(english.getStatusCode()).isEqualTo(korean.getStatusCode());
            assertThat(body(english).path("type")).isEqualTo(body(korean).path("type"));
            assertThat(body(english).path("title").asText()).isNotEqualTo(body(korean).path("title").asText());
            assertThat(body(english).path("detail").asText()).isNotEqualTo(body(korean).path("detail").asText());
        }
    }

    @Test
    @DisplayName("the not-open-yet detail states the opening in Korean time in both languages")
    void notOpenYetDetail() {
        clock.set(LookupHandlers.OPENS_AT.minusSeconds(10));

        assertThat(body(invoke(withAcceptLanguage(event("signin-get-eligibility.json"), "en"))).path("detail").asText())
                .isEqualTo("The compensation voucher service opens at 00:00 on 15 January 2027 (Korea time, UTC+09:00).");
        assertThat(body(invoke(withAcceptLanguage(event("signin-get-eligibility.json"), "ko"))).path("detail").asText())
                .isEqualTo("보상 바우처 서비스는 2027년 1월 15일 00:00(한국 시간)부터 이용할 수 있습니다.");
    }

    private static APIGatewayV2HTTPEvent withAcceptLanguage(APIGatewayV2HTTPEvent event, String value) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("accept-language", value);
        event.setHeaders(headers);
        return event;
    }
}
