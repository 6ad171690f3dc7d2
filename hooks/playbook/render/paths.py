"""Relative links between pages, computed from the path strings alone.

posixpath.relpath makes both paths absolute first, asking the operating system for the
working folder each time: at 1,000 roles the tools' data islands made 20,000 such links a
build. The pages' paths are clean (no ".", "..", empty parts or leading "/"), so splitting
them is enough; tests/test_paths.py holds this to posixpath.relpath."""

from __future__ import annotations

import posixpath


def relative(target: str, start: str) -> str:
    """`target` as a path relative to the folder `start` (both relative to one root; "" or
    "." is the root), exactly as posixpath.relpath(target, start) writes it."""
    to = target.split("/") if target not in ("", ".") else []
    here = start.split("/") if start not in ("", ".") else []
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def page_url(target_dir_uri: str, from_page: str) -> str:
    """A directory-style link (as MkDocs builds pages: "stages/index.md" is /stages/,
    "transitions/x.md" is /transitions/x/) from the page built from `from_page` to the page
    at `target_dir_uri` ("roles/sales-leader")."""
    return relative(target_dir_uri, _folder_of(from_page)) + "/"


def link(target: str, from_page: str) -> str:
    """The link MkDocs writes for the Markdown link `target` (a path under docs/, with an
    optional "#fragment") in the page `from_page`, with directory URLs: "roles/x.md" is
    /roles/x/, "stages/index.md" /stages/, any other file keeps its name. For the pages
    whose blocks are finished HTML, which MkDocs does not rewrite."""
    path, hashmark, fragment = target.partition("#")
    if path.endswith(".md"):
        stem = path[:-3]
        directory = "" if stem == "index" else stem[:-6] if stem.endswith("/index") else stem
        url = page_url(directory, from_page)
    else:
        url = relative(path, _folder_of(from_page))
    return url + hashmark + fragment


def _folder_of(page: str) -> str:
    """The folder of the address MkDocs gives the page ("stages/index.md": stages, "roles/x.md": roles/x)."""
    return posixpath.dirname(page) if posixpath.basename(page) == "index.md" else posixpath.splitext(page)[0]
