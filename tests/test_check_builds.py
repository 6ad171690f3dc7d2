"""What the check accepts, the build renders (property-based).

Each example changes one to three values of the test baseline's data files, with values drawn
from the project's own schema definitions (hypothesis-jsonschema) and from hostile text:
control characters and their escapes, lone surrogates, bidi overrides, line separators,
reserved ids, ids with a final newline, 2.0 for a whole number, huge numbers, pathological
Markdown, links of every kind. Then either the check refuses it, every problem located in a
file of the data, or rendering succeeds, and a strict MkDocs build of it succeeds too.
Never anything else. The builds run in batches of accepted examples that change different
values; a failing batch is split until the example that breaks it is found.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from conftest import BASELINE, ROOT, SCHEMAS, make_dataset, mkdocs_build
from playbook.api import build_pages
from playbook.errors import PlaybookError
from playbook.load import iter_data_files, schema_line
from playbook.yaml_loader import load_yaml_file

EXAMPLES = int(os.environ.get("PLAYBOOK_CHECK_BUILDS_EXAMPLES", "500"))
BATCH = 25

KINDS = {path.relative_to(BASELINE).as_posix(): kind for kind, path in iter_data_files(BASELINE)}
DOCUMENTS = {rel: load_yaml_file(BASELINE / rel, rel).data for rel in KINDS}


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [(path, value)]


LEAVES = [(rel, path, value) for rel, doc in DOCUMENTS.items() for path, value in _leaves(doc) if path]
COMMON = json.loads((SCHEMAS / "common.schema.json").read_text("utf-8"))["definitions"]


def schema_value(name: str) -> st.SearchStrategy:
    """Values of one of the project's shared schema definitions."""
    return from_schema({"$ref": f"#/definitions/{name}", "definitions": COMMON})


HOSTILE_CHARACTERS = st.one_of(
    st.characters(),
    st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),  # lone surrogates
    st.sampled_from(list("\x00\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\u202a\u202e\u2066\u2069\ufdd0\ufffe\uffff"
                         "\U0001fffe\ufeff\u00a0\t\n\r<>&\"'`[](){}*_#|\\!:-~%")),
)
HOSTILE_TEXT = st.text(HOSTILE_CHARACTERS, min_size=1, max_size=30)
SPECIAL_TEXT = st.sampled_from([
    "index", "facilitator-pack", "sales-leader\n", "order-acquisition", "two-main-roles\n", "2.0", "012", "yes",
    "[" * 3000, "*" * 3000, "_a" * 1500, "`" * 2000, ">" * 500 + " deep", "<" * 2000, "- " * 800,
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "{{ 7*7 }}", "{% raw %}", "&lt;b&gt;",
    "[a](https://example.org/p)", "[a](http://example.org/p)", "[a](//host/p)", "[a](/\\host)", "[a](https:host)",
    "[a](javascript:alert(1))", "<https://example.org>", "[a][r]\n\n[r]: http://x.example",
    "| a | b |\n|---|---|\n| c | d |", "line one\nline two", " leading and trailing ", "\u00e9\u00fc\u540d\U0001f600",
])
NUMBERS = st.one_of(
    st.integers(-3, 3), st.integers(-10**20, 10**20), st.integers(0, 3000),
    st.sampled_from([2.0, -2.0, 0.5, 2008.0, 20.0, 1e300, -0.0]),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _value_for(path: tuple, old: Any) -> st.SearchStrategy:
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    if isinstance(old, bool) or old is None:
        return st.one_of(st.booleans(), st.none(), HOSTILE_TEXT)
    if isinstance(old, (int, float)):
        return st.one_of(NUMBERS, HOSTILE_TEXT, SPECIAL_TEXT)
    if key.endswith("_md"):
        return st.one_of(schema_value("markdown"), HOSTILE_TEXT, SPECIAL_TEXT)
    if key in ("id", "to", "from", "from_role", "to_role", "handoff", "level", "from_level", "stages", "sources",
               "roles", "worksheets", "first", "second", "spectrum", "accountability", "macro_role"):
        return st.one_of(schema_value("id"), SPECIAL_TEXT, st.sampled_from([v for _, _, v in LEAVES if isinstance(v, str)]))
    return st.one_of(schema_value("text"), HOSTILE_TEXT, SPECIAL_TEXT)


@st.composite
def mutations(draw) -> tuple[tuple[str, tuple, Any], ...]:
    picked = draw(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=3, unique_by=lambda leaf: leaf[:2]))
    return tuple((rel, path, draw(_value_for(path, old))) for rel, path, old in picked)


def write_dataset(target: Path, changes: tuple) -> Path:
    """The baseline with the changes applied, each changed file written back as YAML."""
    make_dataset(target)
    changed: dict[str, Any] = {}
    for rel, path, value in changes:
        doc = changed.setdefault(rel, copy.deepcopy(DOCUMENTS[rel]))
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
    for rel, doc in changed.items():
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=4096)
        # lone surrogates come out as \ud800 escapes: the raw file holds only valid UTF-8
        (target / rel).write_text(schema_line(KINDS[rel]) + "\n" + text, "utf-8")
    return target


def build_project(target: Path, changes: tuple) -> Path:
    """A buildable project: the real configuration, hook, scripts and styles; stub hand-written
    pages (the real ones link to roles the baseline does not have); the changed data."""
    target.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n?)*", "\n", config)
    (target / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", target / "docs")
    for page in (target / "docs").glob("*.md"):
        page.write_text(f"# {page.stem}\n", "utf-8")
    write_dataset(target / "playbook_data", changes)
    return target


def describe(changes: tuple) -> str:
    return "; ".join(f"{rel} {'.'.join(map(str, path))} = {value!r:.80}" for rel, path, value in changes)


def test_what_the_check_accepts_builds(tmp_path_factory) -> None:
    accepted: list[tuple] = []
    counts = {"refused": 0, "accepted": 0}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutations())
    def check_then_render(changes: tuple) -> None:
        data = write_dataset(tmp_path_factory.mktemp("example") / "data", changes)
        try:
            build_pages(data)
        except PlaybookError as error:
            counts["refused"] += 1
            assert error.problems
            for problem in error.problems:  # located in a file of the data
                assert problem.line >= 1 and problem.col >= 1, problem
                assert Path(problem.path).is_file() and data in Path(problem.path).parents, problem
            return
        counts["accepted"] += 1
        accepted.append(changes)

    check_then_render()
    assert counts["refused"] + counts["accepted"] >= min(EXAMPLES, 500) * 0.9
    assert counts["accepted"] >= EXAMPLES // 10, counts  # the generator must also make data the check accepts

    batches: list[list[tuple]] = []
    for changes in accepted:
        touched = {(rel, path) for rel, path, _ in changes}
        home = next((b for b in batches if len(b) < BATCH and not touched & {(r, p) for c in b for r, p, _ in c}), None)
        if home is None:
            batches.append([changes])
        else:
            home.append(changes)
    for number, batch in enumerate(batches):
        culprit = _failing_example(tmp_path_factory, batch, f"batch{number}")
        assert culprit is None, f"the check accepted this but the strict build failed: {culprit}"


def _failing_example(factory, batch: list[tuple], name: str) -> str | None:
    """None when the batch builds; else the smallest failing part, described with the build's errors."""
    merged = tuple(change for changes in batch for change in changes)
    work = factory.mktemp(name)
    result = mkdocs_build(build_project(work / "project", merged), work / "site")
    if result.returncode == 0:
        return None
    if len(batch) > 1 and _refused(work / "project" / "playbook_data"):
        # changes accepted one by one may clash together (a list item twice): not a finding
        half = len(batch) // 2
        return _failing_example(factory, batch[:half], name + "a") or _failing_example(factory, batch[half:], name + "b")
    if len(batch) == 1:
        errors = [line for line in result.stderr.splitlines() if "ERROR" in line or "WARNING" in line or "Error" in line]
        return f"{describe(merged)}\n" + "\n".join(errors[-8:] or result.stderr.splitlines()[-8:])
    half = len(batch) // 2
    return (_failing_example(factory, batch[:half], name + "a") or _failing_example(factory, batch[half:], name + "b")
            or f"only together: {describe(merged)}\n{result.stderr[-2000:]}")


def test_the_baseline_builds(tmp_path: Path) -> None:
    """Every example above starts from this: it must build, strict, on its own."""
    result = mkdocs_build(build_project(tmp_path / "project", ()), tmp_path / "site")
    assert result.returncode == 0, result.stderr


# malformed-data cases (tests/malformed/) that used to get past the check and then crash
# the build or publish something broken
USED_TO_BREAK_THE_BUILD = ["id-with-trailing-newline", "whole-numbers-with-a-decimal-point", "lone-surrogate-escape",
                           "control-character-escapes", "integer-of-5000-digits", "reserved-id-index",
                           "line-separators", "markdown-links-not-https"]


def test_refused_data_leaves_the_last_good_site_untouched(tmp_path: Path) -> None:
    project = build_project(tmp_path / "project", ())
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = _digest(site)
    for name in USED_TO_BREAK_THE_BUILD:
        case = ROOT / "tests" / "malformed" / name
        data = project / "playbook_data"
        shutil.rmtree(data)
        make_dataset(data, case)
        result = mkdocs_build(project, site)
        expected = (case / "expected.txt").read_text("utf-8").splitlines()
        assert result.returncode != 0, name
        assert "Traceback" not in result.stderr, (name, result.stderr[-2000:])
        # each problem is printed located (paths relative to the project's folder, where it builds)
        assert all(f"playbook_data/{line}" in result.stderr for line in expected), (name, result.stderr[-2000:])
        assert _digest(site) == before, name


def _refused(data: Path) -> bool:
    try:
        build_pages(data)
    except PlaybookError:
        return True
    return False


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
