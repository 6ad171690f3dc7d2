"""Small pure functions that answer questions about the model (reverse indexes, conflicts)."""

from __future__ import annotations

from dataclasses import dataclass

from playbook.model import Accountability, Conflict, Playbook, Role, Spectrum, Stage, Transition


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


def transitions_touching(playbook: Playbook, stage: Stage) -> tuple[Transition, ...]:
    return tuple(t for t in playbook.transitions if stage.id in (t.from_stage, t.to_stage))


def transitions_changing(playbook: Playbook, role: Role) -> tuple[Transition, ...]:
    return tuple(
        t for t in playbook.transitions
        if any(role.id in change.before + change.after for change in t.role_changes)
    )


def related_roles(playbook: Playbook, role: Role) -> tuple[Role, ...]:
    """Roles linked to this one by a handoff or a role change, in the model's order."""
    linked: set[str] = {h.to for h in role.handoffs}
    linked |= {r.id for r in playbook.roles if any(h.to == role.id for h in r.handoffs)}
    for handoff in playbook.handoffs:
        pair = {handoff.from_role, handoff.to_role}
        if role.id in pair:
            linked |= pair
    for transition in transitions_changing(playbook, role):
        for change in transition.role_changes:
            if role.id in change.before + change.after:
                linked |= set(change.before + change.after)
    linked.discard(role.id)
    return tuple(r for r in playbook.roles if r.id in linked)


def citations(playbook: Playbook) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """For each source id: (kind, id, name) of every entry that cites it."""
    entries: list[tuple[str, str, str, tuple[str, ...]]] = [
        *(("roles", r.id, r.name, r.sources) for r in playbook.roles),
        *(("traits", s.id, s.name, s.sources) for s in playbook.spectra),
        *(("accountabilities", a.id, a.name, a.sources) for a in playbook.accountabilities),
        *(("stages", s.id, s.name, s.sources) for s in playbook.stages),
        *(("transitions", t.id, t.name, t.sources) for t in playbook.transitions),
        *(("handoffs", h.id, h.name, h.sources) for h in playbook.handoffs),
        *(("worksheets", w.id, w.name, w.sources) for w in playbook.worksheets),
    ]
    return {
        source.id: tuple((kind, id, name) for kind, id, name, cited in entries if source.id in cited)
        for source in playbook.sources
    }


def conflicts_of(playbook: Playbook, accountability: Accountability) -> tuple[Conflict, ...]:
    return tuple(c for c in playbook.conflicts if accountability.id in c.first + c.second)
