"""The comparison tables and the four tools, driven in Debian's Chromium.

The four tools are views of one company (docs/javascripts/company/): its people, seats, who
sits where, the owner's answers and the tasks, kept in this browser's localStorage. For each
tool: fill it in and read the result, reload and find the same state, share it (a "#c=" link
or an exported JSON file) and open it in a fresh browser context (no localStorage), enter
each kind of bad input and read the message, leave and come back through Material's instant
navigation and find the tool still working, with no console error. Old "#s=" tool links and
the company bar's Delete and Undo are tested on every tool."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect

from conftest import ROOT, wait_until
from playbook.load import load_playbook

pytestmark = pytest.mark.browser

PLAYBOOK = load_playbook(ROOT / "playbook_data")
TOOLS = ["comparer", "role-gravity", "delegation", "allocation"]
NONE = {a.id: "none" for a in PLAYBOOK.accountabilities}

# Copy link writes to the clipboard: keep what it wrote where the test can read it
CLIPBOARD = """Object.defineProperty(navigator, 'clipboard', {configurable: true,
  value: {writeText: async (text) => { window.__copied = text; }}});"""


@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True)
    ctx.add_init_script(CLIPBOARD)
    yield ctx
    ctx.close()


VIEWS_DRAWN = "() => [...document.querySelectorAll('.pb-tool')].every((root) => root.querySelector('.pb-companybar'))"


def views_drawn(page) -> None:
    """The tools' views are loaded by a dynamic import after the page's load event: wait for them."""
    wait_until(page, f"({VIEWS_DRAWN})()")


def watch(page) -> None:
    """Collect console errors, and make goto and reload return once the tools are drawn."""
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    goto, reload = page.goto, page.reload

    def goto_drawn(*args, **kwargs):
        response = goto(*args, **kwargs)
        views_drawn(page)
        return response

    def reload_drawn(*args, **kwargs):
        response = reload(*args, **kwargs)
        views_drawn(page)
        return response

    page.goto, page.reload = goto_drawn, reload_drawn


@pytest.fixture
def page(context) -> Iterator:
    page = context.new_page()
    watch(page)
    yield page
    assert page.errors == []


def fresh_page(browser):
    """A page in a new context: nothing in localStorage, so state can only come from a link or a file."""
    ctx = browser.new_context(accept_downloads=True)
    page = ctx.new_page()
    watch(page)
    return ctx, page


# ---------- a company, in the shape of docs/javascripts/company/model.js ----------

def person(id: str, name: str, rate=None, owner: bool = False, hours=40, gravity=None) -> dict:
    return {"id": id, "name": name, "hours": hours, "rate": rate, "owner": owner, "gravity": gravity or {}}


def seat(id: str, name: str, macro: str = "order-acquisition", role=None, levels=None, tobe=None) -> dict:
    levels = {**NONE, **(levels or {})}
    return {"id": id, "name": name, "role": role, "macro": macro, "levels": levels,
            "tobe": {**levels, **(tobe or {})}, "responsibilities": []}


def company(name: str = "Acme", people=(), seats=(), sits=(), tasks=(), compare=(), id: str = "acme") -> dict:
    return {"format": 1, "id": id, "name": name, "people": list(people), "seats": list(seats),
            "sits": [{"person": p, "seat": s, "share": share} for p, s, share in sits],
            "answers": {}, "tasks": list(tasks), "compare": list(compare)}


def task(id: str, name: str, hours, person: str, money=False, cost=None, needed=True, seat=None) -> dict:
    return {"id": id, "name": name, "hours": hours, "money": money, "needed": needed, "cost": cost,
            "person": person, "seat": seat}


def open_company(page, server: str, tool: str, *companies: dict) -> None:
    """Save the companies in this browser as the tools would (the first one open), then open the tool."""
    page.goto(f"{server}/glossary/")
    page.evaluate("""(companies) => {
        localStorage.clear();
        sessionStorage.clear();
        companies.forEach((c) => localStorage.setItem('pb-company:' + c.id, JSON.stringify(c)));
        localStorage.setItem('pb-companies', JSON.stringify({current: companies[0].id,
            list: companies.map((c) => ({id: c.id, name: c.name}))}));
    }""", list(companies))
    page.goto(f"{server}/tools/{tool}/")


def saved(page) -> dict:
    """The open company as this browser keeps it."""
    return page.evaluate("""() => { const index = JSON.parse(localStorage.getItem('pb-companies'));
        return JSON.parse(localStorage.getItem('pb-company:' + index.current)); }""")


def storage(page) -> dict:
    return page.evaluate("() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith('pb-company'))"
                         ".map((k) => [k, localStorage.getItem(k)]))")


def status(page):
    return page.locator(".pb-tool .pb-companybar [role=status]")


def export_json(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Export JSON").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def import_json(page, path: Path) -> None:
    page.locator(".pb-tool input[type=file]").set_input_files(str(path))


def copy_link(page) -> str:
    page.get_by_role("button", name="Copy link").click()
    wait_until(page, "window.__copied !== undefined")
    link = page.evaluate("window.__copied")
    assert "#c=" in link and "Link copied" in status(page).inner_text()
    return link


def leave_and_return(page, title: str) -> None:
    """Go to another page and back with instant navigation (no full page load)."""
    page.evaluate("window.__marker = 'still the same document'")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Glossary").click()
    page.wait_for_url("**/glossary/")
    page.go_back()
    page.wait_for_url(f"**/tools/{title}/**")
    views_drawn(page)
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
    table.get_by_role("button", name="Hunting").click()
    assert table.locator("th", has_text="Hunting").get_attribute("aria-sort") == "ascending"
    assert "None" in table.locator("tbody tr").first.inner_text().split("\t")[4]

    page.get_by_label("Filter rows").first.fill("fulfillment")
    visible = table.locator("tbody tr:not([hidden])")
    expected = [r for r in PLAYBOOK.roles if "fulfillment" in (r.name + r.macro_role).lower().replace("-", " ")
                or r.macro_role == "order-fulfillment"]
    assert visible.count() == len(expected)
    assert f"{len(expected)} of {len(PLAYBOOK.roles)} roles" in page.locator(".pb-count").first.inner_text()

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").first.click()
    path = tmp_path / "table.csv"
    info.value.save_as(path)
    lines = path.read_text("utf-8").strip().splitlines()
    assert lines[0].startswith("Role,Macro-role,Servicing")
    assert len(lines) == len(PLAYBOOK.roles) + 1


# ---------- role comparer ----------

def uncheck_all(tool) -> None:
    # by value: each change draws the boxes anew
    for value in tool.locator("input[type=checkbox]:checked").evaluate_all("(boxes) => boxes.map((b) => b.value)"):
        tool.locator(f'input[type=checkbox][value="{value}"]').uncheck()
    assert tool.locator("input[type=checkbox]:checked").count() == 0, "unticking every box leaves none ticked"


def heads(page) -> list[str]:
    return page.locator(".pb-tool table thead th").all_inner_texts()


def test_comparer(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/comparer/")
    tool = page.locator(".pb-tool")
    uncheck_all(tool)
    tool.get_by_label("Sales Leader", exact=True).check()
    tool.get_by_label("Sales Manager", exact=True).check()
    table = tool.locator("table")
    assert heads(page) == ["", "Sales Leader", "Sales Manager", "Differs?"]
    mode = table.locator("tr", has_text="Leadership mode")
    assert "differs" in mode.inner_text()
    assert "pb-diff" in (mode.get_attribute("class") or "")
    servicing = table.locator("tr", has_text="Servicing")
    assert "same" in servicing.inner_text() and "pb-diff" not in (servicing.get_attribute("class") or "")
    # the trait profile drawn at build time gets one mark per spectrum for each picked column
    leader = page.locator('.pb-svg-profile [data-role="role:sales-leader"]')
    assert leader.count() == len(PLAYBOOK.spectra)
    breadth = page.locator('.pb-svg-profile [data-role="role:sales-manager"][data-spectrum="breadth"]')
    assert breadth.get_attribute("data-position") == str(PLAYBOOK.role("sales-manager").placement("breadth").position)
    assert "Sales Leader and Sales Manager" in page.locator(".pb-svg-profile title").text_content()

    # bad input: too few (no table and no overlay while it stands), too many
    tool.get_by_label("Sales Manager", exact=True).uncheck()
    assert "at least two" in tool.locator(".pb-field-error").inner_text()
    assert tool.locator("table").count() == 0 and page.locator(".pb-svg-profile .pb-svg-dyn [data-role]").count() == 0
    for name in ("Sales Manager", "Growth Leader", "Account Manager", "Bookkeeper"):
        tool.get_by_label(name, exact=True).check()
    # a fifth: the first four picked stay on the table, and the message says so
    four = ["Sales Leader", "Sales Manager", "Growth Leader", "Account Manager"]
    assert "Four columns at most: showing the first four picked" in tool.locator(".pb-field-error").inner_text()
    assert heads(page)[1:5] == four and "Bookkeeper" not in heads(page)
    tool.get_by_label("Bookkeeper", exact=True).uncheck()
    assert heads(page)[1:5] == four
    assert tool.locator(".pb-field-error").inner_text() == ""

    # kept with the company: a reload, a link, an exported file
    assert saved(page)["compare"] == ["role:sales-leader", "role:sales-manager", "role:growth-leader", "role:account-manager"]
    page.reload()
    assert heads(page)[1:5] == four

    link = copy_link(page)
    ctx, other = fresh_page(browser)
    other.goto(link)
    expect(status(other)).to_contain_text('Opened a shared company as a copy, "My company (shared copy)"')
    assert other.url.endswith("/tools/comparer/"), "the address is cleared so that a reload does not repeat it"
    assert other.errors == []
    ctx.close()

    exported = export_json(page, tmp_path)
    assert json.loads(exported.read_text())["company"]["compare"] == saved(page)["compare"]
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/comparer/")
    import_json(other, exported)
    expect(other.locator(".pb-tool table thead th")).to_have_text(["", *four, "Differs?"])
    assert "Imported" in status(other).inner_text()
    assert other.errors == []
    ctx.close()

    leave_and_return(page, "comparer")
    tool.get_by_label("Account Manager", exact=True).uncheck()
    assert page.locator(".pb-tool table thead th").count() == 1 + 3 + 1


def test_a_shared_link_keeps_the_comparers_columns(page, browser, server: str) -> None:
    open_company(page, server, "comparer", company(compare=["role:sales-leader", "role:growth-leader", "role:bookkeeper"]))
    assert heads(page)[1:4] == ["Sales Leader", "Growth Leader", "Bookkeeper"]
    link = copy_link(page)
    ctx, other = fresh_page(browser)
    other.goto(link)
    try:
        expect(other.locator(".pb-tool table thead th")).to_have_text(["", "Sales Leader", "Growth Leader", "Bookkeeper", "Differs?"])
    finally:
        ctx.close()


def test_comparer_sets_the_companys_seats_and_people_beside_the_roles(page, server: str) -> None:
    all_fives = {s.id: 5 for s in PLAYBOOK.worksheet("role-gravity").sections[0].fields if s.toward is not None}
    front = seat("s1", "Front desk", role="customer-service-rep", levels={h.accountability: h.level for h in PLAYBOOK.role("customer-service-rep").holdings})
    open_company(page, server, "comparer", company(
        people=[person("p1", "Olivia", owner=True, gravity=all_fives)], seats=[front], sits=[("p1", "s1", 100)],
        compare=["role:sales-leader", "seat:s1", "person:p1"]))
    tool = page.locator(".pb-tool")
    assert tool.get_by_label("Front desk (your seat)").is_checked()
    assert tool.get_by_label("Olivia (your person)").is_checked()
    assert heads(page) == ["", "Sales Leader", "Front desk (seat)", "Olivia (person)", "Differs?"]
    # a person's levels are those of the seats they sit in
    cells = tool.locator("tr", has_text="Servicing").locator("td").all_inner_texts()
    assert cells[1] == cells[2] != "\u2014"
    # a person's traits come from their answers: all 5s, face and backbone balance out
    orientation = tool.locator("tr", has_text="Orientation").locator("td").all_inner_texts()
    assert orientation[2].endswith(" 0"), orientation
    assert page.locator('.pb-svg-profile [data-role="person:p1"][data-spectrum="orientation"]').get_attribute("data-position") == "0"
    assert page.locator('.pb-svg-profile [data-role="seat:s1"]').count() == len(PLAYBOOK.spectra)
    # a person has no macro-role and no stages: shown as a dash, and not counted as a difference
    stage = tool.locator("tr", has_text=PLAYBOOK.stages[0].name).locator("td").all_inner_texts()
    assert stage[2] == "\u2014"


def test_comparer_includes_me_after_the_self_assessment(page, server: str) -> None:
    page.goto(f"{server}/tools/role-gravity/")
    for statement in page.locator(".pb-rating").all():
        statement.get_by_label("5 that is me").check()
    page.goto(f"{server}/tools/comparer/")
    tool = page.locator(".pb-tool")
    uncheck_all(tool)
    tool.get_by_label("Sales Leader", exact=True).check()
    tool.get_by_label("Me (your person)").check()
    assert heads(page)[1:3] == ["Sales Leader", "Me (person)"]
    orientation = tool.locator("tr", has_text="Orientation").inner_text()
    assert "0" in orientation.split("\t")[2]  # all 5s: face and backbone balance out


def test_comparer_keeps_the_keyboard_focus_on_the_box_it_ticked(page, server: str) -> None:
    page.goto(f"{server}/tools/comparer/")
    box = page.locator(".pb-tool").get_by_label("Growth Leader", exact=True)
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert box.evaluate("el => el === document.activeElement"), "ticking a box by keyboard loses the focus"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the next box along, as a keyboard user would go on
    assert page.locator(".pb-tool").get_by_label("Inside Sales Representative", exact=True).is_checked()


# ---------- role gravity ----------

def rate(page, statement_label: str, value: str) -> None:
    page.locator(".pb-rating", has_text=statement_label).get_by_label(value, exact=False).first.check()


def fill_face_like(page) -> None:
    gravity = PLAYBOOK.worksheet("role-gravity")
    for field in (f for s in gravity.sections for f in s.fields if f.toward is not None):
        face_like = field.toward.pole == "left" or field.toward.accountability == "hunting"
        rate(page, field.label, "5 that is me" if face_like else "1 not me")


def test_role_gravity(page, browser, server: str, tmp_path: Path) -> None:
    page.goto(f"{server}/tools/role-gravity/")
    assert "Rate a statement" in page.locator(".pb-result").inner_text()
    fill_face_like(page)
    result = page.locator(".pb-result")
    assert "the face of the company" in result.inner_text()
    assert "Answered" not in result.inner_text()
    assert result.get_by_role("link", name="Hunting").count() == 1
    closest = result.locator(".pb-nearest a").all_inner_texts()
    assert len(closest) == 3
    assert all(PLAYBOOK.role(next(r.id for r in PLAYBOOK.roles if r.name == n)).macro_role != "order-fulfillment"
               for n in closest)
    # the first answer on an empty company made its owner, "Me", who keeps the answers
    people = saved(page)["people"]
    assert [(p["name"], p["owner"]) for p in people] == [("Me", True)]
    assert len(people[0]["gravity"]) == page.locator(".pb-rating").count()
    assert result.locator("h2").inner_text() == "Result for Me"
    shown = result.inner_text()

    page.reload()
    expect(page.locator(".pb-result")).to_have_text(shown, use_inner_text=True)

    link = copy_link(page)
    ctx, other = fresh_page(browser)
    other.goto(link)
    expect(other.locator(".pb-result")).to_have_text(shown, use_inner_text=True)
    assert other.errors == []
    ctx.close()

    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/role-gravity/")
    import_json(other, exported)
    expect(other.locator(".pb-result")).to_have_text(shown, use_inner_text=True)
    # an invalid import file gets a message, and the answers stay as they were
    before = storage(other)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    import_json(other, bad)
    expect(status(other)).to_contain_text("not valid JSON")
    expect(other.locator(".pb-result")).to_have_text(shown, use_inner_text=True)
    assert storage(other) == before
    assert other.errors == []
    ctx.close()

    leave_and_return(page, "role-gravity")
    page.get_by_role("button", name="Clear answers").click()
    assert "Rate a statement" in page.locator(".pb-result").inner_text()
    assert saved(page)["people"][0]["gravity"] == {}
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".pb-result")).to_have_text(shown, use_inner_text=True)


def test_an_export_of_the_old_tools_is_refused(page, server: str, tmp_path: Path) -> None:
    open_company(page, server, "role-gravity", company(people=[person("p1", "Olivia", owner=True, gravity={"meeting-people": 4})]))
    before = storage(page)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"tool": "delegation", "format": 1, "state": {"tasks": []}}), "utf-8")
    import_json(page, wrong)
    expect(status(page)).to_contain_text("not a company export")
    assert storage(page) == before


def test_role_gravity_rates_the_person_picked(page, server: str) -> None:
    open_company(page, server, "role-gravity", company(people=[
        person("p1", "Olivia", owner=True, gravity={"meeting-people": 5}), person("p2", "Sam")]))
    whose = page.get_by_label("Whose answers")
    assert whose.input_value() == "p1"  # the owner first
    assert page.locator('input[data-statement="meeting-people"][value="5"]').is_checked()
    whose.focus()
    page.keyboard.press("ArrowDown")  # by keyboard: the choice is made, and the focus stays on the list
    assert page.locator(".pb-result h2").inner_text() == "Result for Sam"
    assert whose.evaluate("el => el === document.activeElement"), "choosing a person by keyboard loses the focus"
    assert not page.locator('input[data-statement="meeting-people"]:checked').count()
    page.locator('input[data-statement="meeting-people"][value="2"]').check()
    people = {p["id"]: p for p in saved(page)["people"]}
    assert people["p1"]["gravity"] == {"meeting-people": 5} and people["p2"]["gravity"] == {"meeting-people": 2}
    assert len(people) == 2, "an answer for an existing person makes no new person"


# ---------- delegation calculator ----------

def delegation_company() -> dict:
    return company(
        people=[person("p1", "Olivia", rate=100, owner=True, hours=50), person("p2", "Sam", hours=20)],
        seats=[seat("s1", "Owner-founder", macro="both", role="owner-founder"),
               seat("s2", "Books", macro="support", role="bookkeeper")],
        sits=[("p1", "s1", 100), ("p2", "s2", 50)])


def test_delegation_calculator(page, browser, server: str, tmp_path: Path) -> None:
    open_company(page, server, "delegation", delegation_company())
    tool = page.locator(".pb-tool")
    assert "Add a task to start." in tool.locator(".pb-result").inner_text()
    tool.get_by_role("button", name="Add a task").click()
    assert tool.get_by_label("Who does task 1").input_value() == "p1", "a new task is the owner's"
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

    suggestions = tool.locator(".pb-suggestion")
    assert [s.split(":")[0] for s in suggestions.all_inner_texts()] == ["outsource", "keep", "drop"]
    # outsourced work goes to the support seat someone other than the doer sits in
    assert "Buy it in through Books (Sam)." in suggestions.nth(0).inner_text()
    assert suggestions.nth(0).locator("[data-hand-to]").get_attribute("data-hand-to") == "s2"
    assert "Hand it to" not in suggestions.nth(1).inner_text() + suggestions.nth(2).inner_text()
    # 5 h outsourced at 100-30, 2 h dropped at 100: 7 h and 550 a week
    hours_total, money_total = tool.locator("[data-total=hours-week]"), tool.locator("[data-total=money-week]")
    assert hours_total.inner_text() == "7 a week, 364 a year"
    assert money_total.inner_text() == "550 a week, 28,600 a year"

    # money-making work that is cheaper to buy is delegated, to a seat that is named
    tool.get_by_role("button", name="Add a task").click()
    tool.get_by_label("Task 4", exact=True).fill("Quotes")
    tool.get_by_label("Hours a week for task 4").fill("3")
    tool.get_by_label("Task 4 makes money").check()
    tool.get_by_label("Cost to buy task 4, per hour").fill("40")
    assert suggestions.nth(3).inner_text().startswith("delegate")
    assert "Hand it to a new Operations Lead seat." in suggestions.nth(3).inner_text()
    assert hours_total.inner_text() == "10 a week, 520 a year"  # + 3 h at 100-40
    assert money_total.inner_text() == "730 a week, 37,960 a year"
    tool.get_by_role("button", name="Remove task 4").click()
    assert "Removed the task Quotes" in status(page).inner_text()
    assert money_total.inner_text() == "550 a week, 28,600 a year"

    # the hourly worth is the doer's: Sam has none yet, so the task is left out of the totals
    tool.get_by_label("Who does task 1").select_option("p2")
    assert "Give Sam's hourly worth in the workspace." in suggestions.nth(0).inner_text()
    assert hours_total.inner_text() == "2 a week, 104 a year"
    tool.get_by_label("Who does task 1").select_option("p1")
    assert money_total.inner_text() == "550 a week, 28,600 a year"

    # kept with the company: a reload, a link, an exported file
    page.reload()
    assert tool.get_by_label("Task 2", exact=True).input_value() == "Client meetings"
    assert tool.get_by_label("Task 2 makes money").is_checked() and not tool.get_by_label("Task 3 is still needed").is_checked()
    assert money_total.inner_text() == "550 a week, 28,600 a year"
    link = copy_link(page)
    ctx, other = fresh_page(browser)
    other.goto(link)
    expect(other.locator("[data-total=money-week]")).to_have_text("550 a week, 28,600 a year")
    expect(other.locator(".pb-suggestion").first).to_contain_text("Buy it in through Books (Sam).")
    ctx.close()
    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/delegation/")
    import_json(other, exported)
    expect(other.locator("[data-total=hours-week]")).to_have_text("7 a week, 364 a year")
    ctx.close()

    # numbers as people type them: a decimal comma is a decimal mark, "1,000" is ambiguous
    hours = tool.get_by_label("Hours a week for task 1")
    error = tool.locator(f"#{hours.get_attribute('id')}-error")
    hours.fill("10,5")
    assert error.inner_text() == "" and hours.get_attribute("aria-invalid") is None
    assert hours_total.inner_text() == "12.5 a week, 650 a year"
    assert money_total.inner_text() == "935 a week, 48,620 a year"  # 10.5 h at 100-30, 2 h at 100
    assert saved(page)["tasks"][0]["hours"] == 10.5
    for bad, message in [("1,000", "ambiguous"), ("", "Enter a number."), ("-3", "Use 0 or more."),
                         ("lots", "Enter a number, like 4 or 2.5."), ("1e9", "Enter a number, like 4 or 2.5."),
                         ("500", "A week has 168 hours")]:
        hours.fill(bad)
        assert message in error.inner_text(), bad
        assert hours.get_attribute("aria-invalid") == "true"
        totals = tool.locator(".pb-result").inner_text()
        assert "NaN" not in totals and "Infinity" not in totals
        # what cannot be read is never saved: the company keeps the last number that could
        assert saved(page)["tasks"][0]["hours"] == 10.5, bad
        assert hours_total.inner_text() == "12.5 a week, 650 a year", bad
        # and the totals say that they still use it
        expect(tool.locator("[data-unread]")).to_have_text(
            "Hours a week for task 1: not a number yet, so these totals still use the last number read there.")
    hours.fill("10,5")
    expect(tool.locator("[data-unread]")).to_have_count(0)
    cost = tool.get_by_label("Cost to buy task 1, per hour")
    cost.fill("99999999")
    assert "10000000" in tool.locator(f"#{cost.get_attribute('id')}-error").inner_text().replace(",", "")
    cost.fill("")  # the cost is optional: no cost, nothing cheaper to buy
    assert tool.locator(f"#{cost.get_attribute('id')}-error").inner_text() == ""
    assert suggestions.nth(0).inner_text().startswith("keep")
    cost.fill("30")
    hours.fill("5")
    assert error.inner_text() == ""
    assert money_total.inner_text() == "550 a week, 28,600 a year"

    leave_and_return(page, "delegation")
    tool.get_by_label("Hours a week for task 1").fill("6")
    assert tool.locator("[data-total=hours-week]").inner_text() == "8 a week, 416 a year"


def test_the_hourly_worth_set_in_the_workspace_drives_the_calculator_and_survives_a_reload(page, server: str) -> None:
    page.goto(f"{server}/my-company/")
    page.get_by_role("button", name="Add a person").click()
    page.get_by_label("Name of person 1").fill("Olivia")
    page.get_by_label("What an hour of person 1 is worth").fill("80")
    page.goto(f"{server}/tools/delegation/")
    page.get_by_role("button", name="Add a task").click()
    page.get_by_label("Hours a week for task 1").fill("5")
    page.get_by_label("Cost to buy task 1, per hour").fill("30")
    assert page.locator("[data-total=money-week]").inner_text() == "250 a week, 13,000 a year"  # 5 h at 80-30
    page.goto(f"{server}/tools/delegation/")  # no state in the address: this browser's copy is used
    assert page.get_by_label("Hours a week for task 1").input_value() == "5"
    assert page.get_by_label("Who does task 1").input_value() == saved(page)["people"][0]["id"]
    assert page.locator("[data-total=money-week]").inner_text() == "250 a week, 13,000 a year"


# ---------- accountability allocation ----------

def set_level(tool, view: str, accountability: str, seat_name: str, level: str) -> None:
    tool.get_by_label(f"{view}: {accountability} for {seat_name}").select_option(level)


def allocation_company() -> dict:
    return company(people=[person("p1", "Alex"), person("p2", "Sam")],
                   seats=[seat("s1", "Sales executive"), seat("s2", "Customer service")],
                   sits=[("p1", "s1", 100), ("p2", "s2", 100)])


def test_allocation_lists_nothing_before_there_are_seats(page, server: str) -> None:
    page.goto(f"{server}/tools/allocation/")
    flags = page.locator(".pb-tool .pb-result")
    assert "Add the seats of your company in the workspace" in flags.inner_text()
    assert flags.get_by_role("link", name="workspace").count() == 1
    assert flags.locator("ul[data-view]").count() == 0
    assert page.locator(".pb-tool tbody tr").count() == 0


def test_allocation_builder(page, browser, server: str, tmp_path: Path) -> None:
    open_company(page, server, "allocation", allocation_company())
    tool = page.locator(".pb-tool")
    assert tool.locator("tbody th").all_inner_texts() == ["Sales executive (Alex)", "Customer service (Sam)"]
    for accountability in ("Servicing", "Farming", "Hunting", "Sourcing"):
        set_level(tool, "As is", accountability, "Sales executive", "leads")
    set_level(tool, "To be", "Servicing", "Sales executive", "none")
    set_level(tool, "To be", "Sourcing", "Sales executive", "none")
    set_level(tool, "To be", "Hunting", "Sales executive", "owns")
    set_level(tool, "To be", "Farming", "Sales executive", "leads")
    set_level(tool, "To be", "Servicing", "Customer service", "owns")
    set_level(tool, "To be", "Sourcing", "Customer service", "shares")

    # each view is checked on its own: the "to be" levels do not change the "as is" list
    as_is = tool.locator("ul[data-view=levels]").inner_text()
    for conflict in PLAYBOOK.conflicts:
        assert f"Alex: {conflict.name}" in as_is
    assert "Alex holds all four accountabilities." in as_is
    assert "Nobody leads or owns" not in as_is
    to_be = tool.locator("ul[data-view=tobe]").inner_text()
    assert "Alex: New customers against existing ones" in to_be
    assert "Servicing against farming" not in to_be and "holds all four" not in to_be
    assert "Nobody leads or owns Sourcing" in to_be
    assert "Nobody leads or owns Servicing" not in to_be
    assert saved(page)["seats"][0]["levels"] == {a.id: "leads" for a in PLAYBOOK.accountabilities}
    assert saved(page)["seats"][1]["tobe"]["servicing"] == "owns"

    # two owners of one accountability, in one view only
    set_level(tool, "To be", "Hunting", "Customer service", "owns")
    assert "Alex and Sam each own Hunting." in tool.locator("ul[data-view=tobe]").inner_text()
    assert "each own" not in tool.locator("ul[data-view=levels]").inner_text()
    set_level(tool, "To be", "Hunting", "Customer service", "none")

    page.reload()
    expect(tool.locator("ul[data-view=tobe]")).to_have_text(to_be, use_inner_text=True)
    assert tool.get_by_label("To be: Hunting for Sales executive").input_value() == "owns"

    exported = export_json(page, tmp_path)
    ctx, other = fresh_page(browser)
    other.goto(f"{server}/tools/allocation/")
    import_json(other, exported)
    expect(other.locator("ul[data-view=levels]")).to_have_text(as_is, use_inner_text=True)
    expect(other.locator("ul[data-view=tobe]")).to_have_text(to_be, use_inner_text=True)
    assert other.errors == []
    ctx.close()

    leave_and_return(page, "allocation")
    set_level(tool, "To be", "Sourcing", "Customer service", "leads")
    assert "Nobody leads or owns Sourcing" not in tool.locator("ul[data-view=tobe]").inner_text()


# ---------- the company bar, on every tool ----------

@pytest.mark.parametrize("tool", TOOLS)
def test_an_old_tool_link_says_it_is_out_of_date_and_changes_nothing(page, server: str, tool: str) -> None:
    open_company(page, server, "delegation", delegation_company())
    before = storage(page)
    page.goto(f"{server}/tools/{tool}/#s=eyJyb2xlcyI6WyJzYWxlcy1sZWFkZXIiXX0")
    message = status(page)
    expect(message).to_contain_text("older version of the playbook's tools")
    expect(message).to_contain_text("Nothing was changed.")
    assert "pb-error" in (message.get_attribute("class") or "")
    assert "#s=" not in page.url
    assert storage(page) == before
    assert page.locator(".pb-tool .pb-companybar select").input_value() == "acme"
    page.reload()  # the address no longer carries the link: nothing is said twice
    assert status(page).inner_text() == ""
    assert storage(page) == before


@pytest.mark.parametrize("tool", TOOLS)
def test_delete_company_then_undo_restores_it(page, server: str, tool: str) -> None:
    other_company = company(name="Side project", id="side", people=[person("q1", "Kim")])
    open_company(page, server, tool, delegation_company(), other_company)
    kept = saved(page)
    undo = page.get_by_role("button", name="Undo")
    assert undo.is_disabled()
    page.get_by_role("button", name="Delete company").click()
    expect(status(page)).to_contain_text("Deleted Acme. You can undo this.")
    assert page.evaluate("localStorage.getItem('pb-company:acme')") is None
    picker = page.locator(".pb-tool .pb-companybar select")
    assert picker.input_value() == "side", "the next saved company opens"
    assert "Acme" not in picker.locator("option").all_inner_texts()
    assert page.evaluate("localStorage.getItem('pb-company:side')") is not None
    page.reload()  # the undo step is kept for the tab
    undo.click()
    expect(status(page)).to_contain_text("Undone: deleted Acme.")
    assert picker.input_value() == "acme"
    assert saved(page) == kept
    assert sorted(picker.locator("option").all_inner_texts()) == ["Acme", "Side project"]


def test_company_bar_buttons_keep_the_keyboard_focus(page, server: str) -> None:
    open_company(page, server, "delegation", delegation_company())
    page.get_by_role("button", name="Delete company").focus()
    page.keyboard.press("Enter")
    expect(status(page)).to_contain_text("You can undo this.")
    assert page.evaluate("document.activeElement.tagName") != "BODY", "the focus is lost"


def test_company_bar_new_company_and_switching_keep_each_companys_data(page, server: str) -> None:
    open_company(page, server, "delegation", delegation_company())
    page.get_by_role("button", name="Add a task").click()
    page.get_by_label("Task 1", exact=True).fill("Filing")
    page.get_by_role("button", name="New company").click()
    assert page.get_by_label("Task 1", exact=True).count() == 0
    assert "Your other companies are kept" in status(page).inner_text()
    page.get_by_label("Name", exact=True).fill("Second")
    picker = page.locator(".pb-tool .pb-companybar select")
    page.reload()
    assert "Second" in picker.locator("option").all_inner_texts()
    picker.select_option("acme")
    assert page.get_by_label("Task 1", exact=True).input_value() == "Filing"


def test_names_typed_into_the_company_stay_text_in_every_tool(page, server: str) -> None:
    hostile = '<img src=x onerror="window.__pwned=1">'
    bad = company(name=hostile, people=[person("p1", hostile, rate=50, owner=True, gravity={"meeting-people": 4})],
                  seats=[seat("s1", hostile, macro="support")], sits=[("p1", "s1", 100)],
                  tasks=[task("t1", hostile, 4, "p1", cost=10)], compare=["person:p1", "seat:s1"])
    open_company(page, server, "comparer", bad)
    for tool in TOOLS:
        page.goto(f"{server}/tools/{tool}/")
        assert page.locator(".pb-tool img").count() == 0, tool
        assert page.locator(".pb-tool .pb-companybar select option").first.inner_text() == hostile, tool
        if tool == "delegation":
            assert page.get_by_label("Task 1", exact=True).input_value() == hostile
            assert re.search("Hand it to|Buy it in through", page.locator(".pb-suggestion").first.inner_text())
        else:
            assert hostile in page.locator(".pb-tool").inner_text(), tool
        assert page.evaluate("window.__pwned") is None, tool


# ---------- every page, the keyboard, print ----------

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


def outline(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")


def visible_focus(locator) -> bool:
    style = outline(locator)
    return not style.startswith("none") and not style.endswith(" 0px")


def test_tools_work_by_keyboard_with_a_visible_focus(page, server: str) -> None:
    start = delegation_company()
    start["people"][0]["rate"] = 90
    open_company(page, server, "delegation", start)
    add = page.get_by_role("button", name="Add a task")
    for _ in range(60):
        page.keyboard.press("Tab")
        if add.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Add a task cannot be reached with Tab")
    assert visible_focus(add), outline(add)
    page.keyboard.press("Enter")
    name = page.get_by_label("Task 1", exact=True)
    assert name.evaluate("el => el === document.activeElement"), "the new task's name has the focus"
    assert visible_focus(name), outline(name)
    page.keyboard.type("Filing")
    page.keyboard.press("Tab")  # who does it: the owner
    page.keyboard.press("Tab")  # in which seat: none
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")  # cost to buy an hour
    page.keyboard.type("20")
    assert page.locator("[data-total=money-week]").inner_text() == "210 a week, 10,920 a year"
    page.keyboard.press("Tab")  # makes money? leave unticked
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # still needed? no: drop it
    assert page.locator(".pb-suggestion").first.inner_text().startswith("drop")
    assert page.locator("[data-total=money-week]").inner_text() == "270 a week, 14,040 a year"


@pytest.mark.parametrize("tool", ["allocation", "delegation"])
def test_a_filled_in_tool_prints_without_the_site_chrome(page, server: str, tool: str) -> None:
    start = allocation_company() if tool == "allocation" else delegation_company()
    start["tasks"] = [task("t1", "Invoicing", 4, "p1", cost=25)]
    open_company(page, server, tool, start)
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".pb-companybar").is_visible()
    assert not page.locator(".pb-ws-tools").is_visible()
    assert not page.locator(".pb-tool .md-button").first.is_visible()
    if tool == "allocation":
        assert page.get_by_label("As is: Servicing for Sales executive").is_visible()
        assert page.locator("ul[data-view=levels]").is_visible() and page.locator("ul[data-view=tobe]").is_visible()
    else:
        assert not page.get_by_role("button", name="Add a task").is_visible()
        assert not page.get_by_role("button", name="Remove task 1").is_visible()
        assert page.get_by_label("Task 1", exact=True).is_visible()
        assert page.locator("[data-total=money-week]").is_visible()
    assert len(page.pdf(format="A4")) > 1000


@pytest.mark.parametrize("tool", TOOLS)
def test_a_keyboard_walk_reaches_every_control_of_the_tool(page, server: str, tool: str) -> None:
    full = delegation_company()
    full["people"][0]["gravity"] = {"meeting-people": 3}
    full["tasks"] = [task("t1", "Invoicing", 4, "p1", cost=25), task("t2", "Calls", 2, "p2", money=True)]
    full["compare"] = ["person:p1", "seat:s2", "role:sales-leader"]
    open_company(page, server, tool, full)
    total = page.evaluate("""() => {
        const controls = [...document.querySelectorAll('.pb-tool input, .pb-tool select, .pb-tool button, .pb-tool textarea')]
            .filter(el => !el.disabled);
        controls.forEach((el, i) => el.setAttribute('data-kbd', i));
        return controls.length;
    }""")
    assert total > 10
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
