package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.lookup.OpenApiDocument.DocumentedResponse;
import kr.compensation.voucher.lookup.api.Routes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Holds the handler to docs/api/openapi.yaml: every response the scenarios below produce (each success and each
 * problem, on both route families) must match the documented status, media type, schema and required headers, and
 * every response the document promises from the service must be produced by some scenario.
 */
class OpenApiConformanceTest extends FakePortsTestBase {

    private static final OpenApiDocument API = OpenApiDocument.load();

    private final Set<DocumentedResponse> exercised = new LinkedHashSet<>();

    /** One way to make the handler answer: what the store holds, what the clock says, what is sent. */
    private record Scenario(String name, Consumer<OpenApiConformanceTest> given, String fixture,
                            Consumer<APIGatewayV2HTTPEvent> change, int expectedStatus) {
    }

    private static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (String family : new String[] {"signin", "verified"}) {
            String read = family + "-get-eligibility.json";
            String claim = family + "-post-claim.json";
            IssuerRole role = family.equals("signin") ? IssuerRole.SIGN_IN : IssuerRole.IDENTITY_VERIFICATION;
            String subject = family.equals("signin") ? CUSTOMER_A : VERIFIED_C;
            Consumer<OpenApiConformanceTest> eligible = t -> t.loadEligible(LookupHandlers.keyOf(role, subject),
                    family.equals("signin") ? AccountState.ACTIVE : AccountState.CLOSED);
            Consumer<OpenApiConformanceTest> issued = eligible.andThen(t -> t.grantVoucher(LookupHandlers.keyOf(role, subject)));
            Consumer<OpenApiConformanceTest> notOpen = t -> t.clock.set(LookupHandlers.OPENS_AT.minusSeconds(90));
            Consumer<APIGatewayV2HTTPEvent> asIs = e -> { };
            Consumer<APIGatewayV2HTTPEvent> noClaims = e -> e.getRequestContext().setAuthorizer(null);
            Consumer<APIGatewayV2HTTPEvent> english = e -> {
                Map<String, String> headers = new HashMap<>(e.getHeaders());
                headers.put("accept-language", "en");
                e.setHeaders(headers);
            };

            scenarios.add(new Scenario(family + " read, eligible", eligible, read, asIs, 200));
            scenarios.add(new Scenario(family + " read, unknown customer", t -> { }, read, asIs, 200));
            scenarios.add(new Scenario(family + " read, issued", issued, read, asIs, 200));
            scenarios.add(new Scenario(family + " read, no token", t -> { }, read, noClaims, 401));
            scenarios.add(new Scenario(family + " read, not open yet", notOpen, read, asIs, 403));
            scenarios.add(new Scenario(family + " read, not open yet, English", notOpen, read, english, 403));
            scenarios.add(new Scenario(family + " read, store throttled",
                    t -> t.repository.failWith(new TransientFailure("throttled", null)), read, asIs, 503));
            scenarios.add(new Scenario(family + " read, store broken",
                    t -> t.repository.failWith(new IllegalStateException("broken")), read, asIs, 500));

            scenarios.add(new Scenario(family + " claim, pending", eligible, claim, asIs, 202));
            scenarios.add(new Scenario(family + " claim, issued", issued, claim, asIs, 200));
            scenarios.add(new Scenario(family + " claim, array body", eligible, claim, e -> e.setBody("[]"), 400));
            scenarios.add(new Scenario(family + " claim, no token", eligible, claim, noClaims, 401));
            scenarios.add(new Scenario(family + " claim, not open yet", notOpen, claim, asIs, 403));
            scenarios.add(new Scenario(family + " claim, not eligible", t -> { }, claim, asIs, 403));
            scenarios.add(new Scenario(family + " claim, not eligible, English", t -> { }, claim, english, 403));
            scenarios.add(new Scenario(family + " claim, queue unavailable",
                    eligible.andThen(t -> t.queue.failWith(new TransientFailure("unavailable", null))), claim, asIs, 503));
            scenarios.add(new Scenario(family + " claim, store broken",
                    t -> t.repository.failWith(new IllegalStateException("broken")), claim, asIs, 500));
        }
        scenarios.add(new Scenario("unknown path", t -> { }, "default-unknown-path.json", e -> { }, 404));
        scenarios.add(new Scenario("wrong method on a read path", t -> { }, "default-wrong-method.json", e -> { }, 405));
        scenarios.add(new Scenario("wrong method on a claim path", t -> { }, "default-wrong-method.json", e -> {
            e.setRawPath("/v1/verified/claims");
            e.getRequestContext().getHttp().setMethod("GET");
        }, 405));
        return scenarios;
    }

    @TestFactory
    @DisplayName("every scenario's response matches the OpenAPI document, and every documented response is produced")
    Stream<DynamicTest> responsesMatchTheDocument() {
        Stream<DynamicTest> each = scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> run(s)));
        Stream<DynamicTest> coverage = Stream.of(DynamicTest.dynamicTest(
                "every response the document promises from the service was produced",
                () -> assertThat(exercised).containsAll(API.serviceResponses())));
        return Stream.concat(each, coverage);
    }

    private void run(Scenario scenario) {
        emptyTheFakes();
        scenario.given().accept(this);
        APIGatewayV2HTTPEvent event = event(scenario.fixture());
        scenario.change().accept(event);

        APIGatewayV2HTTPResponse response = invoke(event);

        assertThat(response.getStatusCode()).as(scenario.name()).isEqualTo(scenario.expectedStatus());
        String path = null;
        String method = null;
        Routes.Resolution resolution = new Routes().resolve(event.getRouteKey(),
                event.getRequestContext().getHttp().getMethod(), event.getRawPath());
        if (resolution instanceof Routes.Matched matched) {
            path = matched.route().path();
            method = matched.route().method();
        }
        assertThat(API.check(path, method, response.getStatusCode(), response.getHeaders(), response.getBody()))
                .as("%s: %s", scenario.name(), response.getBody()).isEmpty();
        exercised.add(new DocumentedResponse(path, method, Integer.toString(response.getStatusCode())));
    }

    @Test
    @DisplayName("the document's route table is the handler's: same paths, same methods")
    void documentedOperationsAreTheRoutes() {
        Set<String> documented = new LinkedHashSet<>();
        API.serviceResponses().stream().filter(r -> r.path() != null)
                .forEach(r -> documented.add(r.method() + " " + r.path()));
        Set<String> routes = new LinkedHashSet<>();
        Routes.ALL.forEach(r -> routes.add(r.key()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    @DisplayName("the schemas are strict enough to catch a leak or a malformed voucher")
    void schemasRejectWhatMustNotBeSent() throws Exception {
        String eligibility = "/components/schemas/Eligibility";
        assertThat(API.validate(eligibility, JSON.readTree("{\"eligible\":true,\"accountState\":\"ACTIVE\","
                + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}"))).isEmpty();
        for (String leak : new String[] {
                "{\"eligible\":true,\"accountState\":\"ACTIVE\",\"name\":\"홍길동\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}",
                "{\"eligible\":true,\"accountState\":\"ACTIVE\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"ISSUED\"}}",
                "{\"eligible\":true,\"accountState\":\"ACTIVE\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"PENDING\",\"code\":\"0000-0000-0000-00000\"}}",
                "{\"eligible\":true,\"accountState\":\"ACTIVE\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"ISSUED\",\"code\":\"IIII-0000-0000-00000\",\"expiresAt\":\"2028-01-01T00:00:00Z\"}}",
                "{\"eligible\":true,\"accountState\":\"ACTIVE\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"ISSUED\",\"code\":\"0000-0000-0000-00000\",\"expiresAt\":\"next year\"}}",
                "{\"eligible\":true,\"accountState\":\"OPEN\",\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}",
                "{\"eligible\":true,\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}"}) {
            JsonNode json = JSON.readTree(leak);
            assertThat(API.validate(eligibility, json)).as(leak).isNotEmpty();
        }
        assertThat(API.validate("/components/schemas/NotEligibleProblem", JSON.readTree(
                "{\"type\":\"https://voucher.example.com/problems/not-eligible\",\"title\":\"t\",\"status\":403,"
                        + "\"detail\":\"d\",\"subject\":\"customer-a\"}"))).isNotEmpty();
        assertThat(API.validate("/components/schemas/NotOpenYetProblem", JSON.readTree(
                "{\"type\":\"https://voucher.example.com/problems/not-open-yet\",\"title\":\"t\",\"status\":403,"
                        + "\"detail\":\"d\"}"))).isNotEmpty();
    }
}
