"""A corpus of injection payloads in every string field of the data.

Each payload would set window.__pwned if it ever ran. The built site must contain no
script, event attribute, dangerous URL or embedding element that the project did not write,
template syntax must come out as text, and in the browser no page may set the sentinel."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from itertools import cycle
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, make_dataset, mkdocs_build, serve_directory
from playbook.errors import PlaybookError
from playbook.load import iter_data_files, load_playbook, schema_line
from playbook.render.escape import prose_link_problems
from playbook.yaml_loader import load_yaml_file

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"><svg onload="window.__pwned=3">',
    "'><body onload='window.__pwned=4'>",
    "[click](javascript:window.__pwned=5)",
    "[click](JaVaScRiPt:window.__pwned=6)",
    "![pic](javascript:window.__pwned=7)",
    "<javascript:window.__pwned=8>",
    '<a href="javascript:window.__pwned=9">link</a>',
    "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMDwvc2NyaXB0Pg==)",
    '<iframe src="data:text/html,<script>parent.__pwned=11</script>"></iframe>',
    '<object data="javascript:window.__pwned=12"></object>',
    '<embed src="javascript:window.__pwned=13">',
    '<details open ontoggle="window.__pwned=14">',
    '<input autofocus onfocus="window.__pwned=15">',
    '<form action="javascript:window.__pwned=16"><button>go</button></form>',
    '<base href="javascript:window.__pwned=17//">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=18">',
    '<math><mi xlink:href="javascript:window.__pwned=19">m</mi></math>',
    "<style>@import 'javascript:window.__pwned=20';</style>",
    "{{ 7*7 }} {{ config }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# comment #} ${7*7} #{7*7}",
    "</textarea><script>window.__pwned=24</script>",
    "</title><script>window.__pwned=25</script>",
    "--><script>window.__pwned=26</script><!--",
    "]]><script>window.__pwned=27</script>",
    "| cell | <script>window.__pwned=28</script> |",
    "\\<script\\>window.__pwned=29\\</script\\>",
    "&lt;script&gt;window.__pwned=30&lt;/script&gt;",
    "[ref][x]\n\n[x]: javascript:window.__pwned=31",
    "<svg><a xlink:href=\"javascript:window.__pwned=32\"><text>t</text></a></svg>",
]
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "meta", "form", "style", "math", "body"}
URL_ATTRIBUTES = {"href", "src", "action", "data", "formaction", "xlink:href"}


def poison(value, payloads, prose_payloads, key=""):
    """Every free-text string gets the next payload; ids, enum values, versions and symbols stay valid.
    Markdown fields get the payloads whose links the check lets through (it refuses the rest,
    see test_the_check_refuses_unsafe_links_in_markdown_fields)."""
    if isinstance(value, dict):
        return {k: (v if k in ("version", "symbol", "pole", "kind", "change", "customers", "stance", "macro_role")
                    else poison(v, payloads, prose_payloads, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, payloads, prose_payloads, key) for v in value]
    if isinstance(value, str) and not ID.fullmatch(value):
        return value + " " + next(prose_payloads if key.endswith("_md") else payloads)
    return value


REFUSED_IN_PROSE = [p for p in PAYLOADS if prose_link_problems(p)]


class Scan(HTMLParser):
    """Event attributes, dangerous URLs and script text with the payload (none allowed), and
    how many script and embedding elements a page has (compared with the clean build)."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.counts: dict[str, int] = {}
        self._script = False

    def handle_starttag(self, tag, attrs) -> None:
        self._script = tag == "script"
        if tag in DANGEROUS_TAGS | {"script"}:
            self.counts[tag] = self.counts.get(tag, 0) + 1
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.bad.append(f"<{tag} {name}={value[:30]}>")

    def handle_endtag(self, tag) -> None:
        self._script = False

    def handle_data(self, data) -> None:
        if self._script and "__pwned" in data:
            self.bad.append("script with the payload")


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("poisoned")
    project = copy_project(work / "project")
    data = project / "playbook_data"
    payloads, prose_payloads = cycle(PAYLOADS), cycle([p for p in PAYLOADS if p not in REFUSED_IN_PROSE])
    for kind, path in iter_data_files(data):
        doc = load_yaml_file(path, str(path))
        body = yaml.safe_dump(poison(doc.data, payloads, prose_payloads), sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(schema_line(kind) + "\n" + body, "utf-8")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"


def test_the_corpus_is_broad() -> None:
    assert len(PAYLOADS) >= 25


def test_the_check_refuses_unsafe_links_in_markdown_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The payloads kept out of Markdown fields above: each is refused there, located."""
    assert len(REFUSED_IN_PROSE) >= 5  # javascript:, data: and reference-style links at least
    data = make_dataset(tmp_path / "data")
    monkeypatch.chdir(data)
    role = data / "roles" / "sales-leader.yml"
    original = role.read_text("utf-8")
    for payload in REFUSED_IN_PROSE:
        role.write_text(original.replace("purpose_md: |\n", f"purpose_md: {json.dumps(payload)}\nold_purpose: |\n", 1), "utf-8")
        with pytest.raises(PlaybookError) as raised:
            load_playbook(data)
        messages = [str(p) for p in raised.value.problems]
        assert any(m.startswith("roles/sales-leader.yml:6:") and "link" in m for m in messages), (payload, messages)


def scan(path: Path) -> Scan:
    result = Scan()
    result.feed(path.read_text("utf-8"))
    return result


def test_no_payload_survives_as_markup(poisoned_site: Path, built_site: Path) -> None:
    pages = sorted(poisoned_site.rglob("*.html"))
    findings = {}
    for page in pages:
        relative = page.relative_to(poisoned_site)
        poisoned, clean = scan(page), scan(built_site / relative)
        extra = [f"{n - clean.counts.get(tag, 0)} more <{tag}>" for tag, n in poisoned.counts.items()
                 if n > clean.counts.get(tag, 0)]
        if poisoned.bad or extra:
            findings[relative.as_posix()] = sorted(set(poisoned.bad))[:5] + extra
    assert findings == {}
    everything = " ".join(p.read_text("utf-8") for p in pages)
    assert everything.count("window.__pwned=") > 500  # the payloads are on the pages, as text
    assert "{{ 7*7 }}" in everything and "{% for x in range(3) %}" in everything  # template syntax stays text


def test_the_scan_catches_a_known_bad_page() -> None:
    bad = Scan()
    bad.feed('<p><img src=x onerror="x()"><a href="javascript:x()">a</a><iframe></iframe>'
             "<script>window.__pwned=1</script></p>")
    assert len(bad.bad) == 3 and bad.counts == {"iframe": 1, "script": 1}


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(browser, poisoned_site: Path) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    with serve_directory(poisoned_site) as base:
        uris = sorted(p.parent.relative_to(poisoned_site).as_posix() for p in poisoned_site.rglob("index.html"))
        ran = []
        for uri in uris:
            page.goto(f"{base}/{'' if uri == '.' else uri + '/'}")
            if uri.startswith("tools/comparer"):
                page.locator(".pb-tool input[type=checkbox]").nth(2).check()
            if page.evaluate("window.__pwned !== undefined"):
                ran.append(uri)
    page.close()
    assert ran == [] and dialogs == []
