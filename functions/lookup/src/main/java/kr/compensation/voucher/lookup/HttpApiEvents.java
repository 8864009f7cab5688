package kr.compensation.voucher.lookup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import kr.compensation.voucher.lookup.api.ApiRequest;
import kr.compensation.voucher.lookup.api.ApiResponse;

/** Translates between API Gateway HTTP API (payload 2.0) events and the lookup API's plain request and response. */
final class HttpApiEvents {

    private HttpApiEvents() {
    }

    static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
        String method = null;
        String requestId = null;
        String issuer = null;
        String subject = null;
        if (context != null) {
            requestId = context.getRequestId();
            if (context.getHttp() != null) {
                method = context.getHttp().getMethod();
            }
            // Only a JWT authorizer's claims count; API Gateway sets them after validating the token.
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = context.getAuthorizer();
            if (authorizer != null && authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null) {
                Map<String, String> claims = authorizer.getJwt().getClaims();
                issuer = claims.get("iss");
                subject = claims.get("sub");
            }
        }
        return new ApiRequest(event.getRouteKey(), method, event.getRawPath(), issuer, subject, event.getBody(),
                event.getIsBase64Encoded(), header(event.getHeaders(), "accept-language"), requestId);
    }

    static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
        APIGatewayV2HTTPResponse out = new APIGatewayV2HTTPResponse();
        out.setStatusCode(response.status());
        out.setHeaders(response.headers());
        out.setBody(response.body());
        out.setIsBase64Encoded(false);
        return out;
    }

    /** API Gateway lower-cases header names; other callers may not, so fall back to a case-blind search. */
    private static String header(Map<String, String> headers, String lowerCaseName) {
        if (headers == null) {
            return null;
        }
        String value = headers.get(lowerCaseName);
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (lowerCaseName.equalsIgnoreCase(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }
}
