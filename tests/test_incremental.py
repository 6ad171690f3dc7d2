"""A rebuild under `mkdocs serve` reuses what did not change (issue 17), and what it serves is
what a full build would give: after each kind of edit, the pages rendered with the cache of
the last build are those of a fresh build, and only the pages that read the edit are
rendered again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT
from playbook import api, schema_check, yaml_loader
from playbook.incremental import BuildCache, page_reads
from playbook.synthetic import synthetic_data

SITE_URL = "https://example.org/playbook/"


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        file = data / path
        text = file.read_text("utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), "utf-8")
    return apply


def _add_role(data: Path) -> None:
    text = (data / "roles" / "sales-leader.yml").read_text("utf-8")
    (data / "roles" / "deal-desk.yml").write_text(
        text.replace("id: sales-leader\n", "id: deal-desk\n").replace("name: Sales Leader", "name: Deal Desk"), "utf-8")


EDITS = {
    # (edit, the most pages it may render again at 50 roles; None: no bound)
    "a reason": (_edit("roles/sales-leader.yml", "reason: Day-to-day customer", "reason: Edited. Day-to-day customer"), 2),
    "a summary": (_edit("roles/sales-leader.yml", "summary: Sets the direction", "summary: Edited. Sets the direction"), 25),
    "a name": (_edit("roles/sales-leader.yml", "name: Sales Leader", "name: Sales Chief"), None),
    "a level": (_edit("roles/sales-leader.yml", "level: none", "level: owns"), None),
    "a stage": (_edit("stages.yml", "name: ", "name: Edited "), None),
    "a new role": (_add_role, None),
    "a role removed": (lambda data: (data / "roles" / "bookkeeper-0032.yml").unlink(), None),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_incremental_rebuild_gives_the_pages_of_a_full_build(tmp_path: Path, edit: str) -> None:
    change, most = EDITS[edit]
    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path / "data", 50, ROOT / "playbook_data" / "schema")
    cache = BuildCache()
    api.build_pages(data, SITE_URL, cache=cache)
    assert cache.rendered > 100
    change(data)
    again = api.build_pages(data, SITE_URL, cache=cache)
    fresh = api.build_pages(data, SITE_URL)
    assert sorted(again) == sorted(fresh)
    assert [uri for uri in fresh if again[uri] != fresh[uri]] == []
    if most is not None:  # and the pages of families that read everything (a family not in READS)
        most += sum(page_reads(uri)[0] == "all" for uri in fresh if uri.endswith(".md"))
        assert 1 <= cache.rendered <= most, f"{cache.rendered} pages rendered again"


def test_a_summary_leaves_the_comparison_page_as_it_was(tmp_path: Path) -> None:
    """The comparison page shows no summary, and its data island holds only the levels its
    tables sort by: a summary edit at 1,000 roles no longer converts its 2 MB again."""
    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path / "data", 20, ROOT / "playbook_data" / "schema")
    before = api.build_pages(data, SITE_URL)
    EDITS["a summary"][0](data)
    after = api.build_pages(data, SITE_URL)
    assert after["roles/index.md"] != before["roles/index.md"]
    assert after["compare/index.md"] == before["compare/index.md"]
    assert page_reads("compare/index.md") == ("faces", None)


def test_a_rebuild_without_changes_renders_nothing(tmp_path: Path) -> None:
    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path / "data", 20, ROOT / "playbook_data" / "schema")
    cache = BuildCache()
    first = api.build_pages(data, SITE_URL, cache=cache)
    assert api.build_pages(data, SITE_URL, cache=cache) == first
    assert cache.rendered == 0


def test_an_edited_file_is_parsed_and_checked_again_and_only_it(tmp_path: Path, monkeypatch) -> None:
    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path / "data", 20, ROOT / "playbook_data" / "schema")
    api.load_playbook(data)
    parsed, validated = [], []
    real_parse, real_valid = yaml_loader.load_yaml_bytes, schema_check._valid
    monkeypatch.setattr(yaml_loader, "load_yaml_bytes", lambda raw, path, shown: parsed.append(path.name) or real_parse(raw, path, shown))
    monkeypatch.setattr(schema_check, "_valid", lambda validator, value: validated.append(1) or real_valid(validator, value))
    _edit("roles/sales-leader.yml", "summary: Sets", "summary: Now sets")(data)
    assert api.load_playbook(data).role("sales-leader").summary.startswith("Now sets")
    assert parsed == ["sales-leader.yml"] and len(validated) == 1


def test_a_settled_file_is_known_by_its_status_and_a_fresh_one_is_read(tmp_path: Path, monkeypatch) -> None:
    """Unchanged files are not read again; a file written moments ago is, even when an edit
    keeps its size and a coarse clock its times."""
    import os

    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path / "data", 20, ROOT / "playbook_data" / "schema")
    old = 1_700_000_000
    for path in data.rglob("*.yml"):
        os.utime(path, (old, old))
    role = data / "roles" / "sales-leader.yml"
    os.utime(role, None)  # written just now
    api.load_playbook(data)
    read: list[str] = []
    real_read = yaml_loader.read_regular_file
    monkeypatch.setattr(yaml_loader, "read_regular_file", lambda path, *args, **kw: read.append(path.name) or real_read(path, *args, **kw))
    api.load_playbook(data)
    assert read == ["sales-leader.yml"]
    # the same size, the same times: only reading it shows the edit
    text = role.read_text("utf-8")
    times = os.stat(role)
    role.write_text(text.replace("summary: Sets", "summary: Gets", 1), "utf-8")
    os.utime(role, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert api.load_playbook(data).role("sales-leader").summary.startswith("Gets")
