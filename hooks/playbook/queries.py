"""Small pure functions that answer questions about the model (reverse indexes, conflicts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from playbook.model import (
    Accountability, AntiPattern, Conflict, Handoff, Playbook, Role, RoleHandoff, Spectrum, Stage, Toward, Transition, Worksheet,
)


@dataclass(frozen=True)
class RoleConflict:
    """A conflict that a role's own levels trigger."""

    conflict: Conflict
    first_level: str
    second_level: str


def rank(playbook: Playbook, level_id: str) -> int:
    return playbook.level(level_id).rank


def strongest(playbook: Playbook, role: Role, accountabilities: tuple[str, ...]) -> str:
    """The highest level the role holds among the given accountabilities."""
    return max((role.holding(a).level for a in accountabilities), key=lambda lv: rank(playbook, lv))


def role_conflicts(playbook: Playbook, role: Role) -> tuple[RoleConflict, ...]:
    """Each conflict of the data whose two sides the role holds at or above its threshold."""
    found = []
    for conflict in playbook.conflicts:
        threshold = rank(playbook, conflict.from_level)
        first = strongest(playbook, role, conflict.first)
        second = strongest(playbook, role, conflict.second)
        if rank(playbook, first) >= threshold and rank(playbook, second) >= threshold:
            found.append(RoleConflict(conflict, first, second))
    return tuple(found)


def holds_everything(playbook: Playbook, role: Role) -> bool:
    """True when the role holds every accountability at the overload threshold or above."""
    threshold = rank(playbook, playbook.overload.from_level)
    return all(rank(playbook, h.level) >= threshold for h in role.holdings)


def holders(playbook: Playbook, accountability: Accountability) -> tuple[tuple[str, tuple[Role, ...]], ...]:
    """(level id, roles at that level) from the highest level down, leaving out empty levels."""
    groups = []
    for level in reversed(playbook.levels):
        roles = tuple(r for r in playbook.roles if r.holding(accountability.id).level == level.id)
        if roles:
            groups.append((level.id, roles))
    return tuple(groups)


def along(playbook: Playbook, spectrum: Spectrum) -> tuple[tuple[int, tuple[Role, ...]], ...]:
    """(position, roles there) from the left pole to the right, leaving out empty positions."""
    groups = []
    for position in range(playbook.scale.min, playbook.scale.max + 1):
        roles = tuple(r for r in playbook.roles if r.placement(spectrum.id).position == position)
        if roles:
            groups.append((position, roles))
    return tuple(groups)


def position_label(playbook: Playbook, spectrum: Spectrum, position: int) -> str:
    """A position in words, e.g. 'leans toward Face of the company'."""
    if position == 0:
        return f"balanced between {spectrum.left.label} and {spectrum.right.label}"
    pole = spectrum.left if position < 0 else spectrum.right
    extreme = playbook.scale.min if position < 0 else playbook.scale.max
    return f"strongly {pole.label}" if position == extreme else f"leans toward {pole.label}"


def roles_at(playbook: Playbook, stage: Stage) -> tuple[Role, ...]:
    return tuple(r for r in playbook.roles if stage.id in r.stages)


def roles_new_at(playbook: Playbook, stage: Stage) -> tuple[Role, ...]:
    """The roles present at `stage` that the stage before it did not have (all, at the first)."""
    index = playbook.stages.index(stage)
    before = {r.id for r in roles_at(playbook, playbook.stages[index - 1])} if index else set()
    return tuple(r for r in roles_at(playbook, stage) if r.id not in before)


def roles_kept_at(playbook: Playbook, stage: Stage) -> tuple[Role, ...]:
    """The roles present at `stage` that the stage before it had too (none, at the first)."""
    new = {r.id for r in roles_new_at(playbook, stage)}
    return tuple(r for r in roles_at(playbook, stage) if r.id not in new)


def transitions_touching(playbook: Playbook, stage: Stage) -> tuple[Transition, ...]:
    return tuple(t for t in playbook.transitions if stage.id in (t.from_stage, t.to_stage))


def transitions_changing(playbook: Playbook, role: Role) -> tuple[Transition, ...]:
    return tuple(
        t for t in playbook.transitions
        if any(role.id in change.before + change.after for change in t.role_changes)
    )


def _in_order(playbook: Playbook, ids: set[str]) -> tuple[Role, ...]:
    """The roles of `ids` in the model's order, without a pass over every role."""
    rank = playbook.derived("role_rank", lambda pb: {r.id: i for i, r in enumerate(pb.roles)})
    return tuple(playbook.role(id) for id in sorted(ids, key=rank.__getitem__))


def _received(pb: Playbook) -> dict[str, tuple[tuple[Role, RoleHandoff], ...]]:
    """For each role id, (giver, handoff) of every role's own handoff to it, in the model's order."""
    found: dict[str, list[tuple[Role, RoleHandoff]]] = {}
    for giver in pb.roles:
        for h in giver.handoffs:
            found.setdefault(h.to, []).append((giver, h))
    return {id: tuple(items) for id, items in found.items()}


def received(playbook: Playbook, role_id: str) -> tuple[tuple[Role, RoleHandoff], ...]:
    return playbook.derived("received", _received).get(role_id, ())


def related_roles(playbook: Playbook, role: Role) -> tuple[Role, ...]:
    """Roles linked to this one by a handoff or a role change, in the model's order."""
    linked: set[str] = {h.to for h in role.handoffs}
    linked |= {giver.id for giver, _ in received(playbook, role.id)}
    for handoff in playbook.handoffs:
        pair = {handoff.from_role, handoff.to_role}
        if role.id in pair:
            linked |= pair
    for transition in transitions_changing(playbook, role):
        for change in transition.role_changes:
            if role.id in change.before + change.after:
                linked |= set(change.before + change.after)
    linked.discard(role.id)
    return _in_order(playbook, linked)


def citations(playbook: Playbook) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """For each source id: (kind, id, name) of every entry that cites it."""
    entries: list[tuple[str, str, str, tuple[str, ...]]] = [
        *(("roles", r.id, r.name, r.sources) for r in playbook.roles),
        *(("traits", s.id, s.name, s.sources) for s in playbook.spectra),
        *(("accountabilities", a.id, a.name, a.sources) for a in playbook.accountabilities),
        *(("stages", s.id, s.name, s.sources) for s in playbook.stages),
        *(("transitions", t.id, t.name, t.sources) for t in playbook.transitions),
        *(("handoffs", h.id, h.name, h.sources) for h in playbook.handoffs),
        *(("anti-patterns", a.id, a.name, a.sources) for a in playbook.anti_patterns),
        *(("worksheets", w.id, w.name, w.sources) for w in playbook.worksheets),
    ]
    return {
        source.id: tuple((kind, id, name) for kind, id, name, cited in entries if source.id in cited)
        for source in playbook.sources
    }


def conflicts_of(playbook: Playbook, accountability: Accountability) -> tuple[Conflict, ...]:
    return tuple(c for c in playbook.conflicts if accountability.id in c.first + c.second)


def anti_patterns_for_role(playbook: Playbook, role: Role) -> tuple[AntiPattern, ...]:
    return tuple(a for a in playbook.anti_patterns if role.id in a.roles)


def anti_patterns_at(playbook: Playbook, stage: Stage) -> tuple[AntiPattern, ...]:
    return tuple(a for a in playbook.anti_patterns if stage.id in a.stages)


def handoffs_of(playbook: Playbook, role: Role) -> tuple[Handoff, ...]:
    """The key handoffs (handoffs.yml) the role gives or receives, itself or through its own handoffs."""
    carried = {h.handoff for h in role.handoffs}
    carried |= {h.handoff for _, h in received(playbook, role.id)}
    return tuple(h for h in playbook.handoffs if role.id in (h.from_role, h.to_role) or h.id in carried)


def handing_to(playbook: Playbook, role_id: str) -> tuple[tuple[Role, str], ...]:
    """(role, what) for every role whose own handoffs pass work to role_id."""
    return tuple((giver, h.what) for giver, h in received(playbook, role_id))


def worksheets_for_role(playbook: Playbook, role: Role) -> tuple[Worksheet, ...]:
    """Worksheets that name the role, then those of the transitions that change it."""
    named = {w.id for w in playbook.worksheets if role.id in w.related_roles}
    named |= {id for t in transitions_changing(playbook, role) for id in t.worksheets}
    return tuple(w for w in playbook.worksheets if w.id in named)


def _scored_toward(worksheet: Worksheet) -> Iterator[Toward]:
    return (f.toward for s in worksheet.sections for f in s.fields if f.toward is not None)


def worksheets_for_spectrum(playbook: Playbook, spectrum: Spectrum) -> tuple[Worksheet, ...]:
    """Worksheets that explore the spectrum or score statements toward one of its poles."""
    return tuple(
        w for w in playbook.worksheets
        if spectrum.id in w.related_spectra or any(t.spectrum == spectrum.id for t in _scored_toward(w))
    )


def worksheets_for_accountability(playbook: Playbook, accountability: Accountability) -> tuple[Worksheet, ...]:
    return tuple(
        w for w in playbook.worksheets
        if accountability.id in w.related_accountabilities
        or any(t.accountability == accountability.id for t in _scored_toward(w))
    )


def worksheets_for_stage(playbook: Playbook, stage: Stage) -> tuple[Worksheet, ...]:
    """Worksheets of the transitions into and out of the stage, and of its anti-patterns."""
    ids = {id for t in transitions_touching(playbook, stage) for id in t.worksheets}
    ids |= {id for a in anti_patterns_at(playbook, stage) for id in a.worksheets}
    return tuple(w for w in playbook.worksheets if w.id in ids)


def poles_calling_for(playbook: Playbook, accountability: Accountability) -> tuple[tuple[Spectrum, str], ...]:
    """(spectrum, pole label) for every spectrum pole that the accountability calls for."""
    found = []
    for spectrum in playbook.spectra:
        for pole in (spectrum.left, spectrum.right):
            if accountability.id in pole.accountabilities:
                found.append((spectrum, pole.label))
    return tuple(found)


def accountabilities_calling_for(playbook: Playbook, spectrum: Spectrum, side: str) -> tuple[Accountability, ...]:
    pole = spectrum.left if side == "left" else spectrum.right
    return tuple(a for a in playbook.accountabilities if a.id in pole.accountabilities)


def spectra_nearby(playbook: Playbook, spectrum: Spectrum, threshold: float = 0.7) -> tuple[tuple[Spectrum, bool], ...]:
    """(other spectrum, same direction?) for each spectrum on which the roles line up like
    on this one (|correlation of positions| >= threshold): a role's place on one predicts the other."""
    def positions(s: Spectrum) -> list[int]:
        return [r.placement(s.id).position for r in playbook.roles]

    mine = positions(spectrum)
    related = []
    for other in playbook.spectra:
        r = _correlation(mine, positions(other))
        if other.id != spectrum.id and abs(r) >= threshold:
            related.append((other, r > 0))
    return tuple(related)


def _correlation(xs: list[int], ys: list[int]) -> float:
    n = len(xs)
    if n < 2:
        return 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else 0.0


def worksheets_by_id(playbook: Playbook, ids: tuple[str, ...]) -> tuple[Worksheet, ...]:
    return tuple(playbook.worksheet(id) for id in ids)


def role_handoffs_within(playbook: Playbook, handoff: Handoff) -> tuple[tuple[Role, Role, str], ...]:
    """(giver, receiver, what) for each role-level handoff that names `handoff` as the one it carries out."""
    return tuple(
        (giver, playbook.role(h.to), h.what)
        for giver in playbook.roles for h in giver.handoffs if h.handoff == handoff.id
    )


def transitions_separating(playbook: Playbook, handoff: Handoff) -> tuple[Transition, ...]:
    """Transitions that separate out a role of the receiving macro-role."""
    receiving = playbook.role(handoff.to_role).macro_role
    return tuple(
        t for t in playbook.transitions
        if any(c.change in ("separate", "delegate") and any(playbook.role(r).macro_role == receiving for r in c.after)
               for c in t.role_changes)
    )


def accountabilities_by_id(playbook: Playbook, ids: tuple[str, ...]) -> tuple[Accountability, ...]:
    return tuple(playbook.accountability(id) for id in ids)


def spectra_by_id(playbook: Playbook, ids: tuple[str, ...]) -> tuple[Spectrum, ...]:
    return tuple(playbook.spectrum(id) for id in ids)


@dataclass(frozen=True)
class ScoreTotal:
    """One total a worksheet's rated statements add up to on paper: the statements that
    point to one pole count toward it. `name` is that pole's label on the worksheet's main
    spectrum (the one most of its rated statements point to), e.g. 'Face of the company'."""

    pole: str
    name: str
    fields: tuple[str, ...]


def score_totals(playbook: Playbook, worksheet: Worksheet) -> tuple[ScoreTotal, ...]:
    """The totals (left pole, then right) of the worksheet's statements scored toward a pole;
    none when it has no such statement. The role gravity tool adds them up the same way."""
    scored = [(f.id, f.toward) for s in worksheet.sections for f in s.fields
              if f.kind == "scale" and f.toward is not None and f.toward.pole is not None]
    if not scored:
        return ()
    counts: dict[str, int] = {}
    for _, toward in scored:
        counts[toward.spectrum] = counts.get(toward.spectrum, 0) + 1
    main = playbook.spectrum(max(counts, key=lambda id: (counts[id], -list(counts).index(id))))
    return tuple(
        ScoreTotal(pole, (main.left if pole == "left" else main.right).label,
                   tuple(id for id, toward in scored if toward.pole == pole))
        for pole in ("left", "right") if any(toward.pole == pole for _, toward in scored)
    )


def statement_side(playbook: Playbook, worksheet: Worksheet, toward: Toward) -> str:
    """What a rated statement counts toward, as printed beside it: the name of its total, or
    the accountability it points to."""
    if toward.accountability is not None:
        return playbook.accountability(toward.accountability).name
    return next(t.name for t in score_totals(playbook, worksheet) if t.pole == toward.pole)
