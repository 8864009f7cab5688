package kr.compensation.voucher.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.compensation.voucher.locallambda.LocalLambdaContext;

/**
 * The requests the benchmarks send: what API Gateway's HTTP API hands the function for {@code GET /v1/eligibility}
 * after its JWT authorizer accepted a sign-in token, and the Lambda context that comes with it.
 */
public final class BenchEvents {

    public static final String SIGN_IN_ISSUER = "https://signin.example.com";
    public static final String IDENTITY_ISSUER = "https://identity.example.com";
    /** Long past: the benchmarks measure the open service. */
    public static final String OPENS_AT = "2020-01-01T00:00:00+09:00";
    public static final String TABLE_NAME = "EligibilityTable";

    private BenchEvents() {
    }

    /** A browser's request as API Gateway forwards it (header names lower-cased, claims from the token). */
    public static APIGatewayV2HTTPEvent readEligibility(String subject) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept", "application/json");
        headers.put("accept-encoding", "gzip, deflate, br");
        headers.put("accept-language", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7");
        headers.put("authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.bench.signature");
        headers.put("host", "voucher.example.com");
        headers.put("user-agent", "Mozilla/5.0 (bench)");
        headers.put("x-forwarded-for", "203.0.113.10");
        headers.put("x-forwarded-port", "443");
        headers.put("x-forwarded-proto", "https");
        Map<String, String> claims = new HashMap<>();
        claims.put("iss", SIGN_IN_ISSUER);
        claims.put("sub", subject);
        claims.put("aud", "voucher-api");
        claims.put("exp", "4102444800");
        claims.put("iat", "1700000000");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /v1/eligibility")
                .withRawPath("/v1/eligibility")
                .withRawQueryString("")
                .withHeaders(headers)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("bench")
                        .withDomainName("voucher.example.com")
                        .withDomainPrefix("voucher")
                        .withRequestId("bench-request")
                        .withRouteKey("GET /v1/eligibility")
                        .withStage("$default")
                        .withTime("15/Jan/2027:00:00:00 +0000")
                        .withTimeEpoch(1_800_000_000_000L)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET")
                                .withPath("/v1/eligibility")
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("203.0.113.10")
                                .withUserAgent("Mozilla/5.0 (bench)")
                                .build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(claims)
                                        .build())
                                .build())
                        .build())
                .withIsBase64Encoded(false)
                .build();
    }

    /** The environment both lookup handlers read in Lambda, pointed at {@code endpoint} (the canned stub). */
    public static Map<String, String> lambdaEnvironment(String endpoint) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", "ap-northeast-2");
        environment.put("AWS_ACCESS_KEY_ID", "bench");
        environment.put("AWS_SECRET_ACCESS_KEY", "bench");
        environment.put("AWS_ENDPOINT_URL", endpoint);
        environment.put("TABLE_NAME", TABLE_NAME);
        environment.put("QUEUE_URL", endpoint + "/000000000000/IssueRequestQueue");
        environment.put("OPENS_AT", OPENS_AT);
        environment.put("VOUCHER_AMOUNT", "50000");
        environment.put("PEPPER_PARAMETER", CannedAws.PEPPER_PARAMETER);
        environment.put("SIGN_IN_ISSUER", SIGN_IN_ISSUER);
        environment.put("IDENTITY_ISSUER", IDENTITY_ISSUER);
        return environment;
    }

    public static Context context(String requestId) {
        // A remaining time that never runs down: a benchmark's fixture lives far longer than a function's timeout.
        return LocalLambdaContext.forRequest(requestId, "bench", "ap-northeast-2", Duration.ofSeconds(10))
                .withRemainingTime(10_000);
    }

}
