"""samconfig.toml: each environment deploys the template with values the template accepts."""

import re
import tomllib

import pytest

from conftest import EDGE, REPO_ROOT, refused_by_rules

SAMCONFIG = REPO_ROOT / "samconfig.toml"


@pytest.fixture(scope="module")
def samconfig():
    with SAMCONFIG.open("rb") as file:
        return tomllib.load(file)


def overrides(samconfig, environment):
    pairs = [entry.split("=", 1) for entry in samconfig[environment]["deploy"]["parameters"]["parameter_overrides"]]
    values = dict(pairs)
    assert len(values) == len(pairs), "a parameter is set twice"
    return values


def deployed_values(template, samconfig, environment):
    """What CloudFormation gets: the environment's overrides over the template's defaults."""
    defaults = {name: parameter.get("Default") for name, parameter in template["Parameters"].items()}
    return {**defaults, **overrides(samconfig, environment)}


def test_a_bare_sam_deploy_deploys_nowhere(samconfig):
    assert "deploy" not in samconfig["default"]


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_each_environment_sets_only_parameters_the_template_has_with_values_it_accepts(
    template, samconfig, environment
):
    parameters = template["Parameters"]
    for name, value in overrides(samconfig, environment).items():
        assert name in parameters, name
        parameter = parameters[name]
        if "AllowedPattern" in parameter:
            assert re.fullmatch(parameter["AllowedPattern"], value), (name, value)
        if "AllowedValues" in parameter:
            assert value in parameter["AllowedValues"], (name, value)
        if parameter["Type"] == "Number":
            assert parameter.get("MinValue", float("-inf")) <= float(value) <= parameter.get("MaxValue", float("inf"))


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_each_environment_names_its_stage_and_every_parameter_without_a_default(template, samconfig, environment):
    values = overrides(samconfig, environment)
    assert values["Stage"] == environment
    required = {name for name, parameter in template["Parameters"].items() if "Default" not in parameter}
    assert required <= set(values)


def test_dev_deploys_without_the_edge(template, samconfig):
    assert refused_by_rules(template, deployed_values(template, samconfig, "dev")) == []


def test_prod_deploys_once_its_edge_settings_are_added_and_not_before(template, samconfig):
    values = deployed_values(template, samconfig, "prod")
    assert refused_by_rules(template, values) != []
    assert refused_by_rules(template, {**values, **EDGE}) == []


def test_prod_states_its_opening_instant_and_asks_before_changing_anything(samconfig):
    assert "OpensAt" in overrides(samconfig, "prod")
    assert samconfig["prod"]["deploy"]["parameters"]["confirm_changeset"] is True
