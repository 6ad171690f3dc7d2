"""The playbook as plain, frozen data. Built only from validated files (see load.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Work counted by tests/test_linear_build.py (look-ups by id, per family); None: not counted
LOOKUPS: dict[str, int] | None = None


def count_lookup(family: str) -> None:
    if LOOKUPS is not None:
        LOOKUPS[family] = LOOKUPS.get(family, 0) + 1


MacroRole = Literal["order-acquisition", "order-fulfillment", "both", "support"]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    author: str
    kind: str
    contributes: str
    year: int | None = None


@dataclass(frozen=True)
class Pole:
    label: str
    description: str
    accountabilities: tuple[str, ...] = ()  # the accountabilities that call for this pole


@dataclass(frozen=True)
class Spectrum:
    id: str
    name: str
    question: str
    left: Pole
    right: Pole
    mismatch: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Scale:
    min: int
    max: int


@dataclass(frozen=True)
class Level:
    id: str
    name: str
    rank: int
    symbol: str
    definition: str


@dataclass(frozen=True)
class Accountability:
    id: str
    name: str
    customers: Literal["existing", "new"]
    stance: Literal["reactive", "proactive"]
    summary: str
    description_md: str
    sources: tuple[str, ...]
    also_called: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    id: str
    name: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    from_level: str
    why: str
    remedy: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Overload:
    from_level: str
    why: str
    when_it_works: str


@dataclass(frozen=True)
class Holding:
    """A role's level on one accountability."""

    accountability: str
    level: str
    reason: str


@dataclass(frozen=True)
class Placement:
    """A role's position on one trait spectrum."""

    spectrum: str
    position: int
    reason: str


@dataclass(frozen=True)
class RoleHandoff:
    to: str
    what: str
    handoff: str | None = None  # the key handoff of handoffs.yml this one carries out


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    macro_role: MacroRole
    summary: str
    purpose_md: str
    owns: tuple[str, ...]
    holdings: tuple[Holding, ...]
    placements: tuple[Placement, ...]
    stages: tuple[str, ...]
    sources: tuple[str, ...]
    does_not_own: tuple[str, ...]
    measures: tuple[str, ...]
    handoffs: tuple[RoleHandoff, ...]
    titles: tuple[str, ...]
    overloaded_signs: tuple[str, ...]
    missing_signs: tuple[str, ...]

    def holding(self, accountability: str) -> Holding:
        return next(h for h in self.holdings if h.accountability == accountability)

    def placement(self, spectrum: str) -> Placement:
        return next(p for p in self.placements if p.spectrum == spectrum)


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    summary: str
    description_md: str
    sources: tuple[str, ...]
    risks: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoleChange:
    change: Literal["split", "merge", "delegate", "outsource", "separate", "add"]
    before: tuple[str, ...]
    after: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Question:
    """A yes-or-no question the company workspace asks about one transition."""

    id: str
    sign: str  # 'trigger' or 'warning' (a yes says the move is due) or 'done' (already made)
    text: str


@dataclass(frozen=True)
class Transition:
    id: str
    name: str
    from_stage: str
    to_stage: str
    triggers: tuple[str, ...]
    warning_signs: tuple[str, ...]
    decision: str
    role_changes: tuple[RoleChange, ...]
    risks: tuple[str, ...]
    worksheets: tuple[str, ...]
    sources: tuple[str, ...]
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Handoff:
    id: str
    name: str
    from_role: str
    to_role: str
    trigger: str
    description_md: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    tracks: tuple[str, ...]
    why_separate: tuple[str, ...]
    when_one_person_does_both: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Step:
    minutes: int
    text: str


@dataclass(frozen=True)
class Facilitation:
    purpose: str
    minutes: int
    group_size: str
    materials: tuple[str, ...]
    steps: tuple[Step, ...]
    result: str


@dataclass(frozen=True)
class Toward:
    """What agreeing with a scored statement points to: a spectrum's pole, or an accountability."""

    spectrum: str | None = None
    pole: Literal["left", "right"] | None = None
    accountability: str | None = None


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    kind: str
    lines: int | None = None
    options: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: int | None = None
    toward: Toward | None = None


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...]
    intro: str | None = None


@dataclass(frozen=True)
class Worksheet:
    id: str
    name: str
    version: str
    summary: str
    page_budget_a4: int
    page_budget_letter: int
    facilitation: Facilitation
    sections: tuple[Section, ...]
    sources: tuple[str, ...]
    related_roles: tuple[str, ...] = ()
    related_accountabilities: tuple[str, ...] = ()
    related_spectra: tuple[str, ...] = ()


@dataclass(frozen=True)
class AntiPattern:
    id: str
    name: str
    summary: str
    description_md: str
    symptoms: tuple[str, ...]
    why_it_hurts: str
    what_to_do: tuple[str, ...]
    roles: tuple[str, ...]
    stages: tuple[str, ...]
    worksheets: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """One check the company workspace runs on a company's seats, with its wording."""

    id: str
    name: str
    says: str  # with {names} the workspace fills in
    why: str
    limit: int | None = None
    level: str | None = None
    see: tuple[str, str] | None = None  # (kind, id) of the page that explains it


@dataclass(frozen=True)
class PackPages:
    """The most pages the printed company pack may take on each paper."""

    a4: int
    letter: int


@dataclass(frozen=True)
class Workspace:
    """How the company workspace reads a stage, and the checks it runs."""

    reached_share: int  # per cent of a move's new seats held by others for it to count as made
    due_at: int  # yes answers to a move's signs that make it due
    checks: tuple[Check, ...]
    pack_pages: PackPages | None = None


@dataclass(frozen=True)
class Playbook:
    """Everything the playbook says, ordered as the data orders it (roles by name)."""

    sources: tuple[Source, ...]
    scale: Scale
    spectra: tuple[Spectrum, ...]
    levels: tuple[Level, ...]
    accountabilities: tuple[Accountability, ...]
    conflicts: tuple[Conflict, ...]
    overload: Overload
    roles: tuple[Role, ...]
    timelines_note: str
    stages: tuple[Stage, ...]
    transitions: tuple[Transition, ...]
    handoffs: tuple[Handoff, ...]
    anti_patterns: tuple[AntiPattern, ...]
    worksheets: tuple[Worksheet, ...]
    workspace: Workspace | None = None  # None when the data has no workspace.yml

    def role(self, id: str) -> Role:
        return self.by_id("roles")[id]

    def by_id(self, family: str) -> dict:
        """{id: entry} of one family (e.g. "roles"), built at the first look-up and kept:
        every look-up by id costs the same whatever the size of the playbook."""
        indexes = self.__dict__.setdefault("_indexes", {})  # not a field: equality and exports ignore it
        if family not in indexes:
            indexes[family] = {entry.id: entry for entry in getattr(self, family)}
        count_lookup(family)
        return indexes[family]

    def derived(self, name: str, compute):  # (Playbook) -> T, computed once per playbook
        """A reverse index or layout computed from the whole playbook once and kept with it."""
        kept = self.__dict__.setdefault("_derived", {})
        if name not in kept:
            kept[name] = compute(self)
        count_lookup(name)
        return kept[name]

    def level(self, id: str) -> Level:
        return self.by_id("levels")[id]

    def source(self, id: str) -> Source:
        return self.by_id("sources")[id]

    def stage(self, id: str) -> Stage:
        return self.by_id("stages")[id]

    def worksheet(self, id: str) -> Worksheet:
        return self.by_id("worksheets")[id]

    def accountability(self, id: str) -> Accountability:
        return self.by_id("accountabilities")[id]

    def spectrum(self, id: str) -> Spectrum:
        return self.by_id("spectra")[id]

    def transition(self, id: str) -> Transition:
        return self.by_id("transitions")[id]

    def handoff(self, id: str) -> Handoff:
        return self.by_id("handoffs")[id]
