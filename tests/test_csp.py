"""The Content-Security-Policy every page carries: no 'unsafe-inline' for scripts, the
theme's own inline scripts allowed by hash (and no other), zero violations while the site is
used; an inline script, event handler or javascript: address in a page stops the build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, serve_directory
from playbook import csp

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


@pytest.mark.browser
def test_no_violation_anywhere_while_using_the_site(browser, server: str, built_site: Path) -> None:
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    seen = {}
    for path in pages(built_site):
        uri = path.relative_to(built_site).as_posix().removesuffix("index.html")
        page.goto(f"{server}/{uri}")
        if uri == "tools/delegation/":
            page.get_by_role("button", name="Add a task").click()
            page.get_by_label("Hours a week for task 1").fill("9")
        if uri == "tools/comparer/":
            page.get_by_role("checkbox", name="Growth Leader").check()
        if uri == "tools/role-gravity/":
            page.locator(".pb-rating").first.get_by_label("4").check()
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


@pytest.mark.browser
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


# ---- only the theme's own inline scripts are hashed -----------------------------------

THEME = csp.theme_scripts([
    '{#- generated -#}\n<script>var scope=new URL("{{ base_url }}",location)</script>\n',
    "<script>document.body.dataset.ready=1</script>",
    "<script>var x={{ config.extra.value }}</script>",  # a value outside a JS string: never allowed
    '<script id="__config" type="application/json">{"base": {{ base_url | tojson }}}</script>',
])


def test_theme_scripts_are_recognised_with_their_page_relative_paths() -> None:
    assert len(THEME) == 2
    for base in ("..", "../..", ".", "/playbook/"):
        assert csp.foreign_scripts(f'<script>var scope=new URL("{base}",location)</script>', THEME) == []
    assert csp.foreign_scripts("<script>document.body.dataset.ready=1</script>", THEME) == []


def test_any_other_inline_script_is_foreign_and_never_hashed() -> None:
    others = [
        "<script>window.__pwned=1</script>",
        '<script>var scope=new URL("https://evil.example/",location)</script>',  # another site in the hole
        '<script>var scope=new URL("//evil.example/",location)</script>',
        '<script>var scope=new URL("",location);alert(1)//",location)</script>',
        "<script>var x=alert(1)</script>",  # matches the template whose value is not in a string
        "<script>document.body.dataset.ready=1;alert(1)</script>",
    ]
    for page in others:
        html = f"<html><head></head><body>{page}<script>document.body.dataset.ready=1</script></body></html>"
        assert csp.foreign_scripts(html, THEME) != [], page
        allowed = csp.policy(html, THEME).split("; ")[1].split()[2:]
        assert allowed == csp.inline_script_hashes("<script>document.body.dataset.ready=1</script>"), page


def test_every_inline_script_of_the_site_is_the_themes(built_site: Path) -> None:
    theme = csp.theme_scripts(p.read_text("utf-8") for folder in _theme_folders() for p in sorted(folder.rglob("*.html")))
    for page in pages(built_site):
        assert csp.foreign_scripts(page.read_text("utf-8"), theme) == [], page


def _theme_folders() -> list[Path]:
    import material
    import mkdocs
    return [Path(material.__file__).parent / "templates", Path(mkdocs.__file__).parent / "templates"]


# ---- what a page's content may not hold, located in its Markdown ---------------------

SOURCE = """# A page

Some text about onclick handlers and javascript: in prose, which is fine.

<script>window.__pwned = 1</script>

<button onclick="go()">Go</button> and <a href=" Java&#x09;Script:go()">a link</a>

```html
<script>shown as code</script> <b onclick="x()">
```

<svg><a xlink:href="javascript:go()"><text>t</text></a></svg>
<img src=x
  onerror="go()">
<!--><script>go()</script>-->

<div><img src=x onload=go()"""


def _html_of(source: str) -> str:
    import markdown
    return markdown.markdown(source, extensions=["fenced_code", "md_in_html"])


def test_content_problems_name_each_offence_and_its_line() -> None:
    found = [(f.line, f.message.split(":")[0]) for f in csp.content_problems(_html_of(SOURCE), SOURCE)]
    assert found == [
        (5, "an inline <script>"),
        (7, "the event-handler attribute onclick= on <button>"),
        (7, "a javascript"),  # entity and tab inside "javascript:" do not hide it
        (13, "a javascript"),
        (15, "the event-handler attribute onerror= on <img>"),
        (16, "an inline <script>"),  # a browser ends the comment at "<!-->"; Python's parser would not
        (18, "the event-handler attribute onload= on <img>"),  # a tag left open at the end
    ]


def test_clean_content_has_no_problems() -> None:
    source = "Text with `<script>` as code, [a link](https://example.org) and <b>bold</b>.\n"
    assert csp.content_problems(_html_of(source), source) == []


def _build_with_glossary_addition(tmp_path: Path, addition: str):
    project = copy_project(tmp_path / "project")
    glossary = project / "docs" / "glossary.md"
    text = glossary.read_text("utf-8").rstrip("\n") + "\n\n"
    glossary.write_text(text + addition + "\n", "utf-8")
    return mkdocs_build(project, tmp_path / "site"), text.count("\n") + 1


def test_an_inline_script_in_a_docs_page_fails_the_build(tmp_path: Path) -> None:
    result, line = _build_with_glossary_addition(tmp_path, "<script>window.__pwned = 1</script>")
    assert result.returncode != 0
    assert f"docs/glossary.md:{line}: an inline <script>" in result.stderr
    assert not (tmp_path / "site").exists()


def test_an_event_handler_in_a_docs_page_fails_the_build(tmp_path: Path) -> None:
    result, line = _build_with_glossary_addition(tmp_path, 'Press <button onclick="go()">here</button>.')
    assert result.returncode != 0
    assert f"docs/glossary.md:{line}: the event-handler attribute onclick= on <button>" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_script_reaching_the_theme_part_of_a_page_fails_the_build(tmp_path: Path) -> None:
    # a title in front matter is printed by the theme without escaping, outside the content
    project = copy_project(tmp_path / "project")
    glossary = project / "docs" / "glossary.md"
    glossary.write_text('---\ntitle: "<script>window.__pwned = 1</script>"\n---\n' + glossary.read_text("utf-8"), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/glossary.md: the built page has an inline script the theme did not write" in result.stderr
