package kr.compensation.voucher.lookup;

import static kr.compensation.voucher.lookup.LookupHandlers.IDENTITY_ISSUER;
import static kr.compensation.voucher.lookup.LookupHandlers.SIGN_IN_ISSUER;
import static kr.compensation.voucher.lookup.LookupHandlers.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.domain.Voucher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Through the Lambda handler with API Gateway HTTP API v2 fixtures; in-memory stand-ins for DynamoDB and SQS. */
class LookupHandlerTest extends FakePortsTestBase {

    @Nested
    @DisplayName("GET eligibility")
    class ReadEligibility {

        @Test
        @DisplayName("an eligible sign-in customer who has not claimed gets exactly their state and nothing more")
        void eligibleNotClaimed() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

            APIGatewayV2HTTPResponse response = invoke(event("signin-get-eligibility.json"));

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json")
                    .containsEntry("Cache-Control", "no-store");
            assertThat(response.getBody()).isEqualTo("{\"eligible\":true,\"accountState\":\"ACTIVE\","
                    + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}");
            assertThat(response.getIsBase64Encoded()).isFalse();
        }

        @Test
        @DisplayName("an unknown customer gets 200 with eligible=false and no account state, not an error")
        void unknownCustomer() {
            APIGatewayV2HTTPResponse response = invoke(event("signin-get-eligibility.json"));

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(response.getBody()).isEqualTo("{\"eligible\":false,\"accountState\":null,"
                    + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}");
        }

        @Test
        @DisplayName("a customer on the list but not owed a voucher sees eligible=false with their account state")
        void listedNotEligible() {
            repository.load(signIn(CUSTOMER_A), false, AccountState.ACTIVE);

            JsonNode body = body(invoke(event("signin-get-eligibility.json")));

            assertThat(body.path("eligible").asBoolean()).isFalse();
            assertThat(body.path("accountState").asText()).isEqualTo("ACTIVE");
        }

        @Test
        @DisplayName("a closed-account customer reads their state through the identity-verification issuer")
        void closedAccountThroughIdentityVerification() {
            loadEligible(verified(VERIFIED_C), AccountState.CLOSED);

            APIGatewayV2HTTPResponse response = invoke(event("verified-get-eligibility.json"));

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(body(response).path("accountState").asText()).isEqualTo("CLOSED");
            assertThat(body(response).path("eligible").asBoolean()).isTrue();
        }

        @Test
        @DisplayName("once issued the code and expiry are shown")
        void issuedShowsCodeAndExpiry() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            Voucher voucher = grantVoucher(signIn(CUSTOMER_A));

            JsonNode voucherJson = body(invoke(event("signin-get-eligibility.json"))).path("voucher");

            assertThat(voucherJson.path("status").asText()).isEqualTo("ISSUED");
            assertThat(voucherJson.path("code").asText()).isEqualTo(voucher.code().value());
            assertThat(voucherJson.path("expiresAt").asText()).isEqualTo(voucher.expiresAt().toString());
            assertThat(voucherJson.path("amount").asLong()).isEqualTo(50_000);
        }

        @Test
        @DisplayName("GET with a body still just reads: the body is ignored")
        void getIgnoresBody() {
            APIGatewayV2HTTPEvent event = event("signin-get-eligibility.json");
            event.setBody("not json at all");

            assertThat(invoke(event).getStatusCode()).isEqualTo(200);
        }
    }

    @Nested
    @DisplayName("POST claims")
    class Claim {

        @Test
        @DisplayName("an eligible customer's claim queues one issue request for their key and answers 202 pending")
        void claimQueuesOneRequest() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

            APIGatewayV2HTTPResponse response = invoke(event("signin-post-claim.json"));

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
            assertThat(response.getBody()).isEqualTo("{\"eligible\":true,\"accountState\":\"ACTIVE\","
                    + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"PENDING\"}}");
            assertThat(queue.sent()).singleElement().satisfies(request -> {
                assertThat(request.customerKey()).isEqualTo(signIn(CUSTOMER_A));
                assertThat(request.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
            });
        }

        @Test
        @DisplayName("repeating the claim answers the current pending state and queues nothing more")
        void repeatedClaimIsIdempotent() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

            invoke(event("signin-post-claim.json"));
            APIGatewayV2HTTPResponse again = invoke(event("signin-post-claim.json"));

            assertThat(again.getStatusCode()).isEqualTo(202);
            assertThat(body(again).path("voucher").path("status").asText()).isEqualTo("PENDING");
            assertThat(queue.sent()).hasSize(1);
        }

        @Test
        @DisplayName("after a claim, GET shows PENDING")
        void readAfterClaimShowsPending() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            invoke(event("signin-post-claim.json"));

            JsonNode body = body(invoke(event("signin-get-eligibility.json")));

            assertThat(body.path("voucher").path("status").asText()).isEqualTo("PENDING");
        }

        @Test
        @DisplayName("a claim after issuance answers 200 with the voucher and queues nothing")
        void claimAfterIssuanceAnswersTheVoucher() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            Voucher voucher = grantVoucher(signIn(CUSTOMER_A));

            APIGatewayV2HTTPResponse response = invoke(event("signin-post-claim.json"));

            assertThat(response.getStatusCode()).isEqualTo(200);
            assertThat(body(response).path("voucher").path("code").asText()).isEqualTo(voucher.code().value());
            assertThat(queue.sent()).isEmpty();
        }

        @Test
        @DisplayName("a customer on the list but not owed a voucher gets 403 not-eligible, nothing queued")
        void notEligible() {
            repository.load(signIn(CUSTOMER_A), false, AccountState.ACTIVE);

            assertProblem(invoke(event("signin-post-claim.json")), 403, "not-eligible");
            assertThat(queue.sent()).isEmpty();
        }

        @Test
        @DisplayName("an unknown customer's claim gets 403 not-eligible, never a 5xx")
        void unknownCustomer() {
            assertProblem(invoke(event("signin-post-claim.json")), 403, "not-eligible");
            assertThat(queue.sent()).isEmpty();
        }

        @Test
        @DisplayName("a closed-account customer claims through the identity-verification route")
        void closedAccountClaims() {
            loadEligible(verified(VERIFIED_C), AccountState.CLOSED);

            APIGatewayV2HTTPResponse response = invoke(event("verified-post-claim.json"));

            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(body(response).path("accountState").asText()).isEqualTo("CLOSED");
            assertThat(queue.sent()).singleElement().satisfies(r -> assertThat(r.customerKey()).isEqualTo(verified(VERIFIED_C)));
        }

        @Test
        @DisplayName("the same subject under the other issuer is another customer")
        void issuerSeparatesCustomers() {
            loadEligible(signIn(VERIFIED_C), AccountState.ACTIVE);

            assertProblem(invoke(event("verified-post-claim.json")), 403, "not-eligible");
            assertThat(repository.item(signIn(VERIFIED_C)).claimRequestedAt()).isNull();
        }

        @Test
        @DisplayName("a base64-encoded JSON object body is accepted like a plain one")
        void base64ObjectBody() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

            assertThat(invoke(event("signin-post-claim-base64-body.json")).getStatusCode()).isEqualTo(202);
        }

        @ParameterizedTest(name = "[{index}] body {0}")
        @DisplayName("an empty, blank or JSON-object body is a claim")
        @ValueSource(strings = {"", "  \n", "{}", "{\"customerKey\":\"x\",\"sub\":\"y\"}", " { \"a\" : 1, \"b\": null } "})
        void acceptedBodies(String body) {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            APIGatewayV2HTTPEvent event = event("signin-post-claim.json");
            event.setBody(body);

            assertThat(invoke(event).getStatusCode()).isEqualTo(202);
        }
    }

    @Nested
    @DisplayName("malformed requests: 400, and nothing is touched")
    class Malformed {

        @Test
        @DisplayName("a JSON array body")
        void arrayBody() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);

            assertProblem(invoke(event("signin-post-claim-array-body.json")), 400, "bad-request");
            assertThat(repository.calls()).isEmpty();
            assertThat(queue.sent()).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] body {0}")
        @DisplayName("bodies that are neither empty nor one JSON object")
        @ValueSource(strings = {"null", "42", "\"text\"", "customerKey=abc", "{", "{\"a\":1} {}", "{\"a\":1}x", "[]",
                "{\"a\":}", " { \"a\" : [1, {\"b\": null}] } "})
        void otherBodies(String body) {
            APIGatewayV2HTTPEvent event = event("signin-post-claim.json");
            event.setBody(body);

            assertProblem(invoke(event), 400, "bad-request");
            assertThat(repository.calls()).isEmpty();
        }

        @Test
        @DisplayName("a body declared base64 that is not base64")
        void brokenBase64() {
            APIGatewayV2HTTPEvent event = event("signin-post-claim.json");
            event.setBody("%%%not-base64%%%");
            event.setIsBase64Encoded(true);

            assertProblem(invoke(event), 400, "bad-request");
        }

        @Test
        @DisplayName("an oversized body, even a valid JSON object")
        void oversizedBody() {
            APIGatewayV2HTTPEvent event = event("signin-post-claim.json");
            event.setBody("{\"pad\":\"" + "x".repeat(2_000) + "\"}");

            assertProblem(invoke(event), 400, "bad-request");
        }

        @Test
        @DisplayName("a base64 body that decodes to a JSON array")
        void base64Array() {
            APIGatewayV2HTTPEvent event = event("signin-post-claim.json");
            event.setBody(Base64.getEncoder().encodeToString("[1]".getBytes(StandardCharsets.UTF_8)));
            event.setIsBase64Encoded(true);

            assertProblem(invoke(event), 400, "bad-request");
        }
    }

    @Nested
    @DisplayName("who is calling: 401 unless a trusted issuer vouches for a plausible subject on its own route")
    class Authentication {

        @Test
        @DisplayName("no authorizer claims at all")
        void noClaims() {
            APIGatewayV2HTTPResponse response = invoke(event("signin-get-eligibility-no-claims.json"));

            assertProblem(response, 401, "unauthorized");
            assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "Bearer");
            assertThat(repository.calls()).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] iss={0}")
        @DisplayName("a missing or untrusted issuer")
        @ValueSource(strings = {"", "https://evil.example.com", "https://signin.example.com/", "HTTPS://SIGNIN.EXAMPLE.COM",
                "sign-in"})
        void untrustedIssuer(String issuer) {
            assertProblem(invoke(event("signin-get-eligibility.json", issuer.isEmpty() ? null : issuer, CUSTOMER_A)),
                    401, "unauthorized");
            assertThat(repository.calls()).isEmpty();
        }

        @Test
        @DisplayName("a sign-in token on the identity-verification route, and the other way round")
        void issuerMustMatchTheRouteFamily() {
            assertProblem(invoke(event("verified-get-eligibility.json", SIGN_IN_ISSUER, CUSTOMER_A)), 401, "unauthorized");
            assertProblem(invoke(event("verified-post-claim.json", SIGN_IN_ISSUER, CUSTOMER_A)), 401, "unauthorized");
            assertProblem(invoke(event("signin-get-eligibility.json", IDENTITY_ISSUER, VERIFIED_C)), 401, "unauthorized");
            assertProblem(invoke(event("signin-post-claim.json", IDENTITY_ISSUER, VERIFIED_C)), 401, "unauthorized");
            assertThat(repository.calls()).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] subject of length {0}")
        @DisplayName("a blank or oversized subject")
        @ValueSource(ints = {0, 257, 5_000})
        void implausibleSubject(int length) {
            assertProblem(invoke(event("signin-get-eligibility.json", SIGN_IN_ISSUER, "a".repeat(length))), 401,
                    "unauthorized");
            assertProblem(invoke(event("signin-post-claim.json", SIGN_IN_ISSUER, " ".repeat(Math.max(1, length)))), 401,
                    "unauthorized");
            assertThat(repository.calls()).isEmpty();
        }

        @Test
        @DisplayName("a missing subject")
        void missingSubject() {
            assertProblem(invoke(event("signin-get-eligibility.json", SIGN_IN_ISSUER, null)), 401, "unauthorized");
        }

        @Test
        @DisplayName("a subject of exactly 256 characters is still a customer")
        void longestSubject() {
            String subject = "s".repeat(256);
            loadEligible(signIn(subject), AccountState.ACTIVE);

            assertThat(body(invoke(event("signin-get-eligibility.json", SIGN_IN_ISSUER, subject))).path("eligible")
                    .asBoolean()).isTrue();
        }

        @Test
        @DisplayName("on $default no authorizer ran: even a served method and path with claims in the event is 401")
        void defaultRouteNeverTrustsClaims() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            APIGatewayV2HTTPEvent event = event("signin-get-eligibility.json");
            event.setRouteKey("$default");
            event.getRequestContext().setRouteKey("$default");

            assertProblem(invoke(event), 401, "unauthorized");
            assertThat(repository.calls()).isEmpty();
        }
    }

    @Nested
    @DisplayName("unknown routes and wrong methods: 404/405, without touching DynamoDB")
    class Routing {

        @Test
        @DisplayName("an unknown path on $default is 404")
        void unknownPath() {
            assertProblem(invoke(event("default-unknown-path.json")), 404, "not-found");
            assertThat(repository.calls()).isEmpty();
        }

        @Test
        @DisplayName("a wrong method on a served path is 405 with Allow")
        void wrongMethod() {
            APIGatewayV2HTTPResponse response = invoke(event("default-wrong-method.json"));

            assertProblem(response, 405, "method-not-allowed");
            assertThat(response.getHeaders()).containsEntry("Allow", "GET");
            assertThat(repository.calls()).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("every other method on the claim paths is 405 with Allow: POST")
        @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"})
        void claimPathMethods(String method) {
            for (String path : new String[] {"/v1/claims", "/v1/verified/claims"}) {
                APIGatewayV2HTTPEvent event = event("default-wrong-method.json");
                event.setRawPath(path);
                event.getRequestContext().getHttp().setMethod(method);

                APIGatewayV2HTTPResponse response = invoke(event);

                assertProblem(response, 405, "method-not-allowed");
                assertThat(response.getHeaders()).containsEntry("Allow", "POST");
            }
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @DisplayName("paths that merely resemble a served one are unknown")
        @ValueSource(strings = {"/v1/eligibility/", "/V1/eligibility", "/v1//eligibility", "/v1/eligibility;x",
                "/v1/eligibility%2F", "/v2/eligibility", "/", "", "/v1/verified/eligibility/../../eligibility"})
        void lookalikePaths(String path) {
            APIGatewayV2HTTPEvent event = event("default-unknown-path.json");
            event.setRawPath(path);

            assertProblem(invoke(event), 404, "not-found");
        }

        @Test
        @DisplayName("a concrete route key the table does not know is 404 (template and code disagree), not a 5xx")
        void unknownRouteKey() {
            APIGatewayV2HTTPEvent event = event("signin-get-eligibility.json");
            event.setRouteKey("GET /v2/eligibility");

            assertProblem(invoke(event), 404, "not-found");
        }

        @Test
        @DisplayName("an event without request context or route is 404, not a crash")
        void emptyEvent() {
            assertProblem(invoke(new APIGatewayV2HTTPEvent()), 404, "not-found");
        }
    }

    @Nested
    @DisplayName("our failures: 503 when a dependency is briefly unavailable, 500 without internals otherwise")
    class Failures {

        @Test
        @DisplayName("DynamoDB throttling on a read answers 503 with Retry-After")
        void transientReadFailure() {
            repository.failWith(new TransientFailure("GetItem failed transiently: ProvisionedThroughputExceededException", null));

            APIGatewayV2HTTPResponse response = invoke(event("signin-get-eligibility.json"));

            assertProblem(response, 503, "temporarily-unavailable");
            assertThat(response.getHeaders()).containsEntry("Retry-After", "2");
        }

        @Test
        @DisplayName("SQS unavailable on a claim answers 503 and withdraws the claim, so the retry queues it")
        void transientQueueFailure() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            queue.failWith(new TransientFailure("SendMessage failed transiently: SdkClientException", null));

            assertProblem(invoke(event("signin-post-claim.json")), 503, "temporarily-unavailable");
            assertThat(repository.item(signIn(CUSTOMER_A)).claimRequestedAt()).isNull();

            queue.failWith(null);
            assertThat(invoke(event("signin-post-claim.json")).getStatusCode()).isEqualTo(202);
            assertThat(queue.sent()).hasSize(1);
        }

        @Test
        @DisplayName("an unexpected exception answers 500 with a generic problem that reveals nothing")
        void unexpectedFailure() {
            repository.failWith(new IllegalStateException("GetItem failed: table EligibilityTable secret detail"));

            APIGatewayV2HTTPResponse response = invoke(event("signin-get-eligibility.json"));

            assertProblem(response, 500, "internal-error");
            assertThat(response.getBody()).doesNotContain("EligibilityTable", "secret", "IllegalStateException");
        }
    }

    @Nested
    @DisplayName("every answer carries Cache-Control: no-store")
    class Caching {

        @Test
        void allResponsesAreNoStore() {
            loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
            for (String fixture : new String[] {"signin-get-eligibility.json", "signin-post-claim.json",
                    "default-unknown-path.json", "default-wrong-method.json", "signin-get-eligibility-no-claims.json",
                    "signin-post-claim-array-body.json"}) {
                assertThat(invoke(event(fixture)).getHeaders()).as(fixture).containsEntry("Cache-Control", "no-store");
            }
        }
    }

    @Test
    @DisplayName("handler and unit wiring agree: the key the handler reads is the hasher's key of (role, subject)")
    void readsTheDerivedKey() {
        invoke(event("signin-get-eligibility.json"));
        invoke(event("verified-get-eligibility.json"));

        assertThat(repository.calls()).containsExactly("find " + signIn(CUSTOMER_A).value(),
                "find " + verified(VERIFIED_C).value());
    }

    @Test
    @DisplayName("a record granted by ops in bulk shows like any other issued voucher")
    void bulkIssued() {
        loadEligible(signIn(CUSTOMER_A), AccountState.ACTIVE);
        Voucher voucher = grantVoucher(signIn(CUSTOMER_A));
        repository.put(new EligibilityRecord(signIn(CUSTOMER_A), true, AccountState.ACTIVE, null,
                new Voucher(voucher.code(), voucher.value(), voucher.issuedAt(), voucher.expiresAt(), IssueSource.OPS_BULK,
                        "bulk-1")));

        assertThat(body(invoke(event("signin-get-eligibility.json"))).path("voucher").path("status").asText())
                .isEqualTo("ISSUED");
    }
}
