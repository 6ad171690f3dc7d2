"""How data values reach a page: escaped text, or Markdown rendered and sanitised.

Generated pages are Markdown. Every value a template prints is escaped by default
(`markdown_text`, installed as the Jinja finalizer): each ASCII punctuation character gets
a backslash, which `pymdownx.escapeall` turns back into the literal character, so no value
can open a tag, a link, emphasis or a table cell. Fields named `*_md` are rendered
through CommonMark here (markdown-it-py: its cost grows linearly with the text, where
Python-Markdown took minutes on inputs such as 20,000 `[`), with raw HTML shown
as text, and cleaned with an allow-list (nh3) before they reach a page. Their links may
only be https addresses of other sites (`is_https_link`): the data check refuses any other
(`prose_link_problems`), and the renderer and the cleaner each drop one that gets through.
"""

from __future__ import annotations

import functools
import json
import re
import string

import nh3
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token
from markupsafe import Markup, escape

_PUNCTUATION = {ord(c): "\\" + c for c in string.punctuation}
_WHITESPACE = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}

ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "br", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"https"}

# https://host[:port][/path?query#fragment]: a host name of dot-separated labels (letters,
# digits, inner hyphens), so no user name ('@'), no backslash, space or control character
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_HTTPS_LINK = re.compile(rf"https://(?:{_LABEL}\.)+{_LABEL}(?::[0-9]{{1,5}})?(?:[/?#][^\s\\\x00-\x1f\x7f]*)?",
                         re.IGNORECASE)
_SHOWN_LINK_LENGTH = 80


def markdown_text(value: object) -> str:
    """Any value as inert inline Markdown text; Markup passes through unchanged."""
    if isinstance(value, Markup):
        return value
    return html_value(value).translate(_PUNCTUATION)


def html_value(value: object) -> str:
    """A printed value on one line (a line break must not end its block), before Jinja's
    autoescape of the HTML templates; Markup passes through unchanged, None is an error."""
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("a template printed None; check the template")
    return str(value).translate(_WHITESPACE)


def signed(n: int) -> str:
    """A position with its sign: '+1', '0', '\u22122' (a true minus sign)."""
    return f"+{n}" if n > 0 else ("0" if n == 0 else f"\u2212{-n}")


def html_text(value: object) -> Markup:
    """A value escaped for use inside raw HTML (attributes or element text)."""
    return escape(str(value).translate(_WHITESPACE).strip())


def is_https_link(url: str) -> bool:
    """Whether a link target is an absolute https address of another site."""
    return _HTTPS_LINK.fullmatch(url) is not None


def _parser() -> MarkdownIt:
    """CommonMark with raw HTML off (it comes out as text). Every link target is kept as
    written, for the check to report; the renderer judges it (`_link_open`). maxNesting (20)
    bounds the depth of lists and quotes."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = lambda url: True
    md.normalizeLink = md.normalizeLinkText = lambda url: url
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("link_close", _link_close)
    md.add_render_rule("image", lambda renderer, tokens, idx, options, env: "")  # the check refuses images
    return md


def _normalized(target: str) -> str:
    """A link target as a browser gets it: percent-encoded, the host in punycode."""
    return normalize_url.normalizeLink(target)


@functools.lru_cache(maxsize=1024)
def _kept(href: str) -> bool:
    """Whether a normalized target is an https address of another site that the cleaner
    keeps too (it also checks the host name's international form), so that the check
    refuses exactly the links that the page would lose."""
    cleaned = nh3.clean(f'<a href="{escape_html(href)}"></a>', tags={"a"}, attributes={"a": {"href"}},
                        url_schemes=ALLOWED_URL_SCHEMES, url_relative="deny", link_rel=None)
    return is_https_link(href) and "href=" in cleaned


def _link_open(renderer, tokens, idx, options, env) -> str:
    # a link to anything but an https address of another site is left as its text (the
    # check refuses it first; this is the renderer's own line of defence)
    href = _normalized(str(tokens[idx].attrGet("href") or ""))
    env.setdefault("links", []).append(_kept(href))
    if not env["links"][-1]:
        return ""
    title = tokens[idx].attrGet("title")
    return f'<a href="{escape_html(href)}"' + (f' title="{escape_html(str(title))}"' if title else "") + ">"


def _link_close(renderer, tokens, idx, options, env) -> str:
    return "</a>" if env["links"].pop() else ""


_MARKDOWN = _parser()


@functools.lru_cache(maxsize=64)
def _parsed(source: str) -> tuple[tuple[Token, ...], tuple[str, ...]]:
    """The tokens of a `*_md` text and the targets of its link definitions. Parsed once for
    the check and the page both: the parse is most of the cost of a long field."""
    env: dict = {}
    # the check refuses lone surrogates; should one get here, it must not crash the cleaner
    tokens = tuple(_MARKDOWN.parse(re.sub("[\ud800-\udfff]", "\ufffd", source), env))
    return tokens, tuple(reference["href"] for reference in env.get("references", {}).values())


def prose(source: str) -> Markup:
    """A `*_md` field as sanitised HTML, wrapped so that Markdown leaves it alone."""
    tokens, _ = _parsed(source)
    clean = nh3.clean(
        _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_https_href_only,
        url_schemes=ALLOWED_URL_SCHEMES,
        url_relative="deny",
        link_rel="noopener noreferrer",
    )
    # Markdown ignores an HTML block only when it starts a line and is not split by blank lines.
    body = "\n".join(line for line in clean.splitlines() if line.strip())
    return Markup(f'<div class="pb-prose">\n{body}\n</div>')


def _https_href_only(tag: str, attribute: str, value: str) -> str | None:
    return value if attribute != "href" or is_https_link(value) else None


def prose_link_problems(source: str) -> list[str]:
    """One message for each distinct link (or image) target in a `*_md` text that is not an
    https address of another site. mailto: is refused too: write an e-mail address as text."""
    return [message for _, message in prose_link_findings(source)]


def prose_link_findings(source: str) -> list[tuple[str, str]]:
    """(target as parsed, message) for each refused link or image target, in text order."""
    return list(_link_findings(source))


@functools.lru_cache(maxsize=4096)  # the same fields are checked again on each rebuild under serve
def _link_findings(source: str) -> tuple[tuple[str, str], ...]:
    tokens, definitions = _parsed(source)
    targets = [(token.type == "image", str(token.attrGet("href") or token.attrGet("src") or ""))
               for block in tokens for token in block.children or () if token.type in ("link_open", "image")]
    targets += [(False, target) for target in definitions]
    return tuple((target, _link_problem(target, image)) for image, target in dict.fromkeys(targets)
                 if image or not _kept(_normalized(target)))


def _link_problem(target: str, image: bool) -> str:
    shown = target if len(target) <= _SHOWN_LINK_LENGTH else target[:_SHOWN_LINK_LENGTH] + "\u2026"
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", target, re.IGNORECASE)
    scheme = scheme.group(1).lower() if scheme else ""
    if image:
        return f"the image '{shown}' cannot be shown: Markdown fields hold text and links, not images"
    if not target.strip():
        return "a link has no address: write the https address of the page between the brackets, [text](https://…)"
    if scheme == "http":
        return f"the link '{shown}' must be an https address (https://…)"
    if scheme == "https":
        return (f"the link '{shown}' is not a complete https address: write https:// and the site's name, "
                "as in https://example.org/page (no user name or '@')")
    if scheme:
        return f"the link '{shown}' is not allowed: links in Markdown fields are https addresses (https://…)"
    return (f"the link '{shown}' is not a full address: links in Markdown fields go to pages of other sites "
            "and start with https://")


def anchor(value: str) -> Markup:
    """A validated id, printed as-is for use in an anchor or URL."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def front_matter(title: str, hide: tuple[str, ...] = (), search_boost: float | None = None) -> str:
    """YAML front matter naming the page's title. MkDocs would otherwise take the title from
    the first heading with its escapes undone, and themes print titles without escaping, so
    the title is given here already HTML-escaped (a JSON string is a valid YAML scalar).
    `search_boost` multiplies the page's score in the site search (Material's `search.boost`)."""
    hidden = f"hide: [{', '.join(hide)}]\n" if hide else ""
    boost = f"search:\n  boost: {search_boost:g}\n" if search_boost is not None else ""
    return f"---\ntitle: {json.dumps(str(html_text(title)))}\n{hidden}{boost}---\n\n"
