"""The two functions: what runs, how it starts, and which settings it is given."""

import re

import pytest

from conftest import REPO_ROOT, resources_of_type

HANDLERS = {
    "LookupFunction": "kr.compensation.voucher.lookup.LookupHandler",
    "IssuerFunction": "kr.compensation.voucher.issuer.IssuerHandler",
}

# The infrastructure contract: exactly these variables, nothing the code does not read.
CONTRACT_ENVIRONMENT = {
    "LookupFunction": {
        "TABLE_NAME", "QUEUE_URL", "OPENS_AT", "VOUCHER_AMOUNT",
        "PEPPER_PARAMETER", "SIGN_IN_ISSUER", "IDENTITY_ISSUER",
    },
    "IssuerFunction": {"TABLE_NAME", "VOUCHER_AMOUNT", "VOUCHER_VALIDITY_DAYS"},
}


def test_the_template_declares_exactly_the_two_contract_functions(expanded):
    assert set(resources_of_type(expanded, "AWS::Lambda::Function")) == set(HANDLERS)


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_each_function_runs_its_contract_handler_on_java21_arm64(expanded, function_id):
    properties = expanded["Resources"][function_id]["Properties"]
    assert properties["Handler"] == HANDLERS[function_id]
    assert properties["Runtime"] == "java21"
    assert properties["Architectures"] == ["arm64"]


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_each_function_restores_from_a_snapstart_snapshot_of_a_published_version(expanded, function_id):
    resources = expanded["Resources"]
    assert resources[function_id]["Properties"]["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    aliases = [
        alias for alias in resources_of_type(expanded, "AWS::Lambda::Alias").values()
        if alias["Properties"]["FunctionName"] == {"Ref": function_id}
    ]
    assert [alias["Properties"]["Name"] for alias in aliases] == ["live"]


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_a_changed_setting_alone_publishes_a_new_version(template, function_id):
    # Otherwise the alias keeps serving the version with the old environment (e.g. OpensAt).
    assert template["Resources"][function_id]["Properties"]["AutoPublishAliasAllProperties"] is True


def test_every_event_invokes_the_alias_not_the_unpublished_function(expanded):
    mappings = resources_of_type(expanded, "AWS::Lambda::EventSourceMapping").values()
    permissions = resources_of_type(expanded, "AWS::Lambda::Permission").values()
    targets = [m["Properties"]["FunctionName"] for m in mappings]
    targets += [p["Properties"]["FunctionName"] for p in permissions]
    assert targets
    assert all(target in ({"Ref": "LookupFunctionAliaslive"}, {"Ref": "IssuerFunctionAliaslive"}) for target in targets)


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_each_function_gets_exactly_the_contract_environment(expanded, function_id):
    variables = expanded["Resources"][function_id]["Properties"]["Environment"]["Variables"]
    assert set(variables) == CONTRACT_ENVIRONMENT[function_id]


# Where each handler's Micronaut configuration lives: the handler names its environment, and the
# environment's application-<name>.properties maps environment variables to settings.
HANDLER_SOURCES = {
    "LookupFunction": "functions/lookup/src/main/java/kr/compensation/voucher/lookup/LookupHandler.java",
    "IssuerFunction": "functions/issuer/src/main/java/kr/compensation/voucher/issuer/IssuerHandler.java",
}

# Lambda sets these in every function's environment itself; the template cannot pass them.
LAMBDA_RUNTIME_VARIABLES = {
    "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_EXECUTION_ENV", "_X_AMZN_TRACE_ID",
}


def variables_the_code_reads(function_id):
    handler = (REPO_ROOT / HANDLER_SOURCES[function_id]).read_text(encoding="utf-8")
    (environment,) = re.findall(r'String ENVIRONMENT = "([a-z-]+)";', handler)
    config = REPO_ROOT / HANDLER_SOURCES[function_id].split("/src/")[0] / f"src/main/resources/application-{environment}.properties"
    text = "\n".join(line.split("#")[0] for line in config.read_text(encoding="utf-8").splitlines())
    return set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", text)) - LAMBDA_RUNTIME_VARIABLES


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_every_variable_the_template_sets_is_one_the_code_reads_and_vice_versa(expanded, function_id):
    # A variable set but not read is a setting ops change to no effect; one read but not set runs on
    # its fallback (often empty) in AWS. The code reads them as ${NAME...} in application-<env>.properties.
    variables = set(expanded["Resources"][function_id]["Properties"]["Environment"]["Variables"])
    assert variables == variables_the_code_reads(function_id)


def test_names_reach_the_functions_by_reference_never_hard_coded(expanded):
    lookup = expanded["Resources"]["LookupFunction"]["Properties"]["Environment"]["Variables"]
    issuer = expanded["Resources"]["IssuerFunction"]["Properties"]["Environment"]["Variables"]
    assert lookup["TABLE_NAME"] == issuer["TABLE_NAME"] == {"Ref": "EligibilityTable"}
    assert lookup["QUEUE_URL"] == {"Ref": "IssueRequestQueue"}
    assert lookup["OPENS_AT"] == {"Ref": "OpensAt"}
    assert lookup["PEPPER_PARAMETER"] == {"Ref": "PepperParameterName"}
    assert lookup["SIGN_IN_ISSUER"] == {"Ref": "SignInIssuer"}
    assert lookup["IDENTITY_ISSUER"] == {"Ref": "IdentityIssuer"}
    assert issuer["VOUCHER_VALIDITY_DAYS"] == {"Ref": "VoucherValidityDays"}


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_each_function_logs_json_into_its_own_log_group_with_retention(expanded, function_id):
    resources = expanded["Resources"]
    logging = resources[function_id]["Properties"]["LoggingConfig"]
    assert logging["LogFormat"] == "JSON"
    log_group = resources[logging["LogGroup"]["Ref"]]
    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert "RetentionInDays" in log_group["Properties"]


@pytest.mark.parametrize("function_id", sorted(HANDLERS))
def test_each_function_is_traced(expanded, function_id):
    assert expanded["Resources"][function_id]["Properties"]["TracingConfig"] == {"Mode": "Active"}


def test_the_opening_instant_must_carry_an_offset(template):
    parameter = template["Parameters"]["OpensAt"]
    pattern = re.compile(parameter["AllowedPattern"])
    assert pattern.fullmatch(parameter["Default"])
    assert pattern.fullmatch("2027-01-15T00:00:00Z")
    assert not pattern.fullmatch("2027-01-15T00:00:00")
    assert not pattern.fullmatch("2027-01-15")
