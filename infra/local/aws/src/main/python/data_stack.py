"""Prints the data part of a SAM template as a plain CloudFormation JSON template.

Usage: python data_stack.py TEMPLATE [--parameter KEY=VALUE ...]

The local harness creates the stack's tables and queues from template.yaml itself, so that tests and
the local run never drift from what is deployed. It cannot hand the SAM template to an emulator as it
is: moto does not expand the SAM transform, and creating Lambda functions or SQS event source
mappings in moto makes every SendMessage try (and fail) to invoke the function through Docker. So
this script expands the transform offline with aws-sam-translator and keeps only the resource types
listed in DATA_RESOURCE_TYPES, plus the Parameters, Conditions and Mappings those resources use.

Exit status: 0 with the template on stdout; 2 with a message on stderr when the template cannot be
read or a data resource depends on something that is not data (the emulator could not create it).
"""

import argparse
import json
import os
import re
import sys

import yaml

DATA_RESOURCE_TYPES = ("AWS::DynamoDB::Table", "AWS::SQS::Queue")

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"

# Parameters CloudFormation defines itself; they are never declared in a template.
PSEUDO_PARAMETER_PREFIX = "AWS::"

# SAM resources whose code or definition would be uploaded by `sam package`. The translator insists
# on an S3 location; the value never matters because these resources are dropped afterwards.
PACKAGED_PROPERTIES = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::LayerVersion": "ContentUri",
    "AWS::Serverless::Api": "DefinitionUri",
    "AWS::Serverless::HttpApi": "DefinitionUri",
    "AWS::Serverless::StateMachine": "DefinitionUri",
    "AWS::Serverless::GraphQLApi": "SchemaUri",
}
PLACEHOLDER_LOCATION = "s3://voucher-local-placeholder/{logical_id}.zip"

SUB_VARIABLE = re.compile(r"\$\{([^!}][^}]*)\}")


class TemplateError(Exception):
    pass


class CloudFormationLoader(yaml.SafeLoader):
    """Reads the short forms of intrinsic functions (!Ref, !GetAtt, !If, ...) as their long forms."""


def _intrinsic(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "Condition":
        return {"Condition": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        return {"Fn::GetAtt": [resource, attribute]}
    return {"Fn::" + tag_suffix: value}


CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_template(path):
    try:
        with open(path, encoding="utf-8") as source:
            template = yaml.load(source, Loader=CloudFormationLoader)  # noqa: S506 - SafeLoader subclass
    except OSError as error:
        raise TemplateError(f"cannot read template {path}: {error}") from error
    except yaml.YAMLError as error:
        raise TemplateError(f"template {path} is not valid YAML/JSON: {error}") from error
    if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
        raise TemplateError(f"template {path} has no Resources section")
    return template


def uses_sam_transform(template):
    transform = template.get("Transform")
    transforms = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in transforms


def parameter_values(template, overrides):
    values = {
        name: declaration["Default"]
        for name, declaration in (template.get("Parameters") or {}).items()
        if isinstance(declaration, dict) and "Default" in declaration
    }
    values.update(overrides)
    return values


def expand_sam(template, parameters):
    # Imported here so that templates without the transform need no translator at all.
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        """The translator asks IAM for managed policy ARNs; roles are dropped, so none are needed."""

        def load(self):
            return {}

    for logical_id, resource in template["Resources"].items():
        packaged = PACKAGED_PROPERTIES.get(resource.get("Type"))
        properties = resource.get("Properties")
        if packaged and isinstance(properties, dict) and packaged in properties:
            properties[packaged] = PLACEHOLDER_LOCATION.format(logical_id=logical_id)
    function_globals = (template.get("Globals") or {}).get("Function") or {}
    if "CodeUri" in function_globals:
        function_globals["CodeUri"] = PLACEHOLDER_LOCATION.format(logical_id="Globals")
    try:
        return transform(template, parameters, NoManagedPolicies())
    except Exception as error:  # the translator reports invalid templates with several exception types
        raise TemplateError(f"the SAM transform rejected the template: {error}") from error


class References:
    def __init__(self):
        self.names = set()  # Ref / GetAtt / Sub targets: parameters, resources or pseudo parameters
        self.conditions = set()
        self.mappings = set()

    def collect(self, node):
        if isinstance(node, list):
            for item in node:
                self.collect(item)
            return
        if not isinstance(node, dict):
            return
        if len(node) == 1:
            (key, value), = node.items()
            if key == "Ref" and isinstance(value, str):
                self.names.add(value)
                return
            if key == "Condition" and isinstance(value, str):
                self.conditions.add(value)
                return
            if key == "Fn::GetAtt":
                target = value[0] if isinstance(value, list) else str(value).partition(".")[0]
                self.names.add(target)
                self.collect(value[1:] if isinstance(value, list) else [])
                return
            if key == "Fn::If" and isinstance(value, list) and value:
                self.conditions.add(value[0])
                self.collect(value[1:])
                return
            if key == "Fn::FindInMap" and isinstance(value, list) and value:
                if isinstance(value[0], str):
                    self.mappings.add(value[0])
                else:
                    self.collect(value[0])
                self.collect(value[1:])
                return
            if key == "Fn::Sub":
                text, variables = (value[0], value[1]) if isinstance(value, list) else (value, {})
                for name in SUB_VARIABLE.findall(text):
                    name = name.partition(".")[0].strip()
                    if name not in variables:
                        self.names.add(name)
                self.collect(variables)
                return
        for value in node.values():
            self.collect(value)


def data_only(template, overrides):
    resources = template["Resources"]
    kept = {
        logical_id: resource
        for logical_id, resource in resources.items()
        if resource.get("Type") in DATA_RESOURCE_TYPES
    }
    if not kept:
        raise TemplateError(f"the template declares none of {', '.join(DATA_RESOURCE_TYPES)}")

    declared_parameters = template.get("Parameters") or {}
    declared_conditions = template.get("Conditions") or {}
    declared_mappings = template.get("Mappings") or {}

    references = References()
    data_resources = {}
    for logical_id, resource in kept.items():
        resource = {key: value for key, value in resource.items() if key != "Metadata"}
        # DependsOn only orders creation; a data resource waiting for a dropped function or role
        # would otherwise point at a resource that no longer exists.
        depends_on = resource.pop("DependsOn", None)
        depends_on = [depends_on] if isinstance(depends_on, str) else (depends_on or [])
        depends_on = [name for name in depends_on if name in kept]
        if depends_on:
            resource["DependsOn"] = depends_on
        if "Condition" in resource:
            references.conditions.add(resource["Condition"])
        references.collect(resource.get("Properties"))
        data_resources[logical_id] = resource

    # Conditions may use parameters, mappings and other conditions: follow them to a fixed point.
    seen_conditions = set()
    while references.conditions - seen_conditions:
        name = sorted(references.conditions - seen_conditions)[0]
        seen_conditions.add(name)
        if name not in declared_conditions:
            raise TemplateError(f"condition {name} is used but not declared")
        references.collect(declared_conditions[name])

    unknown = sorted(
        name
        for name in references.names
        if not name.startswith(PSEUDO_PARAMETER_PREFIX)
        and name not in declared_parameters
        and name not in data_resources
    )
    if unknown:
        raise TemplateError(
            "the tables and queues refer to resources that are not tables or queues, "
            f"which the local emulator cannot create: {', '.join(unknown)}"
        )

    data = {"AWSTemplateFormatVersion": "2010-09-09", "Description": "Data resources of the voucher stack, for local emulators."}
    # Overrides become the defaults, so the emulator's stack needs no parameter values at all and
    # the caller need not know which parameters survived the filtering.
    parameters = {
        name: dict(declared_parameters[name], **({"Default": overrides[name]} if name in overrides else {}))
        for name in sorted(references.names)
        if name in declared_parameters
    }
    if parameters:
        data["Parameters"] = parameters
    if references.mappings:
        data["Mappings"] = {name: declared_mappings[name] for name in sorted(references.mappings)}
    if seen_conditions:
        data["Conditions"] = {name: declared_conditions[name] for name in sorted(seen_conditions)}
    data["Resources"] = data_resources
    return data


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", help="path of the SAM or CloudFormation template")
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="parameter value for the transform and default of the data template (repeatable)",
    )
    arguments = parser.parse_args(argv)
    overrides = {}
    for pair in arguments.parameter:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            parser.error(f"--parameter expects KEY=VALUE, got {pair!r}")
        overrides[key] = value
    return arguments.template, overrides


def main(argv):
    template_path, overrides = parse_arguments(argv)
    try:
        template = load_template(template_path)
        if uses_sam_transform(template):
            template = expand_sam(template, parameter_values(template, overrides))
        json.dump(data_only(template, overrides), sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    except TemplateError as error:
        print(f"data_stack.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    os.environ.setdefault("AWS_DEFAULT_REGION", "ap-northeast-2")
    sys.exit(main(sys.argv[1:]))
