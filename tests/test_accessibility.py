"""axe-core (npm, pinned in package-lock.json) on every built page in the light and dark
schemes, and on each tool in three states: no violation of WCAG 2.0, 2.1 and 2.2 A/AA.
The theme's own failures are fixed in docs/stylesheets/playbook.css, not excluded here."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page, settle: bool = False) -> list[str]:
    if settle:
        page.wait_for_timeout(300)  # let the theme's colour transitions finish: axe reads computed colours
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run the README's test command (make test), which runs npm ci")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))",
        TAGS,
    )
    return found


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_every_page_passes_axe(browser, server: str, built_site: Path, scheme: str) -> None:
    # bypass_csp: axe is injected as an inline script, which the site's policy rightly refuses
    context = browser.new_context(color_scheme="dark" if scheme == "slate" else "light", bypass_csp=True)
    page = context.new_page()
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    failures = {}
    for uri in pages:
        page.goto(f"{server}/{'' if uri == '.' else uri + '/'}")
        page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        found = violations(page)
        if found:
            failures[uri] = found
    context.close()
    assert failures == {}


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_search_with_results_passes_axe(browser, server: str, scheme: str) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/")
    page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.keyboard.press("/")
    page.keyboard.type("hunting")
    page.locator(".md-search-result__item").first.wait_for()
    assert violations(page, settle=True) == []
    context.close()


def open_company(page, company: dict) -> None:
    """Save a company in this browser (docs/javascripts/company/model.js) and load the tool again."""
    page.evaluate("""(c) => {
        localStorage.setItem('pb-company:' + c.id, JSON.stringify(c));
        localStorage.setItem('pb-companies', JSON.stringify({current: c.id, list: [{id: c.id, name: c.name}]}));
    }""", company)
    page.reload()
    page.locator(".pb-tool .pb-companybar").wait_for()


def a_company(seats: list[dict]) -> dict:
    return {"format": 1, "id": "acme", "name": "Acme", "answers": {}, "tasks": [], "compare": [], "seats": seats,
            "people": [{"id": "p1", "name": "Olivia", "hours": 50, "rate": 100, "owner": True, "gravity": {}},
                       {"id": "p2", "name": "Sam", "hours": 20, "rate": None, "owner": False, "gravity": {}}],
            "sits": [{"person": f"p{i + 1}", "seat": s["id"], "share": 100} for i, s in enumerate(seats)]}


def seat(id: str, name: str, macro: str) -> dict:
    levels = {"servicing": "none", "farming": "none", "hunting": "none", "sourcing": "none"}
    return {"id": id, "name": name, "role": None, "macro": macro, "levels": levels, "tobe": dict(levels), "responsibilities": []}


def fill_comparer(page) -> None:
    page.get_by_role("checkbox", name="Growth Leader").check()


def break_comparer(page) -> None:
    for name in ("Account Manager", "Bookkeeper", "Marketing Lead"):
        page.get_by_role("checkbox", name=name).check()


def fill_gravity(page) -> None:
    for statement in page.locator(".pb-rating").all():
        statement.get_by_label("4").check()


def fill_delegation(page) -> None:
    open_company(page, a_company([seat("s1", "Owner", "both"), seat("s2", "Books", "support")]))
    page.get_by_role("button", name="Add a task").click()
    page.get_by_label("Task 1", exact=True).fill("Invoicing")
    page.get_by_label("Hours a week for task 1").fill("3")
    page.get_by_label("Cost to buy task 1, per hour").fill("20")
    assert "Buy it in through Books (Sam)." in page.locator(".pb-suggestion").inner_text()


def break_delegation(page) -> None:
    page.get_by_label("Hours a week for task 1").fill("-4")
    page.get_by_label("Cost to buy task 1, per hour").fill("1,000")
    assert page.locator("[aria-invalid=true]").count() == 2


def fill_allocation(page) -> None:
    open_company(page, a_company([seat("s1", "Sales", "order-acquisition"), seat("s2", "Service", "order-acquisition")]))
    for accountability in ("Servicing", "Farming", "Hunting", "Sourcing"):
        page.get_by_label(f"As is: {accountability} for Sales").select_option("owns")
    assert page.locator("ul[data-view=levels] .pb-flag").count() > 1


def break_allocation(page) -> None:
    page.get_by_role("button", name="Delete company").click()
    assert "You can undo this." in page.locator(".pb-companybar [role=status]").inner_text()


STATES = {
    "comparer": (fill_comparer, break_comparer),
    "role-gravity": (fill_gravity, lambda page: page.get_by_role("button", name="Clear answers").click()),
    "delegation": (fill_delegation, break_delegation),
    "allocation": (fill_allocation, break_allocation),
}


@pytest.mark.parametrize("tool", sorted(STATES))
def test_each_tool_passes_axe_in_three_states(browser, server: str, tool: str) -> None:
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}/tools/{tool}/")
    page.locator(".pb-tool .pb-companybar").wait_for()  # the views come by a dynamic import
    assert violations(page) == [], "fresh"
    fill, spoil = STATES[tool]
    fill(page)
    assert violations(page, settle=True) == [], "filled in"
    spoil(page)
    assert violations(page, settle=True) == [], "with bad input or cleared"
    context.close()


def test_the_gate_fails_on_a_known_bad_page(browser) -> None:
    page = browser.new_page()
    page.set_content('<html><body><img src="x.png"><input type="text"><a href="#"></a>'
                     '<p style="color:#bbb;background:#fff">faint</p></body></html>')
    found = " ".join(violations(page))
    for rule in ("html-has-lang", "image-alt", "label", "link-name", "color-contrast"):
        assert rule in found
    page.close()
