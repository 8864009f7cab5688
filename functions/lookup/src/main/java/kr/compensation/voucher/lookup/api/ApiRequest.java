package kr.compensation.voucher.lookup.api;

/**
 * What the lookup API needs from one HTTP request, independent of how it arrived (API Gateway event, local run).
 *
 * @param routeKey       the gateway's matched route, e.g. {@code GET /v1/eligibility}, or {@code $default}
 * @param issuer         the {@code iss} claim of the token the route's authorizer validated; null if none ran
 * @param subject        the {@code sub} claim of that token; null if none ran
 * @param body           raw body as the gateway passed it; null when there is none
 * @param acceptLanguage the Accept-Language header; null when absent
 * @param requestId      the gateway's request id, for correlating logs; never shown to anyone else
 */
public record ApiRequest(String routeKey, String method, String path, String issuer, String subject, String body,
                         boolean base64Encoded, String acceptLanguage, String requestId) {
}
