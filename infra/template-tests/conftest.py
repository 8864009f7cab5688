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
