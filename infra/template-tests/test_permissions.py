"""What each function may do: named actions on named resources, nothing granted by wildcard."""

import re

import pytest

from conftest import REPO_ROOT, resources_of_type

IAM_TYPES = ("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")

# X-Ray offers no resource-level permissions for writing traces: "*" is the only possible resource.
RESOURCE_WILDCARD_ALLOWED = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}


def as_list(value):
    return value if isinstance(value, list) else [value]


def iam_statements(template):
    """(logical id, statement) for every statement of every IAM role and policy, trust policies included."""
    for logical_id, statement in policy_statements(template):
        if template["Resources"][logical_id]["Type"] in IAM_TYPES:
            yield logical_id, statement


def policy_statements(template):
    """(logical id, statement) for every policy document of any resource: IAM, key, queue, topic policies."""
    for logical_id, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        documents = [properties.get(name) for name in ("AssumeRolePolicyDocument", "PolicyDocument", "KeyPolicy")]
        documents += [policy["PolicyDocument"] for policy in properties.get("Policies", [])]
        for document in filter(None, documents):
            for statement in as_list(document["Statement"]):
                yield logical_id, statement


def granted(template, role_id):
    """{action: [resource, ...]} that the role's inline policies allow."""
    grants = {}
    role = template["Resources"][role_id]["Properties"]
    for policy in role["Policies"]:
        for statement in as_list(policy["PolicyDocument"]["Statement"]):
            assert statement["Effect"] == "Allow"
            for action in as_list(statement["Action"]):
                grants.setdefault(action, []).extend(as_list(statement["Resource"]))
    return grants


@pytest.mark.parametrize("which", ["template", "expanded"])
def test_no_policy_statement_grants_a_wildcard_action(request, which):
    # Key policies too: the alarm topic key names its actions instead of AWS's default kms:*.
    statements = list(policy_statements(request.getfixturevalue(which)))
    assert {"LookupFunctionRole", "IssuerFunctionRole", "AlarmTopicKey"} <= {logical_id for logical_id, _ in statements}
    offending = [
        (logical_id, action)
        for logical_id, statement in statements
        for action in as_list(statement.get("Action", [])) + as_list(statement.get("NotAction", []))
        if "*" in action
    ]
    assert offending == []


@pytest.mark.parametrize("which", ["template", "expanded"])
def test_a_resource_wildcard_appears_only_where_the_service_allows_nothing_narrower(request, which):
    offending = [
        (logical_id, statement.get("Action"))
        for logical_id, statement in iam_statements(request.getfixturevalue(which))
        if "*" in as_list(statement.get("Resource", []))
        and not set(as_list(statement["Action"])) <= RESOURCE_WILDCARD_ALLOWED
    ]
    assert offending == []


def test_no_role_carries_a_managed_policy_whose_statements_this_template_cannot_show(expanded):
    # SAM would attach AWSLambdaSQSQueueExecutionRole (every queue) and AWSLambdaBasicExecutionRole
    # (every log group) to a role it generates; the functions use their own roles instead.
    roles = resources_of_type(expanded, "AWS::IAM::Role")
    assert set(roles) == {"LookupFunctionRole", "IssuerFunctionRole", "VoucherEventPipeRole"}
    assert all("ManagedPolicyArns" not in role["Properties"] for role in roles.values())


def test_each_function_assumes_its_own_role(expanded):
    resources = expanded["Resources"]
    assert resources["LookupFunction"]["Properties"]["Role"] == {"Fn::GetAtt": ["LookupFunctionRole", "Arn"]}
    assert resources["IssuerFunction"]["Properties"]["Role"] == {"Fn::GetAtt": ["IssuerFunctionRole", "Arn"]}


def test_the_lookup_function_reads_and_claims_eligibility_queues_requests_and_reads_the_pepper(template):
    assert granted(template, "LookupFunctionRole") == {
        "logs:CreateLogStream": [{"Fn::GetAtt": ["LookupFunctionLogGroup", "Arn"]}],
        "logs:PutLogEvents": [{"Fn::GetAtt": ["LookupFunctionLogGroup", "Arn"]}],
        "xray:PutTraceSegments": ["*"],
        "xray:PutTelemetryRecords": ["*"],
        "dynamodb:GetItem": [{"Fn::GetAtt": ["EligibilityTable", "Arn"]}],
        "dynamodb:UpdateItem": [{"Fn::GetAtt": ["EligibilityTable", "Arn"]}],
        "sqs:SendMessage": [{"Fn::GetAtt": ["IssueRequestQueue", "Arn"]}],
        "ssm:GetParameter": [
            {"Fn::Sub": "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${PepperParameterName}"}
        ],
    }


def test_the_issuer_function_consumes_issue_requests_and_only_updates_eligibility(template):
    queue = [{"Fn::GetAtt": ["IssueRequestQueue", "Arn"]}]
    assert granted(template, "IssuerFunctionRole") == {
        "logs:CreateLogStream": [{"Fn::GetAtt": ["IssuerFunctionLogGroup", "Arn"]}],
        "logs:PutLogEvents": [{"Fn::GetAtt": ["IssuerFunctionLogGroup", "Arn"]}],
        "xray:PutTraceSegments": ["*"],
        "xray:PutTelemetryRecords": ["*"],
        "dynamodb:UpdateItem": [{"Fn::GetAtt": ["EligibilityTable", "Arn"]}],
        "sqs:ReceiveMessage": queue,
        "sqs:DeleteMessage": queue,
        "sqs:GetQueueAttributes": queue,
        "sqs:ChangeMessageVisibility": queue,
    }


def test_the_pepper_parameter_name_is_absolute_so_its_arn_is_well_formed(template):
    # parameter${Name} in the ARN needs the leading slash of the name.
    parameter = template["Parameters"]["PepperParameterName"]
    pattern = re.compile(parameter["AllowedPattern"])
    assert pattern.fullmatch(parameter["Default"])
    assert not pattern.fullmatch("voucher/customer-key-pepper")


def test_no_long_lived_credential_is_created_or_written_anywhere(template):
    # The breach behind this system came from a leaked long-lived key: functions run on their roles'
    # temporary credentials, operators on SSO sessions; nothing here makes or holds a key.
    long_lived = {"AWS::IAM::User", "AWS::IAM::AccessKey", "AWS::IAM::UserToGroupAddition"}
    assert not [r["Type"] for r in template["Resources"].values() if r["Type"] in long_lived]
    for path in ("template.yaml", "samconfig.toml", "infra/waf/web-acl.yaml"):
        text = (REPO_ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"\b(AKIA|ASIA)[A-Z0-9]{16}\b", text), path
        assert not re.search(r"(?i)aws_secret_access_key|SecretAccessKey", text), path
