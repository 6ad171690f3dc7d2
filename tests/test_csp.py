"""The Content-Security-Policy every page carries: no 'unsafe-inline' for scripts, the
theme's inline scripts allowed by hash, and zero violations while the site is used."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import serve_directory
from playbook import csp

pytestmark = pytest.mark.browser

LISTEN = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_a_strict_policy(built_site: Path) -> None:
    for page in pages(built_site):
        html = page.read_text("utf-8")
        found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert len(found) == 1, page
        script_src = next(d for d in found[0].split("; ") if d.startswith("script-src"))
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert html.index("Content-Security-Policy") < html.index("<script"), "the policy comes before any script"
        assert csp.inline_script_hashes(html) and all(h in script_src for h in csp.inline_script_hashes(html))


def test_no_violation_anywhere_while_using_the_site(browser, server: str, built_site: Path) -> None:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    seen = {}
    for path in pages(built_site):
        uri = path.relative_to(built_site).as_posix().removesuffix("index.html")
        page.goto(f"{server}/{uri}")
        if uri == "tools/delegation/":
            page.get_by_label("What an hour of your time is worth").fill("90")
        if uri == "compare/":
            page.get_by_role("button", name="Hunting").first.click()
        page.wait_for_timeout(50)
        found = page.evaluate("window.__csp")
        if found:
            seen[uri] = found
    # instant navigation and the search worker
    page.goto(f"{server}/")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Glossary").click()
    page.wait_for_url("**/glossary/")
    page.keyboard.press("/")
    page.keyboard.type("hunting")
    page.wait_for_timeout(500)
    if page.evaluate("window.__csp"):
        seen["instant navigation and search"] = page.evaluate("window.__csp")
    context.close()
    assert seen == {}


def test_the_policy_blocks_a_script_it_did_not_hash(browser, built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "glossary" / "index.html"
    html = page_file.read_text("utf-8")
    page_file.write_text(html.replace("</body>", "<script>window.__pwned = 1</script></body>"), "utf-8")
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    with serve_directory(site) as base:
        page.goto(f"{base}/glossary/")
        page.wait_for_timeout(100)
        pwned, violations = page.evaluate("window.__pwned"), page.evaluate("window.__csp")
    context.close()
    assert pwned is None
    assert any(v.startswith("script-src") for v in violations)
