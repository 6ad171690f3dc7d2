"""What a rebuild under `mkdocs serve` reuses from the one before.

Files are parsed and checked again only when their bytes change (yaml_loader and
schema_check keep the last result per file, by content hash). Pages are rendered again only
when what they read changed: each family of pages says what it reads of the roles (`READS`),
and a page of a family not named there is taken to read everything, so that a page added
later is never served stale. The comparisons are of frozen values, each done once per
rebuild: no page scans every role to learn whether it changed. The data exports are put
together from the last build's text of each unchanged role (`data_files`).
"""

from __future__ import annotations

import dataclasses
import json
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Hashable, TypeVar

from playbook import blocks, export
from playbook.model import Playbook, Role

TEMPLATES = Path(__file__).resolve().parent / "templates"
T = TypeVar("T")


# What a page reads of the roles, by its folder (or file): "faces" (what other pages show of
# a role: id, name, shape, levels, positions, stages, handoffs, titles, sources) or
# "summaries" (faces, summaries and what each owns). A role's own page and its charter read
# that role whole and the faces of the others. A page of any other folder reads everything.
READS = {
    "accountabilities": "faces", "traits": "faces", "transitions": "faces", "handoffs": "faces",
    "anti-patterns": "faces", "handouts": "faces", "sources.md": "faces", "data": "faces",
    "compare": "faces", "roles/index.md": "summaries", "stages": "summaries", "tools": "summaries",
    "worksheets": "summaries", "my-company": "summaries",
    # the indexes of those folders show no role's summary, nor a tool's data
    "stages/index.md": "faces", "tools/index.md": "faces", "worksheets/index.md": "faces",
}


def page_reads(uri: str) -> tuple[str, str | None]:
    """("role", id) for a role's own page or charter; ("faces" | "summaries", None) for a page
    of a family in READS; ("all", None) for any other page."""
    folder, _, name = uri.partition("/")
    if folder in ("roles", "charters") and name.endswith(".md") and "/" not in name and name != "index.md":
        return "role", name[:-3]
    return READS.get(uri, READS.get(folder if name else uri, "all")), None


def kept_for(store: dict[Hashable, tuple[Role, T]], key: Hashable, role: Role, make: Callable[[], T]) -> T:
    """make(), kept in `store` under `key` while `role` is the same: a row, an island entry or
    a part of playbook.json that shows one role. A role is the same object while its file is
    (YamlDocument.derived), so the check is quick."""
    kept = store.get(key)
    if kept is None or (kept[0] is not role and kept[0] != role):
        kept = store[key] = (role, make())
    return kept[1]


def _faces(pb: Playbook) -> tuple:
    return tuple((r.id, r.name, r.macro_role, tuple(h.level for h in r.holdings),
                  tuple(p.position for p in r.placements), r.stages, r.handoffs, r.titles, r.sources) for r in pb.roles)


def _summaries(pb: Playbook) -> tuple:
    return tuple((r.summary, r.owns) for r in pb.roles)


def _templates() -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in TEMPLATES.glob("*.j2")))


@dataclass
class BuildCache:
    """The last build's model, settings and pages, and the blocks taken out of each page."""

    playbook: Playbook | None = None
    settings: Hashable = None
    pages: dict[str, str] = field(default_factory=dict)
    stash: dict[str, tuple[str, str, dict[str, str]]] = field(default_factory=dict)  # uri -> (page, stubbed page, {twin: block})
    role_json: dict[str, tuple[Role, str]] = field(default_factory=dict)  # id -> (role, its part of playbook.json)
    rendered: int = 0  # pages rendered by the last build (the others were reused)
    twins: dict[str, tuple[str, str]] = field(default_factory=dict)  # block -> what its twin is made of, this build
    twins_before: dict[str, tuple[str, str]] = field(default_factory=dict)  # and the last build
    fragments: dict[tuple[str, str, str], tuple[Role, str]] = field(default_factory=dict)  # render._per_role's rows

    def start(self, pb: Playbook, *settings: Hashable) -> "PageReuse":
        """Begin a build of `pb`; what it may take from the last one."""
        settings = (*settings, _templates())
        old, same_settings = self.playbook, settings == self.settings
        reuse = PageReuse(self, None if old is None or not same_settings else old, pb)
        self.playbook, self.settings, self.rendered = pb, settings, 0
        self.twins_before, self.twins = self.twins, {}
        if not same_settings:
            self.pages = {}
        if not reuse.same.get("faces"):  # a kept row may show these
            self.fragments = {}
        return reuse

    def data_files(self, pb: Playbook, schemas: dict[str, str]) -> dict[str, str]:
        """export.data_files, with each role's part of playbook.json taken from the last build
        while the role is the same (the same text: json.dumps with indent=1 writes an item of
        the roles list as it writes the item alone, each line after the first indented 3 more)."""
        files = export.data_files(dataclasses.replace(pb, roles=()), schemas)
        empty = '\n  "roles": []'
        text = files["data/playbook.json"]
        if text.count(empty) != 1:
            return export.data_files(pb, schemas)
        fragments = [kept_for(self.role_json, role.id, role, lambda role=role: json.dumps(
            export.plain(role), ensure_ascii=False, indent=1).replace("\n", "\n   ")) for role in pb.roles]
        roles = '\n  "roles": [\n   ' + ",\n   ".join(fragments) + "\n  ]" if fragments else empty
        files["data/playbook.json"] = text.replace(empty, roles)
        return files

    def stashed(self, uri: str, markdown: str) -> tuple[str, dict[str, str]]:
        """The page with its finished blocks as stubs, and {twin: block} (blocks.stash_stubbed),
        reused while the page is the same; a block met in the last build or this one is not
        read again."""
        kept = self.stash.get(uri)
        if kept is None or kept[0] != markdown:
            kept = (markdown, *blocks.stash_stubbed(markdown, ChainMap(self.twins, self.twins_before)))
            self.stash[uri] = kept
        return kept[1], kept[2]


@dataclass
class PageReuse:
    cache: BuildCache
    old: Playbook | None
    new: Playbook

    def __post_init__(self) -> None:
        old, new = self.old, self.new
        self.same: dict[str, bool] = {}
        try:
            if old is None or old != new:
                same_rest = old is not None and dataclasses.replace(old, roles=()) == dataclasses.replace(new, roles=())
                faces = same_rest and _faces(old) == _faces(new)
                self.same = {"faces": faces, "role": faces, "summaries": faces and _summaries(old) == _summaries(new)}
            else:
                self.same = {"all": True, "faces": True, "role": True, "summaries": True}
        except TypeError:  # a value that cannot be compared: render everything
            self.same = {}

    def page(self, uri: str) -> str | None:
        """The page as the last build rendered it, if nothing it reads has changed since."""
        kept = self.cache.pages.get(uri)
        reads, role = page_reads(uri)
        if kept is None or self.old is None or not self.same.get(reads, False):
            return None
        if role is not None and not self.same.get("all"):
            old, new = self.old.by_id("roles").get(role), self.new.by_id("roles").get(role)
            return kept if old is not None and old == new else None
        return kept

    def keep(self, uri: str, markdown: str) -> None:
        self.cache.pages[uri] = markdown
        self.cache.rendered += 1
