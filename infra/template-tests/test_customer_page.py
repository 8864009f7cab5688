"""The customer page in AWS: a private, encrypted, versioned bucket behind the edge distribution (OAC),
with strict response headers and the identity providers' endpoints as parameters."""

import json
import re
from pathlib import Path

import pytest

from conftest import REPO_ROOT

PAGE = REPO_ROOT / "infra/web/customer-page"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
PAGE_RESOURCES = [
    "CustomerPageBucket",
    "CustomerPageBucketPolicy",
    "CustomerPageOriginAccessControl",
    "CustomerPageHeadersPolicy",
]
ENDPOINT_PARAMETERS = [
    "SignInAuthorizationEndpoint",
    "SignInTokenEndpoint",
    "IdentityAuthorizationEndpoint",
    "IdentityTokenEndpoint",
]


@pytest.fixture(scope="module")
def resources(template):
    return template["Resources"]


@pytest.fixture(scope="module")
def config(resources):
    return resources["EdgeDistribution"]["Properties"]["DistributionConfig"]


@pytest.fixture(scope="module")
def headers(resources):
    return resources["CustomerPageHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]


def csp(headers):
    return " ".join(headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"].split())


@pytest.mark.parametrize("logical_id", PAGE_RESOURCES)
def test_the_page_exists_exactly_with_the_distribution(resources, logical_id):
    assert resources[logical_id]["Condition"] == "HasEdge"


def test_the_bucket_is_private_encrypted_and_versioned(resources):
    bucket = resources["CustomerPageBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    (rule,) = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in {"AES256", "aws:kms"}
    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]


def test_only_this_distribution_may_read_the_bucket_and_only_over_tls(resources):
    statements = resources["CustomerPageBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    (allow,) = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert allow["Action"] == "s3:GetObject"
    assert allow["Condition"]["StringEquals"]["AWS:SourceArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${EdgeDistribution}"
    }
    (deny,) = [s for s in statements if s["Effect"] == "Deny"]
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_cloudfront_signs_its_reads_with_origin_access_control(resources, config):
    oac = resources["CustomerPageOriginAccessControl"]["Properties"]["OriginAccessControlConfig"]
    assert (oac["OriginAccessControlOriginType"], oac["SigningBehavior"], oac["SigningProtocol"]) == (
        "s3",
        "always",
        "sigv4",
    )
    (origin,) = [o for o in config["Origins"] if o["Id"] == "customer-page"]
    assert origin["DomainName"] == {"Fn::GetAtt": ["CustomerPageBucket", "RegionalDomainName"]}
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["CustomerPageOriginAccessControl", "Id"]}
    # An origin access identity and OAC together are refused; the empty one says "none".
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_the_page_is_the_default_behaviour_and_reads_only(config):
    page = config["DefaultCacheBehavior"]
    assert page["TargetOriginId"] == "customer-page"
    assert page["AllowedMethods"] == ["GET", "HEAD"]
    assert page["ViewerProtocolPolicy"] in {"redirect-to-https", "https-only"}
    assert page["CachePolicyId"] == CACHING_OPTIMIZED
    assert page["ResponseHeadersPolicyId"] == {"Ref": "CustomerPageHeadersPolicy"}
    assert config["DefaultRootObject"] == "index.html"


def test_the_content_security_policy_allows_no_third_party_origin(headers):
    policy = csp(headers)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    for directive in ["script-src", "style-src", "img-src", "form-action"]:
        assert directives[directive] == "'self'", directive
    # Connections: the page's origin and the two providers' token endpoints (the code exchange).
    assert directives["connect-src"] == "'self' ${SignInTokenEndpoint} ${IdentityTokenEndpoint}"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "*" not in policy and "unsafe" not in policy and "data:" not in policy
    assert headers["ContentSecurityPolicy"]["Override"] is True


def test_the_other_security_headers_are_set_and_override_the_origin(headers):
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["StrictTransportSecurity"]["IncludeSubdomains"] is True
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] in {"no-referrer", "strict-origin-when-cross-origin"}
    assert "ContentTypeOptions" in headers
    for name in ["StrictTransportSecurity", "FrameOptions", "ReferrerPolicy", "ContentTypeOptions"]:
        assert headers[name]["Override"] is True, name


def test_the_local_page_sends_the_same_policy_but_for_the_token_endpoints(headers):
    # Locally the providers are on the page's origin, so 'self' stands for their token endpoints.
    source = (REPO_ROOT / "infra/local/run/src/main/java/kr/compensation/voucher/local/CustomerPage.java").read_text()
    local = "".join(re.findall(r'"([^"]*)"', source.split("CONTENT_SECURITY_POLICY =", 1)[1].split(";\n", 1)[0]))
    assert local == csp(headers).replace(" ${SignInTokenEndpoint} ${IdentityTokenEndpoint}", "")


@pytest.mark.parametrize("parameter", ENDPOINT_PARAMETERS)
def test_provider_endpoints_are_https_urls_that_cannot_break_the_policy(template, parameter):
    pattern = re.compile(template["Parameters"][parameter]["AllowedPattern"])
    assert pattern.fullmatch("https://login.example.co.kr/oauth2/token")
    for refused in ["http://login.example.co.kr/token", "https://a.example; script-src *", "https://*", "https://a 'self'"]:
        assert not pattern.fullmatch(refused), refused


def test_the_page_config_output_names_every_provider_setting(template):
    output = template["Outputs"]["CustomerPageConfig"]
    assert output["Condition"] == "HasEdge"
    document = json.loads(output["Value"]["Fn::Sub"])
    assert document["opensAt"] == "${OpensAt}"
    assert document["providers"]["sign-in"] == {
        "authorizationEndpoint": "${SignInAuthorizationEndpoint}",
        "tokenEndpoint": "${SignInTokenEndpoint}",
        "clientId": "${SignInClientId}",
    }
    assert document["providers"]["identity-verification"]["clientId"] == "${IdentityClientId}"


def test_the_page_loads_only_its_own_files_and_runs_no_inline_code():
    html = (PAGE / "index.html").read_text(encoding="utf-8")
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/") and not url.startswith("//"), url
        assert (PAGE / url.lstrip("/")).is_file(), url
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_the_page_has_a_sentence_in_both_languages_for_every_problem_type_of_the_api():
    problem_type = next(REPO_ROOT.glob("functions/lookup/src/main/java/**/ProblemType.java")).read_text(encoding="utf-8")
    slugs = re.findall(r'^\s+[A-Z_]+\("([a-z-]+)", \d{3},', problem_type, re.MULTILINE)
    assert len(slugs) >= 8
    script = (PAGE / "app.js").read_text(encoding="utf-8")
    # PROBLEMS holds each problem's heading and detail in both languages side by side.
    block = script.split("const PROBLEMS = {\n", 1)[1].split("\n  };\n", 1)[0]
    entries = dict(re.findall(r"^    '?([a-z-]+)'?: \{\n(.*?)^    \},?$", block, re.MULTILINE | re.DOTALL))
    # throttled: API Gateway's 429, which carries no problem type.
    assert set(slugs) | {"throttled"} <= set(entries), set(slugs) - set(entries)
    for slug, texts in entries.items():
        for language in ["ko", "en"]:
            sentence = re.search(rf"^      {language}: \['([^']+)', '([^']+)'\],$", texts, re.MULTILINE)
            assert sentence, (slug, language)
