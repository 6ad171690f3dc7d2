"""The company workspace's designs, chart, pack and exports (/my-company/), end to end in
Debian's Chromium: a facilitator builds two "to be" designs, compares them and prints the
company pack on A4 and US Letter; the chart read back from its SVG follows the model; a YAML
export comes back as the same company, and a damaged one is refused with its line named.

Screenshots of the chart and every page of the pack go to build/look/company-pack/."""

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
from test_print import pdf_pages_text, short_pages, words
from test_workspace import watched

pytestmark = pytest.mark.browser

DATA = tool_data(load_playbook(ROOT / "playbook_data"), "my-company/index.md")
ROLES = {r["id"]: r for r in DATA["roles"]}
SHOTS = ROOT / "build" / "look" / "company-pack"
FORMATS = {"a4": "A4", "letter": "Letter", "a3": "A3"}


def six_people() -> dict:
    """The owner, Olga, in four seats and selling; five others, one seat each."""
    people = [("Olga", 55, 150), ("Ben", 40, 35), ("Cara", 40, 35), ("Dan", 16, 30), ("Eve", 40, 30), ("Finn", 20, 22)]
    roles = ["owner-founder", "b2b-sales-executive", "operations-lead", "marketing-lead", "order-fulfillment",
             "bookkeeper", "customer-service-rep", "virtual-assistant"]
    sits = [(0, 0, 20), (0, 1, 45), (0, 2, 25), (0, 3, 10), (1, 4, 100), (2, 4, 100), (3, 5, 100), (4, 6, 100), (5, 7, 100)]
    seats = [{"id": f"s{i + 1}", "name": ROLES[r]["name"], "role": r, "macro": ROLES[r]["macro_role"], "levels": ROLES[r]["levels"],
              "tobe": ROLES[r]["levels"], "responsibilities": []} for i, r in enumerate(roles)]
    return {"format": 1, "id": "acme", "name": "Acme Widgets", "seats": seats, "tasks": [], "compare": [],
            "people": [{"id": f"p{i + 1}", "name": n, "hours": h, "rate": r, "owner": i == 0, "gravity": {}} for i, (n, h, r) in enumerate(people)],
            "sits": [{"person": f"p{p + 1}", "seat": f"s{s + 1}", "share": x} for p, s, x in sits],
            "answers": {"results-swing": "yes", "sellers-finish-orders": "yes", "customers-chase-sellers": "yes"}}


@pytest.fixture
def page(browser, server: str):
    ctx = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    p = watched(ctx.new_page())
    p.goto(server + "/my-company/")
    p.evaluate("""(c) => {
        localStorage.setItem('pb-company:' + c.id, JSON.stringify(c));
        localStorage.setItem('pb-companies', JSON.stringify({current: c.id, list: [{id: c.id, name: c.name}]}));
    }""", six_people())
    p.reload()
    expect(p.locator(".pb-ws-designs")).to_be_visible()
    yield p
    assert p.errors == []
    ctx.close()


def stored(page) -> dict:
    return page.evaluate("JSON.parse(localStorage.getItem('pb-company:' + JSON.parse(localStorage.getItem('pb-companies')).current))")


def read_chart(page) -> dict:
    """The chart on screen, read back from its SVG: each seat's macro-role, people and checks."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.pb-ws-chart svg [data-seat]')].map((g) => [g.dataset.name, {
        macro: g.dataset.macro, people: [...g.querySelectorAll('[data-person]')].map((t) => t.textContent.split(' · ')[0]),
        checks: [...g.querySelectorAll('[data-check]')].map((b) => b.dataset.check)}]))""")


def build_two_designs(page) -> None:
    start = page.get_by_label("Start a design from")
    start.select_option("next-stage")
    page.get_by_label("Name of design 1").fill("Next stage")
    start.select_option("as-is")
    page.get_by_label("Name of design 2").fill("Lean")
    # in Lean, Eve takes over the selling from Olga
    page.get_by_role("button", name="Take Olga out of B2B Sales Executive (design)", exact=True).click()
    page.get_by_label("Add someone to seat 2 (design)", exact=True).select_option(label="Eve")


def print_pdf(page, action: str, paper: str, target: Path, css_size: bool = False) -> list[str]:
    page.evaluate("window.print = () => {}")
    if paper != "a3":
        page.get_by_label("Paper", exact=True).select_option(paper)
    page.locator(f"[data-action={action}]").click()
    page.emulate_media(media="print")
    page.pdf(path=str(target), format=FORMATS[paper], print_background=True, prefer_css_page_size=css_size)
    page.emulate_media(media="screen")
    page.evaluate("document.body.classList.remove('pb-printing-pack')")
    return pdf_pages_text(target)


def version_company(company: dict, name: str) -> dict:
    """The seats of the version called `name` ("As is": the company's own)."""
    return next((v for v in company["versions"] if v["name"] == name), company)


def test_a_facilitator_compares_two_designs_and_prints_the_pack(page, tmp_path: Path) -> None:
    build_two_designs(page)
    company = stored(page)
    assert [v["name"] for v in company["versions"]] == ["Next stage", "Lean"]
    next_stage = {s["role"] for s in company["versions"][0]["seats"]}
    assert {"bookkeeper", "virtual-assistant", "order-fulfillment"} <= next_stage
    # compare the as-is with Lean, in the transition vocabulary
    expect(page.get_by_label("Compare", exact=True)).to_have_value("as-is")
    diff = page.locator(".pb-ws-diff")
    expect(diff).to_contain_text("Olga leaves B2B Sales Executive")
    expect(diff).to_contain_text("Eve joins B2B Sales Executive")
    expect(diff.locator("[data-kind=delegated]")).to_contain_text("Olga hands on B2B Sales Executive")
    # and the two designs with each other
    page.get_by_label("Compare", exact=True).select_option(label="Next stage")
    expect(page.locator(".pb-ws-diff li").first).to_be_visible()
    heads = page.locator(".pb-ws-designs .pb-pack-counts thead th").all_inner_texts()
    assert heads == ["Check", "As is", "Next stage", "Lean"]
    # undo a deleted design
    page.get_by_role("button", name="Delete design 1").click()
    expect(page.locator(".pb-designs li[data-version]")).to_have_count(2)
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".pb-designs li[data-version]")).to_have_count(3)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".pb-ws-chart").screenshot(path=str(SHOTS / "chart-desktop.png"))
    company = stored(page)
    lean = company["versions"][1]
    names = {s["name"] for s in company["seats"]} | {s["name"] for s in lean["seats"]}
    people = {p["name"] for p in company["people"]}
    checks = {c["name"] for c in DATA["checks"]}
    for paper in ("a4", "letter"):
        target = tmp_path / f"pack-{paper}.pdf"
        texts = print_pdf(page, "print-pack", paper, target)
        text = words("\n".join(texts))
        assert len(texts) <= DATA["pack_pages"][paper], f"{paper}: {len(texts)} pages, over the budget of {DATA['pack_pages'][paper]}"
        assert short_pages(texts, "") == [], f"{paper}: blank or nearly blank pages"
        numbers = [re.search(r"Page (\d+) of (\d+)", text) for text in texts]
        assert [(int(n[1]), int(n[2])) if n else None for n in numbers] == [(i, len(texts)) for i in range(1, len(texts) + 1)], \
            f"{paper}: every page is numbered 'Page N of {len(texts)}'"
        for thing in sorted(names | people | checks):
            assert words(thing) in text, f"{paper}: {thing} is not in the pack"
        for part in ("Contents", "The company chart, as is", "The company chart, Lean", "Where the company stands", "Allocation, as is and to be",
                     "What changes: as is → Lean", "Charter: B2B Sales Executive", "Seat holder", "handoff checklist"):
            assert part in text, f"{paper}: {part}"
        assert "Eve joins B2B Sales Executive" in text
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(target), str(SHOTS / f"pack-{paper}")], check=True)
        print(f"{paper}: {len(texts)} pages")
    # no handoff row has one and the same person on both sides
    rows = page.locator(".pb-pack-holder table.pb-pack-handoff tbody tr").evaluate_all(
        "(rows) => rows.map((r) => [...r.cells].slice(0, 2).map((c) => c.textContent.replace(/^.*\\((.*)\\)$/, '$1')))")
    assert rows and all(giver != taker for giver, taker in rows), rows
    # the charters alone: no contents page, no blank first page, no pack number on their heading
    texts = print_pdf(page, "print-charters", "a4", tmp_path / "charters.pdf")
    assert short_pages(texts, "") == [], "charters: blank or nearly blank pages"
    assert texts[0].lstrip().startswith("Charters of the seats"), texts[0][:80]
    assert "Contents" not in "\n".join(texts)
    assert all(f"Charter: {name}" in words("\n".join(texts)) for name in {s["name"] for s in lean["seats"]})
    # the chart alone as an A3 wall sheet
    # the chart of each version alone as an A3 wall sheet: across the sheet when it is wider
    # than tall, as the print dialog takes the size from the page's CSS
    across = {}
    for version in page.get_by_label("Chart of").locator("option").all_inner_texts():
        page.get_by_label("Chart of").select_option(label=version)
        width, height = map(float, page.locator(".pb-ws-chart svg").first.get_attribute("viewBox").split()[2:])
        texts = print_pdf(page, "print-wall", "a3", tmp_path / "wall.pdf", css_size=True)
        chart = version_company(company, version)
        assert len(texts) == 1 and all(words(s["name"]) in words(texts[0]) for s in chart["seats"]), version
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", subprocess.run(
            ["pdfinfo", str(tmp_path / "wall.pdf")], capture_output=True, text=True, check=True).stdout)
        across[version] = (width > height, float(size[1]) > float(size[2]))
    # and a small company, whose chart is one row of three seats
    small = stored(page)
    first = [seat["id"] for seat in small["seats"] if seat["macro"] == small["seats"][1]["macro"]][:3]
    small.update(seats=[seat for seat in small["seats"] if seat["id"] in first],
                 sits=[sit for sit in small["sits"] if sit["seat"] in first], versions=[])
    page.evaluate("(c) => localStorage.setItem('pb-company:' + c.id, JSON.stringify(c))", small)
    page.reload()
    page.locator(".pb-ws-chart svg").first.wait_for()
    width, height = map(float, page.locator(".pb-ws-chart svg").first.get_attribute("viewBox").split()[2:])
    print_pdf(page, "print-wall", "a3", tmp_path / "wall-small.pdf", css_size=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", subprocess.run(
        ["pdfinfo", str(tmp_path / "wall-small.pdf")], capture_output=True, text=True, check=True).stdout)
    across["small"] = (width > height, float(size[1]) > float(size[2]))
    assert all(wide == landscape for wide, landscape in across.values()), across
    assert {wide for wide, _ in across.values()} == {True, False}, f"both shapes of chart are printed: {across}"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "wall-small.pdf"), str(SHOTS / "wall-small-a3")], check=True)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "wall.pdf"), str(SHOTS / "wall-a3")], check=True)


def test_the_chart_follows_the_model(page) -> None:
    chart = read_chart(page)
    company = stored(page)
    assert set(chart) == {s["name"] for s in company["seats"]}
    assert chart["Owner-founder"]["macro"] == "both" and chart["Bookkeeper"]["macro"] == "support"
    assert chart["Order Fulfillment"]["people"] == ["Ben", "Cara"]
    assert "owner-seats" in chart["Owner-founder"]["checks"]
    # Olga sits in four seats: linked across them
    links = page.locator(".pb-ws-chart svg [data-link=p1]")
    expect(links).to_have_count(3)
    # a seat added: it shows, empty
    page.get_by_label("Add a seat", exact=True).select_option(label="Account Manager (playbook role)")
    chart = read_chart(page)
    assert chart["Account Manager"]["people"] == [] and chart["Account Manager"]["checks"] == ["empty-seat"]
    # a person moved: Finn from the Virtual Assistant seat to it
    page.get_by_label("Add someone to seat 9", exact=True).select_option(label="Finn")
    page.get_by_role("button", name="Take Finn out of Virtual Assistant", exact=True).click()
    chart = read_chart(page)
    assert chart["Account Manager"]["people"] == ["Finn"] and "empty-seat" not in chart["Account Manager"]["checks"]
    assert chart["Virtual Assistant"]["people"] == [] and "empty-seat" in chart["Virtual Assistant"]["checks"]
    # the labels are at least 10 px on screen
    smallest = page.evaluate("Math.min(...[...document.querySelectorAll('.pb-ws-chart svg text')].map((t) => t.getBoundingClientRect().height))")
    assert smallest >= 10


def test_a_yaml_export_comes_back_the_same_and_a_damaged_one_names_its_line(page, tmp_path: Path) -> None:
    build_two_designs(page)
    original = stored(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export YAML").click()
    source = tmp_path / "acme.yml"
    info.value.save_as(source)
    text = source.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    upload = page.locator(".pb-ws-exports input[type=file]")
    upload.set_input_files(str(source))
    status = page.locator(".pb-companybar .pb-status")
    expect(status).to_contain_text('Imported acme.yml as "Acme Widgets (imported)"')
    back = stored(page)
    assert {**back, "id": "", "name": ""} == {**original, "id": "", "name": ""}
    # a damaged file: a key indented out of line
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("    name: Ben"))
    lines[at] = "     name: Ben"
    damaged = tmp_path / "damaged.yml"
    damaged.write_text("\n".join(lines), "utf-8")
    upload.set_input_files(str(damaged))
    expect(status).to_contain_text(f"line {at + 1}")
    expect(status).to_contain_text("nothing was imported")
    assert page.get_by_label("Company", exact=True).locator("option").count() == 2
