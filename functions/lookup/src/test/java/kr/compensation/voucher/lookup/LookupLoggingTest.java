package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.adapters.logging.JsonLineEncoder;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.lookup.api.LookupApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Logs as CloudWatch would get them: every line through the production JSON encoder. */
class LookupLoggingTest extends FakePortsTestBase {

    private final List<String> lines = new ArrayList<>();
    private final JsonLineEncoder encoder = new JsonLineEncoder();
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            synchronized (lines) {
                lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        }
    };

    @BeforeEach
    void capture() {
        encoder.start();
        capture.start();
        root().addAppender(capture);
    }

    @AfterEach
    void release() {
        root().detachAppender(capture);
    }

    @Test
    @DisplayName("each request logs one line with the Lambda and API Gateway request ids, the route and the status")
    void oneLinePerRequest() throws Exception {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

        invoke(event("signin-post-claim.json"));

        List<String> access = lines.stream().filter(l -> l.contains(LookupApi.ACCESS_LOGGER)).toList();
        assertThat(access).hasSize(1);
        JsonNode line = JSON.readTree(access.get(0));
        assertThat(line.path("requestId").asText()).isEqualTo("lambda-request-1");
        assertThat(line.path("apiRequestId").asText()).isEqualTo("JKJaXmPLvHcESHB=");
        assertThat(line.path("route").asText()).isEqualTo("POST /v1/claims");
        assertThat(line.path("status").asText()).isEqualTo("202");
    }

    @Test
    @DisplayName("requests off the served routes log the $default route, never the raw path")
    void unknownRoutesLogNoPath() throws Exception {
        invoke(event("default-unknown-path.json"));

        JsonNode line = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(line.path("route").asText()).isEqualTo("$default");
        assertThat(line.path("status").asText()).isEqualTo("404");
        assertThat(String.join("", lines)).doesNotContain("/v1/customers");
    }

    @Test
    @DisplayName("no log line holds a subject, a customer key, a token or a header value, on success or failure")
    void noPersonalData() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        invoke(event("signin-get-eligibility.json"));
        invoke(event("signin-post-claim.json"));
        invoke(event("verified-get-eligibility.json"));
        invoke(event("signin-get-eligibility.json", "https://evil.example.com", CUSTOMER_A));
        invoke(event("signin-post-claim-array-body.json"));
        repository.failWith(new TransientFailure("GetItem failed transiently: ThrottlingException", null));
        invoke(event("signin-get-eligibility.json"));
        repository.failWith(new IllegalStateException("GetItem failed: ValidationException"));
        invoke(event("signin-get-eligibility.json"));
        APIGatewayV2HTTPEvent event = event("signin-get-eligibility.json");

        String all = String.join("", lines);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(7);
        assertThat(all).contains("\"status\":\"503\"", "\"status\":\"500\"", "errorType");
        assertThat(all).doesNotContain(CUSTOMER_A, VERIFIED_C, signIn(CUSTOMER_A).value(), verified(VERIFIED_C).value(),
                "evil.example.com", "customer-b");
        for (String header : event.getHeaders().values()) {
            if (header.length() > 3) {
                assertThat(all).as("header value %s", header).doesNotContain(header);
            }
        }
        assertThat(all).doesNotContain("eyJ", "203.0.113.10");
    }

    @Test
    @DisplayName("the request's MDC entries are removed afterwards, so the next request on this thread starts clean")
    void mdcIsCleared() {
        invoke(event("signin-get-eligibility.json"));

        assertThat(MDC.get(LookupApi.MDC_API_REQUEST_ID)).isNull();
        assertThat(MDC.get(LookupApi.MDC_ROUTE)).isNull();
        assertThat(MDC.get(LookupApi.MDC_STATUS)).isNull();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
