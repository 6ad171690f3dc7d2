"""The company workspace (/my-company/): its data, two users' journeys end to end in
Debian's Chromium.

The journeys save screenshots (desktop and phone) under build/look/journeys/ to be looked
at; the layout rules of tests/test_layout.py run on the same pages."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from playbook.load import load_playbook
from playbook.render.tools_data import tool_data

FIXTURE = ROOT / "tests" / "js" / "fixtures" / "tool-data.json"
SHOTS = ROOT / "build" / "look" / "journeys"


def test_node_tests_run_on_the_current_data() -> None:
    """tests/js/company.test.mjs reads the data the build gives the workspace page; it must
    be that data (regenerate: make js-fixture)."""
    current = tool_data(load_playbook(ROOT / "playbook_data"), "my-company/index.md")
    assert json.loads(FIXTURE.read_text("utf-8")) == json.loads(json.dumps(current)), "run make js-fixture"


# ---------- journeys ----------

@pytest.fixture
def context(browser):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    yield ctx
    ctx.close()


def watched(page):
    page.errors = []  # type: ignore[attr-defined]
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-desktop.png"), full_page=True)
    width = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(200)
    page.screenshot(path=str(SHOTS / f"{name}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size(width)
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than a phone"


def add_person(page, name: str, hours: str, rate: str, owner: bool = False) -> None:
    page.get_by_role("button", name="Add a person").click()
    n = page.locator(".pb-ws-people tbody tr").count()
    page.get_by_label(f"Name of person {n}").fill(name)
    page.get_by_label(f"Hours a week of person {n}").fill(hours)
    page.get_by_label(f"What an hour of person {n} is worth").fill(rate)
    if owner:
        page.get_by_label(f"Person {n} is the owner").check()


def add_seat(page, role_name: str) -> int:
    page.get_by_label("Add a seat").select_option(label=f"{role_name} (playbook role)")
    return page.locator(".pb-ws-seat").count()


def seat_person(page, seat: int, person: str, share: str) -> None:
    page.get_by_label(f"Add someone to seat {seat}").select_option(label=person)
    page.get_by_label(f"Share of {person}'s hours in").last.fill(share)


@pytest.mark.browser
def test_an_owners_journey_ends_with_the_stage_the_checks_and_a_first_hand_over(context, server: str) -> None:
    """Six people; the owner, Olga, sits in four seats and does the selling."""
    page = watched(context.new_page())
    page.goto(server + "/my-company/")
    add_person(page, "Olga", "55", "150", owner=True)
    add_person(page, "Ben", "40", "35")
    add_person(page, "Cara", "40", "35")
    add_person(page, "Dan", "16", "30")
    add_person(page, "Eve", "40", "30")
    add_person(page, "Finn", "20", "22,5")  # a decimal comma is a decimal, not 225
    # the owner's own seat keeps direction; customer work sits in the seats below it
    owner_seat = add_seat(page, "Owner-founder")
    for accountability in ("Servicing", "Farming", "Hunting", "Sourcing"):
        page.get_by_label(f"{accountability} in seat {owner_seat}").select_option(label="◔ Supports")
    seat_person(page, owner_seat, "Olga", "20")
    for role, share in (("B2B Sales Executive", "45"), ("Operations Lead", "25"), ("Marketing Lead", "10")):
        seat_person(page, add_seat(page, role), "Olga", share)
    delivery = add_seat(page, "Order Fulfillment")
    seat_person(page, delivery, "Ben", "100")
    seat_person(page, delivery, "Cara", "100")
    seat_person(page, add_seat(page, "Bookkeeper"), "Dan", "100")
    seat_person(page, add_seat(page, "Customer Service Representative"), "Eve", "100")
    seat_person(page, add_seat(page, "Virtual Assistant"), "Finn", "100")
    for question in ("Do sales results swing", "Do your salespeople spend more of their time finishing orders",
                     "Do customers chase their salesperson"):
        page.get_by_role("radiogroup", name=question).get_by_label("Yes").check()

    stage = page.locator(".pb-ws-stage")
    expect(stage).to_contain_text("You are at First delegation")
    expect(stage).to_contain_text("the next move is Separating sales leadership")
    expect(page.locator(".pb-ws-diagnosis")).to_contain_text("It is due: 3 of its signs are there.")
    checks = page.locator(".pb-ws-checks li")
    found = {checks.nth(i).get_attribute("data-check") for i in range(checks.count())}
    assert {"owner-seats", "conflict", "all-four"} <= found
    assert "empty-seat" not in found and "over-hours" not in found
    expect(page.locator(".pb-ws-checks")).to_contain_text("The owner, Olga, sits in 4 seats")
    first = page.locator(".pb-ws-nextlist > li").first
    expect(first).to_have_attribute("data-kind", "hand-over")
    expect(first).to_contain_text("Hand over B2B Sales Executive")
    # 45 % of 55 hours, at 150 an hour
    expect(first.locator("[data-economics]")).to_contain_text("Frees 24.8 hours a week of Olga's time, worth 3,713 a week")
    expect(first).to_contain_text("Settles")
    expect(first.get_by_role("link", name="its charter")).to_have_attribute("href", "../charters/b2b-sales-executive/")
    # it is all saved: a reload shows the same reading
    page.reload()
    expect(page.locator(".pb-ws-stage")).to_contain_text("You are at First delegation")
    expect(page.get_by_label("What an hour of person 6 is worth")).to_have_value("22.5")
    shoot(page, "owner")
    # the stage pages mark where the company is
    page.goto(server + "/stages/first-delegation/")
    expect(page.locator(".pb-here")).to_contain_text("You are here.")
    page.goto(server + "/stages/")
    expect(page.locator(".pb-here")).to_contain_text("First delegation")
    expect(page.locator('svg [data-stage-name="first-delegation"]')).to_have_class("pb-svg-label pb-svg-strong pb-svg-here")
    page.goto(server + "/stages/mature-company/")
    expect(page.locator(".pb-here")).to_have_count(0)
    assert page.errors == []


def facilitators_company(people: int = 25) -> dict:
    names = [f"Person {i + 1:02d}" for i in range(people)]
    roles = ["owner-founder", "sales-leader", "sales-manager", "operations-lead", "account-manager", "new-business-developer",
             "inside-sales-rep", "customer-service-rep", "marketing-lead", "bookkeeper", "order-fulfillment"]
    data = tool_data(load_playbook(ROOT / "playbook_data"), "my-company/index.md")
    by_id = {r["id"]: r for r in data["roles"]}
    seats = [{"id": f"s{i + 1}", "name": by_id[r]["name"], "role": r, "macro": by_id[r]["macro_role"],
              "levels": by_id[r]["levels"], "tobe": by_id[r]["levels"], "responsibilities": []} for i, r in enumerate(roles)]
    sits = [{"person": f"p{i + 1}", "seat": f"s{min(i, len(roles) - 1) + 1}", "share": 100} for i in range(people)]
    return {"kind": "role-design playbook company", "format": 1, "company": {
        "format": 1, "id": "client", "name": "Northwind Ltd",
        "people": [{"id": f"p{i + 1}", "name": n, "hours": 40, "rate": 60, "owner": i == 0, "gravity": {}} for i, n in enumerate(names)],
        "seats": seats, "sits": sits, "answers": {"too-many-to-coach": "yes"}, "tasks": [], "compare": []}}


@pytest.mark.browser
def test_a_facilitators_journey_shares_a_company_that_opens_as_a_copy(browser, context, server: str, tmp_path: Path) -> None:
    page = watched(context.new_page())
    page.goto(server + "/my-company/")
    source = tmp_path / "northwind.json"
    source.write_text(json.dumps(facilitators_company()), "utf-8")
    page.locator(".pb-companybar input[type=file]").set_input_files(str(source))
    expect(page.locator(".pb-companybar .pb-status")).to_contain_text('Imported northwind.json as "Northwind Ltd (imported)"')
    expect(page.locator(".pb-ws-people tbody tr")).to_have_count(25)
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".pb-companybar .pb-status")).to_contain_text("Link copied")
    link = page.evaluate("navigator.clipboard.readText()")
    assert "#c=" in link and len(link) < 2000 + len(server) + 20, len(link)

    # a colleague's browser already holds a company of its own
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    mine = watched(other.new_page())
    mine.goto(server + "/my-company/")
    mine.get_by_label("Name", exact=True).fill("My own firm")
    add_person(mine, "Zoe", "40", "90", owner=True)
    mine.goto(link.replace("http://127.0.0.1", "http://127.0.0.1"))
    expect(mine.locator(".pb-companybar .pb-status")).to_contain_text("Opened a shared company as a copy")
    expect(mine.locator(".pb-companybar .pb-status")).to_contain_text("Your own saved companies are unchanged")
    expect(mine.locator(".pb-ws-people tbody tr")).to_have_count(25)
    assert "#c=" not in mine.url  # a reload does not open it again
    companies = mine.get_by_label("Company", exact=True)
    assert companies.locator("option").all_inner_texts() == ["My own firm", "Northwind Ltd (imported) (shared copy)"]
    # edit the copy, then undo the edit
    mine.get_by_role("button", name="Remove person 3").click()
    expect(mine.locator(".pb-ws-people tbody tr")).to_have_count(24)
    mine.get_by_role("button", name="Undo").click()
    expect(mine.locator(".pb-ws-people tbody tr")).to_have_count(25)
    expect(mine.get_by_label("Name of person 3")).to_have_value("Person 03")
    # the colleague's own company is intact
    companies.select_option(label="My own firm")
    expect(mine.get_by_label("Name of person 1")).to_have_value("Zoe")
    expect(mine.locator(".pb-ws-people tbody tr")).to_have_count(1)
    # a damaged link changes nothing
    mine.goto(link[: link.index("#c=") + 30])
    expect(mine.locator(".pb-companybar .pb-status")).to_contain_text("could not be opened")
    assert mine.get_by_label("Company", exact=True).locator("option").count() == 2
    shoot(mine, "facilitator")
    # the facilitator's original is intact too
    page.reload()
    expect(page.locator(".pb-ws-people tbody tr")).to_have_count(25)
    expect(page.get_by_label("Name of person 3")).to_have_value("Person 03")
    assert page.errors == [] and mine.errors == []
    other.close()


@pytest.mark.browser
def test_an_import_that_fails_says_why_and_where(context, server: str, tmp_path: Path) -> None:
    page = watched(context.new_page())
    page.goto(server + "/my-company/")
    add_person(page, "Olga", "40", "100", owner=True)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1,\n  "people": [\n    {"id": "p1", "name": "Ann"\n  ]\n}', "utf-8")
    page.locator(".pb-companybar input[type=file]").set_input_files(str(broken))
    expect(page.locator(".pb-companybar .pb-status")).to_contain_text("not valid JSON (line 4, column 3)")
    wrong = tmp_path / "wrong.json"
    company = facilitators_company(3)
    company["company"]["people"][1]["hours"] = "forty"
    wrong.write_text(json.dumps(company), "utf-8")
    page.locator(".pb-companybar input[type=file]").set_input_files(str(wrong))
    expect(page.locator(".pb-companybar .pb-status")).to_contain_text("person 2, hours a week (people[1].hours): must be a number from 0 to 168")
    # neither touched the company that was open
    page.get_by_label("Company", exact=True).select_option(index=0)
    expect(page.get_by_label("Name of person 1")).to_have_value("Olga")
    assert page.errors == []


def _stray_words(page, path: str, mode: str) -> list[dict]:
    """A value the code never filled in, printed as a word: "null" (the DOM's append writes it
    so: the designs once showed "nullnull" under their heading), "undefined", "NaN"."""
    text = page.locator(".pb-tool").first.text_content()
    return [{"page": path, "mode": mode, "rule": "stray word", "where": ".pb-tool", "detail": word}
            for word in sorted(set(re.findall(r"null|undefined|NaN|\[object", text)))]


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["desktop", "phone", "print"])
def test_a_filled_in_company_lays_out_on_every_view(browser, server: str, mode: str) -> None:
    """The layout rules of tests/test_layout.py, on the workspace and the four tools with a
    25-person company in them (the built pages alone show them empty)."""
    from test_layout import CHECKER, MIN_LABEL_PX, MODES, OVERLAP_PX, report

    width, height, media = MODES[mode]
    ctx = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mode == "phone", has_touch=mode == "phone")
    company = facilitators_company()["company"]
    company["tasks"] = [{"id": f"t{i}", "name": f"Weekly task {i} with a long descriptive name", "hours": 2 + i, "money": i % 2 == 0,
                         "needed": True, "cost": 25, "person": "p1", "seat": "s1"} for i in range(5)]
    company["compare"] = ["role:sales-manager", "seat:s2", "person:p1"]
    store = {"current": company["id"], "list": [{"id": company["id"], "name": company["name"]}]}
    ctx.add_init_script(f"localStorage.setItem('pb-company:client', {json.dumps(json.dumps(company))});"
                        f"localStorage.setItem('pb-companies', {json.dumps(json.dumps(store))});")
    page = watched(ctx.new_page())
    page.emulate_media(media=media)
    findings = []
    for path in ("/my-company/", "/tools/role-gravity/", "/tools/delegation/", "/tools/allocation/", "/tools/comparer/"):
        page.goto(server + path, wait_until="load")
        page.locator(".pb-tool .pb-companybar").wait_for(state="attached")
        findings += _stray_words(page, path, mode)
        if path == "/my-company/" and not page.locator(".pb-designs li[data-version=v1]").count():
            # a "to be" design, so that the comparison, the checks side by side and its chart are laid out too
            page.emulate_media(media="screen")  # the control is hidden on paper
            page.get_by_label("Start a design from").select_option("next-stage")
            page.locator(".pb-designs li[data-version=v1]").wait_for(state="attached")
            page.emulate_media(media=media)
        findings += _stray_words(page, path, mode)
        if path == "/tools/delegation/" and mode != "print":  # the tasks fit the screen (cards on a phone)
            page.locator("table.pb-tasks tbody tr").first.wait_for()
            if page.locator(".pb-overflows table.pb-tasks").count():
                findings.append({"page": path, "mode": mode, "rule": "tasks scroll sideways", "where": "table.pb-tasks", "detail": "wider than the screen"})
        if path == "/my-company/" and mode == "desktop":  # the answers to the questions in one column
            lefts = page.locator(".pb-ws-answers").evaluate_all("(all) => all.map((a) => Math.round(a.getBoundingClientRect().left))")
            if len(set(lefts)) != 1:
                findings.append({"page": path, "mode": mode, "rule": "answers out of line", "where": ".pb-ws-answers", "detail": sorted(set(lefts))})
        findings += [{"page": path, "mode": mode, **f} for f in page.evaluate(CHECKER, {"mode": mode, "minLabelPx": MIN_LABEL_PX, "overlapPx": OVERLAP_PX})]
    ctx.close()
    assert findings == [], report(findings)
    assert page.errors == []
