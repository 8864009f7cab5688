package kr.compensation.voucher.lookup.api;

import static org.assertj.core.api.Assertions.assertThat;

import kr.compensation.voucher.domain.IssuerRole;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoutesTest {

    private final Routes routes = new Routes();

    @Test
    @DisplayName("each concrete route key maps to its action and the issuer role of its authorizer")
    void concreteRouteKeys() {
        assertThat(routes.resolve("GET /v1/eligibility", "GET", "/v1/eligibility")).isEqualTo(
                new Routes.Matched(new Routes.Route("GET", "/v1/eligibility", Routes.Action.READ_ELIGIBILITY,
                        IssuerRole.SIGN_IN), true));
        assertThat(routes.resolve("POST /v1/claims", "POST", "/v1/claims")).isEqualTo(new Routes.Matched(
                new Routes.Route("POST", "/v1/claims", Routes.Action.CLAIM, IssuerRole.SIGN_IN), true));
        assertThat(routes.resolve("GET /v1/verified/eligibility", "GET", "/v1/verified/eligibility")).isEqualTo(
                new Routes.Matched(new Routes.Route("GET", "/v1/verified/eligibility", Routes.Action.READ_ELIGIBILITY,
                        IssuerRole.IDENTITY_VERIFICATION), true));
        assertThat(routes.resolve("POST /v1/verified/claims", "POST", "/v1/verified/claims")).isEqualTo(
                new Routes.Matched(new Routes.Route("POST", "/v1/verified/claims", Routes.Action.CLAIM,
                        IssuerRole.IDENTITY_VERIFICATION), true));
    }

    @Test
    @DisplayName("a concrete route key wins over the raw path, as API Gateway already matched it")
    void routeKeyWins() {
        Routes.Resolution resolution = routes.resolve("GET /v1/eligibility", "GET", "/anything/else");

        assertThat(resolution).isInstanceOfSatisfying(Routes.Matched.class,
                m -> assertThat(m.route().path()).isEqualTo("/v1/eligibility"));
    }

    @Test
    @DisplayName("on $default a served method and path match, but as unauthorized: no authorizer ran")
    void defaultRouteMatchIsUnauthorized() {
        assertThat(routes.resolve("$default", "POST", "/v1/claims")).isInstanceOfSatisfying(Routes.Matched.class,
                m -> assertThat(m.authorized()).isFalse());
        assertThat(routes.resolve(null, "POST", "/v1/claims")).isInstanceOfSatisfying(Routes.Matched.class,
                m -> assertThat(m.authorized()).isFalse());
    }

    @Test
    @DisplayName("on $default a served path with another method is 405 with the path's methods")
    void wrongMethod() {
        assertThat(routes.resolve("$default", "POST", "/v1/eligibility")).isEqualTo(new Routes.MethodNotAllowed("GET"));
        assertThat(routes.resolve("$default", "get", "/v1/eligibility")).isEqualTo(new Routes.MethodNotAllowed("GET"));
        assertThat(routes.resolve("$default", "GET", "/v1/verified/claims")).isEqualTo(new Routes.MethodNotAllowed("POST"));
    }

    @Test
    @DisplayName("unknown paths, unknown route keys and incomplete requests are not found")
    void notFound() {
        assertThat(routes.resolve("$default", "GET", "/v1/eligibility/")).isInstanceOf(Routes.NotFound.class);
        assertThat(routes.resolve("GET /v1/other", "GET", "/v1/other")).isInstanceOf(Routes.NotFound.class);
        assertThat(routes.resolve("$default", null, "/v1/eligibility")).isInstanceOf(Routes.NotFound.class);
        assertThat(routes.resolve("$default", "GET", null)).isInstanceOf(Routes.NotFound.class);
        assertThat(routes.resolve(null, null, null)).isInstanceOf(Routes.NotFound.class);
    }

    @Test
    @DisplayName("the Allow values are one per served path")
    void allowByPath() {
        assertThat(routes.allowByPath()).containsOnly(
                org.assertj.core.api.Assertions.entry("/v1/eligibility", "GET"),
                org.assertj.core.api.Assertions.entry("/v1/claims", "POST"),
                org.assertj.core.api.Assertions.entry("/v1/verified/eligibility", "GET"),
                org.assertj.core.api.Assertions.entry("/v1/verified/claims", "POST"));
    }
}
