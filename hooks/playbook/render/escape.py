"""How data values reach a page: escaped text, or Markdown rendered and sanitised.

Generated pages are Markdown. Every value a template prints is escaped by default
(`markdown_text`, installed as the Jinja finalizer): each ASCII punctuation character gets
a backslash, which `pymdownx.escapeall` turns back into the literal character, so no value
can open a tag, a link, emphasis or a table cell. Fields named `*_md` are rendered
through Markdown here and cleaned with an allow-list (nh3) before they reach a page.
"""

from __future__ import annotations

import json
import re
import string

import markdown
import nh3
from markupsafe import Markup, escape

_PUNCTUATION = {ord(c): "\\" + c for c in string.punctuation}
_WHITESPACE = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https", "http", "mailto"}


def markdown_text(value: object) -> str:
    """Any value as inert inline Markdown text; Markup passes through unchanged."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; check the template")
    return str(value).translate(_WHITESPACE).translate(_PUNCTUATION)


def signed(n: int) -> str:
    """A position with its sign: '+1', '0', '\u22122' (a true minus sign)."""
    return f"+{n}" if n > 0 else ("0" if n == 0 else f"\u2212{-n}")


def html_text(value: object) -> Markup:
    """A value escaped for use inside raw HTML (attributes or element text)."""
    return escape(str(value).translate(_WHITESPACE).strip())


def prose(source: str) -> Markup:
    """A `*_md` field as sanitised HTML, wrapped so that Markdown leaves it alone."""
    html = markdown.markdown(source, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    # Markdown ignores an HTML block only when it starts a line and is not split by blank lines.
    body = "\n".join(line for line in clean.splitlines() if line.strip())
    return Markup(f'<div class="pb-prose">\n{body}\n</div>')


def anchor(value: str) -> Markup:
    """A validated id, printed as-is for use in an anchor or URL."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def front_matter(title: str, hide: tuple[str, ...] = ()) -> str:
    """YAML front matter naming the page's title. MkDocs would otherwise take the title from
    the first heading with its escapes undone, and themes print titles without escaping, so
    the title is given here already HTML-escaped (a JSON string is a valid YAML scalar)."""
    hidden = f"hide: [{', '.join(hide)}]\n" if hide else ""
    return f"---\ntitle: {json.dumps(str(html_text(title)))}\n{hidden}---\n\n"
