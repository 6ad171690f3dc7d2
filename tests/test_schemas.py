"""The JSON Schemas, checked by a second, independent validator (Ajv, from npm) beside the
project's own (Python's jsonschema): every shipped data file, and the examples in
tests/schema_examples/<schema>/ (valid-*.yml and invalid-*.yml), on which both must agree."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import ROOT, SCHEMAS, ajv_validate
from playbook.load import iter_data_files
from playbook.project import SCHEMA_BASE_URL
from playbook.schema_check import check_document, validators
from playbook.yaml_loader import YamlDocument, load_yaml_file

EXAMPLES = ROOT / "tests" / "schema_examples"
SCHEMA_NAMES = sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.yml"))


def _header(path: Path) -> dict[str, str]:
    """The '# key: value' comment lines at the top of an example file."""
    header = {}
    for line in path.read_text("utf-8").splitlines()[1:]:
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value
    return header


def _target(path: Path) -> str:
    """The $id (and fragment, for a shared definition) an example is checked against."""
    schema = f"{SCHEMA_BASE_URL}{path.parent.name}.schema.json"
    definition = _header(path).get("definition")
    return f"{schema}#/definitions/{definition}" if definition else schema


def _python_problems(document: YamlDocument, target: str) -> list[str]:
    name = target.removeprefix(SCHEMA_BASE_URL).split("#")[0]
    validator = validators(SCHEMAS)[name]
    if "#" in target:
        validator = validator.evolve(schema={"$ref": target})
    return [str(problem) for problem in check_document(document, validator)]


def _shipped_cases() -> list[tuple[Path, str]]:
    return [(path, f"{SCHEMA_BASE_URL}{kind.schema}") for kind, path in iter_data_files(ROOT / "playbook_data")]


@lru_cache(maxsize=None)
def _ajv_verdicts() -> dict[tuple[Path, str], dict]:
    """Ajv's {valid, errors} for every shipped file and example, keyed by (file, target): one node run."""
    cases = _shipped_cases() + [(p, _target(p)) for p in EXAMPLE_FILES]
    schemas = [json.loads((SCHEMAS / name).read_text("utf-8")) for name in SCHEMA_NAMES]
    verdicts = ajv_validate(schemas, [(target, load_yaml_file(path, str(path)).data) for path, target in cases])
    return dict(zip(cases, verdicts))


def _ajv_for(path: Path, target: str) -> dict:
    return _ajv_verdicts()[(path, target)]


def test_every_schema_has_one_valid_and_three_invalid_examples() -> None:
    assert SCHEMA_NAMES
    for name in SCHEMA_NAMES:
        folder = EXAMPLES / name.removesuffix(".schema.json")
        assert len(list(folder.glob("valid-*.yml"))) >= 1, name
        assert len(list(folder.glob("invalid-*.yml"))) >= 3, name
    assert {p.name for p in EXAMPLES.iterdir()} == {n.removesuffix(".schema.json") for n in SCHEMA_NAMES}


@pytest.mark.parametrize(("path", "target"), _shipped_cases(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_both_validators_accept_every_shipped_data_file(path: Path, target: str) -> None:
    document = load_yaml_file(path, str(path.relative_to(ROOT)))
    assert _python_problems(document, target) == []
    verdict = _ajv_for(path, target)
    assert verdict["valid"], verdict["errors"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_validators_agree_on_each_example(path: Path) -> None:
    expected_valid = path.name.startswith("valid-")
    target = _target(path)
    document = load_yaml_file(path, str(path.relative_to(ROOT)))
    python = _python_problems(document, target)
    ajv = _ajv_for(path, target)
    assert (python == []) == expected_valid, python
    assert ajv["valid"] == expected_valid, ajv["errors"]
    if not expected_valid:  # and it is refused for the reason the file states
        expect = _header(path)["expect"]
        assert any(expect in problem for problem in python), (expect, python)


def _properties(node: object, path: str = "") -> list[tuple[str, dict]]:
    """Every (path, subschema) that is a property of an object anywhere in a schema."""
    found: list[tuple[str, dict]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties":
                for name, sub in value.items():
                    found.append((f"{path}/{name}", sub))
                    found.extend(_properties(sub, f"{path}/{name}"))
            else:
                found.extend(_properties(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for item in node:
            found.extend(_properties(item, path))
    return found


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_key_explains_itself_on_hover(name: str) -> None:
    """Editors show a key's description on hover: every key of every schema has one."""
    schema = json.loads((SCHEMAS / name).read_text("utf-8"))
    assert schema.get("title") and schema.get("description"), name
    assert schema["$id"] == f"{SCHEMA_BASE_URL}{name}"
    undescribed = [path for path, sub in _properties(schema) if not sub.get("description")]
    assert undescribed == []
    assert '"examples"' in (SCHEMAS / name).read_text("utf-8")
