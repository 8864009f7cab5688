package kr.compensation.voucher.lookup.api;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.ClaimResult;
import kr.compensation.voucher.domain.EligibilityService;
import kr.compensation.voucher.domain.EligibilityView;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Opening;
import kr.compensation.voucher.domain.Principal;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.domain.VoucherStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP face of the eligibility rules, free of Lambda and framework types: route, identify the caller, check the
 * opening, call {@link EligibilityService}, render. Every request ends in an answer; a client's mistake is a 4xx, our
 * dependencies' hiccup a 503, anything else a 500 without internals.
 *
 * <p>Order of checks: route (404/405), caller (401), body (400), opening (403), then the store. Nothing before the
 * opening touches DynamoDB.
 */
public final class LookupApi {

    /** One line per request with route and status; its own logger so a benchmark or an operator can silence it. */
    public static final String ACCESS_LOGGER = "kr.compensation.voucher.lookup.access";
    public static final String MDC_API_REQUEST_ID = "apiRequestId";
    public static final String MDC_ROUTE = "route";
    public static final String MDC_STATUS = "status";

    /**
     * How often priming runs the hot path. One pass leaves it interpreted; bench/RESULTS.md measured the first
     * request after 200 passes at 1.7x a warm one, against 2.5-3.2x after one. Each pass reads one synthetic key:
     * 200 read units per published version.
     */
    public static final int PRIMING_ROUNDS = 200;

    /**
     * The caller {@link #prime()} reads as: not a subject any identity provider of ours issues (they issue opaque ids
     * without spaces), so its key belongs to no customer.
     */
    public static final Principal PRIMING_CALLER = new Principal(IssuerRole.SIGN_IN, "synthetic priming caller");

    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(LookupApi.class);

    private final Routes routes;
    private final Callers callers;
    private final Opening opening;
    private final Clock clock;
    private final EligibilityService eligibility;
    private final Responses responses;

    public LookupApi(Routes routes, Callers callers, Opening opening, Clock clock, EligibilityService eligibility,
                     Responses responses) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.callers = Objects.requireNonNull(callers, "callers");
        this.opening = Objects.requireNonNull(opening, "opening");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.eligibility = Objects.requireNonNull(eligibility, "eligibility");
        this.responses = Objects.requireNonNull(responses, "responses");
    }

    public ApiResponse handle(ApiRequest request) {
        return handle(request, true);
    }

    private ApiResponse handle(ApiRequest request, boolean logAccess) {
        if (request.requestId() != null) {
            MDC.put(MDC_API_REQUEST_ID, request.requestId());
        }
        String route = Routes.DEFAULT_ROUTE_KEY;
        ApiResponse response;
        try {
            Routes.Resolution resolution = routes.resolve(request.routeKey(), request.method(), request.path());
            if (resolution instanceof Routes.Matched matched) {
                // The route key, never the raw path: a path is client input and could carry anything.
                route = matched.route().key();
                response = serve(matched, request);
            } else if (resolution instanceof Routes.MethodNotAllowed notAllowed) {
                response = responses.methodNotAllowed(notAllowed.allow(), language(request));
            } else {
                if (request.routeKey() != null && !Routes.DEFAULT_ROUTE_KEY.equals(request.routeKey())) {
                    // The gateway routed something the table does not know: template and code disagree.
                    LOG.warn("route key from the gateway is not in the route table; check template.yaml against Routes");
                }
                response = responses.problem(ProblemType.NOT_FOUND, language(request));
            }
        } catch (TransientFailure e) {
            LOG.warn("dependency unavailable, answering 503: {}", e.getMessage());
            response = responses.problem(ProblemType.TEMPORARILY_UNAVAILABLE, language(request));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure, answering 500", e);
            response = responses.problem(ProblemType.INTERNAL_ERROR, language(request));
        }
        if (logAccess && ACCESS.isInfoEnabled()) {
            MDC.put(MDC_ROUTE, route);
            MDC.put(MDC_STATUS, Integer.toString(response.status()));
            ACCESS.info("served");
            MDC.remove(MDC_ROUTE);
            MDC.remove(MDC_STATUS);
        }
        MDC.remove(MDC_API_REQUEST_ID);
        return response;
    }

    private ApiResponse serve(Routes.Matched matched, ApiRequest request) {
        Routes.Route route = matched.route();
        // On $default no authorizer ran: claims there prove nothing, whatever they say.
        Optional<Principal> resolved = matched.authorized()
                ? callers.resolve(request.issuer(), request.subject(), route.issuerRole())
                : Optional.empty();
        if (resolved.isEmpty()) {
            return responses.problem(ProblemType.UNAUTHORIZED, language(request));
        }
        Principal caller = resolved.get();
        if (route.action() == Routes.Action.CLAIM && !ClaimBody.isAcceptable(request.body(), request.base64Encoded())) {
            return responses.problem(ProblemType.BAD_REQUEST, language(request));
        }
        Instant now = clock.instant();
        if (!opening.isOpenAt(now)) {
            return responses.notOpenYet(language(request), opening.secondsUntilOpen(now));
        }
        if (route.action() == Routes.Action.CLAIM) {
            return claim(caller, request);
        }
        return responses.eligibility(200, eligibility.view(caller));
    }

    private ApiResponse claim(Principal caller, ApiRequest request) {
        ClaimResult result = eligibility.claim(caller);
        return switch (result) {
            case ClaimResult.Pending pending -> responses.eligibility(202, pending.view());
            case ClaimResult.Issued issued -> responses.eligibility(200, issued.view());
            case ClaimResult.NotEligible notEligible -> responses.problem(ProblemType.NOT_ELIGIBLE, language(request));
        };
    }

    /**
     * Runs the hot path {@link #PRIMING_ROUNDS} times without touching customer data, for a snapshot (SnapStart) or
     * a warm-up: routing and problem rendering through {@link #handle}, then a read of a synthetic key through the
     * real store client, the hasher and the JSON writer. Each read is a strongly consistent GetItem of an item that
     * does not exist: one read request unit, no write, nothing queued. Only the first round writes access lines, so
     * the logging path is warmed without thousands of lines per snapshot.
     */
    public void prime() {
        boolean storeReachable = true;
        for (int round = 0; round < PRIMING_ROUNDS; round++) {
            boolean logAccess = round == 0;
            handle(new ApiRequest(Routes.DEFAULT_ROUTE_KEY, "GET", "/", null, null, null, false, "en", "priming"),
                    logAccess);
            for (Routes.Route route : Routes.ALL) {
                handle(new ApiRequest(Routes.DEFAULT_ROUTE_KEY, "PUT", route.path(), null, null, null, false,
                        "ko-KR,ko;q=0.9,en;q=0.8", "priming"), logAccess);
                handle(new ApiRequest(route.key(), route.method(), route.path(), null, null, "{}", false, null,
                        "priming"), logAccess);
            }
            ClaimBody.isAcceptable("{\"warm\":[1,2,{}]}", false);
            EligibilityJson.render(new EligibilityView(true, AccountState.ACTIVE, Money.krw(1), VoucherStatus.ISSUED,
                    "0000-0000-0000-0000X", clock.instant()));
            if (storeReachable) {
                try {
                    EligibilityJson.render(eligibility.view(PRIMING_CALLER));
                } catch (RuntimeException e) {
                    // Priming only saves latency later; a store that cannot be reached now must not block the
                    // snapshot, nor be asked again and again.
                    LOG.warn("priming read failed; the first requests will warm the store client instead: {}",
                            e.toString());
                    storeReachable = false;
                }
            }
        }
    }

    private static Language language(ApiRequest request) {
        return AcceptLanguage.choose(request.acceptLanguage());
    }
}
