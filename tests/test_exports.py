"""The data exports: playbook.json round-trips, and the data page lists files that exist."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from jsonschema import Draft7Validator

from conftest import ROOT, ajv_validate, make_dataset
from playbook.cli import main
from playbook.export import SCHEMA_VERSION, ExportError, from_json, json_schema, to_json
from playbook.load import load_playbook
from playbook.render.tools_data import comparison_tables

SHIPPED = load_playbook(ROOT / "playbook_data")


def test_published_playbook_json_gives_the_model_the_yaml_gives(built_site: Path) -> None:
    text = (built_site / "data" / "playbook.json").read_text("utf-8")
    assert json.loads(text)["schema_version"] == SCHEMA_VERSION
    assert from_json(text) == SHIPPED


def test_round_trip_holds_on_the_test_baseline_too(tmp_path: Path) -> None:
    baseline = load_playbook(make_dataset(tmp_path / "data"))
    assert baseline != SHIPPED
    assert from_json(to_json(baseline)) == baseline


def test_every_field_of_the_model_is_in_the_export() -> None:
    role = json.loads(to_json(SHIPPED))["playbook"]["roles"][0]
    shipped = SHIPPED.roles[0]
    assert role["id"] == shipped.id and role["purpose_md"] == shipped.purpose_md
    assert [h["level"] for h in role["holdings"]] == [h.level for h in shipped.holdings]


def _edited(edit) -> str:
    document = json.loads(to_json(SHIPPED))
    edit(document)
    return json.dumps(document)


DAMAGE = [
    (lambda d: d.update(schema_version="2.0"), "schema_version '2.0' cannot be read"),
    (lambda d: d["playbook"]["roles"][2].pop("name"), "playbook.roles[2]: missing field 'name'"),
    (lambda d: d["playbook"]["roles"][0].update(colour="red"), "playbook.roles[0]: unknown field 'colour'"),
    (lambda d: d["playbook"]["scale"].update(min="-2"), "playbook.scale.min: expected a whole number"),
    (lambda d: d["playbook"]["roles"][1].update(macro_role="sales"), "playbook.roles[1].macro_role: 'sales' is not one of"),
    (lambda d: d["playbook"].update(stages={}), "playbook.stages: expected a list"),
]


@pytest.mark.parametrize(("edit", "message"), DAMAGE)
def test_a_damaged_export_is_refused_with_the_place_named(edit, message: str) -> None:
    with pytest.raises(ExportError, match=re.escape(message)):
        from_json(_edited(edit))


def test_not_json_is_refused() -> None:
    with pytest.raises(ExportError, match="not JSON"):
        from_json("{roles: []")


def test_published_schemas_are_the_project_schemas(built_site: Path) -> None:
    shipped = sorted(p.name for p in (ROOT / "playbook_data" / "schema").glob("*.schema.json"))
    published = sorted(p.name for p in (built_site / "data" / "schema").iterdir())
    assert published == shipped
    for name in shipped:
        assert (built_site / "data" / "schema" / name).read_bytes() == (ROOT / "playbook_data" / "schema" / name).read_bytes()


def test_csv_tables_hold_every_role(built_site: Path) -> None:
    for name in comparison_tables(SHIPPED):
        with open(built_site / "compare" / f"{name}.csv", newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert [row[0] for row in rows[1:]] == [role.name for role in SHIPPED.roles], name


def test_data_page_links_every_export_and_each_link_works(built_site: Path) -> None:
    page = (built_site / "data" / "index.html").read_text("utf-8")
    assert f"(now {SCHEMA_VERSION})" in page
    links = set(re.findall(r'href="([^"#]+\.(?:json|csv))"', page))
    expected = {"playbook.json", "playbook.schema.json", *(f"../compare/{n}.csv" for n in comparison_tables(SHIPPED)),
                *(f"schema/{p.name}" for p in (ROOT / "playbook_data" / "schema").glob("*.schema.json"))}
    assert links == expected
    for link in links:
        assert (built_site / "data" / link).resolve().is_file(), link


def test_export_command_writes_the_same_json(tmp_path: Path) -> None:
    assert main(["--data", str(ROOT / "playbook_data"), "export", "--out", str(tmp_path / "out.json")]) == 0
    assert (tmp_path / "out.json").read_text("utf-8") == to_json(SHIPPED)


def test_changelog_records_the_current_schema_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"schema version {SCHEMA_VERSION}" in changelog


def test_the_published_export_schema_accepts_the_export_and_refuses_damage(built_site: Path) -> None:
    """Both validators (jsonschema and Ajv) agree with from_json on the export and on each damaged copy."""
    schema = json.loads((built_site / "data" / "playbook.schema.json").read_text("utf-8"))
    assert schema == json_schema()
    Draft7Validator.check_schema(schema)
    exported = json.loads((built_site / "data" / "playbook.json").read_text("utf-8"))
    damaged = [json.loads(_edited(edit)) for edit, _ in DAMAGE]
    validator = Draft7Validator(schema)
    assert list(validator.iter_errors(exported)) == []
    assert all(list(validator.iter_errors(copy)) for copy in damaged)
    verdicts = ajv_validate([schema], [(schema["$id"], data) for data in [exported, *damaged]])
    assert [v["valid"] for v in verdicts] == [True] + [False] * len(damaged)
