"""Fixtures for the template tests: template.yaml as written, and as the SAM transform expands it.

The expansion is what CloudFormation deploys, so checks about roles, event source mappings and API
routes read it; checks about what we wrote (parameters, comments aside) read the template itself.
"""

import copy
import os
from pathlib import Path

import pytest
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_PATH = REPO_ROOT / "template.yaml"


class NoManagedPolicies:
    """The translator asks IAM for managed policy ARNs by name; the template uses none."""

    def load(self):
        return {}


@pytest.fixture(scope="session")
def template():
    return yaml_parse(TEMPLATE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def expanded(template):
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-2")
    source = copy.deepcopy(template)
    for resource in source["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            # `sam package` would replace the local path by an S3 location; the translator insists on one.
            resource["Properties"]["CodeUri"] = "s3://template-tests/placeholder.zip"
    return transform(source, {}, NoManagedPolicies())


def resources_of_type(template, resource_type):
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


# Edge settings as ops would give them (the three together), and as dev gives them (none).
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/voucher-prod-edge/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
EDGE = {"EdgeDomainName": "voucher.example.co.kr", "EdgeCertificateArn": CERTIFICATE, "EdgeWebAclArn": WEB_ACL}
NO_EDGE = {"EdgeDomainName": "", "EdgeCertificateArn": "", "EdgeWebAclArn": ""}


def evaluate(expression, parameters):
    """The condition functions CloudFormation evaluates in Conditions and Rules, over parameter values."""
    if not isinstance(expression, dict):
        return expression
    ((function, argument),) = expression.items()
    if function == "Ref":
        return parameters[argument]
    if function == "Fn::Equals":
        left, right = (evaluate(value, parameters) for value in argument)
        return left == right
    if function == "Fn::Not":
        return not evaluate(argument[0], parameters)
    if function == "Fn::And":
        return all(evaluate(value, parameters) for value in argument)
    if function == "Fn::Or":
        return any(evaluate(value, parameters) for value in argument)
    raise AssertionError(f"no evaluator for {function}")


def refused_by_rules(template, parameters):
    """AssertDescriptions of the Rules that a deploy with these parameters fails, before any resource changes."""
    refused = []
    for rule in template["Rules"].values():
        if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], parameters):
            continue
        refused += [a["AssertDescription"] for a in rule["Assertions"] if not evaluate(a["Assert"], parameters)]
    return refused
