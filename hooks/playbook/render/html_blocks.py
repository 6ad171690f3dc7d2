"""Pages written as finished HTML under Markdown headings (the templates named *.html.j2).

Python-Markdown spends most of a generated page's time on its inline patterns, which it tries
on every table cell and list item one after the other: 14 ms for a role page. Those pages
are written in HTML instead, each block on one line (`fold_blocks`), which the MkDocs adapter
hands to Markdown as a stub and to the search index as a twin (playbook/blocks.py), and the
hook-free project passes through Markdown's raw-HTML rule unchanged. Only the headings stay Markdown: they make the
table of contents and its anchors, as on every other page.
"""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# a block whose line breaks are part of its text stays as written, and so does a worksheet
# form, which playbook/blocks.py finds by its closing line
_KEEPS_LINES = re.compile(r"<(?:pre|textarea)\b|^<form class=\"pb-sheet\"")


def fold_blocks(text: str) -> str:
    """The page with each HTML block (a run of lines starting with "<", between blank
    lines) on one line. Other runs, such as headings, stay as they are."""
    parts = _BLANK_LINES.split(text)
    return "\n\n".join(_folded(part) for part in parts)


def _folded(part: str) -> str:
    if not part.startswith("<") or "\n" not in part or _KEEPS_LINES.search(part):
        return part
    end = "\n" if part.endswith("\n") else ""
    return " ".join(line.strip() for line in part.split("\n") if line.strip()) + end
