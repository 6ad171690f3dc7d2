"""The build does the same work per page whatever the size of the playbook (issue 17), and
making it so changed no page.

- Drawings and the answers of the queries that the pages print, at 15 and 100 synthetic
  roles, are those of the code before the change (tests/golden/, made by commit 9d7bdb8
  with tests/golden/make_golden.py), with one named difference: drawings number their SVG
  ids per page (`pb-svg-t1`, `pb-glyph1`), not across the whole build, so that a page
  rendered alone under `mkdocs serve` comes out as in a full build; ids are renumbered per
  page before comparing. (The pages as a whole are not kept as a golden: templates change
  with the content. That the finished blocks leave the built pages as they were is shown
  by tests/test_second_runner.py, which builds the same pages without the hook.)
- Work is counted, not timed: the calls of the core's own functions and the look-ups by id
  of a build grow with the roles, not with their square."""

from __future__ import annotations

import cProfile
import gzip
import json
import pstats
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
SCHEMAS = GOLDEN.parent.parent / "playbook_data" / "schema"
SITE_URL = "https://example.org/playbook/"
_SVG_IDS = re.compile(r"\b(pb-svg-[td]|pb-glyph)(\d+)\b")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def normalised(markdown: str) -> str:
    """The page with its drawings' ids numbered from 1 in order of appearance."""
    numbers: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        prefix, number = match.groups()
        family = "glyph" if prefix == "pb-glyph" else "svg"
        key = f"{family}:{number}"
        if key not in numbers:
            numbers[key] = str(sum(k.startswith(family) for k in numbers) + 1)
        return prefix + numbers[key]

    return _SVG_IDS.sub(renumber, markdown)


def drawings(pages: dict[str, str]) -> dict[str, list[str]]:
    """Every page's drawings, ids renumbered per page."""
    found = {uri: _SVG.findall(normalised(text)) for uri, text in pages.items() if uri.endswith(".md")}
    return {uri: svgs for uri, svgs in found.items() if svgs}


def answers(pb) -> dict[str, dict[str, list]]:
    """For each role, what the queries a role page prints answer."""
    from playbook import queries as q

    return {role.id: {
        "related": [r.id for r in q.related_roles(pb, role)],
        "receives": [[giver.id, what] for giver, what in q.handing_to(pb, role.id)],
        "handoffs": [h.id for h in q.handoffs_of(pb, role)],
        "changed_by": [t.id for t in q.transitions_changing(pb, role)],
        "worksheets": [w.id for w in q.worksheets_for_role(pb, role)],
        "conflicts": [[c.conflict.id, c.first_level, c.second_level] for c in q.role_conflicts(pb, role)],
    } for role in pb.roles}


def _data(tmp_path: Path, roles: int) -> Path:
    from playbook.synthetic import synthetic_data

    return synthetic_data(GOLDEN / "data", tmp_path / "data", roles, SCHEMAS)


@pytest.mark.parametrize("roles", [15, 100])
def test_drawings_and_answers_are_those_of_the_code_before_the_change(tmp_path: Path, roles: int) -> None:
    from playbook import api

    with gzip.open(GOLDEN / f"pages-{roles}.json.gz", "rt", encoding="utf-8") as file:
        golden = json.load(file)
    data = _data(tmp_path, roles)
    now = drawings(api.build_pages(data, SITE_URL))
    assert sorted(now) == sorted(golden["drawings"]), "the pages that carry drawings changed"
    changed = [uri for uri in golden["drawings"] if now[uri] != golden["drawings"][uri]]
    assert not changed, f"{len(changed)} pages draw differently, first {changed[0]}: " + _first_difference(
        "\n".join(golden["drawings"][changed[0]]), "\n".join(now[changed[0]]))
    assert answers(api.load_playbook(data)) == golden["answers"]


def _first_difference(old: str, new: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    return f"at {at}: golden {old[max(0, at - 80):at + 80]!r}, now {new[max(0, at - 80):at + 80]!r}"


CORE = GOLDEN.parent.parent / "hooks" / "playbook"


def _work(tmp_path: Path, roles: int) -> tuple[int, int, dict[str, int]]:
    """(calls of the core's own functions, items scanned by the templates' `in` tests, look-ups
    by id per family) of loading and rendering `roles` roles. Calls of the core's functions
    (generator expressions included: each step of a scan is a call) are where a loop over every
    role inside a loop over every page shows; the code before this change made 2.33 times as
    many at 100 roles as at 50. A template's `in` test scans its list in C, out of the
    profiler's sight: the stage overview's `reject("in", new)` scanned 4.0 times as many items
    at 100 roles as at 50, and took a second of every rebuild at 1,000 roles."""
    from jinja2 import defaults

    from playbook import api, model
    from playbook.render import diagrams

    data = _data(tmp_path / str(roles), roles)
    diagrams.wrap.cache_clear()
    model.LOOKUPS = {}
    scanned = 0
    test_in = defaults.DEFAULT_TESTS["in"]

    def counted_in(value, seq):
        nonlocal scanned
        scanned += len(seq) if hasattr(seq, "__len__") else 1
        return test_in(value, seq)

    defaults.DEFAULT_TESTS["in"] = counted_in
    profile = cProfile.Profile()
    try:
        profile.runcall(api.build_pages, data, SITE_URL)
        calls = sum(stat[1] for (file, _, _), stat in pstats.Stats(profile).stats.items()
                    if file.endswith(".py") and Path(file).is_relative_to(CORE))
        return calls, scanned, model.LOOKUPS
    finally:
        model.LOOKUPS = None
        defaults.DEFAULT_TESTS["in"] = test_in


def test_the_work_of_a_build_grows_with_the_roles_not_their_square(tmp_path: Path) -> None:
    _work(tmp_path, 15)  # templates compiled, modules imported
    calls_50, scanned_50, lookups_50 = _work(tmp_path, 50)
    calls_100, scanned_100, lookups_100 = _work(tmp_path, 100)
    assert calls_100 <= 2.2 * calls_50, f"{calls_50} calls at 50 roles, {calls_100} at 100"
    assert scanned_100 <= 2.2 * scanned_50 + 100, f"`in` tests scanned {scanned_50} items at 50 roles, {scanned_100} at 100"
    assert sum(lookups_100.values()) <= 2.2 * sum(lookups_50.values()), (lookups_50, lookups_100)
    for family, count in lookups_100.items():
        assert count <= 2.2 * lookups_50.get(family, 0) + 10, f"look-ups of {family}: {lookups_50.get(family)} then {count}"
