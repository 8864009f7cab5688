"""The HTTP API: which routes exist, who may call them, and what the access log records."""

import json

import pytest

# Route key -> authorizer. The sign-in service and the identity-verification service issue tokens
# with different issuers; an HTTP API JWT authorizer trusts one issuer, hence two route families.
ROUTES = {
    "GET /v1/eligibility": "SignInAuthorizer",
    "POST /v1/claims": "SignInAuthorizer",
    "GET /v1/verified/eligibility": "IdentityAuthorizer",
    "POST /v1/verified/claims": "IdentityAuthorizer",
    "ANY $default": None,
}

OPENAPI_METHODS = {"get": "GET", "post": "POST", "x-amazon-apigateway-any-method": "ANY"}


@pytest.fixture(scope="module")
def api_body(expanded):
    return expanded["Resources"]["VoucherApi"]["Properties"]["Body"]


def routes_of(body):
    routes = {}
    for path, operations in body["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security", [])
            names = [name for requirement in security for name in requirement if name != "NONE"]
            assert len(names) <= 1
            routes[f"{OPENAPI_METHODS[method]} {path}"] = names[0] if names else None
    return routes


def test_the_api_has_exactly_the_lookup_routes_each_behind_its_issuers_authorizer(api_body):
    assert routes_of(api_body) == ROUTES


def test_every_route_reaches_the_lookup_function_alias_with_payload_format_2(api_body):
    for operations in api_body["paths"].values():
        for operation in operations.values():
            integration = operation["x-amazon-apigateway-integration"]
            assert integration["type"] == "aws_proxy"
            assert integration["payloadFormatVersion"] == "2.0"
            assert "${LookupFunctionAliaslive}" in integration["uri"]["Fn::Sub"]


@pytest.mark.parametrize(
    "authorizer, issuer, audience",
    [
        ("SignInAuthorizer", "SignInIssuer", "SignInAudience"),
        ("IdentityAuthorizer", "IdentityIssuer", "IdentityAudience"),
    ],
)
def test_each_authorizer_checks_a_bearer_jwt_of_its_issuer_and_audiences(api_body, authorizer, issuer, audience):
    scheme = api_body["components"]["securitySchemes"][authorizer]["x-amazon-apigateway-authorizer"]
    assert scheme["type"] == "jwt"
    assert scheme["identitySource"] == "$request.header.Authorization"
    assert scheme["jwtConfiguration"] == {"issuer": {"Ref": issuer}, "audience": {"Ref": audience}}


def test_routes_added_later_are_protected_unless_they_opt_out(template):
    auth = template["Resources"]["VoucherApi"]["Properties"]["Auth"]
    assert auth["DefaultAuthorizer"] == "SignInAuthorizer"


def test_the_stage_is_throttled_by_the_configured_rate_and_burst(expanded):
    stage = expanded["Resources"]["VoucherApiApiGatewayDefaultStage"]["Properties"]
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == {"Ref": "ApiThrottlingRate"}
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == {"Ref": "ApiThrottlingBurst"}


def test_the_access_log_records_what_happened_but_nothing_about_who_asked(expanded):
    settings = expanded["Resources"]["VoucherApiApiGatewayDefaultStage"]["Properties"]["AccessLogSettings"]
    assert settings["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    fields = json.loads(settings["Format"])
    assert {"requestId", "routeKey", "status", "responseLatency"} <= set(fields)
    variables = " ".join(fields.values())
    for personal in ("identity.", "sourceIp", "userAgent", "authorizer.claims", "authorizer.jwt", "path", "domainName"):
        assert personal not in variables


def test_the_unauthenticated_catch_all_route_has_its_own_small_throttle(expanded):
    # Without a valid token only $default invokes the function; made-up paths must not reach it at
    # the stage's full rate.
    assert routes_of(expanded["Resources"]["VoucherApi"]["Properties"]["Body"])["ANY $default"] is None
    stage = expanded["Resources"]["VoucherApiApiGatewayDefaultStage"]["Properties"]
    catch_all = stage["RouteSettings"]["$default"]
    assert 0 < catch_all["ThrottlingRateLimit"] <= 100
    assert 0 < catch_all["ThrottlingBurstLimit"] <= 200
