package kr.compensation.voucher.lookup.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.domain.IssuerRole;

/**
 * The route table, in one place: renaming a path is one edit here (and the same edit in template.yaml and the OpenAPI
 * document). Each issuer has its own route family because an HTTP API JWT authorizer trusts exactly one issuer.
 */
public final class Routes {

    /** The gateway's catch-all route: it has no authorizer and carries unknown paths and wrong methods. */
    public static final String DEFAULT_ROUTE_KEY = "$default";

    public enum Action {
        READ_ELIGIBILITY,
        CLAIM
    }

    /** A served route and the issuer role its authorizer stands for. */
    public record Route(String method, String path, Action action, IssuerRole issuerRole) {
        public String key() {
            return method + " " + path;
        }
    }

    public static final List<Route> ALL = List.of(
            new Route("GET", "/v1/eligibility", Action.READ_ELIGIBILITY, IssuerRole.SIGN_IN),
            new Route("POST", "/v1/claims", Action.CLAIM, IssuerRole.SIGN_IN),
            new Route("GET", "/v1/verified/eligibility", Action.READ_ELIGIBILITY, IssuerRole.IDENTITY_VERIFICATION),
            new Route("POST", "/v1/verified/claims", Action.CLAIM, IssuerRole.IDENTITY_VERIFICATION));

    /** How a request maps onto the table. */
    public sealed interface Resolution {
    }

    /**
     * A served route. {@code authorized} is false when the request came through {@code $default}: no authorizer ran,
     * so whatever claims it carries are not to be trusted.
     */
    public record Matched(Route route, boolean authorized) implements Resolution {
    }

    public record NotFound() implements Resolution {
    }

    public record MethodNotAllowed(String allow) implements Resolution {
    }

    private static final NotFound NOT_FOUND = new NotFound();

    private final Map<String, Matched> byKey = new HashMap<>();
    private final Map<String, Matched> unauthorizedByKey = new HashMap<>();
    private final Map<String, MethodNotAllowed> byPath = new HashMap<>();

    public Routes() {
        Map<String, List<String>> methodsByPath = new LinkedHashMap<>();
        for (Route route : ALL) {
            byKey.put(route.key(), new Matched(route, true));
            unauthorizedByKey.put(route.key(), new Matched(route, false));
            methodsByPath.computeIfAbsent(route.path(), p -> new ArrayList<>()).add(route.method());
        }
        methodsByPath.forEach((path, methods) -> byPath.put(path, new MethodNotAllowed(String.join(", ", methods))));
    }

    /**
     * Uses the gateway's route key when it names a concrete route; on {@code $default} (or no key) it matches the
     * method and the raw path exactly, so {@code /v1/eligibility/} or {@code /V1/eligibility} are unknown paths.
     */
    public Resolution resolve(String routeKey, String method, String path) {
        if (routeKey != null && !DEFAULT_ROUTE_KEY.equals(routeKey)) {
            Matched matched = byKey.get(routeKey);
            return matched != null ? matched : NOT_FOUND;
        }
        if (method == null || path == null) {
            return NOT_FOUND;
        }
        MethodNotAllowed pathKnown = byPath.get(path);
        if (pathKnown == null) {
            return NOT_FOUND;
        }
        Matched matched = unauthorizedByKey.get(method + " " + path);
        return matched != null ? matched : pathKnown;
    }

    /** All served paths with their Allow header values, e.g. for documentation checks. */
    public Map<String, String> allowByPath() {
        Map<String, String> allow = new LinkedHashMap<>();
        byPath.forEach((path, m) -> allow.put(path, m.allow()));
        return allow;
    }
}
