"""The edge: CloudFront with the WAF web ACL in front of the HTTP API, when and how it is deployed."""

import re

import pytest

from conftest import CERTIFICATE, EDGE, NO_EDGE, WEB_ACL, evaluate, refused_by_rules

# AWS managed CloudFront policies, by the IDs CloudFront documents for them.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"


@pytest.fixture(scope="module")
def distribution(template):
    return template["Resources"]["EdgeDistribution"]


@pytest.fixture(scope="module")
def behaviour(distribution):
    """The API's behaviour: /v1/* (everything else is the customer page, test_customer_page.py)."""
    (api,) = [
        b for b in distribution["Properties"]["DistributionConfig"]["CacheBehaviors"] if b["PathPattern"] == "/v1/*"
    ]
    return api


@pytest.mark.parametrize(
    "stage, settings, deployable",
    [
        ("prod", EDGE, True),
        ("dev", EDGE, True),
        ("dev", NO_EDGE, True),
        ("prod", NO_EDGE, False),
        ("dev", {**EDGE, "EdgeCertificateArn": ""}, False),
        ("dev", {**EDGE, "EdgeWebAclArn": ""}, False),
        ("dev", {**NO_EDGE, "EdgeWebAclArn": WEB_ACL}, False),
        ("prod", {**EDGE, "EdgeDomainName": ""}, False),
    ],
)
def test_prod_deploys_only_behind_the_edge_and_the_edge_settings_come_all_or_none(
    template, stage, settings, deployable
):
    refused = refused_by_rules(template, {"Stage": stage, **settings})
    assert (refused == []) == deployable, refused


@pytest.mark.parametrize("settings, exists", [(EDGE, True), (NO_EDGE, False)])
def test_the_distribution_exists_exactly_when_the_edge_is_configured(template, distribution, settings, exists):
    assert distribution["Condition"] == "HasEdge"
    assert evaluate(template["Conditions"]["HasEdge"], settings) is exists


def test_the_distribution_applies_the_web_acl_of_the_edge_stack(distribution):
    assert distribution["Properties"]["DistributionConfig"]["WebACLId"] == {"Ref": "EdgeWebAclArn"}


def test_customers_reach_the_edge_on_the_company_domain_over_tls_1_2_or_newer(distribution):
    config = distribution["Properties"]["DistributionConfig"]
    assert config["Aliases"] == [{"Ref": "EdgeDomainName"}]
    assert config["ViewerCertificate"] == {
        "AcmCertificateArn": {"Ref": "EdgeCertificateArn"},
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }


def test_a_request_over_plain_http_is_refused_not_redirected(behaviour):
    # A redirect would come after the token already crossed the network in clear text.
    assert behaviour["ViewerProtocolPolicy"] == "https-only"


def test_the_edge_forwards_to_the_api_over_https_only(template, distribution, behaviour):
    config = distribution["Properties"]["DistributionConfig"]
    (origin,) = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    assert origin["DomainName"] == {"Fn::Sub": "${VoucherApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
    assert behaviour["TargetOriginId"] == origin["Id"]
    # Only the API's own paths reach it: one behaviour, /v1/*.
    assert [b["PathPattern"] for b in config["CacheBehaviors"]] == ["/v1/*"]


def test_nothing_is_cached_and_every_viewer_header_but_host_reaches_the_api(behaviour):
    # Authorization (the token) and Accept-Language (the problem's language) must reach the API, and
    # one customer's answer must never be served to another.
    assert behaviour["CachePolicyId"] == CACHING_DISABLED
    assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert "ForwardedValues" not in behaviour


def test_claims_pass_the_edge(behaviour):
    assert {"GET", "POST"} <= set(behaviour["AllowedMethods"])


def test_answers_carry_the_security_headers(behaviour):
    assert behaviour["ResponseHeadersPolicyId"] == SECURITY_HEADERS


def test_korean_viewers_are_served_from_korean_edge_locations(distribution):
    # PriceClass_100 (North America, Europe, Israel) would send them abroad.
    assert distribution["Properties"]["DistributionConfig"]["PriceClass"] in {"PriceClass_200", "PriceClass_All"}


@pytest.mark.parametrize(
    "parameter, accepted, refused",
    [
        ("EdgeCertificateArn", CERTIFICATE, CERTIFICATE.replace("us-east-1", "ap-northeast-2")),
        ("EdgeWebAclArn", WEB_ACL, WEB_ACL.replace("us-east-1", "ap-northeast-2").replace("global", "regional")),
        ("EdgeDomainName", "voucher.example.co.kr", "https://voucher.example.co.kr/"),
    ],
)
def test_edge_parameters_accept_only_what_cloudfront_can_use(template, parameter, accepted, refused):
    # CloudFront takes certificates and web ACLs only from us-east-1.
    pattern = re.compile(template["Parameters"][parameter]["AllowedPattern"])
    assert pattern.fullmatch(accepted)
    assert pattern.fullmatch("")
    assert not pattern.fullmatch(refused)


def test_the_public_url_is_the_edge_domain_when_there_is_one_and_the_api_url_otherwise(template):
    outputs = template["Outputs"]
    condition, with_edge, without_edge = outputs["PublicUrl"]["Value"]["Fn::If"]
    assert condition == "HasEdge"
    assert with_edge == {"Fn::Sub": "https://${EdgeDomainName}/"}
    assert without_edge == outputs["ApiUrl"]["Value"]


@pytest.mark.parametrize("output", ["EdgeDistributionDomainName", "EdgeDistributionId"])
def test_edge_outputs_exist_only_with_the_distribution(template, output):
    assert template["Outputs"][output]["Condition"] == "HasEdge"
