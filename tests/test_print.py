"""Worksheets on paper: every worksheet printed to PDF in A4 and US Letter (and A3 where it
offers a wall copy), the pre-filled and the blank role charters, the one-page handout, the
facilitator pack, and the same sheets on screen at desktop and phone widths.

What is checked is what a person sees: the PDFs' text as pdftotext reads it (with -layout
where it matters which words share a line) and the rendered boxes, not the HTML alone. Each
detector is also run on a page made to break its rule, so that the test can fail."""

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
from playbook import queries
from playbook.load import load_playbook
from playbook.render.escape import signed
from playbook.render.sheet import RATINGS, papers

sys.path.insert(0, str(ROOT / "scripts"))
import pdf_export  # noqa: E402  (the same printing code `make pdf` uses)

pytestmark = pytest.mark.browser

PLAYBOOK = load_playbook(ROOT / "playbook_data")
PRINTABLE_WIDTH_PX = {"a4": (210 - 28) / 25.4 * 96, "letter": (215.9 - 28) / 25.4 * 96,  # paper minus @page margins
                      "a3": (297 - 39.6) / 25.4 * 96}
PAPER_POINTS = {"a4": (595.9, 842.9), "letter": (612, 792), "a3": (842.9, 1191.1)}
HANDOUT = "handouts/levels-and-conflicts/"

# A page is too short to be worth its paper when, besides the footer line, pdftotext finds at
# most this many lines of text on it: a footer-only page has none, a spilled line one or two.
SHORT_PAGE_LINES = 2


def save_company(page, company: dict) -> None:
    """Keep a company in this browser as the tools do (docs/javascripts/company/model.js), open."""
    full = {"format": 1, "id": "acme", "name": "Acme", "people": [], "seats": [], "sits": [], "answers": {},
            "tasks": [], "compare": [], **company}
    page.evaluate("""(c) => {
        localStorage.setItem('pb-company:' + c.id, JSON.stringify(c));
        localStorage.setItem('pb-companies', JSON.stringify({current: c.id, list: [{id: c.id, name: c.name}]}));
    }""", full)


def words(text: str) -> str:
    """Text with its runs of white space made one space, and words broken after a hyphen at
    the end of a printed line joined again."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-z]-)[ \t]*\n\s*", "", text)).strip()


def pdf_pages_text(path: Path, layout: bool = False) -> list[str]:
    count = len(PdfReader(path).pages)
    flags = ["-layout"] if layout else []
    return [subprocess.run(["pdftotext", *flags, "-f", str(n), "-l", str(n), str(path), "-"],
                           capture_output=True, text=True, check=True).stdout for n in range(1, count + 1)]


def short_pages(texts: list[str], footer: str) -> list[tuple[int, list[str]]]:
    """(page number, its lines) for every page with at most SHORT_PAGE_LINES lines of text
    besides the footer: a footer-only page, a line or two spilled onto a page of their own."""
    footer_words = words(footer)
    short = []
    for n, text in enumerate(texts, 1):
        lines = [words(line) for line in text.splitlines() if line.strip()]
        body = [line for line in lines if line not in footer_words]
        if len(body) <= SHORT_PAGE_LINES:
            short.append((n, body))
    return short


def footer_of(page, url: str) -> str:
    page.goto(url)
    return page.locator(".pb-print-footer").text_content()


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


def _budget(worksheet, paper: str) -> int:
    return worksheet.page_budget_letter if paper == "letter" else worksheet.page_budget_a4  # A3 is A4 enlarged


# ---------- the detector of short pages, on pages made to have one ----------

@pytest.mark.parametrize("after", ["", "<p>One line that spilled over.</p>"])
def test_short_page_detector_finds_footer_only_and_one_line_pages(chromium, tmp_path: Path, after: str) -> None:
    footer = "Made-up sheet · version 1.0 · http://example.invalid/sheet/"
    filler = "".join(f"<p>Line {n} of a full first page.</p>" for n in range(10))
    chromium.set_content(f"<html><body>{filler}<div style='break-before: page'>{after}"
                         f"<p class='footer'>{footer}</p></div></body></html>")
    target = tmp_path / "short.pdf"
    chromium.pdf(path=str(target), format="A4")
    texts = pdf_pages_text(target)
    assert len(texts) == 2
    assert [n for n, _ in short_pages(texts, footer)] == [2]


# ---------- every worksheet, on every paper it offers ----------

SHEET_PAPERS = [(w.id, paper) for w in PLAYBOOK.worksheets for paper in papers(w)]


@pytest.mark.parametrize("worksheet_id,paper", SHEET_PAPERS)
def test_worksheet_prints_within_budget_with_all_its_text(chromium, server: str, tmp_path: Path, worksheet_id: str, paper: str) -> None:
    worksheet = PLAYBOOK.worksheet(worksheet_id)
    target = tmp_path / f"{worksheet_id}-{paper}.pdf"
    url = f"{server}/worksheets/{worksheet_id}/"
    footer = footer_of(chromium, url)
    pages = pdf_export.print_page(chromium, url, paper, target)
    budget = _budget(worksheet, paper)
    assert 1 <= pages <= budget, f"{pages} pages, budget {budget}"
    box = PdfReader(target).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAPER_POINTS[paper], abs=2)

    texts = pdf_pages_text(target)
    blank = [n + 1 for n, text in enumerate(texts) if not text.strip()]
    assert not blank, f"blank pages: {blank}"
    assert not short_pages(texts, footer), f"pages with only the footer or a line or two: {short_pages(texts, footer)}"
    printed = words(" ".join(texts))
    exact, headings = worksheet_texts(worksheet)
    missing = [t for t in exact if words(t) not in printed]
    assert not missing
    printed_words = set(printed.split())
    assert not [h for h in headings if not set(words(h).split()) <= printed_words]
    assert f"{worksheet.name} · version {worksheet.version}" in printed  # the footer line
    for total in queries.score_totals(PLAYBOOK, worksheet):
        assert f"{total.name} total" in printed and f"of {RATINGS[-1] * len(total.fields)}" in printed


def test_wall_copy_is_offered_where_a_group_fills_one_sheet() -> None:
    assert "a3" in papers(PLAYBOOK.worksheet("accountability-allocation"))
    assert "a3" not in papers(PLAYBOOK.worksheet("role-gravity"))  # one per person: no wall copy


@pytest.mark.parametrize("paper", ["a4", "letter", "a3"])
def test_nothing_is_cut_off_at_the_right_edge(browser, server: str, paper: str) -> None:
    """Laid out at the printable width of the paper, no part of any sheet sticks out."""
    width = int(PRINTABLE_WIDTH_PX[paper])
    page = browser.new_page(viewport={"width": width, "height": 1200})
    page.emulate_media(media="print")
    urls = [f"worksheets/{w.id}/" for w in PLAYBOOK.worksheets if paper in papers(w)]
    if paper != "a3":
        urls += ["worksheets/role-charter/", f"charters/{PLAYBOOK.roles[0].id}/", HANDOUT]
    for url in urls:
        page.goto(f"{server}/{url}")
        page.evaluate(f"document.body.classList.remove('pb-paper-a4', 'pb-paper-letter'); "
                      f"document.body.classList.add('pb-paper-{paper}')")
        assert cut_off(page, width) == [], url
    page.close()


CUT_OFF = """(limit) => {
    const bad = [];
    for (const el of document.querySelectorAll('article *')) {
        const box = el.getBoundingClientRect();
        if (box.width && getComputedStyle(el).display !== 'none' && box.right > limit + 0.5) bad.push(el.tagName + '.' + el.className);
        if (el.tagName === 'TABLE' && el.scrollWidth > el.clientWidth + 1) bad.push('table scrolls');
    }
    return bad.slice(0, 5);
}"""


def cut_off(page, width: int) -> list[str]:
    return page.evaluate(CUT_OFF, width)


def test_cut_off_detector_finds_a_sheet_wider_than_the_paper(browser, server: str) -> None:
    width = int(PRINTABLE_WIDTH_PX["a4"])
    page = browser.new_page(viewport={"width": width, "height": 1200})
    page.emulate_media(media="print")
    page.goto(f"{server}/worksheets/role-gravity/")
    page.add_style_tag(content=".pb-q-scale { width: 120%; }")
    assert cut_off(page, width)
    page.close()


# ---------- the role charters: pre-filled for every role, and blank ----------

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


def _checked(sheet: str, field: str, row: int, col: int) -> list[str]:
    """The values of the checked radio boxes of one table cell."""
    found = []
    for tag in re.findall(r"<input [^>]*>", sheet):
        if f'data-field="{field}" data-row="{row}" data-col="{col}"' in tag and " checked" in tag:
            found.append(re.search(r'value="([^"]*)"', tag).group(1))
    return found


def _sheet_html(built_site: Path, page: str) -> str:
    html = (built_site / page / "index.html").read_text("utf-8")
    start = html.index('<form class="pb-sheet"')
    return unescape(html[start:html.index("</form>", start)])


@pytest.mark.parametrize("role_id", [r.id for r in PLAYBOOK.roles])
def test_pre_filled_charter_shows_the_roles_levels_and_positions(built_site: Path, role_id: str) -> None:
    role = PLAYBOOK.role(role_id)
    sheet = _sheet_html(built_site, f"charters/{role_id}")
    cells = _Cells()
    cells.feed(sheet)
    rows = {row[0]: row[1:] for row in cells.rows if row}
    for accountability in PLAYBOOK.accountabilities:
        holding = role.holding(accountability.id)
        assert rows[accountability.name][:2] == [PLAYBOOK.level(holding.level).name, holding.reason]
    for n, spectrum in enumerate(PLAYBOOK.spectra):
        assert rows[spectrum.name][0] == spectrum.left.label and rows[spectrum.name][3] == spectrum.right.label
        assert _checked(sheet, "traits", n, 2) == [signed(role.placement(spectrum.id).position)]  # the role's mark
        assert _checked(sheet, "traits", n, 3) == []  # the person's, left to mark
    assert role.name in sheet and role.summary in sheet


def _row_lines(layout_text: str, start: str) -> list[str]:
    """The -layout lines of one table row: the line that starts with `start`, then the lines
    below it up to the next line that starts a row (text from the first column)."""
    lines = layout_text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(start))
    indent = len(lines[first]) - len(lines[first].lstrip())
    row = [lines[first]]
    for line in lines[first + 1:]:
        if not line.strip() or len(line) - len(line.lstrip()) <= indent:
            break
        row.append(line)
    return row


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_charter_prints_on_one_page_with_each_accountability_on_a_line(chromium, server: str, tmp_path: Path, paper: str) -> None:
    """All 15 pre-filled charters: within the charter's page budget, no short page, and in
    the PDF's text each accountability shares its line with its level and its reason (the
    reason may wrap under itself, in its own column)."""
    charter = PLAYBOOK.worksheet("role-charter")
    for role in PLAYBOOK.roles:
        url = f"{server}/charters/{role.id}/"
        footer = footer_of(chromium, url)
        target = tmp_path / f"{role.id}-{paper}.pdf"
        pages = pdf_export.print_page(chromium, url, paper, target)
        assert pages <= _budget(charter, paper), role.id
        texts = pdf_pages_text(target)
        assert all(t.strip() for t in texts) and not short_pages(texts, footer), role.id
        layout = "\n".join(pdf_pages_text(target, layout=True))
        for accountability in PLAYBOOK.accountabilities:
            holding = role.holding(accountability.id)
            row = _row_lines(layout, accountability.name)
            level, reason = PLAYBOOK.level(holding.level).name, holding.reason.split()
            assert re.search(rf"^\s*{re.escape(accountability.name)}\s+{re.escape(level)}\s+{re.escape(' '.join(reason[:3]))}",
                             row[0]), (role.id, row)
            assert words(" ".join(row)).endswith(" ".join(reason)) or " ".join(reason) in words(" ".join(row)), (role.id, row)
        printed = words(" ".join(texts))
        for spectrum in PLAYBOOK.spectra:
            assert spectrum.name in printed and spectrum.left.label in printed, (role.id, spectrum.id)


def test_row_reader_sees_a_stacked_table(chromium, tmp_path: Path) -> None:
    """What the charters looked like when broken (every cell stacked in the first column):
    the accountability's line no longer holds its level and reason."""
    chromium.set_content("<table><tr><td style='display:block'>Servicing</td><td style='display:block'>Owns</td>"
                         "<td style='display:block'>Answers every request.</td></tr></table>")
    target = tmp_path / "stacked.pdf"
    chromium.pdf(path=str(target), format="A4")
    row = _row_lines(pdf_pages_text(target, layout=True)[0], "Servicing")
    assert not re.search(r"^\s*Servicing\s+Owns\s+Answers", row[0])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_blank_charter_prints_every_row_and_scale(chromium, server: str, tmp_path: Path, paper: str) -> None:
    """The blank charter names the four accountabilities with the levels to tick beside each,
    and the seven spectra with their poles and a −2…+2 scale for the role and the person."""
    target = tmp_path / f"charter-{paper}.pdf"
    pdf_export.print_page(chromium, f"{server}/worksheets/role-charter/", paper, target)
    layout = "\n".join(pdf_pages_text(target, layout=True))
    for accountability in PLAYBOOK.accountabilities:
        row = words(" ".join(_row_lines(layout, accountability.name)))
        assert all(level.name in row for level in PLAYBOOK.levels), row
    for spectrum in PLAYBOOK.spectra:
        row = set(re.findall(r"\w+", " ".join(_row_lines(layout, spectrum.name))))  # a pole may wrap in its cell
        assert set(re.findall(r"\w+", f"{spectrum.left.label} {spectrum.right.label}")) <= row, (spectrum.id, row)
    scale = r"\s*".join(re.escape(signed(n)) for n in range(PLAYBOOK.scale.min, PLAYBOOK.scale.max + 1))
    heading = next(line for line in layout.splitlines() if re.search(scale, line))
    assert len(re.findall(scale, heading)) == 2, heading  # one scale for the role, one for the person
    # a box to tick under every number, on every spectrum, for the role and for the person
    chromium.emulate_media(media="print")
    boxes = chromium.evaluate("""() => [...document.querySelectorAll('input[data-field="traits"][type=radio]')]
        .filter((b) => { const r = b.getBoundingClientRect(); return r.width >= 6 && r.height >= 6; }).length""")
    assert boxes == len(PLAYBOOK.spectra) * 2 * (PLAYBOOK.scale.max - PLAYBOOK.scale.min + 1)


# ---------- scoring on paper: sides and totals ----------

SCORED = [w.id for w in PLAYBOOK.worksheets if any(f.toward for s in w.sections for f in s.fields)]


@pytest.mark.parametrize("worksheet_id", SCORED)
def test_every_scored_statement_prints_its_side_and_the_totals_have_boxes(chromium, server: str, tmp_path: Path, worksheet_id: str) -> None:
    worksheet = PLAYBOOK.worksheet(worksheet_id)
    target = tmp_path / f"{worksheet_id}.pdf"
    pdf_export.print_page(chromium, f"{server}/worksheets/{worksheet_id}/", "letter", target)
    lines = [line for line in "\n".join(pdf_pages_text(target, layout=True)).splitlines() if line.strip()]
    statements = [f for s in worksheet.sections for f in s.fields if f.kind == "scale" and f.toward]
    starts = []
    for field in statements:
        opening = " ".join(field.label.split()[:4])
        starts.append(next(i for i, line in enumerate(lines) if words(line).startswith(opening)))
    for n, field in enumerate(statements):
        end = starts[n + 1] if n + 1 < len(statements) else starts[n] + 3
        row = words(" ".join(lines[starts[n]:min(end, starts[n] + 3)]))
        side = queries.statement_side(PLAYBOOK, worksheet, field.toward)
        assert side in row, (field.id, side, row)
    # on screen and on paper, each total is a box of its own, as big as a handwritten number
    chromium.emulate_media(media="print")
    totals = queries.score_totals(PLAYBOOK, worksheet)
    for total in totals:
        box = chromium.evaluate(f"""() => {{
            const b = document.querySelector('input[data-field="total-{total.pole}"]'); const s = getComputedStyle(b);
            const r = b.getBoundingClientRect();
            return {{ w: r.width, h: r.height, border: [s.borderTopWidth, s.borderRightWidth, s.borderBottomWidth, s.borderLeftWidth].map(parseFloat) }};
        }}""")
        assert box["w"] >= 30 and box["h"] >= 20 and min(box["border"]) >= 1, (total.name, box)
    poles = {t.pole for t in totals}
    assert poles == {f.toward.pole for f in statements if f.toward.pole}


def test_partner_fit_asks_for_the_totals_the_gravity_sheet_gives() -> None:
    columns = [c for s in PLAYBOOK.worksheet("partner-fit").sections for f in s.fields for c in f.columns]
    gravity = [f"{t.name} total" for t in queries.score_totals(PLAYBOOK, PLAYBOOK.worksheet("role-gravity"))]
    assert len(gravity) == 2 and all(total in columns for total in gravity)
    assert [c for c in columns if c.endswith(" total")] == gravity


# ---------- on screen: rating rows on one line at 1280 px, sheets within a 390 px phone ----------

WRAPPED = """() => {
    const bad = [];
    for (const row of document.querySelectorAll('.pb-q-scale')) {
        const boxes = [...row.querySelectorAll('.pb-box')].map((b) => b.getBoundingClientRect());
        const right = row.getBoundingClientRect().right;
        if (new Set(boxes.map((b) => Math.round(b.top / 4))).size > 1 || boxes.some((b) => b.right > right + 1))
            bad.push(row.textContent.trim().slice(0, 40));
    }
    if (window.innerWidth >= 1280)  // at desktop width no table needs its sideways scroll
        for (const box of document.querySelectorAll('.pb-table-scroll'))
            if (box.scrollWidth > box.clientWidth + 1) bad.push('table scrolls: ' + box.textContent.trim().slice(0, 40));
    return bad;
}"""
TOO_WIDE = """() => {
    const limit = document.documentElement.clientWidth;
    const bad = [];
    if (document.documentElement.scrollWidth > limit) bad.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
    for (const el of document.querySelectorAll('article *')) {
        if (el.closest('.pb-table-scroll, .md-typeset__scrollwrap, pre')) continue;  // scrolls inside its own box
        const r = el.getBoundingClientRect();
        if (r.width && getComputedStyle(el).display !== 'none' && r.right > limit + 0.5) bad.push(el.tagName + '.' + el.className);
    }
    return bad.slice(0, 5);
}"""
SCREEN_PAGES = [f"worksheets/{w.id}/" for w in PLAYBOOK.worksheets] + [f"charters/{PLAYBOOK.roles[0].id}/", HANDOUT]


@pytest.mark.parametrize("width", [1280, 390])
def test_rating_rows_stay_on_one_line_and_sheets_fit_the_screen(browser, server: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    for url in SCREEN_PAGES:
        page.goto(f"{server}/{url}")
        assert page.evaluate(WRAPPED) == [], (url, width)
        assert page.evaluate(TOO_WIDE) == [], (url, width)
    page.close()


def test_screen_detectors_find_a_wrapped_row_and_a_sheet_wider_than_a_phone(browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"{server}/worksheets/role-gravity/")
    page.add_style_tag(content=".pb-q-scale .pb-boxes { flex-wrap: wrap !important; max-width: 6rem; }")
    assert page.evaluate(WRAPPED)
    page.add_style_tag(content=".pb-sheet-section { min-width: 480px; }")
    assert page.evaluate(TOO_WIDE)
    page.close()


# ---------- printing without waste: a filled allocation sheet, the handout ----------

def test_filled_allocation_sheet_keeps_to_its_pages(browser, server: str, tmp_path: Path) -> None:
    """The allocation sheet filled from the builder (every row, the longest level name) and
    typed into everywhere else prints within its budget, with no page of a line or two."""
    worksheet = PLAYBOOK.worksheet("accountability-allocation")
    page = browser.new_page()
    page.goto(f"{server}/tools/allocation/")
    longest = max(PLAYBOOK.levels, key=lambda lv: len(lv.name)).id
    levels = {a.id: longest for a in PLAYBOOK.accountabilities}
    seats = [{"id": f"s{n}", "name": f"Customer service representative, region {n}", "role": None, "macro": "order-acquisition",
              "levels": levels, "tobe": levels, "responsibilities": []} for n in range(8)]
    save_company(page, {"seats": seats})
    url = f"{server}/worksheets/accountability-allocation/"
    page.goto(url)
    page.get_by_role("button", name="Fill from your company").click()
    assert page.locator(".pb-sheet-tools [role=status]").inner_text() == "Filled in from Acme."
    page.wait_for_timeout(100)
    for box in page.locator("form.pb-sheet textarea, form.pb-sheet input[type=text]").all():
        if not box.input_value():
            box.fill("Servicing with farming, and nobody owns sourcing yet")
    footer = page.locator(".pb-print-footer").text_content()
    for paper in ("a4", "letter"):
        target = tmp_path / f"filled-{paper}.pdf"
        pages = pdf_export.print_page(page, url, paper, target)  # the typed answers come back from the draft
        texts = pdf_pages_text(target)
        assert "region 7" in " ".join(texts), "printed filled"
        assert pages <= _budget(worksheet, paper), paper
        assert not short_pages(texts, footer), (paper, short_pages(texts, footer))
    page.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_handout_of_levels_and_conflicts_prints_on_one_page(chromium, server: str, tmp_path: Path, paper: str) -> None:
    target = tmp_path / f"handout-{paper}.pdf"
    assert pdf_export.print_page(chromium, f"{server}/{HANDOUT}", paper, target) == 1
    printed = words(pdf_pages_text(target)[0])
    expected = [a.name for a in PLAYBOOK.accountabilities] + [a.summary for a in PLAYBOOK.accountabilities]
    expected += [lv.name for lv in PLAYBOOK.levels] + [lv.definition for lv in PLAYBOOK.levels]
    expected += [c.name for c in PLAYBOOK.conflicts] + [words(c.why) for c in PLAYBOOK.conflicts]
    expected += [words(c.remedy) for c in PLAYBOOK.conflicts] + [words(PLAYBOOK.overload.why)]
    unhyphenated = printed.replace("-", "")  # pdftotext drops a hyphen that ends a line
    assert [t for t in expected if t.replace("-", "") not in unhyphenated] == []
    assert "Levels and conflicts ·" in printed  # its footer
    assert "Suggest a change" not in printed and "Ready-made PDF" not in printed  # no screen-only text


# ---------- the facilitator pack, the screen view ----------

def test_facilitator_pack_lists_every_worksheet_and_adds_up(built_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    # as `make pdf` runs it (in its own process: Playwright's sync API allows one per thread)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf_export.py"), "--site", str(built_site), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "over its" not in result.stderr and "more pages on A3" not in result.stderr
    for paper in ("a4", "letter"):
        pack = out / f"facilitator-pack-{paper}.pdf"
        parts = [out / f"{w.id}-{paper}.pdf" for w in PLAYBOOK.worksheets] + [out / f"handout-levels-and-conflicts-{paper}.pdf"]
        assert all(p.is_file() for p in parts)
        contents = words(pdf_pages_text(pack)[0])
        for worksheet in PLAYBOOK.worksheets:
            assert f"Worksheet: {worksheet.name}" in contents
        assert "Handout: levels and conflicts" in contents
        guide_pages = len(PdfReader(pack).pages) - 1 - sum(len(PdfReader(p).pages) for p in parts)
        assert guide_pages >= 1, "the facilitator's guide is in the pack"
        # the contents page says where each part starts; the starts add up to the pack's length
        starts = [int(n) for n in re.findall(r"(?:guide|Worksheet: [^0-9]+?|Handout: [^0-9]+?) (\d+)", contents)]
        assert starts[0] == 2 and starts == sorted(starts) and len(starts) == len(parts) + 1
        last = len(PdfReader(parts[-1]).pages)
        assert starts[-1] + last - 1 == len(PdfReader(pack).pages)
    walls = [w for w in PLAYBOOK.worksheets if "a3" in papers(w)]
    assert walls and all((out / f"{w.id}-a3.pdf").is_file() for w in walls)
    assert not [p.name for p in out.glob("*-a3.pdf") if p.name not in {f"{w.id}-a3.pdf" for w in walls}]


def test_print_rules_leave_the_screen_view_alone(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/worksheets/role-gravity/")
    page.locator(".pb-sheet-tools").wait_for()  # the sheet's bar comes by a dynamic import
    screen = {sel: page.locator(sel).first.is_visible() for sel in
              (".md-sidebar--primary", ".md-header", ".pb-sheet-tools", ".pb-drafts", ".pb-screen-only", ".pb-print-footer")}
    assert screen == {".md-sidebar--primary": True, ".md-header": True, ".pb-sheet-tools": True, ".pb-drafts": True,
                      ".pb-screen-only": True, ".pb-print-footer": False}
    page.emulate_media(media="print")
    printed = {sel: page.locator(sel).first.is_visible() for sel in screen}
    assert printed == {".md-sidebar--primary": False, ".md-header": False, ".pb-sheet-tools": False, ".pb-drafts": False,
                       ".pb-screen-only": False, ".pb-print-footer": True}
    page.close()


def test_paper_choice_offers_a3_only_on_a_wall_sheet(browser, server: str) -> None:
    page = browser.new_page()
    for worksheet in PLAYBOOK.worksheets:
        page.goto(f"{server}/worksheets/{worksheet.id}/")
        page.locator(".pb-sheet-tools select").wait_for()  # the sheet's bar comes by a dynamic import
        options = page.locator(".pb-sheet-tools select option").evaluate_all("(os) => os.map((o) => o.value)")
        assert options == ["auto", *papers(worksheet)], worksheet.id  # the printer's paper first
    page.goto(f"{server}/worksheets/accountability-allocation/")
    page.locator(".pb-sheet-tools select").select_option("a3")
    assert "pb-paper-a3" in page.evaluate("document.body.className")
    page.goto(f"{server}/worksheets/role-gravity/")  # a sheet without A3 falls back to the printer's paper
    assert page.locator(".pb-sheet-tools select").input_value() == "auto"
    assert "pb-paper-" not in page.evaluate("document.body.className")
    page.close()


PRINT_REQUESTS = {"A4": PAPER_POINTS["a4"], "Letter": PAPER_POINTS["letter"]}


@pytest.mark.parametrize("url", ["worksheets/role-gravity/", "worksheets/role-charter/", f"charters/{PLAYBOOK.roles[0].id}/"])
def test_by_default_a_sheet_prints_on_the_paper_the_print_dialog_asks_for(browser, server: str, tmp_path: Path, url: str) -> None:
    """Until the reader picks a paper, no page size is forced: a request for Letter gives
    Letter and one for A4 gives A4, as the print dialog of a browser would ask; a paper
    picked in the selector wins over the request."""
    context = browser.new_context()  # nothing kept from another test's choice of paper
    page = context.new_page()
    page.goto(f"{server}/{url}")
    assert page.locator(".pb-sheet-tools select").input_value() == "auto"
    for request, points in PRINT_REQUESTS.items():
        target = tmp_path / f"default-{request}.pdf"
        page.pdf(path=str(target), format=request, prefer_css_page_size=True)
        boxes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(target).pages]
        assert boxes == [pytest.approx(points, abs=2)] * len(boxes), (url, request)
    page.locator(".pb-sheet-tools select").select_option("a4")
    target = tmp_path / "picked-a4.pdf"
    page.pdf(path=str(target), format="Letter", prefer_css_page_size=True)
    box = PdfReader(target).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(PAPER_POINTS["a4"], abs=2), url
    context.close()


def test_worksheet_fills_from_the_company_and_prints_filled(browser, server: str, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/tools/delegation/")
    save_company(page, {"people": [{"id": "p1", "name": "Olivia", "hours": 50, "rate": 100, "owner": True, "gravity": {}}]})
    page.reload()
    page.locator(".pb-tool .pb-companybar").wait_for()  # the views come by a dynamic import
    page.get_by_role("button", name="Add a task").click()
    page.get_by_label("Task 1", exact=True).fill("Invoicing")
    page.get_by_label("Hours a week for task 1").fill("4")
    page.get_by_label("Cost to buy task 1, per hour").fill("25")
    page.goto(f"{server}/worksheets/delegation-audit/")
    page.get_by_role("button", name="Fill from your company").click()
    assert page.locator('input[data-field="owner-rate"]').input_value() == "100"
    assert page.locator('[data-field="tasks"][data-row="0"][data-col="0"]').input_value() == "Invoicing"
    assert page.locator('[data-field="tasks"][data-row="0"][data-col="4"]').input_value() == "outsource"
    assert page.locator('input[data-field="money-recaptured"]').input_value() == "300"
    page.emulate_media(media="print")
    target = tmp_path / "filled.pdf"
    page.pdf(path=str(target), format="A4", print_background=True)
    assert "Invoicing" in " ".join(pdf_pages_text(target))
    page.close()


def test_gravity_sheet_filled_from_the_company_has_the_tools_totals(browser, server: str) -> None:
    worksheet = PLAYBOOK.worksheet("role-gravity")
    statements = [f for s in worksheet.sections for f in s.fields if f.kind == "scale" and f.toward]
    answers = {f.id: 1 + n % 5 for n, f in enumerate(statements)}
    page = browser.new_page()
    page.goto(f"{server}/tools/role-gravity/")
    save_company(page, {"people": [{"id": "p1", "name": "Me", "hours": None, "rate": None, "owner": True, "gravity": answers}]})
    page.goto(f"{server}/worksheets/role-gravity/")
    page.get_by_role("button", name="Fill from your company").click()
    for field, value in answers.items():
        assert page.locator(f'input[type=radio][data-field="{field}"][value="{value}"]').is_checked(), field
    for total in queries.score_totals(PLAYBOOK, worksheet):
        expected = sum(answers[id] for id in total.fields)
        assert page.locator(f'input[data-field="total-{total.pole}"]').input_value() == str(expected)
    page.close()
