"""Every link within the built site reaches a file, and every #fragment an element of its page.

MkDocs checks the links of Markdown (strict mode); the pages written in HTML
(render/html_blocks.py), the drawings and the forms write their links themselves, which
MkDocs neither rewrites nor checks. This test checks them all, in the site as a reader gets it."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

_LINK = re.compile(r"""<(a|link|script|img|use|image|iframe|source)\b[^>]*?\s(?:href|src|xlink:href)="([^"]*)\"""")
_ID = re.compile(r"""\s(?:id|name)="([^"]*)\"""")


@lru_cache(maxsize=None)
def _ids(page: Path) -> frozenset[str]:
    return frozenset(html.unescape(value) for value in _ID.findall(page.read_text("utf-8")))


def _broken(site: Path, page: Path) -> list[str]:
    found = []
    base = page.parent
    for tag, raw in _LINK.findall(page.read_text("utf-8")):
        target = html.unescape(raw)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith("//"):
            continue  # another site, mailto:, data:
        if not parts.path:
            if parts.fragment and parts.fragment not in _ids(page):
                found.append(f"<{tag}> {raw}: no id {parts.fragment!r} on the page")
            continue
        # the 404 page links from the site's root (its address is any missing page's)
        path = (site / unquote(parts.path).lstrip("/") if parts.path.startswith("/") else base / unquote(parts.path)).resolve()
        if parts.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.is_relative_to(site.resolve()) or not path.is_file():
            found.append(f"<{tag}> {raw}: no such file")
        elif parts.fragment and path.suffix == ".html" and unquote(parts.fragment) not in _ids(path):
            found.append(f"<{tag}> {raw}: no id {parts.fragment!r} in {path.relative_to(site.resolve())}")
    return found


def test_every_link_of_the_built_site_reaches_its_page_and_anchor(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    broken = {str(page.relative_to(built_site)): problems for page in pages if (problems := _broken(built_site, page))}
    assert not broken, f"{len(broken)} pages with broken links, e.g. " + repr(next(iter(broken.items())))[:1500]


@pytest.mark.parametrize("link, problem", [
    ('<a href="../nowhere/">x</a>', "no such file"),
    ('<a href="../roles/#no-such-anchor">x</a>', "no id 'no-such-anchor'"),
    ('<a href="#missing">x</a>', "no id 'missing'"),
])
def test_the_check_finds_a_broken_link(built_site: Path, tmp_path: Path, link: str, problem: str) -> None:
    page = built_site / "glossary" / "index.html"
    copy = tmp_path / "site"
    (copy / "glossary").mkdir(parents=True)
    (copy / "roles").mkdir()
    (copy / "roles" / "index.html").write_text((built_site / "roles" / "index.html").read_text("utf-8"), "utf-8")
    (copy / "glossary" / "index.html").write_text(page.read_text("utf-8").replace("</article>", link + "</article>"), "utf-8")
    problems = [p for p in _broken(copy, copy / "glossary" / "index.html") if p.startswith(f"<a> {link[9:link.index(chr(34), 9)]}")]
    assert problems and problem in problems[0]
