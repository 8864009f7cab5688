"""The edge web ACL (infra/waf/web-acl.yaml, deployed to us-east-1): what it refuses, and that it lints clean.

infra/bin/test-all lints and scans template.yaml itself; this second template is linted and scanned here.
"""

import os
import subprocess

import pytest
from cfnlint.api import ManualArgs, lint_file
from samtranslator.yaml_helper import yaml_parse

from conftest import REPO_ROOT

WEB_ACL_TEMPLATE = REPO_ROOT / "infra" / "waf" / "web-acl.yaml"
CHECKOV = REPO_ROOT / ".venv" / "checkov" / "bin" / "checkov"


@pytest.fixture(scope="module")
def waf_template():
    return yaml_parse(WEB_ACL_TEMPLATE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def web_acl(waf_template):
    return waf_template["Resources"]["WebAcl"]["Properties"]


@pytest.fixture(scope="module")
def rules(web_acl):
    return {rule["Name"]: rule for rule in web_acl["Rules"]}


def test_the_web_acl_is_for_cloudfront_and_lets_through_what_no_rule_refuses(web_acl):
    assert web_acl["Scope"] == "CLOUDFRONT"
    assert web_acl["DefaultAction"] == {"Allow": {}}


def test_rules_run_cheapest_first_each_at_its_own_priority(web_acl):
    names = [rule["Name"] for rule in sorted(web_acl["Rules"], key=lambda rule: rule["Priority"])]
    assert names == ["ip-reputation", "rate-per-ip", "known-bad-inputs", "common-rule-set"]


def test_one_address_is_limited_per_minute_and_told_when_to_retry(rules):
    rule = rules["rate-per-ip"]
    statement = rule["Statement"]["RateBasedStatement"]
    assert statement == {"AggregateKeyType": "IP", "Limit": {"Ref": "RequestsPerIpPerMinute"}, "EvaluationWindowSec": 60}
    condition, blocking, counting = rule["Action"]["Fn::If"]
    assert condition == "Blocking"
    assert counting == {"Count": {}}
    response = blocking["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 429
    assert response["ResponseHeaders"] == [{"Name": "Retry-After", "Value": "60"}]


def test_the_rate_limit_answers_like_api_gateways_own_throttle(web_acl, rules):
    key = rules["rate-per-ip"]["Action"]["Fn::If"][1]["Block"]["CustomResponse"]["CustomResponseBodyKey"]
    body = web_acl["CustomResponseBodies"][key]
    assert body == {"ContentType": "APPLICATION_JSON", "Content": '{"message":"Too Many Requests"}'}


@pytest.mark.parametrize(
    "rule_name, group",
    [
        ("ip-reputation", "AWSManagedRulesAmazonIpReputationList"),
        ("known-bad-inputs", "AWSManagedRulesKnownBadInputsRuleSet"),
        ("common-rule-set", "AWSManagedRulesCommonRuleSet"),
    ],
)
def test_aws_managed_rule_groups_inspect_every_request(rules, rule_name, group):
    statement = rules[rule_name]["Statement"]["ManagedRuleGroupStatement"]
    assert statement == {"VendorName": "AWS", "Name": group}


@pytest.mark.parametrize("rule_name", ["ip-reputation", "common-rule-set"])
def test_count_mode_turns_the_tunable_groups_into_counters(rules, rule_name):
    assert rules[rule_name]["OverrideAction"] == {"Fn::If": ["Blocking", {"None": {}}, {"Count": {}}]}


def test_known_exploit_patterns_are_blocked_even_in_count_mode(rules):
    # Log4j lookups and Java deserialization probes: the functions run on the JVM.
    assert rules["known-bad-inputs"]["OverrideAction"] == {"None": {}}


def test_requests_are_counted_in_metrics_but_never_sampled_with_their_headers(web_acl):
    # A sampled request shows the viewer's address and bearer token to console users.
    configs = [web_acl["VisibilityConfig"]] + [rule["VisibilityConfig"] for rule in web_acl["Rules"]]
    assert all(config["CloudWatchMetricsEnabled"] is True for config in configs)
    assert all(config["SampledRequestsEnabled"] is False for config in configs)
    metric_names = [config["MetricName"] for config in configs]
    assert len(set(metric_names)) == len(metric_names)


def test_the_web_acl_is_not_logged(waf_template):
    # WAF logs carry the viewer's IP address and every header, the bearer token included.
    types = {resource["Type"] for resource in waf_template["Resources"].values()}
    assert "AWS::WAFv2::LoggingConfiguration" not in types


def test_the_web_acl_arn_is_an_output_for_the_voucher_stack(waf_template):
    assert waf_template["Outputs"]["WebAclArn"]["Value"] == {"Fn::GetAtt": ["WebAcl", "Arn"]}
    assert all(output.get("Description") for output in waf_template["Outputs"].values())


def test_the_web_acl_template_passes_cfn_lint_for_us_east_1():
    matches = lint_file(WEB_ACL_TEMPLATE, ManualArgs(regions=["us-east-1"]))
    assert [str(match) for match in matches] == []


def test_the_web_acl_template_passes_checkov():
    if not CHECKOV.exists():
        pytest.skip("no .venv/checkov (infra/bin/bootstrap creates it)")
    # Offline, like infra/bin/test-all: no platform download, no update check.
    environment = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE"}
    result = subprocess.run(
        [str(CHECKOV), "--file", str(WEB_ACL_TEMPLATE), "--framework", "cloudformation", "--skip-download",
         "--compact", "--quiet"],
        capture_output=True, text=True, env=environment, check=False, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
