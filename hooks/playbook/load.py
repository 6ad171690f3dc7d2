"""Load the whole playbook: find the files, parse them strictly, validate, cross-check, build the model.

`load_playbook(root)` returns a Playbook or raises PlaybookError listing every problem
of every file in one go. This is the only way the build, the CLI and the tests read data.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from playbook import crossrefs
from playbook.errors import PlaybookError, Problem, display_path
from playbook.render.escape import prose_link_findings
from playbook.project import SCHEMA_BASE_URL  # where the site publishes the schemas; editors fetch them there
from playbook.model import (
    AntiPattern, Accountability, Conflict, Facilitation, Field, Handoff, Holding, Level, Overload, Placement,
    Playbook, Pole, Role, RoleChange, RoleHandoff, Scale, Section, Source, Spectrum, Stage, Step,
    Toward, Transition, Worksheet, Question, Check, Workspace, PackPages,
)
from playbook.schema_check import check_document, validators
from playbook.yaml_loader import YamlDocument, load_yaml_file, read_regular_file

SCHEMA_DIR = "schema"


@dataclass(frozen=True)
class FileKind:
    name: str  # the kind, as cross-references name it
    schema: str  # schema file name in playbook_data/schema/
    location: str  # a file name, or a folder holding one file per entry
    optional: bool = False  # a single file the playbook may leave out


FILE_KINDS = (
    FileKind("sources", "sources.schema.json", "sources.yml"),
    FileKind("traits", "traits.schema.json", "traits.yml"),
    FileKind("accountabilities", "accountabilities.schema.json", "accountabilities.yml"),
    FileKind("stages", "stages.schema.json", "stages.yml"),
    FileKind("handoffs", "handoffs.schema.json", "handoffs.yml"),
    FileKind("anti_patterns", "anti_patterns.schema.json", "anti_patterns.yml"),
    FileKind("role", "role.schema.json", "roles/"),
    FileKind("worksheet", "worksheet.schema.json", "worksheets/"),
    FileKind("workspace", "workspace.schema.json", "workspace.yml", optional=True),
)


def schema_line(kind: FileKind) -> str:
    """The first line every data file carries, pointing editors at its published schema."""
    return f"# yaml-language-server: $schema={SCHEMA_BASE_URL}{kind.schema}"


def load_playbook(root: Path) -> Playbook:
    """The validated model of the data under `root`, or PlaybookError with all problems."""
    return load_playbook_and_schemas(root)[0]


def load_playbook_and_schemas(root: Path) -> tuple[Playbook, dict[str, str]]:
    """The model and the schema texts it was checked against (file name -> JSON), each file read once."""
    root = Path(root)
    if not root.is_dir():
        raise PlaybookError([Problem(display_path(root), 1, 1, "the playbook data folder does not exist")])
    schemas = read_schemas(root)
    documents, problems = read_documents(root, schemas)
    if problems:
        raise PlaybookError(problems)
    return build_model(documents), schemas


def read_documents(root: Path, schemas: dict[str, str] | None = None) -> tuple[dict[str, list[YamlDocument]], list[Problem]]:
    """Every data file parsed and checked; documents are keyed by kind name."""
    problems: list[Problem] = []
    documents: dict[str, list[YamlDocument]] = {kind.name: [] for kind in FILE_KINDS}
    if not root.is_dir():
        raise PlaybookError([Problem(display_path(root), 1, 1, "the playbook data folder does not exist")])
    schema_validators = validators(read_schemas(root) if schemas is None else schemas)
    valid: dict[str, list[YamlDocument]] = {kind.name: [] for kind in FILE_KINDS}

    found, stray, refused = _discover(root)
    problems.extend(stray)
    unreadable: set[str] = set(refused)
    # ids of one-file-per-entry kinds come from the file names, unless their folder was refused
    file_ids = {kind.name: set() for kind in FILE_KINDS if kind.location.endswith("/") and kind.name not in refused}
    for kind, path in found:
        shown = display_path(path)
        if kind.name in file_ids:
            file_ids[kind.name].add(path.stem)
        try:
            doc = load_yaml_file(path, shown)
        except PlaybookError as error:
            problems.extend(error.problems)
            unreadable.add(kind.name)
            continue
        documents[kind.name].append(doc)
        if doc.data is None:  # one problem, whose hint also gives the first line if it is missing
            hint = "" if doc.first_line == schema_line(kind) else f"start it with this line: {schema_line(kind)}"
            file_problems = [Problem(shown, 1, 1, "the file has no data", hint)]
        else:
            file_problems = _schema_line_problems(doc, kind)
            file_problems.extend(check_document(doc, schema_validators[kind.schema]))
            file_problems.extend(prose_problems(doc))
        problems.extend(file_problems)
        if not file_problems:
            valid[kind.name].append(doc)
    for kind in FILE_KINDS:
        if not kind.location.endswith("/") and not kind.optional and not os.path.lexists(root / kind.location):
            problems.append(Problem(display_path(root / kind.location), 1, 1, "this required file is missing"))
            unreadable.add(kind.name)
    between = crossrefs.check(documents, unreadable, file_ids, _role_keys(schema_validators))
    return valid, _merge(problems, between)


def _merge(problems: list[Problem], between: list[Problem]) -> list[Problem]:
    """The problems of each file and those between files, one per place: where both speak of
    the same value, a reference's "unknown level 'None' (did you mean 'none'?)" says more
    than the schema's "'None' is not a valid id", and wins."""
    at = {(p.path, p.line, p.col): p for p in between}
    merged = [at.pop((p.path, p.line, p.col)) if p.message.endswith(" is not a valid id") and
              (p.path, p.line, p.col) in at and at[(p.path, p.line, p.col)].hint else p for p in problems]
    reported = {(p.path, p.line, p.col) for p in merged}
    return merged + [p for p in between if (p.path, p.line, p.col) not in reported]


def read_schemas(root: Path) -> dict[str, str]:
    """The text of every schema file (file name -> JSON), each read once."""
    folder = Path(root) / SCHEMA_DIR
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.schema.json")) if folder.is_dir() and not folder.is_symlink() else ():
        shown = display_path(path)
        try:
            texts[path.name] = read_regular_file(path, shown, limit=1024 * 1024).decode("utf-8")
            json.loads(texts[path.name])
        except PlaybookError as error:
            problems.extend(error.problems)
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, 1, "cannot read the schema: it is not UTF-8 text"))
        except json.JSONDecodeError as error:
            problems.append(Problem(shown, error.lineno, error.colno, f"the schema is not valid JSON: {error.msg}"))
    missing = {kind.schema for kind in FILE_KINDS} - set(texts) - {p.path.rsplit("/", 1)[-1] for p in problems}
    problems.extend(Problem(display_path(folder / name), 1, 1, "this schema file is missing") for name in sorted(missing))
    if problems:
        raise PlaybookError(problems)
    return texts


def prose_problems(doc: YamlDocument) -> list[Problem]:
    """Links in the Markdown fields (keys ending in _md) that are not https links to other sites."""
    return list(doc.derived("prose_problems", _prose_problems))


def _prose_problems(doc: YamlDocument) -> list[Problem]:
    found = []
    for path, text in _markdown_fields(doc.data):
        for target, message in prose_link_findings(text):
            where = doc.find(path, target)
            found.append(Problem(doc.shown_path, where.line, where.col, message))
    return found


def _markdown_fields(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key.endswith("_md"):
                yield (*path, key), value
            else:
                yield from _markdown_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _markdown_fields(value, (*path, index))


def _role_keys(schema_validators: dict) -> dict[str, frozenset[str]]:
    """The accountability and spectrum ids that the role schema makes every role give."""
    properties = schema_validators["role.schema.json"].schema.get("properties", {})
    return {kind: frozenset(properties.get(field, {}).get("required", ()))
            for kind, field in (("accountability", "accountabilities"), ("spectrum", "traits"))}


def _discover(root: Path) -> tuple[list[tuple[FileKind, Path]], list[Problem], set[str]]:
    """The data files by kind, the problems of stray files and linked folders, and the kinds
    whose folder was refused."""
    found: list[tuple[FileKind, Path]] = []
    problems: list[Problem] = []
    refused: set[str] = set()
    known: set[Path] = set()
    for kind in FILE_KINDS:
        place = root / kind.location
        if kind.location.endswith("/") and place.is_symlink():
            problems.append(Problem(display_path(place), 1, 1, "this folder is a symbolic link; data must be inside "
                                    "the data folder", "replace the link with the folder itself"))
            refused.add(kind.name)
            continue
        if kind.location.endswith("/"):
            paths = sorted(place.glob("*.yml"), key=lambda path: path.name)  # one folder: faster than comparing Paths
        else:
            paths = [place] if os.path.lexists(place) else []
        found.extend((kind, path) for path in paths)
        known.update(paths)
    problems.extend(
        Problem(display_path(path), 1, 1, "this file is not part of the playbook data",
                "data files end in .yml and live in roles/, worksheets/ or the data folder itself")
        for path in sorted(path for path in root.rglob("*")
                           if path.suffix in (".yml", ".yaml") and path not in known and (path.is_file() or path.is_symlink()))
    )
    return found, problems, refused


def _schema_line_problems(doc: YamlDocument, kind: FileKind) -> list[Problem]:
    expected = schema_line(kind)
    if doc.first_line == expected:
        return []
    return [Problem(doc.shown_path, 1, 1, "the first line must name the file's schema",
                    f"make line 1 read: {expected}")]


def build_model(documents: dict[str, list[YamlDocument]]) -> Playbook:
    """The frozen model from documents that passed every check."""
    single = {name: docs[0].data for name, docs in documents.items() if name not in ("role", "worksheet") and docs}
    traits, accountabilities, stages = single["traits"], single["accountabilities"], single["stages"]
    return Playbook(
        sources=tuple(Source(**s) for s in single["sources"]["sources"]),
        scale=Scale(**traits["scale"]),
        spectra=tuple(_spectrum(s) for s in traits["spectra"]),
        levels=tuple(sorted((Level(**level) for level in accountabilities["levels"]), key=lambda lv: lv.rank)),
        accountabilities=tuple(_accountability(a) for a in accountabilities["accountabilities"]),
        conflicts=tuple(_conflict(c) for c in accountabilities["conflicts"]),
        overload=Overload(**accountabilities["overload"]),
        roles=tuple(sorted((d.derived("role", _role_of) for d in documents["role"]), key=lambda r: (r.name.casefold(), r.id))),
        timelines_note=stages["timelines_note"],
        stages=tuple(_stage(s) for s in stages["stages"]),
        transitions=tuple(_transition(t) for t in stages["transitions"]),
        handoffs=tuple(_handoff(h) for h in single["handoffs"]["handoffs"]),
        anti_patterns=tuple(_anti_pattern(a) for a in single["anti_patterns"]["anti_patterns"]),
        worksheets=tuple(sorted((_worksheet(d.data) for d in documents["worksheet"]), key=lambda w: w.id)),
        workspace=_workspace(single["workspace"]) if "workspace" in single else None,
    )


def _tuples(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """The named list fields of a mapping as tuples, leaving out absent ones."""
    return {name: tuple(data[name]) for name in names if name in data}


def _spectrum(s: dict) -> Spectrum:
    return Spectrum(id=s["id"], name=s["name"], question=s["question"], left=_pole(s["left"]),
                    right=_pole(s["right"]), mismatch=s["mismatch"], sources=tuple(s["sources"]))


def _pole(p: dict) -> Pole:
    return Pole(**{**p, **_tuples(p, "accountabilities")})


def _accountability(a: dict) -> Accountability:
    return Accountability(**{**a, **_tuples(a, "sources", "also_called")})


def _conflict(c: dict) -> Conflict:
    return Conflict(**{**c, **_tuples(c, "first", "second", "sources")})


def _role_of(doc: YamlDocument) -> Role:
    """A role file's Role: the same object while the file is (so comparing it with the last
    build's is quick)."""
    return _role(doc.data)


def _role(r: dict) -> Role:
    return Role(
        id=r["id"], name=r["name"], macro_role=r["macro_role"], summary=r["summary"],
        purpose_md=r["purpose_md"],
        holdings=tuple(Holding(a, v["level"], v["reason"]) for a, v in r["accountabilities"].items()),
        placements=tuple(Placement(s, v["position"], v["reason"]) for s, v in r["traits"].items()),
        handoffs=tuple(RoleHandoff(**h) for h in r["handoffs"]),
        overloaded_signs=tuple(r["warning_signs"]["overloaded"]),
        missing_signs=tuple(r["warning_signs"]["missing"]),
        **_tuples(r, "owns", "does_not_own", "stages", "measures", "titles", "sources"),
    )


def _stage(s: dict) -> Stage:
    return Stage(**{**s, **_tuples(s, "sources", "risks")})


def _transition(t: dict) -> Transition:
    return Transition(
        id=t["id"], name=t["name"], from_stage=t["from"], to_stage=t["to"], decision=t["decision"],
        role_changes=tuple(RoleChange(c["change"], tuple(c["from"]), tuple(c["to"]), c["note"]) for c in t["role_changes"]),
        questions=tuple(Question(**q) for q in t.get("questions", ())),
        **_tuples(t, "triggers", "warning_signs", "risks", "worksheets", "sources"),
    )


def _workspace(w: dict) -> Workspace:
    checks = tuple(Check(c["id"], c["name"], c["says"], c["why"], c.get("limit"), c.get("level"),
                         next(iter(c["see"].items())) if "see" in c else None) for c in w["checks"])
    return Workspace(w["diagnosis"]["reached_share"], w["diagnosis"]["due_at"], checks,
                     PackPages(**w["pack_pages"]) if "pack_pages" in w else None)


def _handoff(h: dict) -> Handoff:
    return Handoff(**{**h, **_tuples(h, "before", "after", "tracks", "why_separate", "when_one_person_does_both", "sources")})


def _anti_pattern(a: dict) -> AntiPattern:
    return AntiPattern(**{**a, **_tuples(a, "symptoms", "what_to_do", "roles", "stages", "worksheets", "sources")})


def _field(f: dict) -> Field:
    toward = Toward(**f["toward"]) if "toward" in f else None
    return Field(**{**f, **_tuples(f, "options", "columns"), "toward": toward})


def _worksheet(w: dict) -> Worksheet:
    f = w["facilitation"]
    related = w.get("related", {})
    return Worksheet(
        id=w["id"], name=w["name"], version=w["version"], summary=w["summary"],
        page_budget_a4=w["page_budget"]["a4"], page_budget_letter=w["page_budget"]["letter"],
        facilitation=Facilitation(
            purpose=f["purpose"], minutes=f["minutes"], group_size=f["group_size"],
            materials=tuple(f["materials"]), steps=tuple(Step(**s) for s in f["steps"]), result=f["result"],
        ),
        sections=tuple(
            Section(title=s["title"], intro=s.get("intro"),
                    fields=tuple(_field(fd) for fd in s["fields"]))
            for s in w["sections"]
        ),
        sources=tuple(w["sources"]),
        related_roles=tuple(related.get("roles", ())),
        related_accountabilities=tuple(related.get("accountabilities", ())),
        related_spectra=tuple(related.get("spectra", ())),
    )


def iter_data_files(root: Path) -> Iterator[tuple[FileKind, Path]]:
    """Every data file with its kind (for tools that look at files one by one)."""
    yield from _discover(Path(root))[0]
