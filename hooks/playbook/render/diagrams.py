"""Pictures of the playbook as inline SVG, drawn from the model at build time.

Small pure functions: model in, SVG text out. Meaning is carried by position, shape, dash
pattern and real text labels; colour only comes from CSS classes (diagrams.css), which
follow the light or dark scheme. Every picture has a <title> and a <desc>, and the page
next to it gives the same facts as a table or list. Marks carry data-* attributes with
what they stand for, so tests can read a drawing back.

Legibility rules, which tests/test_diagrams.py holds every drawing to:
- every drawing is WIDTH units wide and is shown at its natural size (one unit, one CSS
  pixel; the page scrolls it sideways in its figure on a narrow screen rather than
  shrinking it), so a label's font size is its size on screen: never under MIN_FONT; on
  paper it is scaled to the page's width, a few per cent smaller (labels stay over 10 px);
- text is laid out with the advance widths of DejaVu Sans, wider than the fonts the theme's
  font stack finds first on other systems (Helvetica, Arial), so a label measured here is
  no narrower on screen; long labels wrap, and one cut short keeps its full text in a <title>;
- no text box overlaps another (the boxes are computed here and checked in the tests);
- each drawing carries its own legend, with a drawn sample of every line style, box and
  shape it uses (data-legend), and numbered marks have a key in the same drawing (data-key).
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import count
from typing import Callable, Iterable, Sequence

from markupsafe import Markup, escape

from playbook import queries
from playbook.model import Handoff, Playbook, Role
from playbook.render.paths import page_url

_ids = count(1)


def reset_ids() -> None:
    """Number the drawings' ids from 1 again: ids are unique within a page, and a page
    rendered alone (under `mkdocs serve`) comes out as it does in a full build."""
    global _ids
    _ids = count(1)

# one shape per macro-role, so roles stay apart in greyscale
SHAPES = {"order-acquisition": "circle", "order-fulfillment": "square", "both": "diamond", "support": "triangle"}
# one dash pattern per kind of role change: solid, long dash, dots, dash-dot, short dash, dash-dot-dot
DASHES = {"split": "14 6", "merge": "", "delegate": "2 5", "outsource": "14 4 2 4", "separate": "5 4",
          "add": "14 4 2 4 2 4"}
# and one glyph, drawn on a gap at the middle of each line and in the legend's sample, so that
# two kinds differ by more than their dashes: the glyph's lines in a 12 x 12 box, the line running
# left to right through its middle (6, 6)
GLYPHS = {
    "split": ("fork", "M9,2.5 L3,6 L9,9.5"),  # < : one role opens into two
    "merge": ("join", "M3,2.5 L9,6 L3,9.5"),  # > : two roles close into one
    "delegate": ("bar", "M6,1.5 L6,10.5"),  # | : a hand-over
    "outsource": ("cross", "M2.5,2.5 L9.5,9.5 M9.5,2.5 L2.5,9.5"),  # x : out of the company
    "separate": ("double-bar", "M4,1.5 L4,10.5 M8,1.5 L8,10.5"),  # || : apart
    "add": ("plus", "M6,1.5 L6,10.5 M1.5,6 L10.5,6"),  # + : a new role
}

WIDTH = 680  # every drawing: fits Material's content column (688 px at a 1280 px window) and an A4 page
FONT = 12  # labels
SMALL = 11  # notes, keys, legends
MIN_FONT = 10  # the least size a label may render at


# ---------- text: widths, wrapping, boxes ----------

# Advance widths at 100 px of the printable ASCII characters (space to tilde), regular and
# bold, in DejaVu Sans: measured in Chromium with the theme's font stack on Debian.
_REGULAR = (32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64,
            34, 34, 84, 84, 84, 53, 100, 68, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63,
            61, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50, 50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97,
            63, 61, 63, 63, 41, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84)
_BOLD = (35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70,
         40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77, 64, 100, 84, 85, 73, 85, 77, 72,
         68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67, 72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104,
         71, 69, 72, 72, 49, 60, 48, 71, 65, 92, 65, 65, 58, 71, 37, 71, 84)
_OTHER = {"\u2022": (59, 64), "\u2194": (84, 84), "\u2026": (100, 100), "\u2013": (50, 50), "\u2014": (100, 100),
          "\u2019": (32, 38), "\u2212": (84, 84), "\u00a0": (32, 35)}
ASCENT, DESCENT = 0.93, 0.24  # of the em, above and below the baseline (DejaVu Sans)
LINE = 1.25  # line height, in ems


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text at `size` px, as DejaVu Sans sets it."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        o = ord(ch)
        if 32 <= o < 127:
            total += table[o - 32]
        elif ch in _OTHER:
            total += _OTHER[ch][bold]
        else:
            total += 100 if o >= 0x2E80 else 72  # wide scripts; other letters at most a capital's width
    return total * size / 100


@lru_cache(maxsize=8192)  # the same names wrap the same way on every page
def wrap(text: str, width: float, size: float, bold: bool = False, lines: int = 0) -> tuple[tuple[str, ...], bool]:
    """`text` broken into lines no wider than `width` px; at most `lines` lines (0: any),
    the last one ending in an ellipsis if the text had to be cut. Returns (lines, cut)."""
    out: list[str] = []
    line = ""
    for word in text.split():
        while text_width(word, size, bold) > width and len(word) > 1:  # a word wider than the line
            if line:
                out.append(line)
                line = ""
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size, bold) > width:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold) <= width:
            line = candidate
        else:
            out.append(line)
            line = word
    if line:
        out.append(line)
    out = out or [""]
    if not lines or len(out) <= lines:
        return tuple(out), False
    last = " ".join(out[lines - 1:])
    while last and text_width(last + "\u2026", size, bold) > width:
        last = last[:-1].rstrip()
    return (*out[:lines - 1], last + "\u2026"), True


Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def text_box(x: float, y: float, lines: Sequence[str], size: float, bold: bool = False, anchor: str = "start") -> Box:
    """The box a text takes: `y` is the first line's baseline."""
    w = max(text_width(line, size, bold) for line in lines)
    x0 = x if anchor == "start" else x - w / 2 if anchor == "middle" else x - w
    return x0, y - ASCENT * size, x0 + w, y + (len(lines) - 1) * LINE * size + DESCENT * size


def block_height(n: int, size: float) -> float:
    return (n - 1) * LINE * size + (ASCENT + DESCENT) * size


def overlaps(a: Box, b: Box, pad: float = 0.0) -> bool:
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def _text(x: float, y: float, lines: Sequence[str] | str, cls: str = "pb-svg-label", anchor: str = "start",
          size: float = FONT, full: str | None = None, attrs: str = "", indent: float = 0) -> str:
    """A label as real text, one <tspan> a line (lines after the first `indent` px further
    in); `full` (the uncut text) becomes its <title>."""
    if isinstance(lines, str):
        lines = [lines]
    step = f' dy="{LINE * size:g}"'
    # a space between the lines (invisible: each line has its own x) keeps the words apart in
    # the text that screen readers, search and copying take from the drawing
    spans = " ".join(f'<tspan x="{x + (indent if i else 0):.1f}"{step if i else ""}>{escape(line)}</tspan>'
                     for i, line in enumerate(lines))
    title = f"<title>{escape(full)}</title>" if full else ""
    extra = f" {attrs}" if attrs else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}" font-size="{size:g}"{extra}>'
            f"{title}{spans}</text>")


# Links in a drawing use xlink:href: Material's instant navigation reassigns the `href`
# property of every element with an `href` attribute, which an SVG link does not allow
_XLINK = ' xmlns:xlink="http://www.w3.org/1999/xlink"'


def _svg(width: float, height: float, title: str, desc: str, body: list[str], kind: str, role: str = "img") -> Markup:
    """The drawing, at its natural size (the figure scrolls it rather than shrinking it). A
    drawing with links in it is a "group", not an "img" (whose insides screen readers skip)."""
    n = next(_ids)
    w, h = round(width), math.ceil(height)
    return Markup(
        f'<svg class="pb-svg pb-svg-{kind}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" '
        f'aria-labelledby="pb-svg-t{n} pb-svg-d{n}" xmlns="http://www.w3.org/2000/svg"{_XLINK if role == "group" else ""} '
        f'data-kind="{kind}">'
        f'<title id="pb-svg-t{n}">{escape(title)}</title><desc id="pb-svg-d{n}">{escape(desc)}</desc>'
        + "".join(body) + "</svg>"
    )


def svg_title(svg: str) -> Markup:
    """The (escaped) title of a drawing made here, to name the frame it scrolls in."""
    start = svg.find('">', svg.find("<title id=")) + 2
    return Markup(svg[start:svg.find("</title>", start)])

def svg_width(svg: str) -> float:
    """The natural width of a drawing made here."""
    start = svg.find(' width="') + 8
    return float(svg[start:svg.find('"', start)])


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


def _macro_names() -> dict[str, str]:
    from playbook.render import MACRO_ROLE_NAMES  # the one list of names; imported late (render imports us)
    return MACRO_ROLE_NAMES


# ---------- legends ----------

Swatch = Callable[[float, float], str]  # (left x, middle y) -> SVG of the sample


def _legend(groups: Sequence[tuple[str, Sequence[tuple[str, float, Swatch, str]]]], top: float,
            width: float = WIDTH, left: float = 6) -> tuple[list[str], float]:
    """Rows of drawn samples, one group (a heading, then its items) after the other, each
    item (key, sample width, sample, label) wrapping onto a new row when the line is full.
    Returns the SVG and the y under the last row."""
    row_h = 22
    body = [f'<g class="pb-svg-legend">']
    y = top
    for heading, items in groups:
        x = left
        mid = y + row_h / 2
        if heading:
            body.append(_text(x, mid + 4, heading, "pb-svg-label pb-svg-strong", size=SMALL))
            x += text_width(heading, SMALL, True) + 10
        for key, sample_w, sample, label in items:
            item_w = sample_w + 6 + text_width(label, SMALL)
            if x + item_w > width - 4 and x > left + 40:
                y += row_h
                mid = y + row_h / 2
                x = left + 12
            body.append(f'<g data-legend="{escape(key)}">{sample(x, mid)}'
                        f'{_text(x + sample_w + 6, mid + 4, label, "pb-svg-note", size=SMALL)}</g>')
            x += item_w + 16
        y += row_h
    body.append("</g>")
    return body, y


def _shape_sample(shape: str, cls: str = "pb-svg-role") -> tuple[float, Swatch]:
    return 16, lambda x, y: marker(shape, x + 8, y, 6, cls)


def _line_sample(cls: str, dash: str = "", length: float = 36) -> tuple[float, Swatch]:
    pattern = f' stroke-dasharray="{dash}"' if dash else ""
    return length, lambda x, y: f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + length:.1f}" y2="{y:.1f}" class="{cls}"{pattern}/>'


def _shape_items(macro_roles: Iterable[str], cls: str = "pb-svg-role") -> list[tuple[str, float, Swatch, str]]:
    used = set(macro_roles)
    names = _macro_names()
    return [(f"shape:{shape}", *_shape_sample(shape, cls), names.get(macro, macro))
            for macro, shape in SHAPES.items() if macro in used]


# ---------- label placement ----------

class Obstacles:
    """Boxes filed by the cells of a grid that they cover, so that testing a label's box
    against them reads the few boxes near it, not every mark of a big playbook."""

    CELL = 48.0

    def __init__(self, boxes: Iterable[Box] = ()):
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            self.add(box)

    def _span(self, box: Box, pad: float = 0.0) -> Iterable[tuple[int, int]]:
        c = self.CELL
        for i in range(int((box[0] - pad) // c), int((box[2] + pad) // c) + 1):
            for j in range(int((box[1] - pad) // c), int((box[3] + pad) // c) + 1):
                yield i, j

    def add(self, box: Box) -> None:
        for cell in self._span(box):
            self.cells.setdefault(cell, []).append(box)

    def plus(self, boxes: Iterable[Box]) -> "Obstacles":
        """These boxes and a few more, without copying these (a role page adds its own mark
        to the map's shared obstacles)."""
        more = Obstacles(boxes)
        more.base = self
        return more

    base: "Obstacles | None" = None

    def hit(self, box: Box, pad: float) -> bool:
        if self.base is not None and self.base.hit(box, pad):
            return True
        for cell in self._span(box, pad):
            for other in self.cells.get(cell, ()):
                if overlaps(box, other, pad):
                    return True
        return False


def _free_label(lines: Sequence[str], size: float, bold: bool, candidates: Iterable[tuple[float, float, str]],
                obstacles: Sequence[Box] | Obstacles, area: Box, pad: float = 3) -> tuple[float, float, str, Box] | None:
    """The first candidate (x, first baseline, anchor) at which the text stays inside `area`
    and clear of every obstacle."""
    grid = obstacles if isinstance(obstacles, Obstacles) else Obstacles(obstacles)
    for x, y, anchor in candidates:
        box = text_box(x, y, lines, size, bold, anchor)
        if box[0] < area[0] or box[1] < area[1] or box[2] > area[2] or box[3] > area[3]:
            continue
        if not grid.hit(box, pad):
            return x, y, anchor, box
    return None


def _around(x: float, y: float, reach: float, lines: Sequence[str], size: float, far: float = 160) -> list[tuple[float, float, str]]:
    """Places for a label near a point: right, left, above, below, then further out."""
    h = block_height(len(lines), size)
    out = []
    for d in [0, 12, 24, 36, 54, 72, 96, 120, far]:
        r = reach + 6 + d
        centred = y - h / 2 + ASCENT * size  # first baseline of a block centred on y
        out += [(x + r, centred, "start"), (x - r, centred, "end"),
                (x, y - r - h + ASCENT * size, "middle"), (x, y + r + ASCENT * size, "middle")]
        for dx, dy in ((0.8, -0.8), (-0.8, -0.8), (0.8, 0.8), (-0.8, 0.8)):
            anchor = "start" if dx > 0 else "end"
            by = y + dy * r - (h if dy < 0 else 0) + ASCENT * size
            out.append((x + dx * r, by, anchor))
    return out


# ---------- accountability map ----------

MAP_W = WIDTH
MAP_X0, MAP_Y0, MAP_X1, MAP_Y1 = 44.0, 34.0, WIDTH - 6.0, 434.0  # the frame of the four quadrants
MAP_R = 10  # a role's mark; the one of the page's role is larger
MAP_GAP = 34  # least distance between two marks' centres (room for a larger own mark beside a number)
QUADRANT = {("existing", "proactive"): (0, 0), ("new", "proactive"): (1, 0),
            ("existing", "reactive"): (0, 1), ("new", "reactive"): (1, 1)}


def _quadrant_centre(column: int, row: int) -> tuple[float, float]:
    return (MAP_X0 + (MAP_X1 - MAP_X0) * (0.25 + 0.5 * column),
            MAP_Y0 + (MAP_Y1 - MAP_Y0) * (0.25 + 0.5 * row))


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


MAP_ROLE_LIMIT = 40  # above this, a role page's map shows only its own role
_MAP: dict[int, tuple[Playbook, dict]] = {}


def _map_layout(pb: Playbook) -> dict:
    """Everything on the map that is the same on every page, computed once per playbook:
    marks, quadrant and axis labels, conflicts and their labels, the legend's items and the
    key's layout. Every role page draws this map with its own role picked out."""
    key = pb.derived("map_inputs", _map_inputs)
    cached = _MAP.get(id(pb))
    if cached is not None and cached[0] is pb:
        return cached[1]
    if _MAP_KEPT and _MAP_KEPT[0] == key:  # the last playbook's map: nothing it draws changed
        _MAP[id(pb)] = (pb, _MAP_KEPT[1])
        return _MAP_KEPT[1]
    marks = _placed_marks(pb)
    fixed: list[str] = []
    boxes: list[Box] = [mark_box(SHAPES[role.macro_role], x, y, _mark_r(role, False)) for _, role, x, y in marks]
    mid_x, mid_y = (MAP_X0 + MAP_X1) / 2, (MAP_Y0 + MAP_Y1) / 2
    fixed += [f'<rect x="{MAP_X0}" y="{MAP_Y0}" width="{MAP_X1 - MAP_X0}" height="{MAP_Y1 - MAP_Y0}" class="pb-svg-frame"/>',
              f'<line x1="{mid_x}" y1="{MAP_Y0}" x2="{mid_x}" y2="{MAP_Y1}" class="pb-svg-axis"/>',
              f'<line x1="{MAP_X0}" y1="{mid_y}" x2="{MAP_X1}" y2="{mid_y}" class="pb-svg-axis"/>',
              _text((MAP_X0 + mid_x) / 2, MAP_Y0 - 12, "Existing customers", "pb-svg-axis-label", "middle"),
              _text((mid_x + MAP_X1) / 2, MAP_Y0 - 12, "New customers", "pb-svg-axis-label", "middle")]
    for label, cy in (("Proactive (front foot)", (MAP_Y0 + mid_y) / 2), ("Reactive (back foot)", (mid_y + MAP_Y1) / 2)):
        fixed.append(f'<text class="pb-svg-axis-label" text-anchor="middle" font-size="{FONT}" '
                     f'transform="translate({MAP_X0 - 10:.1f} {cy:.1f}) rotate(-90)">{escape(label)}</text>')
    corners = {}
    for a in pb.accountabilities:
        column, row = QUADRANT[(a.customers, a.stance)]
        corners[a.id] = _quadrant_centre(column, row)
        x = MAP_X0 + 10 if column == 0 else MAP_X1 - 10
        y = MAP_Y0 + 22 if row == 0 else MAP_Y1 - 12
        anchor = "start" if column == 0 else "end"
        fixed.append(_text(x, y, a.name.upper(), "pb-svg-quadrant", anchor, 13))
        boxes.append(text_box(x, y, [a.name.upper()], 13, True, anchor))
    area = (MAP_X0 + 4, MAP_Y0 + 4, MAP_X1 - 4, MAP_Y1 - 4)
    axes = [(mid_x - 1, MAP_Y0, mid_x + 1, MAP_Y1), (MAP_X0, mid_y - 1, MAP_X1, mid_y + 1)]  # labels keep off the axes too
    # conflict lines keep clear of every mark (at its larger, highlighted size), so that they
    # never read as lines joining roles: each runs beside the line between its quadrants' centres
    discs = [(x, y, _mark_reach(role) + CONFLICT_GAP) for _, role, x, y in marks]
    big = [mark_box(SHAPES[role.macro_role], x, y, _mark_r(role, True)) for _, role, x, y in marks]
    routes = [(c, _conflict_route(_side_centre(c.first, corners), _side_centre(c.second, corners), discs, area))
              for c in pb.conflicts]
    line_boxes = [(min(x1, x2) - 2, min(y1, y2) - 2, max(x1, x2) + 2, max(y1, y2) + 2)
                  for _, (x1, y1, x2, y2) in routes if min(abs(x1 - x2), abs(y1 - y2)) < 2]  # straight ones
    for c, (x1, y1, x2, y2) in routes:
        fixed.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="pb-svg-conflict" '
                     f'data-conflict="{escape(c.id)}"/>')
    for c, (x1, y1, x2, y2) in routes:
        lines, cut = wrap("\u2194 " + c.name, 150, SMALL, lines=3)
        candidates = _beside_line(x1, y1, x2, y2, lines, SMALL) + _around((x1 + x2) / 2, (y1 + y2) / 2, 10, lines, SMALL)
        placed = _free_label(lines, SMALL, False, candidates, boxes + big + axes + line_boxes, area)
        if placed is None:  # no room anywhere near (hundreds of roles): under the frame's top edge, in the middle
            placed = (mid_x, MAP_Y0 + 40, "middle", text_box(mid_x, MAP_Y0 + 40, lines, SMALL, False, "middle"))
        x, y, anchor, box = placed
        boxes.append(box)
        fixed.append(_text(x, y, lines, "pb-svg-conflict-label", anchor, SMALL, c.name if cut else None,
                           f'data-conflict-label="{escape(c.id)}"'))
    layout = {"marks": marks, "fixed": fixed, "boxes": boxes, "area": area, "roles": {r.id: r for r in pb.roles},
              "obstacles": Obstacles(boxes), "mark_of": {m[1].id: m for m in marks}}
    _MAP.clear()
    _MAP[id(pb)] = (pb, layout)
    _MAP_KEPT[:] = [key, layout]
    return layout


_MAP_KEPT: list = []  # [inputs, layout] of the last map drawn, kept across rebuilds under serve


def _map_inputs(pb: Playbook) -> tuple:
    """All that the map's shared layout is drawn from."""
    return (tuple((r.id, r.name, r.macro_role, tuple(h.level for h in r.holdings)) for r in pb.roles),
            pb.accountabilities, pb.conflicts, pb.levels)


CONFLICT_GAP = 5  # least room between a conflict line and a mark's edge


def _mark_reach(role: Role) -> float:
    """How far a role's mark reaches from its centre at most, at its larger (highlighted) size."""
    r = _mark_r(role, True)
    return {"circle": r, "square": r * math.sqrt(2), "diamond": 1.3 * r, "triangle": math.hypot(1.2 * r, r)}[SHAPES[role.macro_role]]


def segment_distance(px: float, py: float, x1: float, y1: float, x2: float, y2: float) -> float:
    """The distance from (px, py) to the segment from (x1, y1) to (x2, y2)."""
    dx, dy = x2 - x1, y2 - y1
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - x1 - t * dx, py - y1 - t * dy)


def _conflict_route(a: tuple[float, float], b: tuple[float, float], discs: Sequence[tuple[float, float, float]],
                    area: Box) -> tuple[float, float, float, float]:
    """The line from a to b, moved sideways as little as it takes to miss every disc (x, y,
    radius) and stay inside `area`; if no such place, the one that comes closest to it."""
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    best, best_room = (x1, y1, x2, y2), -math.inf
    for step in range(0, 41):
        for d in ((step * 4.0,) if step == 0 else (step * 4.0, -step * 4.0)):
            line = (x1 + d * nx, y1 + d * ny, x2 + d * nx, y2 + d * ny)
            if not (area[0] <= min(line[0], line[2]) and max(line[0], line[2]) <= area[2]
                    and area[1] <= min(line[1], line[3]) and max(line[1], line[3]) <= area[3]):
                continue
            room = min((segment_distance(x, y, *line) - r for x, y, r in discs), default=math.inf)
            if room >= 0:
                return line
            if room > best_room:
                best, best_room = line, room
    return best


def _beside_line(x1: float, y1: float, x2: float, y2: float, lines: Sequence[str], size: float) -> list[tuple[float, float, str]]:
    """Places for a line's label: beside it, from its middle outward, then further off."""
    h = block_height(len(lines), size)
    vertical = abs(x1 - x2) < abs(y1 - y2)
    out = []
    for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9):
        x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
        for off in (8, 16, 28, 44):
            if vertical:
                first = y - h / 2 + ASCENT * size
                out += [(x - off, first, "end"), (x + off, first, "start")]
            else:
                out += [(x, y - off - h + ASCENT * size, "middle"), (x, y + off + ASCENT * size, "middle")]
    return out


def accountability_map(pb: Playbook, highlight: str | None = None) -> Markup:
    layout = _map_layout(pb)
    marks = layout["marks"]
    if highlight is not None and len(marks) > MAP_ROLE_LIMIT:
        own = layout["mark_of"].get(highlight)  # big playbooks: the overview shows them all
        marks = (own,) if own is not None else ()
    body = list(layout["fixed"])
    mine = None
    for number, role, x, y in marks:
        if role.id == highlight:
            mine = (number, role, x, y)
            continue
        body.append(_map_mark(number, role, x, y, False))
    if mine is not None:  # drawn last, on top, with its name beside it
        number, role, x, y = mine
        body.append(_map_mark(number, role, x, y, True))
        lines, cut = wrap(role.name, 170, FONT, True, 2)
        own = mark_box(SHAPES[role.macro_role], x, y, _mark_r(role, True))
        reach = max(x - own[0], y - own[1], own[3] - y)
        found = _free_label(lines, FONT, True, _around(x, y, reach, lines, FONT), layout["obstacles"].plus([own]), layout["area"])
        if found is not None:
            lx, ly, anchor, box = found
            near_x = min(max(x, box[0]), box[2])
            near_y = min(max(y, box[1]), box[3])
            if math.hypot(near_x - x, near_y - y) > reach + 14:  # far off: a leader line to the mark
                body.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{near_x:.1f}" y2="{near_y:.1f}" class="pb-svg-leader"/>')
            body.append(_text(lx, ly, lines, "pb-svg-label pb-svg-strong pb-svg-halo", anchor, FONT,
                              role.name if cut else None, f'data-label="{escape(role.id)}"'))
    # legend and key, under the frame
    shapes = _shape_items((r.macro_role for _, r, _, _ in marks), "pb-svg-mark")
    if mine is not None:
        own_shape = SHAPES[mine[1].macro_role]
        shapes.append(("highlight", 16, lambda x, y: marker(own_shape, x + 8, y, 7, "pb-svg-mark pb-svg-highlight"),
                       "this page's role"))
    groups = [("Shapes:", shapes),
              ("Lines:", [("conflict", *_line_sample("pb-svg-conflict", length=40), "conflict between accountabilities")])]
    legend, y = _legend(groups, MAP_Y1 + 10)
    body += legend
    key, y = _map_key(marks, highlight, y + 4)
    body += key
    desc = ("Four quadrants: farming (existing customers, proactive), hunting (new, proactive), "
            "servicing (existing, reactive), sourcing (new, reactive). Each role is a numbered mark, pulled "
            "toward each quadrant by the level at which it holds that accountability; the key under the map "
            "names them: " + "; ".join(f"{n}. {r.name}" for n, r, _, _ in marks) + ". "
            + "Conflicts join " + ", ".join(c.name.lower() for c in pb.conflicts) + ".")
    if highlight is not None and len(pb.roles) > MAP_ROLE_LIMIT:
        desc = (f"Four quadrants (farming, hunting, servicing, sourcing) and {layout['roles'][highlight].name}, pulled toward "
                "each by the level at which it holds that accountability. The accountabilities overview shows every role.")
    elif not marks:
        desc = "Four quadrants (farming, hunting, servicing, sourcing); no role holds any accountability yet."
    title = "Accountability map" + (f": {layout['roles'][highlight].name}" if highlight else "")
    return _svg(MAP_W, y + 6, title, desc, body, "map")


def _mark_r(role: Role, mine: bool) -> float:
    r = MAP_R + 3 if mine else MAP_R
    return r * 1.2 if SHAPES[role.macro_role] == "triangle" else r  # room for two digits inside


def mark_box(shape: str, x: float, y: float, r: float) -> Box:
    """The box a marker() takes."""
    if shape == "diamond":
        return x - 1.3 * r, y - 1.3 * r, x + 1.3 * r, y + 1.3 * r
    if shape == "triangle":
        return x - 1.2 * r, y - 1.3 * r, x + 1.2 * r, y + r
    return x - r, y - r, x + r, y + r


def _map_mark(number: int, role: Role, x: float, y: float, mine: bool) -> str:
    shape = SHAPES[role.macro_role]
    cls = "pb-svg-mark pb-svg-highlight" if mine else "pb-svg-mark"
    r = _mark_r(role, mine)
    attrs = f'data-role="{escape(role.id)}" data-shape="{shape}" data-number="{number}"'
    text_y = y + (7.5 if shape == "triangle" else 4)
    number_cls = "pb-svg-number pb-svg-on-accent" if mine else "pb-svg-number"
    return marker(shape, x, y, r, cls, attrs) + _text(x, text_y, str(number), number_cls, "middle", SMALL)


def _map_key(marks: Sequence[tuple[int, Role, float, float]], highlight: str | None, top: float) -> tuple[list[str], float]:
    """Number, shape and name of every mark, in columns read downward."""
    columns = 3 if len(marks) > 4 else max(1, len(marks))
    col_w = (WIDTH - 12) / columns
    per = math.ceil(len(marks) / columns) if marks else 0
    body = ['<g class="pb-svg-key">', _text(6, top + 12, "Key:", "pb-svg-label pb-svg-strong", size=SMALL)]
    top += 20
    entries = []
    for i, (number, role, _, _) in enumerate(marks):
        lines, cut = wrap(role.name, col_w - 38, FONT, role.id == highlight, 2)
        entries.append((i // per if per else 0, i % per if per else 0, number, role, lines, cut))
    rows = max((e[1] for e in entries), default=-1) + 1
    heights = [max([28.0] + [block_height(len(e[4]), FONT) + 12 for e in entries if e[1] == row]) for row in range(rows)]
    for column, row, number, role, lines, cut in entries:
        x = 6 + column * col_w
        y = top + sum(heights[:row]) + heights[row] / 2
        mine = role.id == highlight
        shape = SHAPES[role.macro_role]
        r = MAP_R * (1.2 if shape == "triangle" else 1)
        cls = "pb-svg-mark pb-svg-highlight" if mine else "pb-svg-mark"
        text_y = y + (7.5 if shape == "triangle" else 4)
        first = y - block_height(len(lines), FONT) / 2 + ASCENT * FONT
        body.append(f'<g data-key="{escape(role.id)}" data-number="{number}">'
                    + marker(shape, x + 14, y, r, cls)
                    + _text(x + 14, text_y, str(number), "pb-svg-number" + (" pb-svg-on-accent" if mine else ""), "middle", SMALL)
                    + _text(x + 32, first, lines, "pb-svg-label" + (" pb-svg-strong" if mine else ""), "start", FONT,
                            role.name if cut else None) + "</g>")
    body.append("</g>")
    return body, top + sum(heights)


_PLACED: dict[int, tuple[Playbook, tuple]] = {}


def _placed_marks(pb: Playbook) -> tuple[tuple[int, Role, float, float], ...]:
    """(number, role, x, y) of every role on the map, computed once per playbook: every
    role page draws the same map with a different role highlighted."""
    cached = _PLACED.get(id(pb))
    if cached is not None and cached[0] is pb:
        return cached[1]
    taken: dict[tuple[int, int], list[tuple[float, float]]] = {}  # marks by grid cell, one gap wide
    marks = []
    for number, role in enumerate(pb.roles, 1):
        at = map_position(pb, role)
        if at is not None:
            x, y = _free_spot(at, taken)
            taken.setdefault((int(x // MAP_GAP), int(y // MAP_GAP)), []).append((x, y))
            marks.append((number, role, x, y))
    _PLACED.clear()
    _PLACED[id(pb)] = (pb, tuple(marks))
    return tuple(marks)


def _free_spot(at: tuple[float, float], taken: dict[tuple[int, int], list[tuple[float, float]]],
               gap: float = MAP_GAP, tries: int = 240) -> tuple[float, float]:
    """`at`, or the nearest point on a spiral around it, inside the frame, that no other
    mark covers; `at` itself when the frame is full there (a playbook of hundreds of roles)."""
    inside = (MAP_X0 + gap / 2, MAP_Y0 + gap / 2, MAP_X1 - gap / 2, MAP_Y1 - gap / 2)

    def free(x: float, y: float) -> bool:
        cx, cy = int(x // gap), int(y // gap)
        return all(math.hypot(x - tx, y - ty) >= gap
                   for i in (cx - 1, cx, cx + 1) for j in (cy - 1, cy, cy + 1) for tx, ty in taken.get((i, j), ()))

    x, y = at
    for step in range(tries):
        if step:
            angle, radius = step * 2.4, gap * (1 + step // 6)
            x, y = at[0] + radius * math.cos(angle), at[1] + radius * math.sin(angle)
        if inside[0] <= x <= inside[2] and inside[1] <= y <= inside[3] and free(x, y):
            return x, y
    return at


def _side_centre(ids: tuple[str, ...], corners: dict) -> tuple[float, float]:
    xs = [corners[i][0] for i in ids]
    ys = [corners[i][1] for i in ids]
    return sum(xs) / len(xs), sum(ys) / len(ys)


# ---------- stage flow ----------

FLOW_BOX_W, FLOW_GAP, FLOW_BOX_H, FLOW_ROW, FLOW_LEFT = 134, 45, 34, 40, 4
FLOW_FONT = 11.5
FLOW_TEXT_X = 18  # where a box's name starts, after its shape


def stage_columns(pb: Playbook) -> list[list[tuple[str, bool]]]:
    """For each stage, its roles as (role id, present), in the data's (alphabetical) order:
    roles the data places there, then roles a transition names there that the stage does
    not otherwise have (drawn dashed)."""
    columns = []
    for stage in pb.stages:
        present = [r.id for r in queries.roles_at(pb, stage)]
        named: set[str] = set()
        for t in pb.transitions:
            for change in t.role_changes:
                if t.from_stage == stage.id:
                    named.update(change.before)
                if t.to_stage == stage.id:
                    named.update(change.after)
        named.difference_update(present)
        extra = [r.id for r in pb.roles if r.id in named]
        columns.append([(rid, True) for rid in present] + [(rid, False) for rid in extra])
    return columns


def flow_edges(pb: Playbook) -> list[tuple[int, str, int, str, str, str]]:
    """Every line of the stage flow: (from stage index, role, to stage index, role, kind of change, transition)."""
    index = {s.id: i for i, s in enumerate(pb.stages)}
    return [(index[t.from_stage], before, index[t.to_stage], after, change.change, t.id)
            for t in pb.transitions for change in t.role_changes for before in change.before for after in change.after]


def flow_crossings(pb: Playbook, columns: Sequence[Sequence[str]]) -> int:
    """How many pairs of the stage flow's lines cross when each stage's roles are drawn top
    to bottom in the order given (one list of role ids per stage). Two lines between the
    same two stages cross when their ends come in opposite orders; lines sharing an end do not."""
    rank = [{rid: j for j, rid in enumerate(column)} for column in columns]
    pairs: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for a, before, b, after, _, _ in flow_edges(pb):
        if before in rank[a] and after in rank[b]:
            pairs.setdefault((a, b), []).append((rank[a][before], rank[b][after]))
    total = 0
    for ends in pairs.values():
        for i, (p1, q1) in enumerate(ends):
            for p2, q2 in ends[i + 1:]:
                total += (p1 - p2) * (q1 - q2) < 0
    return total


def _columns_in(order: Sequence[str], columns: list[list[tuple[str, bool]]]) -> list[list[str]]:
    rank = {rid: i for i, rid in enumerate(order)}
    return [sorted((rid for rid, _ in column), key=rank.__getitem__) for column in columns]


def flow_order(pb: Playbook) -> tuple[str, ...]:
    """The stage flow's rows, top to bottom: one row a role, the same in every stage, so that
    a role reads across the page. The order cuts crossings: a few barycentric sweeps (each role
    moved to the mean row of the roles its lines join), then swaps of neighbours while they help;
    ties go to the shorter lines, then to the data's order. Deterministic. Roles no line joins
    keep the data's order, under the others."""
    columns = stage_columns(pb)
    shown = {rid for column in columns for rid, _ in column}
    roles = [r.id for r in pb.roles if r.id in shown]
    neighbours: dict[str, list[str]] = {}
    edges = [(before, after) for _, before, _, after, _, _ in flow_edges(pb) if before in shown and after in shown]
    for before, after in edges:
        neighbours.setdefault(before, [])
        neighbours.setdefault(after, [])
        if before != after:
            neighbours[before].append(after)
            neighbours[after].append(before)
    joined = [rid for rid in roles if rid in neighbours]
    alone = [rid for rid in roles if rid not in neighbours]
    sub = [[(rid, p) for rid, p in column if rid in neighbours] for column in columns]

    def cost(order: Sequence[str]) -> tuple[int, int]:
        at = {rid: i for i, rid in enumerate(order)}
        return flow_crossings(pb, _columns_in(order, sub)), sum(abs(at[a] - at[b]) for a, b in edges)

    order = list(joined)
    best, best_cost = tuple(order), cost(order)
    for _ in range(6):
        at = {rid: i for i, rid in enumerate(order)}
        order.sort(key=lambda r: (sum(at[n] for n in neighbours[r]) / len(neighbours[r]) if neighbours[r] else at[r], at[r]))
        c = cost(order)
        if c < best_cost:
            best, best_cost = tuple(order), c
    order = list(best)
    reach = len(order) if len(order) <= 60 else 1  # small drawings: any role to any row; big ones: next-door swaps
    for _ in range(len(order)):  # until no move helps
        better = False
        for i in range(len(order)):
            for j in range(max(0, i - reach), min(len(order), i + reach + 1)):
                if j == i:
                    continue
                moved = order[:i] + order[i + 1:]
                moved.insert(j, order[i])
                c = cost(moved)
                if c < best_cost:
                    order, best_cost, better = moved, c, True
        if not better:
            break
    return tuple(order) + tuple(alone)


_FLOW: dict[int, tuple[Playbook, dict]] = {}


def _flow_layout(pb: Playbook) -> dict:
    """The stage flow's rows, boxes and line ends, computed once per playbook: the stages
    overview and every transition page draw it, each with its own transition picked out."""
    cached = _FLOW.get(id(pb))
    if cached is not None and cached[0] is pb:
        return cached[1]
    key = (tuple((r.id, r.name, r.macro_role, r.stages) for r in pb.roles), pb.stages, pb.transitions)
    if _FLOW_KEPT and _FLOW_KEPT[0] == key:  # the last playbook's flow: nothing it draws changed
        _FLOW[id(pb)] = (pb, _FLOW_KEPT[1])
        return _FLOW_KEPT[1]
    columns = stage_columns(pb)
    order = flow_order(pb)
    row = {rid: i for i, rid in enumerate(order)}
    roles = {r.id: r for r in pb.roles}
    body: list[str] = []
    width = _flow_width(len(pb.stages))
    centres = [FLOW_LEFT + i * (FLOW_BOX_W + FLOW_GAP) + FLOW_BOX_W / 2 for i in range(len(pb.stages))]
    head_lines = [wrap(s.name, min(FLOW_BOX_W + FLOW_GAP - 10, 2 * min(c, width - c) - 4), FONT, True, 2)
                  for s, c in zip(pb.stages, centres)]
    head_h = max((block_height(len(lines), FONT) for lines, _ in head_lines), default=FONT)
    top = 6 + head_h + 10
    for x, stage, (lines, cut) in zip(centres, pb.stages, head_lines):
        body.append(_text(x, 6 + ASCENT * FONT, lines, "pb-svg-label pb-svg-strong", "middle", FONT,
                          stage.name if cut else None, f'data-stage-name="{escape(stage.id)}"'))
    where: dict[tuple[int, str], tuple[float, float]] = {}
    boxes: list[tuple[str, str]] = []  # (role id, box): stage_flow makes each a link to the role's page
    for i, (stage, column) in enumerate(zip(pb.stages, columns)):
        x = FLOW_LEFT + i * (FLOW_BOX_W + FLOW_GAP)
        for rid, present in sorted(column, key=lambda c: row[c[0]]):
            y = top + row[rid] * FLOW_ROW
            where[(i, rid)] = (x, y)
            role = roles[rid]
            shape = SHAPES[role.macro_role]
            cls = "pb-svg-box" if present else "pb-svg-box pb-svg-ghost"
            lines, cut = wrap(role.name, FLOW_BOX_W - FLOW_TEXT_X - 5, FLOW_FONT, False, 2)
            first = y + FLOW_BOX_H / 2 - block_height(len(lines), FLOW_FONT) / 2 + ASCENT * FLOW_FONT
            boxes.append((rid, f'<rect x="{x}" y="{y}" width="{FLOW_BOX_W}" height="{FLOW_BOX_H}" rx="4" class="{cls}" '
                               f'data-stage="{escape(stage.id)}" data-role="{escape(rid)}" data-present="{str(present).lower()}"/>'
                               + marker(shape, x + 9, y + FLOW_BOX_H / 2, 4.5, "pb-svg-role", f'data-shape="{shape}"')
                               + _text(x + FLOW_TEXT_X, first, lines, "pb-svg-label", "start", FLOW_FONT,
                                       role.name if cut else None)))
    # line ends: the lines leaving (or reaching) one box fan out along its edge, in the order of their other ends
    edges = [e for e in flow_edges(pb) if (e[0], e[1]) in where and (e[2], e[3]) in where]
    ends: dict[tuple[int, int], float] = {}
    for side, own, other in ((0, 1, 3), (2, 3, 1)):
        groups: dict[tuple[int, str], list[int]] = {}
        for k, e in enumerate(edges):
            groups.setdefault((e[side], e[own]), []).append(k)
        for ks in groups.values():
            ks.sort(key=lambda k: (row[edges[k][other]], k))
            step = min(6.0, (FLOW_BOX_H - 12) / max(1, len(ks) - 1))
            for n, k in enumerate(ks):
                ends[(k, side)] = (n - (len(ks) - 1) / 2) * step
    lines_out = []
    for k, (a, before, b, after, change, tid) in enumerate(edges):
        x1, y1 = where[(a, before)]
        x2, y2 = where[(b, after)]
        x1, y1 = x1 + FLOW_BOX_W, y1 + FLOW_BOX_H / 2 + ends[(k, 0)]
        y2 = y2 + FLOW_BOX_H / 2 + ends[(k, 2)]
        title = f"{change}: {roles[before].name} to {roles[after].name}"
        lines_out.append((tid, change, before, after, x1, y1, x2, y2, title))
    desc = " ".join(
        f"{s.name}: {', '.join(roles[rid].name for rid, present in column if present)}."
        for s, column in zip(pb.stages, columns)
    ) + " " + " ".join(
        f"{t.name}: " + "; ".join(f"{c.change} {', '.join(roles[r].name for r in c.before)} into "
                                  f"{', '.join(roles[r].name for r in c.after)}" for c in t.role_changes) + "."
        for t in pb.transitions
    )
    layout = {"body": body, "boxes": boxes, "names": {rid: roles[rid].name for rid in order}, "lines": lines_out, "top": top + len(order) * FLOW_ROW, "desc": desc,
              "ghosts": any(not present for column in columns for _, present in column),
              "macro_roles": {roles[rid].macro_role for rid in order}}
    _FLOW.clear()
    _FLOW[id(pb)] = (pb, layout)
    _FLOW_KEPT[:] = [key, layout]
    return layout


_FLOW_KEPT: list = []  # [inputs, layout] of the last stage flow, kept across rebuilds under serve


def role_href(role_id: str, page_uri: str) -> str:
    """The link from the page built from the Markdown file `page_uri` to a role's page, as the
    site serves them (directory URLs: 'stages/index.md' is /stages/, 'transitions/x.md' /transitions/x/)."""
    return page_url(f"roles/{role_id}", page_uri)


def _glyph_markers(prefix: str, kinds: Iterable[str]) -> str:
    """One <marker> a kind of change: its glyph on a disc of the background, which cuts a gap
    in the line; the same size on every line (user space), turned with the line."""
    defs = "".join(
        f'<marker id="{prefix}-{kind}" viewBox="0 0 12 12" markerWidth="12" markerHeight="12" refX="6" refY="6" '
        f'orient="auto" markerUnits="userSpaceOnUse"><circle cx="6" cy="6" r="6" class="pb-svg-glyph-gap"/>'
        f'<path d="{GLYPHS[kind][1]}" class="pb-svg-glyph"/></marker>' for kind in kinds)
    return f"<defs>{defs}</defs>"


def _change_sample(kind: str, prefix: str, length: float = 48) -> tuple[float, Swatch]:
    """A kind of change's sample: its dash pattern and its glyph in the middle, as on the lines."""
    pattern = f' stroke-dasharray="{DASHES[kind]}"' if DASHES[kind] else ""
    return length, lambda x, y: (f'<path d="M{x:.1f},{y:.1f} L{x + length / 2:.1f},{y:.1f} L{x + length:.1f},{y:.1f}" '
                                 f'class="pb-svg-line"{pattern} marker-mid="url(#{prefix}-{kind})" '
                                 f'data-glyph="{GLYPHS[kind][0]}"/>')


def _halves(x1: float, y1: float, x2: float, y2: float) -> str:
    """The flow's S-curve from (x1, y1) to (x2, y2) as two halves (de Casteljau at t = 0.5),
    so that the middle is a vertex and carries the glyph (marker-mid)."""
    mid = (x1 + x2) / 2
    p0, p1, p2, p3 = (x1, y1), (mid, y1), (mid, y2), (x2, y2)
    half = lambda a, b: ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    a, b, c = half(p0, p1), half(p1, p2), half(p2, p3)
    d, e = half(a, b), half(b, c)
    f = half(d, e)
    pt = lambda p: f"{p[0]:.1f},{p[1]:.1f}"
    return f"M{pt(p0)} C{pt(a)} {pt(d)} {pt(f)} C{pt(e)} {pt(c)} {pt(p3)}"


def stage_flow(pb: Playbook, highlight: str | None = None, page_uri: str | None = None) -> Markup:
    """The stage flow; with `page_uri` (the Markdown file of the page it is drawn on), each
    role's box is a link to the role's page."""
    layout = _flow_layout(pb)
    prefix = f"pb-glyph{next(_ids)}"
    kinds = [k for k in DASHES if any(line[1] == k for line in layout["lines"])]
    body = list(layout["body"]) + ([_glyph_markers(prefix, kinds)] if kinds else [])
    for rid, box in layout["boxes"]:
        if page_uri is None:
            body.append(box)
        else:
            body.append(f'<a xlink:href="{escape(role_href(rid, page_uri))}" class="pb-svg-link" '
                        f'aria-label="{escape(layout["names"][rid])}">{box}</a>')
    drawn_last = []
    for tid, change, before, after, x1, y1, x2, y2, line_title in layout["lines"]:
        mine = tid == highlight
        faded = highlight is not None and not mine
        cls = "pb-svg-line" + (" pb-svg-faded" if faded else "") + (" pb-svg-highlight" if mine else "")
        dash = f' stroke-dasharray="{DASHES[change]}"' if DASHES[change] else ""
        path = (f'<path d="{_halves(x1, y1, x2, y2)}" '
                f'class="{cls}"{dash} marker-mid="url(#{prefix}-{change})" data-glyph="{GLYPHS[change][0]}" '
                f'data-transition="{escape(tid)}" data-change="{change}" '
                f'data-from="{escape(before)}" data-to="{escape(after)}"><title>{escape(line_title)}</title></path>')
        (drawn_last if mine else body).append(path)
    body += drawn_last  # the page's own transition on top
    line_items = [(f"change:{k}", *_change_sample(k, prefix), k) for k in kinds]
    groups = [("Lines:", line_items)]
    if highlight is not None:
        groups.append(("", [("highlight", *_line_sample("pb-svg-line pb-svg-highlight"), "this transition"),
                            ("faded", *_line_sample("pb-svg-line pb-svg-faded"), "the other transitions")]))
    box = lambda cls: lambda x, y: f'<rect x="{x:.1f}" y="{y - 8:.1f}" width="28" height="16" rx="3" class="{cls}"/>'
    box_items = [("box:present", 28, box("pb-svg-box"), "a role at that stage")]
    if layout["ghosts"]:
        box_items.append(("box:ghost", 28, box("pb-svg-box pb-svg-ghost"), "named by a transition, not otherwise there"))
    groups.append(("Boxes:", box_items))
    groups.append(("Shapes:", _shape_items(layout["macro_roles"])))
    legend, bottom = _legend(groups, layout["top"] + 4)
    body += legend
    desc = layout["desc"]
    title = "How roles split and merge as a company grows" + (f": {pb.transition(highlight).name}" if highlight else "")
    return _svg(_flow_width(len(pb.stages)), bottom + 4, title, desc, body, "flow", "img" if page_uri is None else "group")


def _flow_width(stages: int) -> float:
    """WIDTH, or wider for more than four stages (the figure scrolls then)."""
    return max(WIDTH, FLOW_LEFT * 2 + stages * FLOW_BOX_W + (stages - 1) * FLOW_GAP)


# ---------- trait profile ----------

PROFILE_LEFT, PROFILE_RIGHT, PROFILE_ROW, PROFILE_W = 180, 180, 50, WIDTH
PROFILE_TOP = 52  # under the legend row (the comparer draws its own there) and the scale's numbers
PROFILE_SHAPES = ("circle", "square", "triangle", "diamond", "circle")


def profile_x(pb: Playbook, position: int) -> float:
    span = PROFILE_W - PROFILE_LEFT - PROFILE_RIGHT
    return PROFILE_LEFT + span * (position - pb.scale.min) / (pb.scale.max - pb.scale.min)


def _profile_y(i: int, top: float = PROFILE_TOP) -> float:
    return top + PROFILE_ROW * i + 30


def profile_geometry(pb: Playbook) -> dict:
    """Where the trait profile puts each position and spectrum, for the comparer's browser code
    (which draws its own key in the empty row at the top)."""
    return {
        "x": {str(p): round(profile_x(pb, p), 1) for p in range(pb.scale.min, pb.scale.max + 1)},
        "y": {s.id: _profile_y(i) for i, s in enumerate(pb.spectra)},
        "shapes": list(PROFILE_SHAPES),
    }


def trait_profile(pb: Playbook, roles: list[Role]) -> Markup:
    """Each spectrum as a marked scale; one mark per role, a different shape for each. The
    roles' names, with their shapes, are the key at the top (on more rows if they need them)."""
    body = []
    x, y = 10.0, 18.0
    for k, role in enumerate(roles):
        lines, cut = wrap(role.name, 240, FONT, False, 1)
        item = 18 + text_width(lines[0], FONT)
        if x + item > PROFILE_W - 6 and x > 10:
            x, y = 10.0, y + 20
        body.append(f'<g data-key="{escape(role.id)}">' + marker(PROFILE_SHAPES[k], x + 6, y - 4, 6, f"pb-svg-role pb-svg-series-{k}")
                    + _text(x + 18, y, lines, "pb-svg-label", "start", FONT, role.name if cut else None) + "</g>")
        x += item + 24
    top = PROFILE_TOP + y - 18
    for p in range(pb.scale.min, pb.scale.max + 1):
        body.append(_text(profile_x(pb, p), top - 8, f"{p:+d}".replace("-", "\u2212") if p else "0",
                          "pb-svg-note", "middle", SMALL))
    for i, s in enumerate(pb.spectra):
        y = _profile_y(i, top)
        body.append(_pole(PROFILE_LEFT - 14, y, s.left.label, "end"))
        body.append(_pole(PROFILE_W - PROFILE_RIGHT + 14, y, s.right.label, "start"))
        name, cut = wrap(s.name, PROFILE_W - PROFILE_LEFT - PROFILE_RIGHT, SMALL, False, 1)
        body.append(_text(PROFILE_LEFT, y - 14, name, "pb-svg-note", "start", SMALL, s.name if cut else None))
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
    return _svg(PROFILE_W, top + PROFILE_ROW * len(pb.spectra) + 8, title, desc, body, "profile")


def _pole(x: float, y: float, label: str, anchor: str) -> str:
    """A pole's label beside its end of the scale, centred on the line, at most two lines."""
    lines, cut = wrap(label, PROFILE_LEFT - 24, FONT, False, 2)
    first = y - block_height(len(lines), FONT) / 2 + ASCENT * FONT
    return _text(x, first, lines, "pb-svg-label", anchor, FONT, label if cut else None)


# ---------- handoff swimlane ----------

LANE_LABEL_W = 120


def handoff_swimlane(pb: Playbook, handoff: Handoff) -> Markup:
    """Two lanes, the giving role above and the receiving role below, split at the yes."""
    giver, receiver = pb.role(handoff.from_role), pb.role(handoff.to_role)
    width = WIDTH
    split = LANE_LABEL_W + (width - LANE_LABEL_W) / 2
    column = split - LANE_LABEL_W - 24  # text width on each side of the yes
    step = LINE * FONT
    before = _lane_block("Before the yes: what the prospect needs", handoff.before, column)
    after = _lane_block("After the yes: what the customer needs", handoff.after, column)
    after += [([], False)] + _lane_block("What is predicted, tracked and reported", handoff.tracks, column)
    trigger, cut = wrap("The yes: " + handoff.trigger, column - 8, FONT, True, 4)
    giver_name, giver_cut = wrap(giver.name, LANE_LABEL_W - 16, FONT, True, 3)
    receiver_name, receiver_cut = wrap(receiver.name, LANE_LABEL_W - 16, FONT, True, 3)
    pad = 14
    giver_h = max(_count(before) * step, len(trigger) * step + 30, len(giver_name) * step) + 2 * pad
    receiver_h = max(_count(after) * step, len(receiver_name) * step) + 2 * pad
    top = 6
    body = []
    for role, y, h, name, cut_name in ((giver, top, giver_h, giver_name, giver_cut),
                                       (receiver, top + giver_h, receiver_h, receiver_name, receiver_cut)):
        body.append(f'<rect x="1" y="{y:.1f}" width="{width - 2}" height="{h:.1f}" class="pb-svg-lane" data-lane="{escape(role.id)}"/>')
        first = y + h / 2 - block_height(len(name), FONT) / 2 + ASCENT * FONT
        body.append(_text(LANE_LABEL_W / 2, first, name, "pb-svg-label pb-svg-strong", "middle", FONT, role.name if cut_name else None))
    body.append(f'<line x1="{LANE_LABEL_W}" y1="{top}" x2="{LANE_LABEL_W}" y2="{top + giver_h + receiver_h:.1f}" class="pb-svg-frame"/>')
    body += _lines_at(LANE_LABEL_W + 12, top + pad + ASCENT * FONT, before)
    body += _lines_at(split + 14, top + giver_h + pad + ASCENT * FONT, after)
    yes_y = top + giver_h
    bottom = yes_y + receiver_h
    body.append(f'<line x1="{split}" y1="{top}" x2="{split}" y2="{bottom:.1f}" class="pb-svg-conflict" data-trigger="yes"/>')
    body.append(marker("diamond", split, yes_y, 12, "pb-svg-role pb-svg-highlight", 'data-shape="diamond"'))
    trigger_y = yes_y - 22 - (len(trigger) - 1) * step - DESCENT * FONT
    body.append(_text(split + 14, trigger_y, trigger, "pb-svg-label pb-svg-strong", "start", FONT,
                      "The yes: " + handoff.trigger if cut else None))
    legend, y = _legend([("Key:", [
        ("shape:diamond", 26, lambda x, y: marker("diamond", x + 12, y, 8, "pb-svg-role pb-svg-highlight"), "the yes"),
        ("yes", *_line_sample("pb-svg-conflict", length=40), "the moment the work passes to the lane below"),
    ])], bottom + 6)
    body += legend
    desc = (f"Two lanes. {giver.name}, before the yes: " + "; ".join(handoff.before) + f". {handoff.trigger} "
            f"{receiver.name}, after the yes: " + "; ".join(handoff.after) + ". Tracked: " + "; ".join(handoff.tracks) + ".")
    return _svg(width, y + 4, f"Swimlane: {handoff.name}", desc, body, "swimlane")


def _lane_block(heading: str, items: Sequence[str], width: float) -> list[tuple[list[str], bool]]:
    """A heading and its bullets as (lines, is heading), wrapped to `width` px."""
    bullet = text_width("\u2022 ", FONT)
    return [(wrap(heading, width, FONT, True)[0], True)] + [(wrap(item, width - bullet, FONT)[0], False) for item in items]


def _count(block: Sequence[tuple[list[str], bool]]) -> int:
    return sum(max(1, len(lines)) for lines, _ in block)


def _lines_at(x: float, y: float, block: Sequence[tuple[list[str], bool]]) -> list[str]:
    """A column of text from baseline y: a heading in bold, then bullets whose later lines
    line up after the bullet; an empty entry leaves a line blank."""
    step = LINE * FONT
    bullet = text_width("\u2022 ", FONT)
    out = []
    for lines, heading in block:
        if heading:
            out.append(_text(x, y, lines, "pb-svg-label pb-svg-strong", "start", FONT))
        elif lines:
            out.append(_text(x, y, ["\u2022 " + lines[0], *lines[1:]], "pb-svg-label", "start", FONT, indent=bullet))
        y += step * max(1, len(lines))
    return out

