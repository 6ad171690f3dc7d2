"""What the browser tools and the CSV downloads are made of: plain data computed from the model.

The tools read one JSON island per page (`json_island`), so the browser never fetches
anything and the numbers come from the same YAML as the pages."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from markupsafe import Markup, escape

from playbook.incremental import kept_for
from playbook.model import Playbook, Role, Transition, Workspace
from playbook.render import diagrams
from playbook.render.paths import page_url


def tool_data(pb: Playbook, page: str) -> dict[str, Any]:
    """Everything a tool page needs, with links relative to `page`."""
    return {**_shared_data(pb, page), **_own_data(pb, page)}


def tool_island(pb: Playbook, page: str) -> Markup:
    """json_island("pb-data", tool_data(pb, page)) for a page of the tools', the worksheets'
    or the workspace's folders, with the part that links only to other folders (where a link
    depends only on the page's depth) computed and encoded once per depth: at 1,000 roles each
    of the eight islands took a tenth of a second. Each role's entry is encoded once and kept
    while the role is the same (`mkdocs serve` rebuilds the islands when a summary changes)."""
    depth = page.count("/") if page.endswith("/index.md") else page.count("/") + 1
    if _SHARED_ISLAND.get("pb") is not pb:
        _SHARED_ISLAND.clear()
        _SHARED_ISLAND["pb"] = pb
    if depth not in _SHARED_ISLAND:
        _SHARED_ISLAND[depth] = _shared_json(pb, page, depth)[:-1]
    own = escape(_json(_own_data(pb, page)))
    return _island_element("pb-data", Markup(f"{_SHARED_ISLAND[depth]},{own[1:]}"))


_SHARED_ISLAND: dict[Any, Any] = {}  # the playbook it was made for, and {depth: escaped JSON without its "}"}
_ROLE_ENTRIES: dict[tuple[int, bool, str], tuple[Role, str]] = {}  # (depth, has charters, role id) -> (role, its JSON)
_NO_ROLES = '"roles":[]'


def _shared_json(pb: Playbook, page: str, depth: int) -> Markup:
    """escape(_json(_shared_data(pb, page))), with each role's entry taken from the last time
    while the role is the same (JSON with sorted keys writes a list item as it writes it alone)."""
    text = _json(_shared_data(pb, page, with_roles=False))
    if text.count(_NO_ROLES) != 1:
        return escape(_json(_shared_data(pb, page)))
    has_charters = _has_charters(pb)
    entries = [kept_for(_ROLE_ENTRIES, (depth, has_charters, role.id), role,
                        lambda role=role: _json(_role_entry(role, page, has_charters))) for role in pb.roles]
    return escape(text.replace(_NO_ROLES, '"roles":[' + ",".join(entries) + "]"))


def _shared_data(pb: Playbook, page: str, with_roles: bool = True) -> dict[str, Any]:
    """What tool_data links only to pages outside the tools', the worksheets' and the
    workspace's folders: the same for every page of those folders at one depth."""
    workspace = pb.workspace or DEFAULT_WORKSPACE
    has_charters = _has_charters(pb)
    gravity = pb.worksheet("role-gravity") if any(w.id == "role-gravity" for w in pb.worksheets) else None
    return {
        **levels_data(pb),
        "accountabilities": [
            {"id": a.id, "name": a.name, "customers": a.customers, "stance": a.stance,
             "url": page_url(f"accountabilities/{a.id}", page)}
            for a in pb.accountabilities
        ],
        "conflicts": [
            {"id": c.id, "name": c.name, "first": list(c.first), "second": list(c.second),
             "from_level": c.from_level, "why": c.why, "remedy": c.remedy}
            for c in pb.conflicts
        ],
        "overload": {"from_level": pb.overload.from_level, "why": pb.overload.why},
        "scale": {"min": pb.scale.min, "max": pb.scale.max},
        "spectra": [
            {"id": s.id, "name": s.name, "left": s.left.label, "right": s.right.label,
             "url": page_url(f"traits/{s.id}", page)}
            for s in pb.spectra
        ],
        "stages": [{"id": s.id, "name": s.name, "url": page_url(f"stages/{s.id}", page)} for s in pb.stages],
        "roles": [_role_entry(r, page, has_charters) for r in pb.roles] if with_roles else [],
        "transitions": [
            {"id": t.id, "name": t.name, "from": t.from_stage, "to": t.to_stage, "url": page_url(f"transitions/{t.id}", page),
             "introduces": list(introduced_roles(t)),
             "role_changes": [{"change": c.change, "from": list(c.before), "to": list(c.after)} for c in t.role_changes],
             "questions": [{"id": q.id, "sign": q.sign, "text": q.text} for q in t.questions]}
            for t in pb.transitions
        ],
        "diagnosis": {"reached_share": workspace.reached_share, "due_at": workspace.due_at},
        "pack_pages": {"a4": workspace.pack_pages.a4, "letter": workspace.pack_pages.letter} if workspace.pack_pages else None,
        "checks": [
            {"id": c.id, "name": c.name, "says": c.says, "why": c.why, "limit": c.limit, "level": c.level,
             "url": page_url(f"{SEE_FOLDERS[c.see[0]]}/{c.see[1]}", page) if c.see else None}
            for c in workspace.checks
        ],
        "statements": [] if gravity is None else [
            {"id": f.id, "label": f.label, "section": s.title,
             "spectrum": f.toward.spectrum, "pole": f.toward.pole, "accountability": f.toward.accountability}
            for s in gravity.sections for f in s.fields if f.kind == "scale" and f.toward is not None
        ],
        "profile": diagrams.profile_geometry(pb),
    }


def _has_charters(pb: Playbook) -> bool:
    return any(w.id == "role-charter" for w in pb.worksheets)


def _role_entry(r: Role, page: str, has_charters: bool) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "macro_role": r.macro_role, "summary": r.summary,
            "url": page_url(f"roles/{r.id}", page),
            "levels": {h.accountability: h.level for h in r.holdings},
            "positions": {p.spectrum: p.position for p in r.placements},
            "stages": list(r.stages), "responsibilities": list(r.owns), "measures": list(r.measures),
            "handoffs": [{"to": h.to, "what": h.what} for h in r.handoffs],
            "charter_url": page_url(f"charters/{r.id}", page) if has_charters else None}


def _own_data(pb: Playbook, page: str) -> dict[str, Any]:
    """The links of tool_data into the tools', the worksheets' and the workspace's folders."""
    return {
        "pages": {"workspace": page_url("my-company", page),
                  **{tool: page_url(f"tools/{tool}", page) for tool in ("role-gravity", "delegation", "allocation", "comparer")}},
        "worksheets": [
            {"id": w.id, "name": w.name, "url": page_url(f"worksheets/{w.id}", page)} for w in pb.worksheets
        ],
    }


def levels_data(pb: Playbook) -> dict[str, Any]:
    """What the comparison tables sort levels by: all the comparison page's island holds, so
    that it does not change (and the page is not built again) when a role's summary does."""
    return {"levels": [{"id": lv.id, "name": lv.name, "rank": lv.rank, "symbol": lv.symbol} for lv in pb.levels]}


# Without a workspace.yml the workspace still reads the stage, and runs no checks
DEFAULT_WORKSPACE = Workspace(reached_share=50, due_at=2, checks=())
SEE_FOLDERS = {"anti_pattern": "anti-patterns", "accountability": "accountabilities", "transition": "transitions",
               "role": "roles"}


def introduced_roles(transition: Transition) -> tuple[str, ...]:
    """The roles a move brings: those a change leads to that it did not start from."""
    found: list[str] = []
    for change in transition.role_changes:
        found.extend(r for r in change.after if r not in change.before and r not in found)
    return tuple(found)


def json_island(element_id: str, data: Any) -> Markup:
    """The data as JSON in a hidden element's data-json attribute.

    Not a <script type="application/json">: Material's instant navigation re-creates every
    script in the page content without its type, and would run the JSON as code."""
    return _island_element(element_id, escape(_json(data)))


def _island_element(element_id: str, escaped_json: Markup) -> Markup:
    return Markup(f'<div id="{element_id}" class="pb-data" hidden data-json="{escaped_json}"></div>')


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def comparison_tables(pb: Playbook) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each comparison table as (header, rows) of plain text, for the CSV downloads."""
    acc = (["Role", "Macro-role", *(a.name for a in pb.accountabilities)],
           [[r.name, r.macro_role, *(pb.level(r.holding(a.id).level).name for a in pb.accountabilities)]
            for r in pb.roles])
    traits = (["Role", *(f"{s.name} ({s.left.label} {pb.scale.min} to {s.right.label} {pb.scale.max})" for s in pb.spectra)],
              [[r.name, *(str(r.placement(s.id).position) for s in pb.spectra)] for r in pb.roles])
    stages = (["Role", *(s.name for s in pb.stages)],
              [[r.name, *("yes" if s.id in r.stages else "no" for s in pb.stages)] for r in pb.roles])
    return {"roles-accountabilities": acc, "roles-traits": traits, "roles-stages": stages}


# OWASP's CSV-injection list: a spreadsheet may run a cell starting with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?")


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with a quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([_inert_cell(cell) for cell in row])
    return out.getvalue()


def _inert_cell(cell: str) -> str:
    # a signed number such as a position (-2) stays a number; float() would also let
    # through "\t5", "-inf" and "nan"
    return "'" + cell if cell[:1] in FORMULA_STARTS and not _SIGNED_NUMBER.fullmatch(cell) else cell


def role_holders_by_pole(pb: Playbook) -> list[tuple[str, str, str, list]]:
    """(spectrum id, spectrum name, pole label, roles leaning that way) for every pole."""
    result = []
    for s in pb.spectra:
        result.append((s.id, s.name, s.left.label, [r for r in pb.roles if r.placement(s.id).position < 0]))
        result.append((s.id, s.name, s.right.label, [r for r in pb.roles if r.placement(s.id).position > 0]))
    return result

