"""Finished HTML blocks kept out of Markdown's way.

The generated pages carry blocks of finished HTML: drawings (`<figure class="pb-figure">`),
worksheet forms (`<form class="pb-sheet">`), the tools' data islands, and the tables, lists
and paragraphs of the pages written in HTML (render/html_blocks.py), each on one line. Markdown does not
change them, yet parsing them took most of the time of a build: Python-Markdown's HTML
extractor, MkDocs' anchor collector and the search plugin each read every tag of every
drawing. So the MkDocs adapter hands Markdown a *twin* of each block and puts the block
back into the finished page (`restore`). The hook-free project (`render --out`) keeps the
blocks in its Markdown, and both build the same pages.

A twin names its block's number and digest, so that a page whose block changed changes too
(`mkdocs serve --dirty` converts again only the pages whose Markdown changed). A twin is one
line that reads, to a search indexer and an anchor collector, as its block
does: the same text in the same pieces (each run of tags that holds no text becomes one
empty comment, which splits text as a tag does), the tags that Material's search keeps
(paragraphs, lists, code, sub- and superscripts) and headings, an empty element for each
id, and nothing of what search skips (`data-search-exclude`, scripts, styles), such as the
drawings' geometry and labels. tests/test_linear_build.py holds every block of the golden
pages to that, with Material's own search parser.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, MutableMapping

# the blocks, each starting a line of the Markdown: (opening, how the block ends)
_STARTS = re.compile(r'^(?:<figure class="pb-figure">|<div id="pb-data" class="pb-data"|<form class="pb-sheet"'
                     r'|<(table|ul|ol|p|div)[ >])', re.M)
_FORM_END = "\n</form>"
# a tag, a comment or the text between them (attribute values may hold ">" only quoted)
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<", re.S)
_ID = re.compile(r"""\sid\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_NAME = re.compile(r"""\sname\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")  # an anchor, on <a> only
_KEEP = {"p", "code", "li", "ol", "ul", "sub", "sup", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "object"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
TWIN_CLASS = "pb-twin"


def stash(markdown: str) -> tuple[str, dict[str, str]]:
    """The Markdown with each finished block replaced by its twin, and {twin: block}."""
    return _stash(markdown, lambda twin: twin, {})


def stash_stubbed(markdown: str, known: MutableMapping[str, tuple[str, str]] | None = None) -> tuple[str, dict[str, str]]:
    """The Markdown with each finished block replaced by its stub (the twin's opening tag and
    its anchors only), and {twin: block}. Markdown parses every tag of a raw HTML block; the
    search index is made after Markdown, from the page with its twins back (`unstubbed`).
    `known` keeps what each block's twin is made of, for blocks met again (under serve, a
    drawing or a table that a rebuilt page shows unchanged)."""
    return _stash(markdown, stub, {} if known is None else known)


def _stash(markdown: str, shown: Callable[[str], str], known: MutableMapping[str, tuple[str, str]]
           ) -> tuple[str, dict[str, str]]:
    out: list[str] = []
    blocks: dict[str, str] = {}
    at = 0  # the end of the last block taken
    match = _next_opening(markdown, -1)
    while match is not None:
        start = match.start()
        line_end = markdown.find("\n", start)
        line_end = len(markdown) if line_end < 0 else line_end
        end = line_end
        if match.group(0).startswith("<form"):
            end = markdown.find(_FORM_END, start)
            end = -1 if end < 0 else end + len(_FORM_END)
        block = markdown[start:end] if end > 0 else ""
        tag = match.group(1)
        if (tag and not _one_block(block, tag, markdown, start, end)) or not block:
            match = _next_opening(markdown, line_end)
            continue
        if not _stashable(block):
            match = _next_opening(markdown, end)  # left to Markdown, whole
            continue
        made = known.get(block)
        if made is None:  # (digest, text)
            made = known[block] = (_digest(block), _twin_text(block))
        twin = f'<div class="{TWIN_CLASS}" data-block="{len(blocks)}-{made[0]}">{made[1]}</div>'
        out += [markdown[at:start], shown(twin)]
        blocks[twin] = block
        at = end
        match = _next_opening(markdown, end)
    out.append(markdown[at:])
    return "".join(out), blocks


def _digest(block: str) -> str:
    # a twin only has to differ when its block does within one process (the rebuilds of one
    # `mkdocs serve`; the blocks are back in every page written): the string's own hash,
    # already made for the lookup in `known`, spares encoding and hashing an island again
    return f"{hash(block) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


def _next_opening(markdown: str, newline: int) -> re.Match[str] | None:
    """The first match of _STARTS at the start of a line after `newline` (the index of a
    newline, the page's length, or -1 for the page's first line), found line by line: a
    regular expression anchored at line starts still tries every character, and a data
    island or a drawing is one line of a megabyte or more at 1,000 roles (which the caller,
    once it has taken the block, steps over)."""
    while True:
        if markdown.startswith("<", newline + 1):
            match = _STARTS.match(markdown, newline + 1)
            if match is not None:
                return match
        newline = markdown.find("\n<", newline + 1)
        if newline < 0:
            return None


def stub(twin: str) -> str:
    opening = twin[:twin.index(">") + 1]
    return opening + "".join(_STUB_ANCHOR.findall(twin)) + "</div>"


_STUB_ANCHOR = re.compile(r"<i id=[^>]*></i>")


def unstubbed(html: str, kept: dict[str, str]) -> str:
    """The converted page with each stub replaced by its twin, for the search index."""
    return _replace_each(html, ((stub(twin), twin) for twin in kept))


def _one_block(block: str, tag: str, markdown: str, start: int, end: int) -> bool:
    """Whether a line that opens a table, list, paragraph or div is one whole raw HTML block:
    it closes the element it opens, with a blank line (or the page's start or end) on
    either side."""
    return (block.endswith(f"</{tag}>") and (start == 0 or markdown.startswith("\n\n", start - 2))
            and (end >= len(markdown) - 1 or markdown.startswith("\n\n", end)))


def restore(html: str, blocks: dict[str, str]) -> str:
    """The page with every twin replaced by its block; a missing twin is an error (Markdown
    must have changed it), never a page without its block."""
    return _replace_each(html, blocks.items())


def _replace_each(html: str, pairs: Iterable[tuple[str, str]]) -> str:
    """`html` with the first of each `old` replaced by its `new`; a missing one is an error."""
    for old, new in pairs:
        at = html.find(old)
        if at < 0:
            raise ValueError(f"a finished block did not come through Markdown unchanged: {old[:80]!r}")
        html = html[:at] + new + html[at + len(old):]
    return html


def _stashable(block: str) -> bool:
    """Blocks whose text Markdown or search would treat specially stay in the Markdown."""
    if _is_island(block):
        return True  # a tools' data island: one escaped attribute, no text
    if "<pre" in block or " markdown" in block or "\n\n" in block or _BLANK_LINE.search(block):
        return False
    return "<h" not in block or not _HEADING_ID.search(block)


_BLANK_LINE = re.compile(r"\n[ \t]+\n")
_HEADING_ID = re.compile(r"<h[1-6]\b[^>]*\sid=")


_KEEP_NAMES = "|".join(sorted(_KEEP))
# the fast path's patterns take attribute values to hold no ">" (the renderer escapes it)
_SLOW = re.compile(r"data-search-exclude|<(?:script|style|object)\b|=\"[^\"]*>", re.I)
_NAMING = re.compile(r"\sid\s*=|<a\s[^>]*\sname\s*=")
_TAG_AT = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>")
_KEPT_TAG = re.compile(rf"<(/?)({_KEEP_NAMES})\b[^>]*>")
_TAG_RUN = re.compile(rf"(?:<(?!/?(?:{_KEEP_NAMES})>|i id=|/i>)[^>]*>)+")


# a data island, as tools_data.json_island writes it: its JSON escaped in one attribute (no
# quote, "<" or ">" inside), so its twin is that of the same element with the value left out
_ISLAND_OPEN, _ISLAND_CLOSE = '<div id="pb-data" class="pb-data" hidden data-json="', '"></div>'


def _is_island(block: str) -> bool:
    if not block.startswith(_ISLAND_OPEN) or not block.endswith(_ISLAND_CLOSE):
        return False
    end = len(block) - len(_ISLAND_CLOSE)
    return all(block.find(char, len(_ISLAND_OPEN), end) < 0 for char in '"<>')


def _twin_text(block: str) -> str:
    """What a block's twin holds (inside its <div>)."""
    if _is_island(block):
        block = _ISLAND_OPEN + _ISLAND_CLOSE  # a megabyte and a half at 1,000 roles
    if _SLOW.search(block) is None:
        # the common case, nothing to skip: the same twin by substitution, tag by tag in C
        text = _with_anchors(block)
        text = _TAG_RUN.sub("<!---->", _KEPT_TAG.sub(r"<\1\2>", text))
        return text.replace("\n", " ")
    parts: list[str] = []
    gap = False  # a run of tags without text, written as one comment
    at = 0
    while at < len(block):
        token = _TOKEN.match(block, at)
        at = token.end()
        closing, tag, attrs = token.group(1), token.group(2), token.group(3)
        if tag is None:
            text = token.group(0)
            if not text.startswith("<!--"):
                parts.append(text.replace("\n", " "))
                gap = False
            continue
        tag = tag.lower()
        selfclosing = tag in _VOID or attrs.rstrip().endswith("/")
        if not closing and not selfclosing and (tag in _SKIP or "data-search-exclude" in attrs and _EXCLUDED.search(attrs)):
            start, at = token.start(), _end_of(block, tag, at)  # what search skips: the element and all it holds
            ids = "".join(f"<i id={value}></i>" for value in _ID.findall(block, start, at))  # anchors all the same
            if ids or not gap:
                parts.append(ids or "<!---->")
                gap = not ids
            continue
        names = [] if closing or "id" not in attrs and "name" not in attrs else (
            _ID.findall(attrs) + (_NAME.findall(attrs) if tag == "a" else []))
        ids = "".join(f"<i id={value}></i>" for value in names)
        if tag in _KEEP:
            parts.append(f"<{closing}{tag}>{ids}")
            gap = False
        elif ids:
            parts.append(ids)
            gap = False
        elif not gap:
            parts.append("<!---->")
            gap = True
    return "".join(parts)


_EXCLUDED = re.compile(r"\sdata-search-exclude\b")


def _with_anchors(block: str) -> str:
    """The block with each tag that has an id (or an <a> with a name) turned into an empty
    element holding the anchor (after the bare tag, if search keeps the tag)."""
    out, at = [], 0
    for naming in _NAMING.finditer(block):
        start = block.rfind("<", 0, naming.start() + 1)
        if start < at:
            continue  # a second id in a tag already done
        tag = _TAG_AT.match(block, start)
        if tag is None:
            continue
        name, attrs = tag.group(1).lower(), tag.group(2)
        names = _ID.findall(attrs) + (_NAME.findall(attrs) if name == "a" else [])
        ids = "".join(f"<i id={value}></i>" for value in names)
        out += [block[at:start], f"<{name}>{ids}" if name in _KEEP else ids or tag.group(0)]
        at = tag.end()
    return "".join(out) + block[at:] if out else block


def _end_of(block: str, tag: str, at: int) -> int:
    """Where search stops skipping the element `tag` opened just before `at`: after the first
    closing tag of that name, nested or not (Material's parser keeps one skip per tag name,
    which the first such closing tag ends)."""
    end = re.compile(rf"</{re.escape(tag)}\s*>", re.I).search(block, at)
    return len(block) if end is None else end.end()
