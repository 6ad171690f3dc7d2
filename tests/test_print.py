"""Worksheets on paper: every worksheet printed to PDF in A4 and US Letter, the pre-filled
role charters, the facilitator pack, and the screen view left alone by the print rules."""

from __future__ import annotations

import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT
from playbook.load import load_playbook

sys.path.insert(0, str(ROOT / "hooks"))
import pdf_export  # noqa: E402  (the same printing code `make pdf` uses)

pytestmark = pytest.mark.browser

PLAYBOOK = load_playbook(ROOT / "playbook_data")
PRINTABLE_WIDTH_PX = {"a4": (210 - 28) / 25.4 * 96, "letter": (215.9 - 28) / 25.4 * 96}  # paper minus @page margins


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages_text(path: Path) -> list[str]:
    count = len(PdfReader(path).pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def worksheet_texts(worksheet) -> tuple[list[str], list[str]]:
    """(strings that must appear as they are, strings whose words must all appear: the
    steps, printed in two columns, and the table headings, which wrap inside their cells)."""
    exact = [worksheet.name, worksheet.summary, worksheet.facilitation.purpose, worksheet.facilitation.result]
    headings = [step.text for step in worksheet.facilitation.steps]
    for section in worksheet.sections:
        exact.append(section.title)
        if section.intro:
            exact.append(section.intro)
        for field in section.fields:
            exact.append(field.label)
            exact.extend(field.options)
            headings.extend(field.columns)
    return exact, headings


@pytest.fixture(scope="module")
def chromium(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("worksheet_id", [w.id for w in PLAYBOOK.worksheets])
def test_worksheet_prints_within_budget_with_all_its_text(chromium, server: str, tmp_path: Path, worksheet_id: str, paper: str) -> None:
    worksheet = PLAYBOOK.worksheet(worksheet_id)
    target = tmp_path / f"{worksheet_id}-{paper}.pdf"
    pages = pdf_export.print_page(chromium, f"{server}/worksheets/{worksheet_id}/", paper, target)
    budget = worksheet.page_budget_a4 if paper == "a4" else worksheet.page_budget_letter
    assert 1 <= pages <= budget, f"{pages} pages, budget {budget}"

    texts = pdf_pages_text(target)
    blank = [n + 1 for n, text in enumerate(texts) if not text.strip()]
    assert not blank, f"blank pages: {blank}"
    printed = words(" ".join(texts))
    exact, headings = worksheet_texts(worksheet)
    missing = [t for t in exact if words(t) not in printed]
    assert not missing
    printed_words = set(printed.split())
    assert not [h for h in headings if not set(words(h).split()) <= printed_words]
    assert f"{worksheet.name} · version {worksheet.version}" in printed  # the footer line


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nothing_is_cut_off_at_the_right_edge(browser, server: str, paper: str) -> None:
    """Laid out at the printable width of the paper, no part of any sheet sticks out."""
    width = int(PRINTABLE_WIDTH_PX[paper])
    page = browser.new_page(viewport={"width": width, "height": 1200})
    page.emulate_media(media="print")
    for worksheet in PLAYBOOK.worksheets:
        page.goto(f"{server}/worksheets/{worksheet.id}/")
        overflow = page.evaluate("""(limit) => {
            const bad = [];
            for (const el of document.querySelectorAll('article *')) {
                const box = el.getBoundingClientRect();
                if (box.width && getComputedStyle(el).display !== 'none' && box.right > limit + 0.5) bad.push(el.tagName + '.' + el.className);
                if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1) bad.push('table scrolls');
            }
            return bad;
        }""", width)
        assert overflow == [], f"{worksheet.id}: {overflow[:5]}"
    page.close()


class _Cells(HTMLParser):
    """The rows of the tables in the sheet, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("role_id", [r.id for r in PLAYBOOK.roles])
def test_pre_filled_charter_shows_the_roles_levels_and_positions(built_site: Path, role_id: str) -> None:
    role = PLAYBOOK.role(role_id)
    html = (built_site / "charters" / role_id / "index.html").read_text("utf-8")
    start = html.index('<form class="pb-sheet"')
    sheet = unescape(html[start:html.index("</form>", start)])
    cells = _Cells()
    cells.feed(sheet)
    rows = {row[0]: row[1:] for row in cells.rows if row}
    for accountability in PLAYBOOK.accountabilities:
        holding = role.holding(accountability.id)
        assert rows[accountability.name][:2] == [PLAYBOOK.level(holding.level).name, holding.reason]
    for spectrum in PLAYBOOK.spectra:
        key = f"{spectrum.name} ({spectrum.left.label} to {spectrum.right.label})"
        position = role.placement(spectrum.id).position
        assert rows[key][0] == (f"+{position}" if position > 0 else "0" if position == 0 else f"\u2212{-position}")
    assert role.name in sheet and role.summary in sheet


def test_pre_filled_charters_print_without_blank_pages(chromium, server: str, tmp_path: Path) -> None:
    for role in PLAYBOOK.roles:
        target = tmp_path / f"{role.id}.pdf"
        pages = pdf_export.print_page(chromium, f"{server}/charters/{role.id}/", "a4", target)
        texts = pdf_pages_text(target)
        assert pages <= 2 and all(t.strip() for t in texts), role.id
        printed = set(words(" ".join(texts)).split())  # table cells wrap, so compare words
        assert all(set(role.holding(a.id).reason.split()) <= printed for a in PLAYBOOK.accountabilities), role.id


def test_facilitator_pack_lists_every_worksheet_and_adds_up(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    # as `make pdf` runs it (in its own process: Playwright's sync API allows one per thread)
    result = subprocess.run([sys.executable, str(ROOT / "hooks" / "pdf_export.py"), "--site", str(built_site), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "over its budget" not in result.stderr
    for paper in ("a4", "letter"):
        pack = out / f"facilitator-pack-{paper}.pdf"
        parts = [out / f"{w.id}-{paper}.pdf" for w in PLAYBOOK.worksheets]
        assert all(p.is_file() for p in parts)
        contents = words(pdf_pages_text(pack)[0])
        for worksheet in PLAYBOOK.worksheets:
            assert f"Worksheet: {worksheet.name}" in contents
        guide_pages = len(PdfReader(pack).pages) - 1 - sum(len(PdfReader(p).pages) for p in parts)
        assert guide_pages >= 1, "the facilitator's guide is in the pack"
        # the contents page says where each part starts; the starts add up to the pack's length
        starts = [int(n) for n in re.findall(r"(?:guide|Worksheet: [^0-9]+?) (\d+)", contents)]
        assert starts[0] == 2 and starts == sorted(starts)
        last = len(PdfReader(parts[-1]).pages)
        assert starts[-1] + last - 1 == len(PdfReader(pack).pages)


def test_print_rules_leave_the_screen_view_alone(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/worksheets/role-gravity/")
    screen = {sel: page.locator(sel).first.is_visible() for sel in
              (".md-sidebar--primary", ".md-header", ".pb-sheet-tools", ".pb-screen-only", ".pb-print-footer")}
    assert screen == {".md-sidebar--primary": True, ".md-header": True, ".pb-sheet-tools": True,
                      ".pb-screen-only": True, ".pb-print-footer": False}
    page.emulate_media(media="print")
    printed = {sel: page.locator(sel).first.is_visible() for sel in screen}
    assert printed == {".md-sidebar--primary": False, ".md-header": False, ".pb-sheet-tools": False,
                       ".pb-screen-only": False, ".pb-print-footer": True}
    page.close()


def test_worksheet_fills_from_the_tool_and_prints_filled(browser, server: str, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/tools/delegation/")
    page.get_by_label("What an hour of your time is worth").fill("100")
    page.get_by_label("Task 1", exact=True).fill("Invoicing")
    page.get_by_label("Hours a week for task 1").fill("4")
    page.get_by_label("Cost to buy task 1, per hour").fill("25")
    page.goto(f"{server}/worksheets/delegation-audit/")
    page.get_by_role("button", name="Fill from the tool").click()
    assert page.locator('input[data-field="owner-rate"]').input_value() == "100"
    assert page.locator('input[data-field="tasks"][data-row="0"][data-col="0"]').input_value() == "Invoicing"
    assert page.locator('input[data-field="tasks"][data-row="0"][data-col="4"]').input_value() == "outsource"
    assert page.locator('input[data-field="money-recaptured"]').input_value() == "300"
    page.emulate_media(media="print")
    target = tmp_path / "filled.pdf"
    page.pdf(path=str(target), format="A4", print_background=True)
    assert "Invoicing" in " ".join(pdf_pages_text(target))
    page.close()
