"""What a person sees: every built page laid out at desktop width, on a phone and on paper.

The checker (tests/js/layout-check.js) runs once per page and mode in Debian's Chromium
and reads the boxes the browser laid out (no screenshots). It reports, with the page, the
mode and the element:

- table-cells: the cells of a table row are not side by side (stacked, overlapping, or one
  collapsed to almost no width);
- page-width: the page is wider than the window (content that scrolls sideways inside its
  own wrapper, such as a figure or a table wrapper with overflow-x: auto, is fine);
- control-cut-off: a form control or the label of a choice is clipped by an ancestor that
  hides overflow, or lies outside the window (on paper a scrolling wrapper clips too);
- control-scrolls: at desktop width, a control sits in a wrapper that scrolls sideways;
- small-label: a diagram label (SVG text) is drawn under 10 px high;
- text-overlap: two labels of one figure cover each other.

tests/layout_fixtures/ holds a small page per way of failing, each naming in a meta tag the
rules it must break in each mode (and ok.html, which breaks none): the checker is shown red
on each of them and green on the page that breaks nothing.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import ROOT, serve_directory

pytestmark = pytest.mark.browser

CHECKER = (ROOT / "tests" / "js" / "layout-check.js").read_text("utf-8")
FIXTURES = ROOT / "tests" / "layout_fixtures"

MIN_LABEL_PX = 10       # the smallest legible diagram label, in CSS px (7.5 pt on paper)
OVERLAP_PX = 2          # two labels' boxes may touch by this much, in both directions

# The printable width of an A4 sheet with the site's @page margins (210 mm less 2 x 14 mm,
# worksheets.css), at 96 CSS px to the inch.
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)

MODES = {  # name: (viewport width, height, media)
    "desktop": (1280, 900, "screen"),
    "phone": (390, 844, "screen"),
    "print": (A4_PRINTABLE_PX, 1123, "print"),
}
RULES = ("table-cells", "page-width", "control-cut-off", "control-scrolls", "small-label", "text-overlap")


def check_pages(browser, base: str, paths: list[str], mode: str) -> list[dict]:
    """Every finding on the pages in one mode: [{page, mode, rule, where, detail}]."""
    width, height, media = MODES[mode]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light",
                                  is_mobile=mode == "phone", has_touch=mode == "phone")
    # Material builds its search index in a worker on every page load: the layout needs
    # none of it, and skipping it saves about a third of the time
    context.route("**/search/search_index.json", lambda route: route.abort())
    context.route("**/*search*worker*.js*", lambda route: route.abort())
    context.route("**/workers/search.*.js", lambda route: route.abort())
    page = context.new_page()
    page.emulate_media(media=media)
    findings: list[dict] = []
    try:
        for path in paths:
            response = page.goto(base + path, wait_until="load")
            assert response is not None and response.status in (200, 404), (path, response and response.status)
            for finding in page.evaluate(CHECKER, {"mode": mode, "minLabelPx": MIN_LABEL_PX, "overlapPx": OVERLAP_PX}):
                findings.append({"page": path, "mode": mode, **finding})
    finally:
        context.close()
    return findings


def report(findings: list[dict], examples: int = 3) -> str:
    """Findings grouped by page, mode and rule, with a few located examples of each."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for f in findings:
        groups[(f["page"], f["mode"], f["rule"])].append(f)
    lines = [f"{len(findings)} layout problems on {len({f['page'] for f in findings})} pages:"]
    for (page, mode, rule), items in sorted(groups.items()):
        lines.append(f"{page} [{mode}] {rule}: {len(items)}")
        lines.extend(f"    {f['where']}: {f['detail']}" for f in items[:examples])
        if len(items) > examples:
            lines.append(f"    ... and {len(items) - examples} more")
    return "\n".join(lines)


def site_paths(site: Path) -> list[str]:
    """Every built page as the address a visitor types ('/', '/roles/', '/404.html')."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append("/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative))
    return paths


@pytest.mark.parametrize("mode", list(MODES))
def test_every_built_page_is_laid_out_right(browser, server: str, built_site: Path, mode: str) -> None:
    paths = site_paths(built_site)
    assert len(paths) > 50
    started = time.monotonic()
    findings = check_pages(browser, server, paths, mode)
    elapsed = time.monotonic() - started
    assert not findings, f"{report(findings)}\n({len(paths)} pages checked in {elapsed:.1f} s)"


def expected_rules(fixture: Path) -> dict[str, set[str]]:
    """The rules a fixture page must break, per mode, from its
    <meta name="layout-expect" content="desktop: rule, rule; phone: ...; print: ...">."""
    match = re.search(r'<meta name="layout-expect" content="([^"]*)"', fixture.read_text("utf-8"))
    assert match, f"{fixture.name} names no expected rules"
    expected = {mode: set() for mode in MODES}
    for part in filter(None, (p.strip() for p in match.group(1).split(";"))):
        mode, _, rules = part.partition(":")
        expected[mode.strip()] = {r.strip() for r in rules.split(",") if r.strip()}
    assert set(expected) == set(MODES), fixture.name
    assert all(rules <= set(RULES) for rules in expected.values()), fixture.name
    return expected


FIXTURE_PAGES = sorted(p.name for p in FIXTURES.glob("*.html"))


@pytest.fixture(scope="module")
def fixture_findings(browser) -> dict[tuple[str, str], set[str]]:
    """{(fixture, mode): the rules the checker reports}, for every fixture page and mode."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    with serve_directory(FIXTURES) as base:
        for mode in MODES:
            for f in check_pages(browser, base, [f"/{name}" for name in FIXTURE_PAGES], mode):
                found[(f["page"].lstrip("/"), mode)].add(f["rule"])
    return found


def test_every_rule_has_a_fixture_that_breaks_it_and_one_page_breaks_none() -> None:
    broken = set().union(*(rules for name in FIXTURE_PAGES for rules in expected_rules(FIXTURES / name).values()))
    assert broken == set(RULES)
    assert all(not rules for rules in expected_rules(FIXTURES / "ok.html").values())


@pytest.mark.parametrize("fixture", FIXTURE_PAGES)
def test_the_checker_reports_exactly_what_each_fixture_breaks(fixture_findings, fixture: str) -> None:
    for mode, expected in expected_rules(FIXTURES / fixture).items():
        assert fixture_findings.get((fixture, mode), set()) == expected, (fixture, mode)
