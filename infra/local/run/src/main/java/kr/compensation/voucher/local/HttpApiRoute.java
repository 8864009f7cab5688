package kr.compensation.voucher.local;

/**
 * One route of the HTTP API as the template declares it.
 *
 * @param authorizer the JWT authorizer protecting it, or null for a route without authorization
 */
public record HttpApiRoute(String method, String path, JwtAuthorizer authorizer) {

    public String routeKey() {
        return method + " " + path;
    }
}
