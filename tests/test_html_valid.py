"""The Nu HTML Checker (npm vnu-jar, run with Java 17) on every built page: no error in
markup the project generates. Messages about the theme's own markup are allowed only by
their exact text, each with the reason, in THEME_MESSAGES."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# exact message text -> (a fragment every allowed occurrence's markup contains, why it is left)
THEME_MESSAGES = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.":
        ('class="md-toggle"', "Material's drawer, search and TOC toggles are checkboxes with autocomplete=off so "
                              "that browsers do not restore them open; the template is the theme's."),
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.":
        ('for="__', "Material's navigation labels point at its own toggles (__drawer, __toc), which it "
                    "hides on pages that hide the table of contents; the template is the theme's."),
}


def vnu(target: Path) -> list[dict]:
    if not VNU.is_file():
        pytest.fail("vnu-jar is missing: run the README's test command (make test), which runs npm ci")
    if shutil.which("java") is None:
        pytest.fail("Java is needed for the Nu HTML Checker")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", str(target)],
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr)["messages"]


def unexplained(messages: list[dict]) -> list[str]:
    left = []
    for m in messages:
        if m["type"] != "error":
            continue
        allowed = THEME_MESSAGES.get(m["message"])
        if allowed and allowed[0] in m.get("extract", ""):
            continue
        left.append(f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:80]}]")
    return left


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    messages = vnu(built_site)
    assert unexplained(messages) == []
    used = {m["message"] for m in messages}
    assert set(THEME_MESSAGES) <= used, "an allow-list entry no longer matches anything: remove it"


def test_the_checker_fails_on_a_known_bad_page(tmp_path: Path) -> None:
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        '<p><div>block in p</div></p><span id="a"></span><span id="a"></span><img src="x.png"></body></html>',
        "utf-8")
    found = " ".join(unexplained(vnu(tmp_path)))
    assert "Duplicate ID" in found and "alt" in found
