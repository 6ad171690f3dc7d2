"""Answers typed into a worksheet are kept in the browser (docs/javascripts/worksheet-drafts.js):
they survive a reload and a trip away and back through instant navigation, the page says so,
Clear can be undone, and saved answers are never replaced without a word (another tab's,
or by "Fill from your company"). The module's pure functions are tested with Node's own runner."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT, wait_until

pytestmark = pytest.mark.browser

KEPT = "Your answers are kept in this browser"
GRAVITY = "/worksheets/role-gravity/"


def test_pure_functions_with_nodes_own_test_runner() -> None:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is missing: make test installs it"
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "worksheet-drafts.test.mjs")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass " in result.stdout


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def type_answers(page) -> None:
    page.get_by_label("Why, in a sentence or two").fill("I like meeting people.")
    page.locator('input[data-field="meeting-people"][value="5"]').check()
    page.get_by_label("Face (Order Acquisition)").check()
    page.get_by_label("Face of the company total").fill("13")


def assert_answers(page) -> None:
    assert page.get_by_label("Why, in a sentence or two").input_value() == "I like meeting people."
    assert page.locator('input[data-field="meeting-people"][value="5"]').is_checked()
    assert page.get_by_label("Face (Order Acquisition)").is_checked()
    assert page.get_by_label("Face of the company total").input_value() == "13"


def status(page) -> str:
    return page.locator(".pb-drafts [role=status]").text_content()


def test_a_typed_draft_survives_a_reload(page, server: str) -> None:
    page.goto(server + GRAVITY)
    assert KEPT in status(page)
    type_answers(page)
    page.reload()
    assert_answers(page)
    assert "Your answers are back (saved just now)" in status(page) and KEPT in status(page)


def test_a_draft_survives_leaving_and_coming_back_through_instant_navigation(page, server: str) -> None:
    page.goto(server + GRAVITY)
    type_answers(page)
    page.evaluate("window.__same_document = true")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Worksheets", exact=True).click()
    page.wait_for_url(f"{server}/worksheets/")
    page.go_back()
    page.wait_for_url(server + GRAVITY)
    page.locator("form.pb-sheet[data-drafts]").wait_for()
    assert page.evaluate("window.__same_document") is True  # Material swapped the page, no reload
    assert_answers(page)


def test_clear_asks_nothing_but_can_be_undone_even_after_a_reload(page, server: str) -> None:
    page.goto(server + GRAVITY)
    type_answers(page)
    page.get_by_role("button", name="Clear answers").click()
    page.get_by_role("button", name="Undo").wait_for()
    assert "Answers cleared." in status(page)
    assert page.get_by_label("Why, in a sentence or two").input_value() == ""
    page.get_by_role("button", name="Undo").click()
    assert_answers(page)
    assert "Your answers are back" in status(page)
    # cleared, then the page reloaded: the cleared answers can still be brought back
    page.get_by_role("button", name="Clear answers").click()
    page.get_by_role("button", name="Undo").wait_for()
    page.reload()
    assert page.get_by_label("Why, in a sentence or two").input_value() == ""
    assert "You cleared your answers just now" in status(page)
    page.get_by_role("button", name="Undo").click()
    assert_answers(page)
    page.reload()
    assert_answers(page)


def test_each_worksheet_and_charter_keeps_its_own_answers(page, server: str) -> None:
    page.goto(f"{server}/charters/sales-leader/")
    person = page.locator('input[data-field="traits"][data-row="0"][data-col="3"][value="+1"]')
    person.check()
    page.get_by_label("Gap to watch, Orientation").fill("Prefers the desk")
    page.goto(f"{server}/charters/sales-manager/")
    assert not page.locator('input[data-field="traits"][data-row="0"][data-col="3"]:checked').count()
    assert page.get_by_label("Gap to watch, Orientation").input_value() == ""
    page.goto(f"{server}/worksheets/role-charter/")
    assert page.get_by_label("Gap to watch, Orientation").input_value() == ""
    page.goto(f"{server}/charters/sales-leader/")
    assert person.is_checked() and page.get_by_label("Gap to watch, Orientation").input_value() == "Prefers the desk"
    # the role's own mark, printed on the charter, is still there
    assert page.locator('input[data-field="traits"][data-row="0"][data-col="2"]:checked').count() == 1


def test_answers_saved_in_another_tab_are_never_replaced_silently(page, server: str) -> None:
    page.goto(server + GRAVITY)
    why = page.get_by_label("Why, in a sentence or two")
    why.fill("Mine")
    key = "pb-draft:" + GRAVITY
    stored = json.loads(page.evaluate("(key) => localStorage.getItem(key)", key))
    theirs = {**stored, "rev": stored["rev"] + 1, "answers": {"text:why": "Theirs"}}
    # another tab saved other answers (a write by this document itself fires no storage event)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(theirs)])
    why.fill("Mine, edited")
    page.get_by_role("button", name="Load the newer answers").wait_for()
    assert "changed in another tab" in status(page)
    assert json.loads(page.evaluate("(key) => localStorage.getItem(key)", key))["answers"] == {"text:why": "Theirs"}
    page.get_by_role("button", name="Keep the answers on this page").click()
    saved = json.loads(page.evaluate("(key) => localStorage.getItem(key)", key))
    assert saved["answers"] == {"text:why": "Mine, edited"} and saved["previous"] == {"text:why": "Theirs"}
    page.get_by_role("button", name="Undo").click()  # and the other tab's answers can come back
    assert why.input_value() == "Theirs"


def test_a_second_tab_follows_the_first_when_it_has_nothing_of_its_own(page, server: str) -> None:
    page.goto(server + GRAVITY)
    other = page.context.new_page()
    other.goto(server + GRAVITY)
    page.get_by_label("Why, in a sentence or two").fill("Typed in the first tab")
    wait_until(other, "document.querySelector('textarea[data-field=why]').value === 'Typed in the first tab'")
    assert "saved in another tab" in other.locator(".pb-drafts [role=status]").text_content()
    other.close()


def test_fill_from_the_company_keeps_the_answers_it_replaced_for_undo(page, server: str) -> None:
    page.goto(f"{server}/tools/role-gravity/")
    page.locator('input[data-statement="meeting-people"][value="2"]').check()  # the company's owner, "Me", rates it
    wait_until(page, "localStorage.getItem('pb-companies') !== null")
    page.goto(server + GRAVITY)
    type_answers(page)
    page.get_by_role("button", name="Fill from your company").click()
    page.get_by_role("button", name="Undo").wait_for()
    assert "Your earlier answers were replaced." in status(page)
    assert page.locator('input[data-field="meeting-people"][value="2"]').is_checked()
    page.get_by_role("button", name="Undo").click()
    assert_answers(page)


def test_a_browser_that_keeps_nothing_is_told_so(browser, server: str) -> None:
    context = browser.new_context()
    context.add_init_script("Storage.prototype.setItem = function () { throw new Error('storage is off'); };")
    page = context.new_page()
    page.goto(server + GRAVITY)
    assert "not keeping your answers" in status(page)
    context.close()


def test_a_damaged_draft_is_ignored(page, server: str) -> None:
    page.goto(server + GRAVITY)
    page.evaluate("localStorage.setItem('pb-draft:" + GRAVITY + "', '{\"format\": 1, \"answers\": {\"text:why\": 5}}')")
    page.reload()
    assert page.get_by_label("Why, in a sentence or two").input_value() == ""
    assert KEPT in status(page)
    type_answers(page)
    page.reload()
    assert_answers(page)
