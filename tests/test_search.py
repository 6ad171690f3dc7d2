"""Finding a page: the site search, the page for a missing address, and page titles.

- Search ranks each role's own page first for the role's name: checked for every role by
  running Material's real search code (its worker, through ours) in Node on the built index
  (tests/js/material-search.cjs), and for a few roles by typing into the search box of the
  built site in Chromium.
- No search snippet runs words together (the index keeps a space between blocks).
- A misspelt word still finds its pages ("delgate" finds the delegation pages):
  docs/javascripts/search-worker.js corrects it from the site's own vocabulary.
- The 404 page offers search, the closest pages to the missing address and the sections.
- The home page's title names the site once; so does every other page's.

The pure functions of docs/javascripts/search-worker.js and not-found.js have unit tests in
tests/js/ (Node's test runner; `make test` runs them before pytest).
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

from conftest import ROOT

SITE_NAME = "Role-Design Playbook"
NODE = shutil.which("node") or shutil.which("nodejs")


def node() -> str:
    assert NODE, "node is missing: make test installs it"
    return NODE


def search(site: Path, queries: list[str]) -> dict[str, list[str]]:
    """For each query, the pages the search box lists, in order (page addresses under the
    site, e.g. 'roles/growth-leader/'), from Material's own search code run in Node."""
    result = subprocess.run([node(), str(ROOT / "tests" / "js" / "material-search.cjs"), str(site)],
                            input=json.dumps(queries), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    return {q: [next((i["location"] for i in group if "#" not in i["location"]), group[0]["location"].split("#")[0])
                for group in answers[q]] for q in queries}


def index_docs(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]


def role_pages(site: Path) -> dict[str, str]:
    """{page address: role name} for every role page in the search index."""
    return {d["location"]: html.unescape(d["title"]) for d in index_docs(site)
            if re.fullmatch(r"roles/[a-z0-9-]+/", d["location"])}


def test_every_page_runs_the_search_worker_that_forgives_typos(built_site: Path) -> None:
    workers = {p.name for p in (built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")}
    assert len(workers) == 1, workers
    for page in built_site.rglob("*.html"):
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page.read_text("utf-8"), re.S)
        assert config, page
        worker = json.loads(config.group(1))["search"]
        assert re.fullmatch(r"(?:\.\./)*/?javascripts/search-worker\.js\?material=search\.[0-9a-f]+\.min\.js", worker), \
            (page, worker)
        assert worker.split("material=")[1] in workers, (page, worker)
    assert (built_site / "javascripts" / "search-worker.js").is_file()
    assert not (built_site / "overrides").exists()  # the theme's templates are not published


def test_role_pages_carry_the_search_boost_and_no_other_page_does(built_site: Path) -> None:
    for doc in index_docs(built_site):
        is_role_page = re.match(r"roles/[a-z0-9-]+/", doc["location"]) is not None
        assert (doc.get("boost", 1) > 1) == is_role_page, doc["location"]


def test_search_ranks_each_role_page_first_for_the_role_name(built_site: Path) -> None:
    roles = role_pages(built_site)
    assert len(roles) == len(list((ROOT / "playbook_data" / "roles").glob("*.yml")))
    answers = search(built_site, list(roles.values()))
    wrong = {name: answers[name][:3] for page, name in roles.items() if answers[name][:1] != [page]}
    assert not wrong, f"searching a role's name lists another page first: {wrong}"


# A token whose letters run into the next word's ("PurposeRoleGrowth", "needs.After",
# "foot)Reactive", "ones123456", "5When"); words that really are written so are allowed, and
# file names, paths and addresses are not words.
RUN_TOGETHER = re.compile(r"[a-z][A-Z]|[a-z][.!?)][A-Z]|\)[A-Za-z0-9−+]|[a-z]\d{2,}|\d[A-Z][a-z]")
WRITTEN_SO = {"GitHub", "JetBrains", "JavaScript"}
NOT_A_WORD = re.compile(r"[/_@=<>]|://|\.(?:ya?ml|json|md|html|csv|js|css|py|txt)\b")


def run_together(text: str) -> list[str]:
    found = []
    for token in re.sub(r"<[^>]+>", " ", html.unescape(text)).split():
        core = re.sub(r"^\W+|\W+$|'s$", "", token)
        if RUN_TOGETHER.search(token) and core not in WRITTEN_SO and not NOT_A_WORD.search(token):
            found.append(token)
    return found


def test_the_run_together_detector_finds_what_the_issue_saw() -> None:
    assert run_together("PurposeRoleGrowth LeaderWhat the role is for") == ["PurposeRoleGrowth", "LeaderWhat"]
    assert run_together("existing ones.Existing customersNew foot)Reactive 1234567891011Each 5When") == \
        ["ones.Existing", "customersNew", "foot)Reactive", "1234567891011Each", "5When"]
    assert run_together("On GitHub, edit playbook_data/roles/sales-leader.yml (B2B, e.g. CHANGELOG.md).") == []


def test_no_search_snippet_runs_words_together(built_site: Path) -> None:
    bad = {}
    for doc in index_docs(built_site):
        tokens = run_together(doc["title"]) + run_together(doc["text"])
        if tokens:
            bad[doc["location"]] = tokens[:6]
    assert not bad, f"{len(bad)} search entries run words together: {dict(list(bad.items())[:20])}"


def test_a_misspelt_word_still_finds_its_pages(built_site: Path) -> None:
    answers = search(built_site, ["delgate", "growth leadr", "hnting", "hunting"])
    assert {"tools/delegation/", "worksheets/delegation-audit/", "transitions/owner-first-delegation/"} \
        <= set(answers["delgate"][:5]), answers["delgate"]
    assert answers["growth leadr"][0] == "roles/growth-leader/", answers["growth leadr"]
    assert answers["hnting"][0] == "accountabilities/hunting/", answers["hnting"]
    assert answers["hunting"][0] == "accountabilities/hunting/"  # as typed: the same first page


# ---------- in the browser ----------

def search_box(page, base: str, query: str) -> list[str]:
    """Type a query into the built site's search box; the addresses of the listed pages."""
    page.goto(f"{base}/")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    first.wait_for(timeout=15000)
    page.wait_for_timeout(300)  # the last keystroke's answer
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.href)")
    return [urlparse(h).path.strip("/") + "/" for h in hrefs]


@pytest.mark.browser
def test_the_search_box_lists_the_role_page_first_and_forgives_a_typo(browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for name, expected in (("growth leader", "roles/growth-leader/"), ("sales leader", "roles/sales-leader/"),
                               ("operations lead", "roles/operations-lead/"), ("sales manger", "roles/sales-manager/")):
            listed = search_box(page, server, name)
            assert listed[0] == expected, (name, listed[:4])
        listed = search_box(page, server, "delgate")
        assert {"tools/delegation/", "worksheets/delegation-audit/"} <= set(listed[:5]), listed[:6]
    finally:
        page.close()
    assert errors == []


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as a static host does: a missing address gets 404.html, status 404."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def static_host(folder: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_NotFoundHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.mark.browser
def test_a_missing_address_offers_search_the_closest_pages_and_the_sections(browser, built_site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    missing = {"/roles/growth-leadr/", "/zzqx/wvvk/"}  # their own 404 is the one expected

    def console(message) -> None:
        if message.type == "error" and urlparse(message.location.get("url", "")).path not in missing:
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        with static_host(built_site) as base:
            response = page.goto(f"{base}/roles/growth-leadr/")
            assert response is not None and response.status == 404
            assert page.title() == f"Page not found - {SITE_NAME}"
            assert page.locator("h1").inner_text().strip() == "Page not found"
            closest = page.locator("[data-pb-not-found] li a")
            closest.first.wait_for(timeout=10000)
            hrefs = closest.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
            assert hrefs[0] == "/roles/growth-leader/", hrefs
            assert "/charters/growth-leader/" in hrefs
            assert page.locator("#pb-not-found-query").input_value() == "roles growth leadr"
            sections = page.locator(".pb-not-found-sections a").evaluate_all(
                "links => links.map(a => new URL(a.href).pathname)")
            assert len(sections) >= 10 and "/roles/" in sections and "/worksheets/" in sections
            for path in sections:  # each section exists in the built site
                assert (built_site / path.lstrip("/") / "index.html").is_file() or path in ("/", "/."), path
            # the search form opens the site search with the words typed
            page.locator("#pb-not-found-query").fill("delgate")
            page.locator("#pb-not-found-query").press("Enter")
            page.wait_for_url(re.compile(r"\?q=delgate"))
            page.locator(".md-search-result__item > a.md-search-result__link").first.wait_for(timeout=15000)
            # an address like nothing on the site: no suggestions, the rest of the page stays
            page.goto(f"{base}/zzqx/wvvk/")
            page.wait_for_timeout(500)
            assert page.locator("[data-pb-not-found]").is_hidden()
            assert page.locator(".pb-not-found-sections a").count() == len(sections)
    finally:
        page.close()
    assert errors == [], errors


def test_the_home_page_title_names_the_site_once_and_so_does_every_page(built_site: Path) -> None:
    titles = {}
    for file in built_site.rglob("*.html"):
        match = re.search(r"<title>(.*?)</title>", file.read_text("utf-8"), re.S)
        assert match, file
        titles[file.relative_to(built_site).as_posix()] = html.unescape(match.group(1).strip())
    assert titles["index.html"] == SITE_NAME
    assert titles["404.html"] == f"Page not found - {SITE_NAME}"
    twice = {page: title for page, title in titles.items() if title.count(SITE_NAME) != 1}
    assert not twice, twice
    assert titles["roles/growth-leader/index.html"] == f"Growth Leader - {SITE_NAME}"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_the_page_for_a_missing_address_passes_axe(browser, built_site: Path, scheme: str) -> None:
    # tests/test_accessibility.py checks every index.html; this page is 404.html, with its
    # suggestions shown (axe is injected as an inline script, hence bypass_csp)
    from test_accessibility import violations

    context = browser.new_context(color_scheme="dark" if scheme == "slate" else "light", bypass_csp=True)
    page = context.new_page()
    try:
        with static_host(built_site) as base:
            page.goto(f"{base}/charters/sales-manger/")
            page.locator("[data-pb-not-found] li a").first.wait_for(timeout=10000)
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            assert violations(page, settle=True) == []
    finally:
        context.close()
