"""The Content-Security-Policy of the built pages, and the markup a page may not carry.

Scripts may only come from the site itself, or be one of the theme's own inline scripts,
allowed by the SHA-256 hash of its exact text (computed per page at build time: the
theme writes page-relative paths into them). The theme's scripts are recognised by their
text, taken from the theme's templates (`theme_scripts`): an inline script anything else
wrote (a page in docs/, a title, a table of contents label) is never hashed, and the
adapter stops the build on it (`foreign_scripts`). No 'unsafe-inline' for scripts. Styles
keep 'unsafe-inline' because the theme sets style attributes.

`content_problems` finds what a page's own content may not hold (an inline script, an
event-handler attribute, a javascript: address) and the line of the page's Markdown
source it comes from, so the build can fail with `docs/FILE.md:LINE: ...`."""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_JS_TYPES = ("", "text/javascript", "module", "application/javascript")
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})", re.S)
# what a template's {{ ... }} inside a JS string may print: a path on this site (base_url:
# "..", "/playbook/"), never another site's address ("https://x", "//x")
_TEMPLATE_VALUE = r"(?!//)[\w.~/%+-]*"

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def _runs(attrs: str) -> bool:
    """Whether a <script> with these attributes is inline code the browser would run."""
    if re.search(r"\bsrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\btype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return not kind or kind.group(1).lower() in _JS_TYPES  # data blocks (application/json) never run


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run, in page order."""
    return [m.group("body") for m in _INLINE_SCRIPT.finditer(html) if _runs(m.group("attrs"))]


def _sha256(body: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' for every inline script the browser would run, in page order."""
    return [_sha256(body) for body in inline_scripts(html)]


def theme_scripts(templates: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """One pattern per inline script of the theme's templates (Jinja source). A value the
    template prints must sit inside a JS string and may only be a path on this site; a
    script with any other template code is left out, so it could never be allowed."""
    patterns = []
    for template in templates:
        for match in _INLINE_SCRIPT.finditer(_JINJA_COMMENT.sub("", template)):
            if _runs(match.group("attrs")) and (pattern := _script_pattern(match.group("body"))):
                patterns.append(re.compile(pattern, re.S))
    return tuple(dict.fromkeys(patterns))


def _script_pattern(body: str) -> str | None:
    parts = _JINJA.split(body)
    pattern = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            pattern.append(re.escape(part))
            continue
        quote = parts[i - 1][-1:]
        if not part.startswith("{{") or quote not in ("'", '"') or not parts[i + 1].startswith(quote):
            return None
        pattern.append(_TEMPLATE_VALUE)
    return "".join(pattern)


def foreign_scripts(html: str, theme: Iterable[re.Pattern[str]]) -> list[str]:
    """Inline scripts the browser would run that are not one of the theme's."""
    theme = tuple(theme)
    return [body for body in inline_scripts(html) if not any(p.fullmatch(body) for p in theme)]


def policy(html: str, theme: Iterable[re.Pattern[str]]) -> str:
    """The policy of a page: the hashes of the theme's inline scripts on it, and of no other."""
    theme = tuple(theme)
    ours = [body for body in inline_scripts(html) if any(p.fullmatch(body) for p in theme)]
    script_src = " ".join(["'self'", *dict.fromkeys(map(_sha256, ours))])
    return "; ".join([BASE_POLICY[0], f"script-src {script_src}", *BASE_POLICY[1:]])


def with_policy(html: str, theme: Iterable[re.Pattern[str]]) -> str:
    """The page with its policy as the first element of <head>, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, theme)}">'
    return re.sub(r"<head>", "<head>\n    " + meta.replace("\\", "\\\\"), html, count=1, flags=re.I)


# ---- what a page's content may not hold ---------------------------------------------

@dataclass(frozen=True)
class Finding:
    line: int  # 1-based, in the page's Markdown source
    message: str


_SCRIPT_MESSAGE = ("an inline <script>: the site's Content-Security-Policy runs only the theme's own scripts; "
                   "put the code in docs/javascripts/ and list it under extra_javascript in mkdocs.yml")


def content_problems(content_html: str, source: str) -> list[Finding]:
    """Every <script> element, event-handler attribute (onclick=, onerror=, ...) and
    javascript: address in the HTML made from a page's Markdown, located in that source."""
    # a <script> is found as text, whatever the context: an HTML parser and a browser can
    # disagree on comments and CDATA, the browser's reading is the one that runs
    found = [(m.start(), "script", "script", "") for m in re.finditer(r"<script\b", content_html, re.I)]
    markup = _Markup(content_html)
    markup.feed(content_html + "\n>")  # the '>' closes a tag left open at the end, as the page's next tag would
    markup.close()
    return _located([f[1:] for f in sorted(found + markup.found)], source)


class _Markup(HTMLParser):
    """Event-handler attributes and javascript: addresses, as (offset, kind, tag, attribute)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", html)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        offset = self._line_starts[min(line, len(self._line_starts)) - 1] + col
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((offset, "handler", tag, name))
            elif value is not None and _is_javascript_url(value):
                self.found.append((offset, "javascript", tag, name))


def _is_javascript_url(value: str) -> bool:
    # as a browser reads a URL: tabs and newlines removed, leading controls and spaces ignored
    url = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))
    return url[:11].lower() == "javascript:"


def _located(found: list[tuple[str, str, str]], source: str) -> list[Finding]:
    lines = source.splitlines() or [""]
    where = {  # each kind of finding: the source lines holding it, one entry per occurrence
        "script": _lines_matching(lines, re.compile(r"<script\b", re.I)),
        "javascript": [n for n, line in enumerate(lines, 1) for _ in _JAVASCRIPT_IN_SOURCE.finditer(_url_view(line))],
    }
    used: set[tuple[str, int]] = set()
    cursor, findings = 1, []
    for kind, tag, attribute in found:
        key = kind if kind != "handler" else f"handler:{attribute}"
        if key not in where:
            where[key] = _lines_matching(lines, re.compile(rf"(?<![\w:-]){re.escape(attribute)}\s*=", re.I))
        line = _next_line(where[key], key, used, cursor)
        if line is None:  # written across lines, or made by Markdown syntax: the line of the tag, if any
            line = _next_line(_lines_matching(lines, re.compile(rf"<{re.escape(tag)}\b", re.I)), "", set(), cursor)
        cursor = line or cursor
        findings.append(Finding(line or 1, _message(kind, tag, attribute)))
    return sorted(findings, key=lambda f: f.line)


def _lines_matching(lines: list[str], pattern: re.Pattern[str]) -> list[int]:
    return [n for n, line in enumerate(lines, 1) for _ in pattern.finditer(line)]


# "javascript:" as an attribute value, a Markdown link or autolink target: after =, a
# quote, ( or <, or the colon of a link definition; not a mention in a sentence
_JAVASCRIPT_IN_SOURCE = re.compile(r"""[=(<"':][\x00-\x20]*javascript:""")


def _url_view(line: str) -> str:
    return re.sub(r"[\t\r]", "", html_lib.unescape(line)).lower()


def _next_line(candidates: list[int], key: str, used: set[tuple[str, int]], cursor: int) -> int | None:
    """The first occurrence not yet given to a finding, at or after the cursor if there is one."""
    free = [(i, n) for i, n in enumerate(candidates) if (key, i) not in used]
    chosen = next(((i, n) for i, n in free if n >= cursor), free[0] if free else None)
    if chosen is None:
        return None
    used.add((key, chosen[0]))
    return chosen[1]


def _message(kind: str, tag: str, attribute: str) -> str:
    if kind == "script":
        return _SCRIPT_MESSAGE
    if kind == "handler":
        return (f"the event-handler attribute {attribute}= on <{tag}>: the site's Content-Security-Policy blocks "
                "inline handlers; attach the handler from a script in docs/javascripts/")
    return (f"a javascript: address in {attribute}= on <{tag}>: the site's Content-Security-Policy blocks it; "
            "link to a page, or put the code in a script in docs/javascripts/")
