"""The comparison tables and the four tools, driven in Debian's Chromium.

For each tool: fill it in and read the result, open the shared address in a fresh browser
context (no localStorage) and find the same state, export JSON and import it into a fresh
page, enter each kind of bad input and read the message, leave and come back through
Material's instant navigation and find the tool still working, with no console error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from playbook.load import load_playbook

pytestmark = pytest.mark.browser

PLAYBOOK = load_playbook(ROOT / "playbook_data")


@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    page = context.new_page()
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert page.errors == []


def fresh_page(browser):
    """A page in a new context: nothing in localStorage, so state can only come from the address."""
    ctx = browser.new_context(accept_downloads=True)
    return ctx, ctx.new_page()


def export_json(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Export JSON").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def leave_and_return(page, title: str) -> None:
    """Go to another page and back with instant navigation (no full page load)."""
    page.evaluate("window.__marker = 'still the same document'")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Glossary").click()
    page.wait_for_url("**/glossary/")
    page.go_back()
    page.wait_for_url(f"**/tools/{title}/**")
    assert page.evaluate("window.__marker") == "still the same document", "instant navigation reloaded the page"


# ---------- comparison tables ----------

def test_tables_are_complete_without_javascript(browser, server: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{server}/compare/")
    tables = page.locator(".pb-compare table")
    assert tables.count() == 3
    for i in range(3):
        assert tables.nth(i).locator("tbody tr").count() == len(PLAYBOOK.roles)
    assert page.locator(".pb-filter").count() == 0  # the enhancement really did not run
    ctx.close()


def test_tables_sort_filter_and_download(page, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/compare/")
    table = page.locator(".pb-compare table").first
    table.get_by_role("button", name="Hunting").click()
    table.get_by_role("button", name="Hunting").click()  # descending: highest level first
    assert table.locator("th", has_text="Hunting").get_attribute("aria-sort") == "descending"
    first = table.locator("tbody tr").first.inner_text()
    assert "● Owns" in first.split("\t")[4]

    page.get_by_label("Filter rows").first.fill("fulfillment")
    visible = table.locator("tbody tr:not([hidden])")
    expected = [r for r in PLAYBOOK.roles if "fulfillment" in (r.name + r.macro_role).lower().replace("-", " ")
                or r.macro_role == "order-fulfillment"]
    assert visible.count() == len(expected)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").first.click()
    path = tmp_path / "table.csv"
    info.value.save_as(path)
    lines = path.read_text("utf-8").strip().splitlines()
    assert lines[0].startswith("Role,Macro-role,Servicing")
    assert len(lines) == len(PLAYBOOK.roles) + 1


# ---------- role comparer ----------

def uncheck_all(tool) -> None:
    checked = tool.locator("input[type=checkbox]:checked")
    while checked.count():
        checked.first.uncheck()


def test_comparer(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/comparer/")
    tool = page.locator(".pb-tool")
    uncheck_all(tool)
    tool.get_by_label("Sales Leader").check()
    tool.get_by_label("Sales Manager").check()
    table = tool.locator("table")
    assert table.locator("thead th").all_inner_texts()[1:3] == ["Sales Leader", "Sales Manager"]
    mode = table.locator("tr", has_text="Leadership mode")
    assert "differs" in mode.inner_text()
    assert "pb-diff" in (mode.get_attribute("class") or "")
    assert "same" in table.locator("tr", has_text="Servicing").inner_text()
    # the trait profile drawn at build time gets one mark per spectrum for each picked role
    leader = page.locator('.pb-svg-profile [data-role="sales-leader"]')
    assert leader.count() == len(PLAYBOOK.spectra)
    breadth = page.locator('.pb-svg-profile [data-role="sales-manager"][data-spectrum="breadth"]')
    assert breadth.get_attribute("data-position") == str(PLAYBOOK.role("sales-manager").placement("breadth").position)

    # bad input: too few, too many
    tool.get_by_label("Sales Manager").uncheck()
    assert "at least two" in tool.locator(".pb-field-error").inner_text()
    for name in ("Sales Manager", "Growth Leader", "Account Manager", "Bookkeeper"):
        tool.get_by_label(name).check()
    assert "at most four" in tool.locator(".pb-field-error").inner_text()
    tool.get_by_label("Bookkeeper").uncheck()

    shared = page.url
    assert "#s=" in shared
    ctx, other = fresh_page(browser)
    other.goto(shared)
    heads = other.locator(".pb-tool table thead th").all_inner_texts()
    assert heads[1:5] == ["Sales Leader", "Sales Manager", "Growth Leader", "Account Manager"]
    ctx.close()

    exported = export_json(page, tmp_path)
    assert json.loads(exported.read_text())["state"]["roles"] == ["sales-leader", "sales-manager", "growth-leader", "account-manager"]
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/comparer/")
    other.locator(".pb-tool input[type=file]").set_input_files(str(exported))
    expect(other.locator(".pb-tool table thead th")).to_have_text(["", *heads[1:5], "Differs?"])
    ctx.close()

    leave_and_return(page, "comparer")
    tool.get_by_label("Account Manager").uncheck()
    assert page.locator(".pb-tool table thead th").count() == 1 + 3 + 1


def test_comparer_includes_me_after_the_self_assessment(page, server: str) -> None:
    page.goto(f"{server}/tools/role-gravity/")
    for statement in page.locator(".pb-rating").all():
        statement.get_by_label("5 that is me").check()
    page.goto(f"{server}/tools/comparer/")
    tool = page.locator(".pb-tool")
    uncheck_all(tool)
    tool.get_by_label("Sales Leader").check()
    tool.get_by_label("Include me, from my role gravity answers").check()
    heads = tool.locator("table thead th").all_inner_texts()
    assert heads[1:3] == ["Sales Leader", "You"]
    orientation = tool.locator("tr", has_text="Orientation").inner_text()
    assert "0" in orientation.split("\t")[2]  # all 5s: face and backbone balance out


# ---------- role gravity ----------

def rate(page, statement_label: str, value: str) -> None:
    page.locator(".pb-rating", has_text=statement_label).get_by_label(value, exact=False).first.check()


def test_role_gravity(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/role-gravity/")
    gravity = PLAYBOOK.worksheet("role-gravity")
    statements = [f for s in gravity.sections for f in s.fields if f.toward is not None]
    for field in statements:
        face_like = field.toward.pole == "left" or field.toward.accountability == "hunting"
        rate(page, field.label, "5 that is me" if face_like else "1 not me")
    result = page.locator(".pb-result")
    assert "the face of the company" in result.inner_text()
    assert "Answered" not in result.inner_text()
    assert result.get_by_role("link", name="Hunting").count() == 1
    closest = result.locator("ul").nth(1).locator("a").all_inner_texts()
    assert closest and all(PLAYBOOK.role(next(r.id for r in PLAYBOOK.roles if r.name == n)).macro_role != "order-fulfillment"
                           for n in closest)

    shared = page.url
    ctx, other = fresh_page(browser)
    other.goto(shared)
    expect(other.locator(".pb-result")).to_have_text(result.inner_text(), use_inner_text=True)
    ctx.close()

    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/role-gravity/")
    other.locator(".pb-tool input[type=file]").set_input_files(str(exported))
    expect(other.locator(".pb-result")).to_have_text(result.inner_text(), use_inner_text=True)
    # an invalid import file gets a message, and the answers stay as they were
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    other.locator(".pb-tool input[type=file]").set_input_files(str(bad))
    expect(other.locator(".pb-status")).to_contain_text("not JSON")
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"tool": "delegation", "format": 1, "state": {"tasks": []}}), "utf-8")
    other.locator(".pb-tool input[type=file]").set_input_files(str(wrong))
    expect(other.locator(".pb-status")).to_contain_text("not a role gravity export")
    expect(other.locator(".pb-result")).to_have_text(result.inner_text(), use_inner_text=True)
    ctx.close()

    leave_and_return(page, "role-gravity")
    page.get_by_role("button", name="Clear answers").click()
    assert "Rate a statement" in page.locator(".pb-result").inner_text()


# ---------- delegation calculator ----------

def test_delegation_calculator(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/delegation/")
    tool = page.locator(".pb-tool")
    tool.get_by_label("What an hour of your time is worth").fill("100")
    tool.get_by_label("Task 1", exact=True).fill("Bookkeeping")
    tool.get_by_label("Hours a week for task 1").fill("5")
    tool.get_by_label("Cost to buy task 1, per hour").fill("30")
    tool.get_by_role("button", name="Add a task").click()
    tool.get_by_label("Task 2", exact=True).fill("Client meetings")
    tool.get_by_label("Hours a week for task 2").fill("10")
    tool.get_by_label("Task 2 makes money").check()
    tool.get_by_role("button", name="Add a task").click()
    tool.get_by_label("Task 3", exact=True).fill("Old newsletter")
    tool.get_by_label("Hours a week for task 3").fill("2")
    tool.get_by_label("Task 3 is still needed").uncheck()

    suggestions = tool.locator(".pb-suggestion").all_inner_texts()
    assert [s.split(":")[0] for s in suggestions] == ["outsource", "keep", "drop"]
    # 5 h outsourced at 100-30, 2 h dropped at 100: 7 h and 550 a week
    assert tool.locator("[data-total=hours-week]").inner_text() == "7 a week, 364 a year"
    assert tool.locator("[data-total=money-week]").inner_text() == "550 a week, 28,600 a year"

    shared = page.url
    ctx, other = fresh_page(browser)
    other.goto(shared)
    expect(other.locator("[data-total=money-week]")).to_have_text("550 a week, 28,600 a year")
    ctx.close()

    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/delegation/")
    other.locator(".pb-tool input[type=file]").set_input_files(str(exported))
    expect(other.locator("[data-total=hours-week]")).to_have_text("7 a week, 364 a year")
    ctx.close()

    hours = tool.get_by_label("Hours a week for task 1")
    error = tool.locator(f"#{hours.get_attribute('id')}-error")
    for bad, message in [("", "Enter a number."), ("-3", "Use 0 or more."), ("lots", "Enter a number, like 4 or 2.5."),
                         ("1e9", "Enter a number, like 4 or 2.5."), ("500", "A week has 168 hours")]:
        hours.fill(bad)
        assert message in error.inner_text(), bad
        assert hours.get_attribute("aria-invalid") == "true"
        totals = tool.locator(".pb-result").inner_text()
        assert "NaN" not in totals and "Infinity" not in totals
        assert ("Fill in" if bad == "" else "Fix the fields") in totals
    rate_field = tool.get_by_label("What an hour of your time is worth")
    rate_field.fill("99999999")
    assert "1,000,000" in tool.locator(f"#{rate_field.get_attribute('id')}-error").inner_text()
    rate_field.fill("100")
    hours.fill("5")
    assert tool.locator(f"#{hours.get_attribute('id')}-error").inner_text() == ""
    assert tool.locator("[data-total=money-week]").inner_text() == "550 a week, 28,600 a year"

    leave_and_return(page, "delegation")
    tool.get_by_label("Hours a week for task 1").fill("6")
    assert tool.locator("[data-total=hours-week]").inner_text() == "8 a week, 416 a year"


# ---------- accountability allocation ----------

def set_level(tool, view: str, accountability: str, row: int, level: str) -> None:
    tool.get_by_label(f"{view}: {accountability} for row {row}").select_option(level)


def test_allocation_builder(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/allocation/")
    tool = page.locator(".pb-tool")
    tool.get_by_label("Name of row 1").fill("Alex, sales executive")
    for accountability in ("Servicing", "Farming", "Hunting", "Sourcing"):
        set_level(tool, "As is", accountability, 1, "leads")
    tool.get_by_role("button", name="Add a row").click()
    tool.get_by_label("Name of row 2").fill("Sam, customer service")
    set_level(tool, "To be", "Hunting", 1, "owns")
    set_level(tool, "To be", "Farming", 1, "leads")
    set_level(tool, "To be", "Servicing", 2, "owns")
    set_level(tool, "To be", "Sourcing", 2, "shares")

    as_is = tool.locator("ul[data-view=asis]").inner_text()
    for conflict in PLAYBOOK.conflicts:
        assert f"Alex, sales executive: {conflict.name}" in as_is
    assert "holds all four" in as_is
    to_be = tool.locator("ul[data-view=tobe]").inner_text()
    assert "Alex, sales executive: New customers against existing ones" in to_be
    assert "Servicing against farming" not in to_be
    assert "Nobody leads or owns Sourcing." in to_be
    assert "Nobody leads or owns Servicing." not in to_be

    shared = page.url
    ctx, other = fresh_page(browser)
    other.goto(shared)
    expect(other.locator("ul[data-view=tobe]")).to_have_text(to_be, use_inner_text=True)
    ctx.close()

    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/allocation/")
    other.locator(".pb-tool input[type=file]").set_input_files(str(exported))
    expect(other.locator("ul[data-view=asis]")).to_have_text(as_is, use_inner_text=True)
    ctx.close()

    name = tool.get_by_label("Name of row 2")
    name.fill("")
    assert "Give this row a name." in tool.locator(f"#{name.get_attribute('id')}-error").inner_text()
    assert name.get_attribute("aria-invalid") == "true"
    name.fill("Sam")
    assert tool.locator(f"#{name.get_attribute('id')}-error").inner_text() == ""

    leave_and_return(page, "allocation")
    set_level(tool, "To be", "Sourcing", 2, "leads")
    assert "Nobody leads or owns Sourcing." not in tool.locator("ul[data-view=tobe]").inner_text()


def test_tool_state_survives_a_reload_from_local_storage(page, server: str) -> None:
    page.goto(f"{server}/tools/delegation/")
    page.get_by_label("What an hour of your time is worth").fill("80")
    page.goto(f"{server}/tools/delegation/")  # no state in the address: this browser's copy is used
    assert page.get_by_label("What an hour of your time is worth").input_value() == "80"


def test_every_built_page_loads_without_console_errors(browser, server: str, built_site: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    pages = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html"))
    assert len(pages) > 60
    for uri in pages:
        page.goto(f"{server}/{'' if uri == '.' else uri + '/'}")
    assert errors == []
    page.close()


def test_tools_work_by_keyboard_with_a_visible_focus(page, server: str) -> None:
    page.goto(f"{server}/tools/delegation/")
    rate_field = page.get_by_label("What an hour of your time is worth")
    for _ in range(60):
        page.keyboard.press("Tab")
        if rate_field.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the rate field cannot be reached with Tab")
    outline = rate_field.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.type("90")
    page.keyboard.press("Tab")
    page.keyboard.type("Filing")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")  # makes money? leave unticked
    page.keyboard.press("Tab")
    page.keyboard.type("20")
    assert page.locator("[data-total=money-week]").inner_text() == "210 a week, 10,920 a year"


def test_a_filled_in_tool_prints_without_the_site_chrome(page, server: str) -> None:
    page.goto(f"{server}/tools/allocation/")
    page.get_by_label("Name of row 1").fill("Alex")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".pb-filebar").is_visible()
    assert not page.get_by_role("button", name="Add a row").is_visible()
    assert page.get_by_label("Name of row 1").is_visible()
    assert page.locator("ul[data-view=asis]").is_visible()
    assert len(page.pdf(format="A4")) > 1000


@pytest.mark.parametrize("tool", ["comparer", "role-gravity", "delegation", "allocation"])
def test_a_keyboard_walk_reaches_every_control_of_the_tool(page, server: str, tool: str) -> None:
    page.goto(f"{server}/tools/{tool}/")
    total = page.evaluate("""() => {
        const controls = [...document.querySelectorAll('.pb-tool input, .pb-tool select, .pb-tool button, .pb-tool textarea')]
            .filter(el => !el.disabled);
        controls.forEach((el, i) => el.setAttribute('data-kbd', i));
        return controls.length;
    }""")
    assert total > 3
    reached: set[str] = set()
    radios: set[str] = set()
    for _ in range(total * 2 + 80):
        page.keyboard.press("Tab")
        info = page.evaluate("() => { const el = document.activeElement;"
                             " return [el.getAttribute('data-kbd'), el.type === 'radio' ? el.name : null]; }")
        if info[0] is not None:
            reached.add(info[0])
            if info[1]:
                radios.add(info[1])
    # a group of radio buttons is one Tab stop: the arrow keys move inside it
    in_groups = page.evaluate("(names) => [...document.querySelectorAll('.pb-tool input[type=radio]')]"
                              ".filter(r => names.includes(r.name)).map(r => r.getAttribute('data-kbd'))", sorted(radios))
    missing = set(map(str, range(total))) - reached - set(in_groups)
    assert not missing, f"{len(missing)} of {total} controls never receive focus"
