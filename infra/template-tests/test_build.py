"""The sam build path: the root Makefile builds each function, and the artifact holds its handler."""

import os
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest

from conftest import REPO_ROOT, resources_of_type

MAKEFILE = REPO_ROOT / "Makefile"


def makefile_functions(template):
    return {
        logical_id: resource
        for logical_id, resource in resources_of_type(template, "AWS::Serverless::Function").items()
        if resource.get("Metadata", {}).get("BuildMethod") == "makefile"
    }


def test_both_functions_are_built_by_the_root_makefile(template):
    functions = makefile_functions(template)
    assert set(functions) == {"LookupFunction", "IssuerFunction"}
    targets = set(re.findall(r"^(build-\w+):", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE))
    assert targets == {f"build-{logical_id}" for logical_id in functions}
    assert all(resource["Properties"]["CodeUri"] == "." for resource in functions.values())


def test_the_makefile_copies_the_jar_of_the_version_the_poms_build():
    pom = ElementTree.parse(REPO_ROOT / "pom.xml").getroot()
    version = pom.find("{http://maven.apache.org/POM/4.0.0}version").text
    (makefile_version,) = re.findall(r"^VERSION := (\S+)$", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE)
    assert makefile_version == version


@pytest.mark.parametrize("function_id", ["LookupFunction", "IssuerFunction"])
def test_the_built_artifact_puts_a_jar_with_the_handler_under_lib(template, function_id):
    build_dir = os.environ.get("VOUCHER_SAM_BUILD_DIR")
    artifact = Path(build_dir or "/nonexistent") / function_id
    if not artifact.is_dir():
        pytest.skip("no sam build output (infra/bin/test-all builds it and sets VOUCHER_SAM_BUILD_DIR)")
    jars = sorted((artifact / "lib").glob("*.jar"))
    assert len(jars) == 1, jars
    handler = template["Resources"][function_id]["Properties"]["Handler"].split("::")[0]
    with zipfile.ZipFile(jars[0]) as jar:
        assert handler.replace(".", "/") + ".class" in jar.namelist()
