"""Checks between files: every id a file names exists, ids are unique, the role schema asks for every accountability and spectrum.

References are declared as data (REFERENCES): a path pattern into a kind of file and the
kind of id it must name. `*` stands for every item of a list or value of a mapping,
`KEYS` for every key of a mapping.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from playbook.errors import Problem, did_you_mean
from playbook.yaml_loader import JsonPath, YamlDocument

KEYS = object()
ANY = "*"

# where each kind of id is defined: (file kind, path pattern to the id value)
DEFINITIONS: dict[str, tuple[str, tuple]] = {
    "role": ("role", ("id",)),
    "worksheet": ("worksheet", ("id",)),
    "source": ("sources", ("sources", ANY, "id")),
    "spectrum": ("traits", ("spectra", ANY, "id")),
    "level": ("accountabilities", ("levels", ANY, "id")),
    "accountability": ("accountabilities", ("accountabilities", ANY, "id")),
    "conflict": ("accountabilities", ("conflicts", ANY, "id")),
    "stage": ("stages", ("stages", ANY, "id")),
    "transition": ("stages", ("transitions", ANY, "id")),
    "handoff": ("handoffs", ("handoffs", ANY, "id")),
    "anti-pattern": ("anti_patterns", ("anti_patterns", ANY, "id")),
    "question": ("stages", ("transitions", ANY, "questions", ANY, "id")),
    "check": ("workspace", ("checks", ANY, "id")),
}

# ids that would give an entry the address of a page the build makes itself
# (kind -> {id: the page it would replace})
_PAGE_KINDS = {"role": "roles/", "worksheet": "worksheets/", "spectrum": "traits/",
               "accountability": "accountabilities/", "stage": "stages/", "transition": "transitions/",
               "handoff": "handoffs/", "anti-pattern": "anti-patterns/"}
RESERVED_IDS: dict[str, dict[str, str]] = {
    kind: {"index": f"the overview page {folder}"} for kind, folder in _PAGE_KINDS.items()
}
RESERVED_IDS["worksheet"]["facilitator-pack"] = "the facilitator pack's PDFs (pdf/facilitator-pack-*.pdf)"

_SOURCES = ("sources", ANY)
# (file kind, path pattern to a reference, kind of id it names)
REFERENCES: tuple[tuple[str, tuple, str], ...] = (
    ("role", ("accountabilities", KEYS), "accountability"),
    ("role", ("accountabilities", ANY, "level"), "level"),
    ("role", ("traits", KEYS), "spectrum"),
    ("role", ("stages", ANY), "stage"),
    ("role", ("handoffs", ANY, "to"), "role"),
    ("role", ("handoffs", ANY, "handoff"), "handoff"),
    ("role", _SOURCES, "source"),
    ("traits", ("spectra", ANY, *_SOURCES), "source"),
    ("traits", ("spectra", ANY, "left", "accountabilities", ANY), "accountability"),
    ("traits", ("spectra", ANY, "right", "accountabilities", ANY), "accountability"),
    ("accountabilities", ("accountabilities", ANY, *_SOURCES), "source"),
    ("accountabilities", ("conflicts", ANY, "first", ANY), "accountability"),
    ("accountabilities", ("conflicts", ANY, "second", ANY), "accountability"),
    ("accountabilities", ("conflicts", ANY, "from_level"), "level"),
    ("accountabilities", ("conflicts", ANY, *_SOURCES), "source"),
    ("accountabilities", ("overload", "from_level"), "level"),
    ("stages", ("stages", ANY, *_SOURCES), "source"),
    ("stages", ("transitions", ANY, "from"), "stage"),
    ("stages", ("transitions", ANY, "to"), "stage"),
    ("stages", ("transitions", ANY, "role_changes", ANY, "from", ANY), "role"),
    ("stages", ("transitions", ANY, "role_changes", ANY, "to", ANY), "role"),
    ("stages", ("transitions", ANY, "worksheets", ANY), "worksheet"),
    ("stages", ("transitions", ANY, *_SOURCES), "source"),
    ("handoffs", ("handoffs", ANY, "from_role"), "role"),
    ("handoffs", ("handoffs", ANY, "to_role"), "role"),
    ("handoffs", ("handoffs", ANY, *_SOURCES), "source"),
    ("worksheet", ("related", "roles", ANY), "role"),
    ("worksheet", ("related", "accountabilities", ANY), "accountability"),
    ("worksheet", ("related", "spectra", ANY), "spectrum"),
    ("worksheet", ("sections", ANY, "fields", ANY, "toward", "spectrum"), "spectrum"),
    ("worksheet", ("sections", ANY, "fields", ANY, "toward", "accountability"), "accountability"),
    ("worksheet", _SOURCES, "source"),
    ("anti_patterns", ("anti_patterns", ANY, "roles", ANY), "role"),
    ("anti_patterns", ("anti_patterns", ANY, "stages", ANY), "stage"),
    ("anti_patterns", ("anti_patterns", ANY, "worksheets", ANY), "worksheet"),
    ("anti_patterns", ("anti_patterns", ANY, *_SOURCES), "source"),
    ("workspace", ("checks", ANY, "level"), "level"),
    ("workspace", ("checks", ANY, "see", "anti_pattern"), "anti-pattern"),
    ("workspace", ("checks", ANY, "see", "accountability"), "accountability"),
    ("workspace", ("checks", ANY, "see", "transition"), "transition"),
    ("workspace", ("checks", ANY, "see", "role"), "role"),
)

_NAMES = {"spectrum": "trait spectrum"}


def check(parsed: dict[str, list[YamlDocument]], unreadable: set[str], file_ids: dict[str, set[str]],
          role_keys: dict[str, frozenset[str]]) -> list[Problem]:
    """Problems between files, in every parsed file, even one with schema problems: ids
    are gathered from all of them, and the walk only follows values of the right type.

    `unreadable` names the file kinds of which a file could not be parsed: references to
    ids defined there are not checked, since that file's own problem is already reported.
    `file_ids` gives, per one-file-per-entry kind, the ids implied by the file names.
    `role_keys` gives the accountability and spectrum ids the role schema requires."""
    ids = {kind: _defined_ids(parsed, kind) | file_ids.get(DEFINITIONS[kind][0], set()) for kind in DEFINITIONS}
    # ids named by file names stay known even when their file is unreadable
    unknowable = {kind for kind, (file_kind, _) in DEFINITIONS.items()
                  if file_kind in unreadable and file_kind not in file_ids}
    problems = [*_duplicate_ids(parsed), *_file_name_ids(parsed), *_reserved_ids(parsed)]
    for file_kind, pattern, target in REFERENCES:
        if target in unknowable:
            continue
        for doc in parsed[file_kind]:
            for path, value, is_key in _reached(doc, pattern):
                if value not in ids[target]:
                    name = _NAMES.get(target, target)
                    hint = did_you_mean(value, ids[target]) or _known(ids[target])
                    problems.append(doc.problem(path, f"unknown {name} '{value}'", hint, key=is_key))
    problems.extend(_role_schema_agreement(parsed, role_keys))
    problems.extend(_positions_in_scale(parsed))
    problems.extend(_check_wording(parsed))
    return problems


def _reached(doc: YamlDocument, pattern: tuple) -> tuple[tuple[JsonPath, str, bool], ...]:
    """_walk of a document, found once while its file is the same (a rebuild under serve)."""
    return doc.derived(("walk", pattern), lambda doc: tuple(_walk(doc.data, pattern)))


def _walk(data: Any, pattern: tuple, path: JsonPath = ()) -> Iterator[tuple[JsonPath, str, bool]]:
    """(path, value, is_key) for every value the pattern reaches."""
    if not pattern:
        if isinstance(data, str):
            yield path, data, False
        return
    head, rest = pattern[0], pattern[1:]
    if head is KEYS and isinstance(data, dict) and not rest:
        for key in data:
            yield (*path, key), key, True
    elif head == ANY and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _walk(item, rest, (*path, index))
    elif head == ANY and isinstance(data, dict):
        for key, item in data.items():
            yield from _walk(item, rest, (*path, key))
    elif isinstance(data, dict) and head in data:
        yield from _walk(data[head], rest, (*path, head))


def _defined_ids(parsed: dict[str, list[YamlDocument]], kind: str) -> set[str]:
    """The ids of a kind; an id with stray white space (refused by its schema) also counts
    without it, so that the entries naming it are not reported a second time."""
    file_kind, pattern = DEFINITIONS[kind]
    values = {value for doc in parsed[file_kind] for _, value, _ in _reached(doc, pattern)}
    return values | {value.strip() for value in values}


def _known(ids: set[str]) -> str:
    if not ids:
        return "none are defined yet"
    listed = sorted(ids)
    more = f", and {len(listed) - 12} more" if len(listed) > 12 else ""
    return "known: " + ", ".join(listed[:12]) + more


def _duplicate_ids(parsed: dict[str, list[YamlDocument]]) -> Iterator[Problem]:
    for kind, (file_kind, pattern) in DEFINITIONS.items():
        if pattern == ("id",):
            continue  # one entry per file: file names keep these unique
        for doc in parsed[file_kind]:
            first: dict[str, int] = {}
            for path, value, _ in _walk(doc.data, pattern):
                line = doc.mark(path).line
                if value in first:
                    yield doc.problem(path, f"the {_NAMES.get(kind, kind)} id '{value}' is used twice",
                                      f"first used at line {first[value]}")
                else:
                    first[value] = line


def _reserved_ids(parsed: dict[str, list[YamlDocument]]) -> Iterator[Problem]:
    for kind, reserved in RESERVED_IDS.items():
        file_kind, pattern = DEFINITIONS[kind]
        for doc in parsed[file_kind]:
            for path, value, _ in _walk(doc.data, pattern):
                if value in reserved:
                    yield doc.problem(path, f"the id '{value}' is reserved: its page would replace {reserved[value]}",
                                      "choose another id")


def _file_name_ids(parsed: dict[str, list[YamlDocument]]) -> Iterator[Problem]:
    for file_kind in ("role", "worksheet"):
        for doc in parsed[file_kind]:
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                if doc.data["id"] != doc.path.stem:
                    yield doc.problem(("id",), f"the id '{doc.data['id']}' does not match the file name",
                                      f"use id: {doc.path.stem}, or rename the file to {doc.data['id']}.yml")


def _role_schema_agreement(parsed: dict[str, list[YamlDocument]], required: dict[str, frozenset[str]]) -> Iterator[Problem]:
    """Every accountability and spectrum the data defines is one the role schema requires,
    so that the schema alone makes every role give it a level or a position."""
    for kind, field in (("accountability", "accountabilities"), ("spectrum", "traits")):
        if kind not in required:
            continue
        file_kind, pattern = DEFINITIONS[kind]
        for doc in parsed[file_kind]:
            for path, value, _ in _walk(doc.data, pattern):
                if value not in required[kind]:
                    name = _NAMES.get(kind, kind)
                    yield doc.problem(path, f"schema/role.schema.json does not make roles give the {name} '{value}'",
                                      f"add '{value}' to properties.{field}.properties and properties.{field}.required "
                                      "in that schema, then give every role an entry for it")


def _positions_in_scale(parsed: dict[str, list[YamlDocument]]) -> Iterator[Problem]:
    scales = [doc.data.get("scale") for doc in parsed["traits"] if isinstance(doc.data, dict)]
    scale = scales[0] if scales and isinstance(scales[0], dict) else {}
    low, high = scale.get("min"), scale.get("max")
    if not (_is_int(low) and _is_int(high)):
        return
    for doc in parsed["role"]:
        for path, entry in _walk_mappings(doc.data, ("traits", ANY)):
            position = entry.get("position")
            if _is_int(position) and not low <= position <= high:
                yield doc.problem((*path, "position"),
                                  f"position {entry['position']} is outside the scale",
                                  f"use a whole number from {low} to {high}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _walk_mappings(data: Any, pattern: tuple) -> Iterator[tuple[JsonPath, dict]]:
    """(path, mapping) for every mapping the pattern reaches."""
    head, rest = pattern[0], pattern[1:]
    if not isinstance(data, dict) or head not in data or not isinstance(data[head], dict):
        return
    for key, item in data[head].items():
        if isinstance(item, dict):
            yield (head, key), item


# What each workspace check fills in ({name} in its wording), and the setting it needs
CHECK_WORDS: dict[str, tuple[frozenset[str], str | None]] = {
    "empty-seat": (frozenset({"seat"}), None),
    "several-seats": (frozenset({"person", "count", "seats", "limit"}), "limit"),
    "shared-ownership": (frozenset({"people", "accountability", "level"}), "level"),
    "uncovered": (frozenset({"accountability", "stage", "level"}), "level"),
    "conflict": (frozenset({"person", "conflict", "remedy", "why"}), None),
    "all-four": (frozenset({"person"}), None),
    "over-hours": (frozenset({"person", "share", "limit"}), "limit"),
    "owner-seats": (frozenset({"person", "count", "seats", "limit"}), "limit"),
    "responsibilities": (frozenset({"seat", "count", "limit"}), "limit"),
}
_BRACES = re.compile(r"\{([a-z_]+)\}")  # a {name} to fill in; other braces are plain text


def _check_wording(parsed: dict[str, list[YamlDocument]]) -> Iterator[Problem]:
    """Each workspace check names only what it can fill in, and has the setting it counts with."""
    for doc in parsed["workspace"]:
        checks = doc.data.get("checks") if isinstance(doc.data, dict) else None
        for index, check in enumerate(checks if isinstance(checks, list) else ()):
            if not isinstance(check, dict) or check.get("id") not in CHECK_WORDS:
                continue
            words, setting = CHECK_WORDS[check["id"]]
            if setting and setting not in check:
                yield doc.problem(("checks", index), f"the check '{check['id']}' needs '{setting}:'",
                                  "add 'limit: N', the most allowed before it fires" if setting == "limit"
                                  else "add 'level: ID', the level from which a person counts")
            says = check.get("says")
            for name in _BRACES.findall(says) if isinstance(says, str) else ():
                if name not in words:
                    yield doc.problem(("checks", index, "says"), f"the check '{check['id']}' cannot fill in {{{name}}}",
                                      "it can fill in " + ", ".join(f"{{{w}}}" for w in sorted(words)))
