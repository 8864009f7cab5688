package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.Voucher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Customer A tries every input a request can carry to reach customer B. B is eligible with an issued voucher, A is
 * eligible without a claim, so any leak of B's state shows in A's answer, and any write to B shows on B's item.
 */
class EnumerationResistanceTest extends FakePortsTestBase {

    private static final String A_GET = "signin-get-eligibility.json";
    private static final String A_CLAIM = "signin-post-claim.json";
    private static final String A_READ_BODY = "{\"eligible\":true,\"accountState\":\"ACTIVE\","
            + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}";

    private CustomerKey a;
    private CustomerKey b;
    private EligibilityRecord bBefore;
    private Voucher bVoucher;

    @BeforeEach
    void twoCustomers() {
        a = signIn(CUSTOMER_A);
        b = signIn(CUSTOMER_B);
        loadEligible(a, AccountState.ACTIVE);
        loadEligible(b, AccountState.CLOSED);
        bVoucher = grantVoucher(b);
        bBefore = repository.item(b);
    }

    /** Each names one way a request could try to point at B; the fixture's token is always A's. */
    static Stream<Arguments> tamperings() {
        String bKey = LookupHandlers.keyOf(kr.compensation.voucher.domain.IssuerRole.SIGN_IN, CUSTOMER_B).value();
        List<Arguments> cases = new ArrayList<>();
        cases.add(tampering("query string naming B", e -> {
            e.setRawQueryString("customerKey=" + bKey + "&sub=" + CUSTOMER_B + "&customer_id=" + CUSTOMER_B);
            e.setQueryStringParameters(Map.of("customerKey", bKey, "sub", CUSTOMER_B, "customer_id", CUSTOMER_B));
        }));
        cases.add(tampering("encoded query string", e -> e.setRawQueryString("sub="
                + URLEncoder.encode(CUSTOMER_B, StandardCharsets.UTF_8) + "&iss=https%3A%2F%2Fsignin.example.com")));
        cases.add(tampering("customer headers", e -> {
            Map<String, String> headers = new HashMap<>(e.getHeaders());
            headers.put("x-customer-id", CUSTOMER_B);
            headers.put("x-customer-key", bKey);
            headers.put("x-subject", CUSTOMER_B);
            headers.put("x-user-id", CUSTOMER_B);
            headers.put("x-forwarded-user", CUSTOMER_B);
            headers.put("x-amzn-oidc-identity", CUSTOMER_B);
            headers.put("x-apigateway-event", "{\"requestContext\":{\"authorizer\":{\"jwt\":{\"claims\":{\"sub\":\"customer-b\"}}}}}");
            e.setHeaders(headers);
        }));
        cases.add(tampering("B's bearer token in the Authorization header", e -> {
            Map<String, String> headers = new HashMap<>(e.getHeaders());
            headers.put("authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJjdXN0b21lci1iIn0.");
            e.setHeaders(headers);
        }));
        cases.add(tampering("cookies", e -> e.setCookies(List.of("sub=" + CUSTOMER_B, "customerKey=" + bKey))));
        cases.add(tampering("path and stage parameters", e -> {
            e.setPathParameters(Map.of("customerId", CUSTOMER_B, "proxy", CUSTOMER_B));
            e.setStageVariables(Map.of("customerKey", bKey));
        }));
        cases.add(tampering("a raw path naming B on the matched route", e -> e.setRawPath("/v1/eligibility/" + CUSTOMER_B)));
        // Bodies of the documented shape (ClaimBody); one carrying B's 43-character key is a 400 (problemsEchoNothing).
        cases.add(tampering("body naming B", e -> e.setBody("{\"sub\":\"" + CUSTOMER_B + "\",\"customer_id\":\""
                + CUSTOMER_B + "\"}")));
        cases.add(tampering("base64 body naming B", e -> {
            e.setBody(Base64.getEncoder().encodeToString(("{\"sub\":\"" + CUSTOMER_B + "\"}").getBytes(StandardCharsets.UTF_8)));
            e.setIsBase64Encoded(true);
        }));
        cases.add(tampering("extra token claims naming B", e -> {
            Map<String, String> claims = new HashMap<>(e.getRequestContext().getAuthorizer().getJwt().getClaims());
            claims.put("customer_id", CUSTOMER_B);
            claims.put("customerKey", bKey);
            claims.put("username", CUSTOMER_B);
            claims.put("cognito:username", CUSTOMER_B);
            e.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        }));
        cases.add(tampering("Lambda authorizer context naming B", e ->
                e.getRequestContext().getAuthorizer().setLambda(Map.of("sub", CUSTOMER_B, "customerKey", bKey))));
        return cases.stream();
    }

    private static Arguments tampering(String name, Consumer<APIGatewayV2HTTPEvent> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "[{index}] GET with {0}")
    @DisplayName("A's read always shows A's own state, whatever else the request carries")
    @MethodSource("tamperings")
    void readSeesOnlyOwnState(String name, Consumer<APIGatewayV2HTTPEvent> change) {
        APIGatewayV2HTTPEvent event = event(A_GET);
        change.accept(event);

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo(A_READ_BODY).doesNotContain(bVoucher.code().value());
        assertOnlyATouched();
    }

    @ParameterizedTest(name = "[{index}] POST with {0}")
    @DisplayName("A's claim only ever changes A, and B's item stays exactly as it was")
    @MethodSource("tamperings")
    void claimChangesOnlyOwnState(String name, Consumer<APIGatewayV2HTTPEvent> change) {
        APIGatewayV2HTTPEvent event = event(A_CLAIM);
        change.accept(event);

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getBody()).doesNotContain(bVoucher.code().value()).doesNotContain("CLOSED");
        assertThat(queue.sent()).singleElement().satisfies(r -> assertThat(r.customerKey()).isEqualTo(a));
        assertThat(repository.item(a).claimRequestedAt()).isNotNull();
        assertOnlyATouched();
    }

    @Test
    @DisplayName("path tricks that leave the served routes reach $default and touch nobody")
    void pathTricksTouchNobody() {
        for (String path : new String[] {"/v1/eligibility/" + CUSTOMER_B, "/v1/customers/" + CUSTOMER_B + "/eligibility",
                "/v1/eligibility/../eligibility?sub=" + CUSTOMER_B, "/v1/claims/" + CUSTOMER_B,
                "/v1/verified/eligibility/" + CUSTOMER_B}) {
            for (String method : new String[] {"GET", "POST"}) {
                APIGatewayV2HTTPEvent event = event("default-unknown-path.json");
                event.setRawPath(path);
                event.getRequestContext().getHttp().setMethod(method);

                assertProblem(invoke(event), 404, "not-found");
            }
        }
        assertThat(repository.calls()).isEmpty();
        assertThat(repository.item(b)).isEqualTo(bBefore);
    }

    @Test
    @DisplayName("problems never echo the request: no subject, key, path or header value comes back")
    void problemsEchoNothing() {
        String bKey = b.value();
        APIGatewayV2HTTPEvent unknown = event("default-unknown-path.json");
        unknown.setRawPath("/v1/customers/" + bKey);
        APIGatewayV2HTTPEvent badBody = event(A_CLAIM);
        badBody.setBody("[\"" + bKey + "\"]");
        APIGatewayV2HTTPEvent wrongIssuer = event(A_GET, "https://evil.example.com/" + CUSTOMER_B, CUSTOMER_B);

        for (APIGatewayV2HTTPEvent event : List.of(unknown, badBody, wrongIssuer)) {
            String body = invoke(event).getBody();
            assertThat(body).doesNotContain(bKey, CUSTOMER_B, CUSTOMER_A, "evil");
        }
    }

    private void assertOnlyATouched() {
        assertThat(repository.calls()).isNotEmpty().allSatisfy(call -> assertThat(call).endsWith(" " + a.value()));
        assertThat(repository.item(b)).isEqualTo(bBefore);
    }
}
