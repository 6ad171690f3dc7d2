"""Pictures of the playbook as inline SVG, drawn from the model at build time.

Small pure functions: model in, SVG text out. Meaning is carried by position, shape, dash
pattern and real text labels; colour only comes from CSS classes (diagrams.css), which
follow the light or dark scheme. Every picture has a <title> and a <desc>, and the page
next to it gives the same facts as a table or list. Marks carry data-* attributes with
what they stand for, so tests can read a drawing back."""

from __future__ import annotations

import math
import textwrap
from itertools import count

from markupsafe import Markup, escape

from playbook import queries
from playbook.model import Handoff, Playbook, Role

_ids = count(1)

# one shape per macro-role, so roles stay apart in greyscale
SHAPES = {"order-acquisition": "circle", "order-fulfillment": "square", "both": "diamond", "support": "triangle"}
# one dash pattern per kind of role change
DASHES = {"split": "8 4", "merge": "", "delegate": "2 3", "outsource": "2 3 8 3", "separate": "12 4 2 4", "add": "1 6"}


def _svg(width: int, height: int, title: str, desc: str, body: list[str], kind: str) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg class="pb-svg pb-svg-{kind}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="pb-svg-t{n} pb-svg-d{n}" xmlns="http://www.w3.org/2000/svg" data-kind="{kind}">'
        f'<title id="pb-svg-t{n}">{escape(title)}</title><desc id="pb-svg-d{n}">{escape(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, cls: str = "pb-svg-label", anchor: str = "middle", width: int = 0) -> str:
    """A label as real text; wrapped onto several lines when a width (in characters) is given."""
    lines = textwrap.wrap(text, width) if width else [text]
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 1.2}em">{escape(line)}</tspan>' for i, line in enumerate(lines))
    return f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">{spans}</text>'


def marker(shape: str, x: float, y: float, r: float, cls: str, attrs: str = "") -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="{cls}" {attrs}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" class="{cls}" {attrs}/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} {x - r * 1.3:.1f},{y:.1f}"
    else:  # triangle
        points = f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.2:.1f},{y + r:.1f} {x - r * 1.2:.1f},{y + r:.1f}"
    return f'<polygon points="{points}" class="{cls}" {attrs}/>'


# ---------- accountability map ----------

MAP_W, MAP_H, MAP_PAD = 640, 560, 70
QUADRANT = {("existing", "proactive"): (0, 0), ("new", "proactive"): (1, 0),
            ("existing", "reactive"): (0, 1), ("new", "reactive"): (1, 1)}


def _quadrant_centre(column: int, row: int) -> tuple[float, float]:
    inner_w, inner_h = MAP_W - 2 * MAP_PAD, MAP_H - 2 * MAP_PAD
    return MAP_PAD + inner_w * (0.25 + 0.5 * column), MAP_PAD + inner_h * (0.25 + 0.5 * row)


def map_position(pb: Playbook, role: Role) -> tuple[float, float] | None:
    """Where a role sits on the map: the centres of the quadrants, weighted by the ranks of
    the levels it holds. None when it holds no accountability at all."""
    total = x = y = 0.0
    for a in pb.accountabilities:
        weight = pb.level(role.holding(a.id).level).rank
        cx, cy = _quadrant_centre(*QUADRANT[(a.customers, a.stance)])
        total += weight
        x += weight * cx
        y += weight * cy
    return (x / total, y / total) if total else None


def accountability_map(pb: Playbook, highlight: str | None = None) -> Markup:
    inner_w, inner_h = MAP_W - 2 * MAP_PAD, MAP_H - 2 * MAP_PAD
    body = [f'<rect x="{MAP_PAD}" y="{MAP_PAD}" width="{inner_w}" height="{inner_h}" class="pb-svg-frame"/>',
            f'<line x1="{MAP_W / 2}" y1="{MAP_PAD}" x2="{MAP_W / 2}" y2="{MAP_H - MAP_PAD}" class="pb-svg-axis"/>',
            f'<line x1="{MAP_PAD}" y1="{MAP_H / 2}" x2="{MAP_W - MAP_PAD}" y2="{MAP_H / 2}" class="pb-svg-axis"/>',
            _text(MAP_PAD + inner_w / 4, MAP_PAD - 28, "Existing customers", "pb-svg-axis-label"),
            _text(MAP_PAD + 3 * inner_w / 4, MAP_PAD - 28, "New customers", "pb-svg-axis-label"),
            f'<text class="pb-svg-axis-label" text-anchor="middle" transform="translate({MAP_PAD - 30} {MAP_PAD + inner_h / 4}) rotate(-90)">Proactive (front foot)</text>',
            f'<text class="pb-svg-axis-label" text-anchor="middle" transform="translate({MAP_PAD - 30} {MAP_PAD + 3 * inner_h / 4}) rotate(-90)">Reactive (back foot)</text>']
    corners = {}
    for a in pb.accountabilities:
        column, row = QUADRANT[(a.customers, a.stance)]
        x0, y0 = MAP_PAD + inner_w / 2 * column, MAP_PAD + inner_h / 2 * row
        corners[a.id] = _quadrant_centre(column, row)
        body.append(_text(x0 + 10, y0 + 22, a.name.upper(), "pb-svg-quadrant", "start"))
    for c in pb.conflicts:
        (x1, y1), (x2, y2) = _side_centre(pb, c.first, corners), _side_centre(pb, c.second, corners)
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="pb-svg-conflict" '
                    f'data-conflict="{escape(c.id)}"/>')
        vertical = abs(x1 - x2) < 1
        lx, ly = ((x1 + 8, min(y1, y2) + abs(y1 - y2) * 0.3) if vertical else ((x1 + x2) / 2, y1 + 58))
        body.append(_text(lx, ly, "\u2194 " + c.name, "pb-svg-conflict-label", "start" if vertical else "middle", 22))
    marks = _placed_marks(pb)
    if highlight is not None and len(marks) > MAP_ROLE_LIMIT:
        marks = tuple(m for m in marks if m[1].id == highlight)  # big playbooks: the overview shows them all
    for number, role, x, y in marks:
        mine = role.id == highlight
        cls = "pb-svg-role pb-svg-highlight" if mine else "pb-svg-role"
        attrs = f'data-role="{escape(role.id)}" data-shape="{SHAPES[role.macro_role]}"'
        body.append(marker(SHAPES[role.macro_role], x, y, 11 if mine else 8, cls, attrs))
        body.append(_text(x, y + 4, str(number), "pb-svg-number"))
        if mine:
            body.append(_text(x, y - 16, role.name, "pb-svg-label pb-svg-strong"))
    placed = [r for r in pb.roles if map_position(pb, r) is not None]
    desc = ("Four quadrants: farming (existing customers, proactive), hunting (new, proactive), "
            "servicing (existing, reactive), sourcing (new, reactive). Each role is a numbered mark, pulled "
            "toward each quadrant by the level at which it holds that accountability: "
            + "; ".join(f"{i}. {r.name}" for i, r in enumerate(pb.roles, 1) if r in placed) + ". "
            + "Conflicts join " + ", ".join(c.name.lower() for c in pb.conflicts) + ".")
    if highlight is not None and len(pb.roles) > MAP_ROLE_LIMIT:
        desc = (f"Four quadrants (farming, hunting, servicing, sourcing) and {pb.role(highlight).name}, pulled toward "
                "each by the level at which it holds that accountability. The accountabilities overview shows every role.")
    title = "Accountability map" + (f": {pb.role(highlight).name}" if highlight else "")
    return _svg(MAP_W, MAP_H, title, desc, body, "map")


MAP_ROLE_LIMIT = 40  # above this, a role page's map shows only its own role
_PLACED: dict[int, tuple[Playbook, tuple]] = {}


def _placed_marks(pb: Playbook) -> tuple[tuple[int, Role, float, float], ...]:
    """(number, role, x, y) of every role on the map, computed once per playbook: every
    role page draws the same map with a different role highlighted."""
    cached = _PLACED.get(id(pb))
    if cached is not None and cached[0] is pb:
        return cached[1]
    taken: list[tuple[float, float]] = []
    marks = []
    for number, role in enumerate(pb.roles, 1):
        at = map_position(pb, role)
        if at is not None:
            x, y = _free_spot(at, taken)
            taken.append((x, y))
            marks.append((number, role, x, y))
    _PLACED.clear()
    _PLACED[id(pb)] = (pb, tuple(marks))
    return tuple(marks)


def _free_spot(at: tuple[float, float], taken: list[tuple[float, float]], gap: float = 19) -> tuple[float, float]:
    """`at`, or the nearest point on a small spiral around it that no other mark covers."""
    x, y = at
    step = 0
    while any(math.hypot(x - tx, y - ty) < gap for tx, ty in taken):
        step += 1
        angle, radius = step * 2.4, gap * (1 + step // 6)
        x, y = at[0] + radius * math.cos(angle), at[1] + radius * math.sin(angle)
    return x, y


def _side_centre(pb: Playbook, ids: tuple[str, ...], corners: dict) -> tuple[float, float]:
    xs = [corners[i][0] for i in ids]
    ys = [corners[i][1] for i in ids]
    return sum(xs) / len(xs), sum(ys) / len(ys)


# ---------- stage flow ----------

COL_W, BOX_W, BOX_H, ROW_GAP, TOP = 265, 215, 30, 12, 60


def stage_columns(pb: Playbook) -> list[list[tuple[str, bool]]]:
    """For each stage, its roles as (role id, present): roles the data places there, then
    roles a transition names there that the stage does not otherwise have (drawn dashed)."""
    columns = []
    for stage in pb.stages:
        present = [r.id for r in queries.roles_at(pb, stage)]
        named = []
        for t in pb.transitions:
            for change in t.role_changes:
                if t.from_stage == stage.id:
                    named += change.before
                if t.to_stage == stage.id:
                    named += change.after
        extra = [r.id for r in pb.roles if r.id in named and r.id not in present]
        columns.append([(rid, True) for rid in present] + [(rid, False) for rid in extra])
    return columns


def stage_flow(pb: Playbook, highlight: str | None = None) -> Markup:
    columns = stage_columns(pb)
    height = TOP + max(len(c) for c in columns) * (BOX_H + ROW_GAP) + 20
    width = COL_W * len(pb.stages) + 20
    where: dict[tuple[int, str], tuple[float, float]] = {}
    body = []
    for i, (stage, column) in enumerate(zip(pb.stages, columns)):
        x = 10 + i * COL_W
        body.append(_text(x + BOX_W / 2, 22, stage.name, "pb-svg-label pb-svg-strong", width=26))
        for j, (rid, present) in enumerate(column):
            y = TOP + j * (BOX_H + ROW_GAP)
            where[(i, rid)] = (x, y)
            role = pb.role(rid)
            cls = "pb-svg-box" if present else "pb-svg-box pb-svg-ghost"
            body.append(f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" class="{cls}" '
                        f'data-stage="{escape(stage.id)}" data-role="{escape(rid)}" data-present="{str(present).lower()}"/>')
            body.append(marker(SHAPES[role.macro_role], x + 12, y + BOX_H / 2, 5, "pb-svg-role"))
            body.append(_text(x + 24, y + BOX_H / 2 + 4, role.name, "pb-svg-label", "start"))
    index = {s.id: i for i, s in enumerate(pb.stages)}
    for t in pb.transitions:
        a, b = index[t.from_stage], index[t.to_stage]
        faded = highlight is not None and t.id != highlight
        for change in t.role_changes:
            for before in change.before:
                for after in change.after:
                    if (a, before) not in where or (b, after) not in where:
                        continue
                    x1, y1 = where[(a, before)]
                    x2, y2 = where[(b, after)]
                    x1, y1, x2, y2 = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
                    mid = (x1 + x2) / 2
                    cls = "pb-svg-flow" + (" pb-svg-faded" if faded else "") + (" pb-svg-highlight" if t.id == highlight else "")
                    dash = f' stroke-dasharray="{DASHES[change.change]}"' if DASHES[change.change] else ""
                    body.append(f'<path d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}" '
                                f'class="{cls}"{dash} data-transition="{escape(t.id)}" data-change="{change.change}" '
                                f'data-from="{escape(before)}" data-to="{escape(after)}"><title>{escape(change.change)}: '
                                f'{escape(pb.role(before).name)} to {escape(pb.role(after).name)}</title></path>')
    body.append(_text(10, height, "Lines: " + ", ".join(f"{k} ({_dash_name(v)})" for k, v in DASHES.items())
                      + ". Dashed boxes: a role a transition names that the stage does not otherwise have.",
                      "pb-svg-note", "start", 150))
    desc = " ".join(
        f"{s.name}: {', '.join(pb.role(rid).name for rid, present in column if present)}."
        for s, column in zip(pb.stages, columns)
    ) + " " + " ".join(
        f"{t.name}: " + "; ".join(f"{c.change} {', '.join(pb.role(r).name for r in c.before)} into "
                                  f"{', '.join(pb.role(r).name for r in c.after)}" for c in t.role_changes) + "."
        for t in pb.transitions
    )
    title = "How roles split and merge as a company grows" + (f": {pb.transition(highlight).name}" if highlight else "")
    return _svg(width, height + 30, title, desc, body, "flow")


def _dash_name(pattern: str) -> str:
    return "solid" if not pattern else "dashed " + pattern.replace(" ", "-")


# ---------- trait profile ----------

PROFILE_LEFT, PROFILE_RIGHT, PROFILE_ROW, PROFILE_W = 200, 200, 46, 720
PROFILE_SHAPES = ("circle", "square", "triangle", "diamond", "circle")


def profile_x(pb: Playbook, position: int) -> float:
    span = PROFILE_W - PROFILE_LEFT - PROFILE_RIGHT
    return PROFILE_LEFT + span * (position - pb.scale.min) / (pb.scale.max - pb.scale.min)


def profile_geometry(pb: Playbook) -> dict:
    """Where the trait profile puts each position and spectrum, for the comparer's browser code."""
    return {
        "x": {str(p): round(profile_x(pb, p), 1) for p in range(pb.scale.min, pb.scale.max + 1)},
        "y": {s.id: 40 + PROFILE_ROW * i + PROFILE_ROW / 2 for i, s in enumerate(pb.spectra)},
        "shapes": list(PROFILE_SHAPES),
    }


def trait_profile(pb: Playbook, roles: list[Role]) -> Markup:
    """Each spectrum as a marked scale; one mark per role, a different shape for each."""
    height = 40 + PROFILE_ROW * len(pb.spectra) + 10
    body = []
    for k, role in enumerate(roles):
        x = 10 + k * 170
        body.append(marker(PROFILE_SHAPES[k], x + 6, 14, 6, f"pb-svg-role pb-svg-series-{k}"))
        body.append(_text(x + 18, 18, role.name, "pb-svg-label", "start"))
    for i, s in enumerate(pb.spectra):
        y = 40 + PROFILE_ROW * i + PROFILE_ROW / 2
        body.append(_text(PROFILE_LEFT - 12, y - 8, s.left.label, "pb-svg-label", "end", 24))
        body.append(_text(PROFILE_W - PROFILE_RIGHT + 12, y - 8, s.right.label, "pb-svg-label", "start", 24))
        body.append(_text(PROFILE_LEFT, y - 12, s.name, "pb-svg-note", "start"))
        body.append(f'<line x1="{PROFILE_LEFT}" y1="{y}" x2="{PROFILE_W - PROFILE_RIGHT}" y2="{y}" class="pb-svg-axis" data-spectrum="{escape(s.id)}"/>')
        for p in range(pb.scale.min, pb.scale.max + 1):
            tick = 8 if p == 0 else 4
            body.append(f'<line x1="{profile_x(pb, p):.1f}" y1="{y - tick}" x2="{profile_x(pb, p):.1f}" y2="{y + tick}" class="pb-svg-axis"/>')
        for k, role in enumerate(roles):
            position = role.placement(s.id).position
            offset = (k - (len(roles) - 1) / 2) * 5  # keep equal positions apart
            body.append(marker(PROFILE_SHAPES[k], profile_x(pb, position), y + offset, 6, f"pb-svg-role pb-svg-series-{k}",
                               f'data-role="{escape(role.id)}" data-spectrum="{escape(s.id)}" data-position="{position}"'))
    desc = " ".join(
        f"{role.name}: " + ", ".join(f"{s.name} {role.placement(s.id).position:+d}" for s in pb.spectra) + "."
        for role in roles
    ) or ("One scale per spectrum, from the left pole to the right: "
          + ", ".join(f"{s.name} ({s.left.label} to {s.right.label})" for s in pb.spectra)
          + ". The comparer marks the roles you pick on it; the table gives the same positions.")
    title = "Trait profile: " + (" and ".join(r.name for r in roles) if roles else "the roles you pick")
    return _svg(PROFILE_W, height, title, desc, body, "profile")


# ---------- handoff swimlane ----------

def handoff_swimlane(pb: Playbook, handoff: Handoff) -> Markup:
    """Two lanes, the giving role above and the receiving role below, split at the yes."""
    giver, receiver = pb.role(handoff.from_role), pb.role(handoff.to_role)
    width, label_w, line_h, chars = 760, 140, 14, 46
    split = label_w + (width - label_w) / 2
    lanes = ((giver, label_w + 12, "Before the yes: what the prospect needs", handoff.before),
             (receiver, split + 12, "After the yes: what the customer needs", handoff.after),
             (receiver, split + 12, "What is predicted, tracked and reported", handoff.tracks))
    blocks, heights = [], {}
    for role, x, heading, items in lanes:
        lines = [(heading, True)] + [(line, False) for item in items for line in _bullet_lines(item, chars)]
        blocks.append((role, x, lines))
        heights[role.id] = heights.get(role.id, 16) + (len(lines) + 1) * line_h
    body, y = [], 10
    lane_top = {}
    for role in (giver, receiver):
        lane_top[role.id] = y
        body.append(f'<rect x="0" y="{y}" width="{width}" height="{heights[role.id]}" class="pb-svg-lane" data-lane="{escape(role.id)}"/>')
        body.append(_text(label_w / 2, y + heights[role.id] / 2, role.name, "pb-svg-label pb-svg-strong", width=16))
        y += heights[role.id]
    cursor = {giver.id: lane_top[giver.id] + 22, receiver.id: lane_top[receiver.id] + 22}
    for role, x, lines in blocks:
        for text, heading in lines:
            body.append(_text(x, cursor[role.id], text, "pb-svg-label pb-svg-strong" if heading else "pb-svg-note", "start"))
            cursor[role.id] += line_h
        cursor[role.id] += line_h
    yes_y = lane_top[receiver.id]
    body.append(f'<line x1="{split}" y1="10" x2="{split}" y2="{y}" class="pb-svg-conflict" data-trigger="yes"/>')
    body.append(marker("diamond", split, yes_y, 12, "pb-svg-role pb-svg-highlight"))
    body.append(_text(split + 18, yes_y - 30, "The yes: " + handoff.trigger, "pb-svg-label pb-svg-strong", "start", 44))
    desc = (f"Two lanes. {giver.name}, before the yes: " + "; ".join(handoff.before) + f". {handoff.trigger} "
            f"{receiver.name}, after the yes: " + "; ".join(handoff.after) + ". Tracked: " + "; ".join(handoff.tracks) + ".")
    return _svg(width, y + 10, f"Swimlane: {handoff.name}", desc, body, "swimlane")


def _bullet_lines(item: str, chars: int) -> list[str]:
    lines = textwrap.wrap(item, chars - 2)
    return ["\u2022 " + lines[0]] + ["  " + line for line in lines[1:]]

