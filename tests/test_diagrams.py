"""The build-time pictures, read back from their SVG: each follows the data it is drawn
from, names itself, labels with real text, and keeps its categories apart without colour."""

from __future__ import annotations

import dataclasses
import math
import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT
from playbook.load import load_playbook
from playbook.model import Holding, Placement, RoleChange, Transition
from playbook.render import diagrams

NS = {"s": "http://www.w3.org/2000/svg"}
PB = load_playbook(ROOT / "playbook_data")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def shown_text(element: ET.Element) -> str:
    """What a <text> shows: its lines (tspans) joined by spaces, or its own text."""
    spans = element.findall("s:tspan", NS)
    return " ".join(span.text or "" for span in spans) if spans else (element.text or "")


def all_text(svg: ET.Element) -> str:
    """Every label and every <title> of a drawing (a label cut short keeps its full text there)."""
    texts = [shown_text(t) for t in svg.iter(f"{{{NS['s']}}}text")]
    titles = [t.text or "" for t in svg.iter(f"{{{NS['s']}}}title")]
    return re.sub(r"\s+", " ", " ".join(texts + titles))


def centre(element: ET.Element) -> tuple[float, float]:
    """The centre of a mark, whatever its shape."""
    tag = element.tag.split("}")[1]
    if tag == "circle":
        return float(element.get("cx")), float(element.get("cy"))
    if tag == "rect":
        return (float(element.get("x")) + float(element.get("width")) / 2,
                float(element.get("y")) + float(element.get("height")) / 2)
    points = [tuple(map(float, p.split(","))) for p in element.get("points").split()]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def with_role(pb, role_id: str, **changes):
    roles = tuple(dataclasses.replace(r, **changes) if r.id == role_id else r for r in pb.roles)
    return dataclasses.replace(pb, roles=roles)


def mark(svg: ET.Element, role_id: str, **attrs) -> ET.Element:
    found = [e for e in svg.iter() if e.get("data-role") == role_id and all(e.get(f"data-{k}") == v for k, v in attrs.items())]
    assert len(found) == 1, (role_id, attrs, len(found))
    return found[0]


# ---------- the pictures follow the data ----------

def test_map_moves_a_role_when_its_level_moves() -> None:
    role = PB.role("b2b-sales-executive")
    before = centre(mark(parse(diagrams.accountability_map(PB)), role.id))
    holdings = tuple(Holding(h.accountability, "none" if h.accountability == "hunting" else h.level, h.reason)
                     for h in role.holdings)
    after = centre(mark(parse(diagrams.accountability_map(with_role(PB, role.id, holdings=holdings))), role.id))
    assert after[0] < before[0] - 40, "without hunting (new customers, right) the mark moves left"
    holdings = tuple(Holding(h.accountability, "owns" if h.accountability == "servicing" else h.level, h.reason)
                     for h in role.holdings)
    lower = centre(mark(parse(diagrams.accountability_map(with_role(PB, role.id, holdings=holdings))), role.id))
    assert lower[1] > before[1] + 20, "owning servicing (reactive, below) pulls the mark down"


def test_map_highlights_the_role_of_its_page_and_draws_every_conflict() -> None:
    svg = parse(diagrams.accountability_map(PB, "sales-leader"))
    assert "pb-svg-highlight" in mark(svg, "sales-leader").get("class")
    assert "pb-svg-highlight" not in mark(svg, "sales-manager").get("class")
    assert {e.get("data-conflict") for e in svg.iter() if e.get("data-conflict")} == {c.id for c in PB.conflicts}


def test_flow_shows_a_role_added_to_a_stage_and_a_new_transition() -> None:
    svg = parse(diagrams.stage_flow(PB))
    assert not [e for e in svg.iter() if e.get("data-role") == "marketing-lead" and e.get("data-stage") == "first-delegation"]
    added = with_role(PB, "marketing-lead", stages=("first-delegation", "growing-sales-team", "mature-company"))
    box = mark(parse(diagrams.stage_flow(added)), "marketing-lead", stage="first-delegation")
    assert box.get("data-present") == "true"

    new = Transition(id="test-hand-over", name="Test", from_stage="one-person-business", to_stage="first-delegation",
                     triggers=("t",), warning_signs=("w",), decision="d",
                     role_changes=(RoleChange("delegate", ("owner-founder",), ("operations-lead",), "n"),),
                     risks=("r",), worksheets=("role-gravity",), sources=("one-man-band",))
    svg = parse(diagrams.stage_flow(dataclasses.replace(PB, transitions=PB.transitions + (new,))))
    flows = [e for e in svg.iter() if e.get("data-transition") == "test-hand-over"]
    assert [(f.get("data-from"), f.get("data-to"), f.get("data-change")) for f in flows] == [("owner-founder", "operations-lead", "delegate")]


def test_flow_draws_the_splits_and_the_merge_of_the_data() -> None:
    svg = parse(diagrams.stage_flow(PB, "converging-growth-leader"))
    merges = {(e.get("data-from"), e.get("data-to")) for e in svg.iter() if e.get("data-change") == "merge"}
    assert merges == {("sales-leader", "growth-leader"), ("sales-manager", "growth-leader")}
    splits = {(e.get("data-from"), e.get("data-to")) for e in svg.iter() if e.get("data-change") == "split"}
    assert {("owner-founder", "sales-leader"), ("owner-founder", "sales-manager")} <= splits
    faded = [e for e in svg.iter() if e.get("data-transition") and "pb-svg-faded" in e.get("class")]
    assert faded and all(e.get("data-transition") != "converging-growth-leader" for e in faded)


def test_profile_moves_a_mark_when_a_position_moves() -> None:
    role = PB.role("sales-leader")
    before = mark(parse(diagrams.trait_profile(PB, [role])), role.id, spectrum="breadth")
    placements = tuple(Placement(p.spectrum, 2 if p.spectrum == "breadth" else p.position, p.reason) for p in role.placements)
    moved = with_role(PB, role.id, placements=placements).role(role.id)
    after = mark(parse(diagrams.trait_profile(PB, [moved])), role.id, spectrum="breadth")
    assert after.get("data-position") == "2"
    assert centre(after)[0] == pytest.approx(diagrams.profile_x(PB, 2)) and centre(after)[0] > centre(before)[0]


def test_swimlane_follows_the_handoff() -> None:
    handoff = PB.handoff("prospect-to-customer")
    extra = dataclasses.replace(handoff, before=handoff.before + ("A reference call with a current customer.",))
    text = " ".join(shown_text(t) for t in parse(diagrams.handoff_swimlane(PB, extra)).iter(f"{{{NS['s']}}}text"))
    assert "A reference call with a current customer." in re.sub(r"\s+", " ", text)
    lanes = [e.get("data-lane") for e in parse(diagrams.handoff_swimlane(PB, handoff)).iter() if e.get("data-lane")]
    assert lanes == [handoff.from_role, handoff.to_role]


# ---------- titles, descriptions, real text; no colour needed ----------

def built_svgs(site: Path) -> list[tuple[str, ET.Element]]:
    found = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text("utf-8")
        for match in re.finditer(r"<svg class=\"pb-svg.*?</svg>", html, re.S):
            found.append((page.parent.relative_to(site).as_posix(), ET.fromstring(match.group(0))))
    return found


def test_every_picture_has_a_title_a_description_and_real_text_labels(built_site: Path) -> None:
    svgs = built_svgs(built_site)
    kinds = {svg.get("data-kind") for _, svg in svgs}
    assert kinds == {"map", "flow", "profile", "swimlane"}
    for where, svg in svgs:
        title, desc = svg.find("s:title", NS), svg.find("s:desc", NS)
        assert title is not None and title.text and desc is not None and desc.text, where
        labelled_by = svg.get("aria-labelledby").split()
        links = svg.findall(".//s:a", NS)
        assert labelled_by == [title.get("id"), desc.get("id")], where
        assert svg.get("role") == ("group" if links else "img"), f"{where}: links inside an img are hidden from screen readers"
        texts = " ".join(shown_text(t) for t in svg.iter(f"{{{NS['s']}}}text"))
        assert texts.strip(), where
    flow = next(svg for where, svg in svgs if svg.get("data-kind") == "flow")
    flow_text = all_text(flow)
    for stage in PB.stages:
        assert stage.name.split()[0] in flow_text
    for role_id in {r for c in diagrams.stage_columns(PB) for r, _ in c}:
        assert PB.role(role_id).name in flow_text


def test_categories_stay_apart_without_colour() -> None:
    """Macro-roles differ by shape, role changes by dash pattern, profile series by shape
    or fill lightness: greyscale printing and colour-blind readers lose nothing."""
    svg = parse(diagrams.accountability_map(PB))
    shape_of = {}
    for role in PB.roles:
        element = mark(svg, role.id)
        shape_of.setdefault(role.macro_role, set()).add((element.tag, element.get("data-shape")))
    assert all(len(shapes) == 1 for shapes in shape_of.values())
    assert len({next(iter(s)) for s in shape_of.values()}) == len(shape_of)
    assert len(set(diagrams.DASHES.values())) == len(diagrams.DASHES)
    flow = parse(diagrams.stage_flow(PB))
    dashes = {}
    for e in flow.iter():
        if e.get("data-change"):
            dashes.setdefault(e.get("data-change"), set()).add(e.get("stroke-dasharray"))
    assert all(len(v) == 1 for v in dashes.values()) and len({next(iter(v)) for v in dashes.values()}) == len(dashes)
    css = (ROOT / "docs" / "stylesheets" / "diagrams.css").read_text("utf-8")
    series = re.findall(r"\.pb-svg-series-(\d) \{([^}]*)\}", css)
    looks = {(diagrams.PROFILE_SHAPES[int(n)], rule.strip()) for n, rule in series}
    assert len(looks) == len(series) == len(diagrams.PROFILE_SHAPES)


# ---------- legible: sizes, room, legends and keys ----------

CONTENT_WIDTH = 688  # Material's content column at a 1280 px window (measured in Chromium)
# the width a drawing is printed at, in CSS px: measured in the PDFs Chromium prints of /stages/ (the same on A4
# and on Letter: the page's 14 mm margins, then the theme's own); a wider drawing is scaled down to it
PRINT_WIDTH = 664
SVG = f"{{{NS['s']}}}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"  # SVG links: see diagrams._XLINK


def every_drawing(pb=PB) -> list[tuple[str, ET.Element]]:
    """Each drawing the site shows, with each role, transition and handoff picked out, and a
    profile of five roles (the most the comparer overlays)."""
    out = [("map", parse(diagrams.accountability_map(pb))), ("flow", parse(diagrams.stage_flow(pb))),
           ("empty profile", parse(diagrams.trait_profile(pb, []))),
           ("profile of five", parse(diagrams.trait_profile(pb, list(pb.roles[-5:]))))]
    out += [(f"map: {r.id}", parse(diagrams.accountability_map(pb, r.id))) for r in pb.roles]
    out += [(f"profile: {r.id}", parse(diagrams.trait_profile(pb, [r]))) for r in pb.roles]
    out += [(f"flow: {t.id}", parse(diagrams.stage_flow(pb, t.id))) for t in pb.transitions]
    out += [(f"swimlane: {h.id}", parse(diagrams.handoff_swimlane(pb, h))) for h in pb.handoffs]
    return out


DRAWINGS = every_drawing()


def size(svg: ET.Element) -> tuple[float, float]:
    _, _, w, h = map(float, svg.get("viewBox").split())
    return w, h


def label_boxes(svg: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(text, box) of every label, from its position, anchor, size and lines, measured with
    the widths of the widest font the pages fall back to; turned labels turned with it."""
    out = []
    for t in svg.iter(f"{SVG}text"):
        spans = t.findall("s:tspan", NS)
        lines = [s.text or "" for s in spans] if spans else [t.text or ""]
        font = float(t.get("font-size"))
        bold = "pb-svg-strong" in t.get("class", "") or any(c in t.get("class", "") for c in ("quadrant", "axis-label", "number"))
        transform = t.get("transform")
        if transform:
            tx, ty = map(float, re.match(r"translate\(([-\d.]+) ([-\d.]+)\) rotate\(-90\)", transform).groups())
            x0, y0, x1, y1 = diagrams.text_box(0, 0, lines, font, bold, t.get("text-anchor"))
            box = (tx + y0, ty - x1, tx + y1, ty - x0)  # turned a quarter to the left about (tx, ty)
        else:
            box = diagrams.text_box(float(t.get("x")), float(t.get("y")), lines, font, bold, t.get("text-anchor"))
            indent = [float(s.get("x")) - float(t.get("x")) for s in spans[1:]]
            box = (box[0], box[1], box[2] + max(indent, default=0), box[3])
        out.append((" ".join(lines), box))
    return out


def size_problems(svg: ET.Element) -> list[str]:
    """A drawing keeps its natural size (the figure scrolls a wider one on a phone), fits the
    content column at 1280 px, and sets no label under 10 px on screen or on paper."""
    width, _ = size(svg)
    problems = []
    if svg.get("width") != f"{width:g}":
        problems.append(f"drawn {svg.get('width')} wide, not at its natural size of {width:g} px")
    if width > CONTENT_WIDTH:
        problems.append(f"{width:g} px wide, wider than the content column")
    for t in svg.iter(f"{SVG}text"):
        font = float(t.get("font-size") or 0)
        if min(font, font * PRINT_WIDTH / width) < 10:
            problems.append(f"{shown_text(t)!r} at {font:g} px, under 10 px on screen or on paper")
    return problems


def mark_boxes(svg: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(role, box) of every numbered mark, from its geometry."""
    out = []
    for e in svg.iter():
        if e.get("data-number") and e.get("data-role"):
            if e.tag == f"{SVG}circle":
                x, y, r = (float(e.get(a)) for a in ("cx", "cy", "r"))
                out.append((e.get("data-role"), (x - r, y - r, x + r, y + r)))
            elif e.tag == f"{SVG}rect":
                x, y, w, h = (float(e.get(a)) for a in ("x", "y", "width", "height"))
                out.append((e.get("data-role"), (x, y, x + w, y + h)))
            else:
                points = [tuple(map(float, p.split(","))) for p in e.get("points").split()]
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                out.append((e.get("data-role"), (min(xs), min(ys), max(xs), max(ys))))
    return out


def overlap_problems(svg: ET.Element) -> list[str]:
    """No label is cut off by the drawing's edge, overlaps another label, or lies on a
    numbered mark other than the number inside it."""
    width, height = size(svg)
    boxes = label_boxes(svg)
    problems = [f"{text!r} is cut off" for text, (x0, y0, x1, y1) in boxes
                if x0 < 0 or y0 < 0 or x1 > width or y1 > height]
    problems += [f"{text!r} overlaps {other!r}" for i, (text, a) in enumerate(boxes)
                 for other, b in boxes[i + 1:] if diagrams.overlaps(a, b)]
    for role, m in mark_boxes(svg):
        for text, b in boxes:
            inside = m[0] <= b[0] and b[2] <= m[2] and m[1] <= (b[1] + b[3]) / 2 <= m[3]  # the mark's number
            if diagrams.overlaps(m, b) and not inside:
                problems.append(f"{text!r} lies on the mark of {role}")
    return problems


def test_every_label_is_at_least_10_px_on_a_desktop_and_on_paper() -> None:
    for where, svg in DRAWINGS:
        assert not size_problems(svg), where


def test_no_label_overlaps_another_or_leaves_its_drawing() -> None:
    for where, svg in DRAWINGS:
        assert not overlap_problems(svg), where


def test_a_long_name_wraps_inside_its_box_or_is_shortened_with_its_full_name_in_a_title() -> None:
    long = "Chief Customer Experience and Revenue Operations Coordinator for the Northern Region"
    pb = with_role(PB, "customer-service-rep", name=long)
    svg = parse(diagrams.stage_flow(pb))
    assert long in all_text(svg)
    for where, drawing in [("long name", svg)] + [d for d in DRAWINGS if d[0].startswith("flow")]:
        labels = label_boxes(drawing)
        for box in drawing.iter(f"{SVG}rect"):
            if not box.get("data-role"):
                continue
            x, y = float(box.get("x")), float(box.get("y"))
            w, h = float(box.get("width")), float(box.get("height"))
            inside = [(text, b) for text, b in labels if x <= b[0] < x + w and y <= b[1] < y + h]
            assert len(inside) == 1, (where, box.get("data-role"), inside)
            text, (x0, y0, x1, y1) = inside[0]
            assert x1 <= x + w and y1 <= y + h, f"{where}: {text!r} runs out of its box"
    cut = [t for t in svg.iter(f"{SVG}text") if t.find("s:title", NS) is not None]
    boxes = [b for b in svg.iter(f"{SVG}rect") if b.get("data-role") == "customer-service-rep"]
    assert len(boxes) > 1 and [t.find("s:title", NS).text for t in cut] == [long] * len(boxes)
    assert all(shown_text(t).endswith("\u2026") for t in cut)


def test_flow_rows_cross_fewer_lines_than_the_alphabetical_order() -> None:
    """The crossings counted from the data for the drawn order (read back from the boxes'
    heights) are fewer than for each stage in alphabetical order, and are the crossings drawn."""
    alphabetical = [[rid for rid, _ in column] for column in diagrams.stage_columns(PB)]
    svg = parse(diagrams.stage_flow(PB))
    boxes = [e for e in svg.iter(f"{SVG}rect") if e.get("data-stage")]
    drawn = [[b.get("data-role") for b in sorted((b for b in boxes if b.get("data-stage") == s.id), key=lambda b: float(b.get("y")))]
             for s in PB.stages]
    assert sorted(map(sorted, drawn)) == sorted(map(sorted, alphabetical)), "the same roles, in another order"
    before, after = diagrams.flow_crossings(PB, alphabetical), diagrams.flow_crossings(PB, drawn)
    print(f"stage flow crossings: alphabetical {before}, drawn {after}")
    assert after < before
    ends = []
    for path in svg.iter(f"{SVG}path"):
        numbers = list(map(float, re.findall(r"[-\d.]+", path.get("d"))))
        ends.append((numbers[0], numbers[1], numbers[-2], numbers[-1]))
    crossing = sum(1 for i, a in enumerate(ends) for b in ends[i + 1:]
                   if (a[0], a[2]) == (b[0], b[2]) and (a[1] - b[1]) * (a[3] - b[3]) < 0)
    assert crossing == after, "the count is what the drawing shows"


def test_flow_crossings_counts_pairs_of_lines_whose_ends_come_in_opposite_orders() -> None:
    change = lambda before, after: RoleChange("split", (before,), (after,), "n")
    t = Transition(id="t", name="T", from_stage="one-person-business", to_stage="first-delegation", triggers=("t",),
                   warning_signs=("w",), decision="d", risks=("r",), worksheets=("role-gravity",), sources=("one-man-band",),
                   role_changes=(change("owner-founder", "bookkeeper"), change("order-acquisition", "virtual-assistant"),
                                 change("owner-founder", "virtual-assistant")))
    pb = dataclasses.replace(PB, transitions=(t,))
    left = ["order-acquisition", "owner-founder"]
    assert diagrams.flow_crossings(pb, [left, ["bookkeeper", "virtual-assistant"], [], []]) == 1
    assert diagrams.flow_crossings(pb, [left, ["virtual-assistant", "bookkeeper"], [], []]) == 0
    assert diagrams.flow_crossings(pb, [left[::-1], ["bookkeeper", "virtual-assistant"], [], []]) == 0
    assert diagrams.flow_order(pb) == diagrams.flow_order(dataclasses.replace(pb)), "deterministic"
    rows = diagrams.flow_order(pb)
    assert diagrams.flow_crossings(pb, [[r for r in rows if r in left], [r for r in rows if r in ("bookkeeper", "virtual-assistant")], [], []]) == 0


def styles_used(svg: ET.Element) -> dict[str, ET.Element]:
    """The legend entry each drawn mark or line needs, with one element that shows it."""
    legend = {id(e) for g in svg.iter() if g.get("data-legend") or g.get("data-key") for e in g.iter()}
    used = {}
    for e in svg.iter():
        if id(e) in legend:
            continue
        classes = e.get("class", "").split()
        if e.get("data-change"):
            used[f"change:{e.get('data-change')}"] = e
        if e.get("data-present"):
            used["box:present" if e.get("data-present") == "true" else "box:ghost"] = e
        if e.get("data-shape"):
            used[f"shape:{e.get('data-shape')}"] = e
        if e.get("data-conflict"):
            used["conflict"] = e
        if e.get("data-trigger"):
            used["yes"] = e
        if "pb-svg-highlight" in classes and e.get("data-role") or "pb-svg-highlight" in classes and e.get("data-change"):
            used["highlight"] = e
        if "pb-svg-faded" in classes:
            used["faded"] = e
    return used


def legend_problems(svg: ET.Element) -> list[str]:
    """Every line style, box and shape drawn has a drawn sample, with words, in the legend:
    the same shape, the same dash pattern."""
    samples = {g.get("data-legend"): g for g in svg.iter() if g.get("data-legend")}
    problems = []
    for key, example in styles_used(svg).items():
        if key not in samples:
            problems.append(f"nothing in the legend shows {key}")
            continue
        drawn = [e for e in samples[key] if e.tag != f"{SVG}text"]
        words = samples[key].find("s:text", NS)
        if len(drawn) != 1 or words is None or not shown_text(words).strip():
            problems.append(f"the legend's {key} is not one sample and its words")
            continue
        if key.startswith("shape:") and drawn[0].tag != example.tag:
            problems.append(f"the sample of {key} is another shape")
        if (key.startswith("change:") or key == "conflict") and (
                drawn[0].get("stroke-dasharray") != example.get("stroke-dasharray")
                or drawn[0].get("marker-mid") != example.get("marker-mid")
                or not set(drawn[0].get("class").split()) <= set(example.get("class").split())):
            problems.append(f"the sample of {key} is another line")
    return problems


def key_problems(svg: ET.Element, own: str | None = None) -> list[str]:
    """Every mark is named: a numbered mark has its number drawn inside it and a key entry
    with that number and the role's name; other marks, a key entry with the name; the page's
    own role (`own`) also has its name beside its mark."""
    keys = {(g.get("data-key"), g.get("data-number")): g for g in svg.iter() if g.get("data-key")}
    texts = list(svg.iter(f"{SVG}text"))
    problems = []
    for mark in (e for e in svg.iter() if e.get("data-role") and (e.get("data-shape") or e.get("data-spectrum"))):
        role = PB.role(mark.get("data-role"))
        number = mark.get("data-number")
        entry = keys.get((role.id, number))
        if entry is None or role.name not in all_text(entry) or (number and number not in all_text(entry)):
            problems.append(f"no key entry names {role.id}" + (f" as {number}" if number else ""))
        if number:
            x, y = centre(mark)
            inside = [t for t in texts if shown_text(t) == number
                      and abs(float(t.get("x")) - x) < 1 and abs(float(t.get("y")) - y) < 10]
            if len(inside) != 1:
                problems.append(f"the mark of {role.id} does not show its number {number}")
    if own is not None:
        label = [t for t in texts if t.get("data-label") == own]
        if len(label) != 1 or PB.role(own).name not in all_text(label[0]):
            problems.append(f"{own} is not named beside its mark")
    return problems


def test_every_line_style_box_and_shape_has_a_drawn_sample_in_the_legend() -> None:
    for where, svg in DRAWINGS:
        assert not legend_problems(svg), where
    flow = parse(diagrams.stage_flow(PB))
    assert "dashed" not in all_text(flow) and not re.search(r"\d-\d", all_text(flow)), "samples, not dash numbers"


def test_every_mark_is_named_on_the_drawing_or_in_its_key() -> None:
    for where, svg in DRAWINGS:
        assert not key_problems(svg, where.split(": ")[1] if where.startswith("map: ") else None), where


BROKEN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 300" width="100%" data-kind="flow">
<text x="10" y="20" font-size="12" text-anchor="start">Account Manager</text><text x="30" y="24" font-size="12" text-anchor="start">Operations Lead</text>
<text x="600" y="60" font-size="12" text-anchor="start">Cut off at the right edge</text>
<text x="10" y="100" font-size="9" text-anchor="start">Too small</text>
<path d="M0,0 C1,1 2,2 3,3" class="pb-svg-line" stroke-dasharray="8 4" data-change="split"/>
<g data-legend="change:merge"><line x1="0" y1="280" x2="9" y2="280" class="pb-svg-line"/><text x="12" y="284" font-size="11" text-anchor="start">merge</text></g>
<circle cx="100" cy="200" r="10" data-role="sales-leader" data-shape="circle" data-number="13"/>
<text x="106" y="190" font-size="12" text-anchor="start">Sales Leader</text>
<text x="100" y="204" font-size="11" text-anchor="middle">13</text></svg>"""


def test_each_check_fails_on_a_drawing_that_breaks_it() -> None:
    """Sizes, room, legend and key: each check names what is wrong in a drawing made to break it."""
    broken = parse(BROKEN)
    assert size_problems(broken) == ["drawn 100% wide, not at its natural size of 700 px",
                                     "700 px wide, wider than the content column",
                                     "'Too small' at 9 px, under 10 px on screen or on paper"]
    assert overlap_problems(broken) == ["'Cut off at the right edge' is cut off", "'Account Manager' overlaps 'Operations Lead'",
                                        "'Sales Leader' lies on the mark of sales-leader"]
    assert legend_problems(broken) == ["nothing in the legend shows change:split", "nothing in the legend shows shape:circle"]
    assert key_problems(broken, "sales-leader") == ["no key entry names sales-leader as 13", "sales-leader is not named beside its mark"]


def test_every_figure_scrolls_in_a_named_focusable_frame(built_site: Path) -> None:
    for page in sorted(built_site.rglob("index.html")):
        html = page.read_text("utf-8")
        for match in re.finditer(r"<svg class=\"pb-svg", html):
            frame = html.rfind("<div", 0, match.start())
            opening = html[frame:html.index(">", frame) + 1]
            title = re.search(r'<title id="[^"]+">([^<]+)</title>', html[match.start():]).group(1)
            attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', opening))
            assert attributes | {"class": "pb-scroll", "tabindex": "0", "role": "region",
                                 "aria-label": f"Diagram: {title}"} == attributes, (page, opening)


@pytest.mark.browser
def test_diagrams_in_a_browser_are_legible_apart_and_scroll_only_on_a_phone(server: str, browser) -> None:
    """Chromium's own measure: each label's size as rendered (font size times the drawing's
    scale), its box against every other label's, and whether the figure scrolls: at 1280 px,
    at 390 px, and laid out for print (at the width the drawings are printed at)."""
    pages = ["/stages/", f"/transitions/{PB.transitions[1].id}/", "/roles/sales-leader/", "/accountabilities/",
             f"/handoffs/{PB.handoffs[0].id}/"]
    measure = """() => [...document.querySelectorAll('svg.pb-svg')].map(svg => {
      const texts = [...svg.querySelectorAll('text')];
      const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * Math.hypot(svg.getScreenCTM().a, svg.getScreenCTM().b));
      const boxes = texts.map(t => t.getBoundingClientRect());
      const overlaps = [];
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left), y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 0.5 && y > 0.5) overlaps.push([texts[i].textContent, texts[i + 1 + j].textContent]);
      }));
      const frame = svg.closest('.pb-scroll');
      return {kind: svg.dataset.kind, least: Math.min(...sizes), overlaps,
              scrolls: frame.scrollWidth > frame.clientWidth + 1, focusable: frame.tabIndex === 0 && !!frame.getAttribute('aria-label')};
    })"""
    for mode, width in (("desktop", 1280), ("phone", 390), ("print", PRINT_WIDTH)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        if mode == "print":
            page.emulate_media(media="print")
        try:
            for path in pages:
                page.goto(server + path)
                found = page.evaluate(measure)
                assert found, (mode, path)
                for d in found:
                    print(mode, path, d["kind"], f"least label {d['least']:.1f} px", "scrolls" if d["scrolls"] else "")
                    assert d["least"] >= 10, (mode, path, d)
                    assert not d["overlaps"], (mode, path, d["overlaps"])
                    assert d["focusable"], (mode, path)
                    assert d["scrolls"] == (mode == "phone"), (mode, path, d)
        finally:
            page.close()


# ---------- told apart, linked, scrollable, clear ----------

def test_each_kind_of_role_change_has_its_own_dash_pattern_and_glyph() -> None:
    """Pairwise, any two kinds of change differ in dash pattern and in the glyph on their lines
    (and its drawing); every line and its legend sample carry the kind's glyph."""
    kinds = list(diagrams.DASHES)
    assert set(diagrams.GLYPHS) == set(kinds)
    for i, a in enumerate(kinds):
        for b in kinds[i + 1:]:
            assert diagrams.DASHES[a] != diagrams.DASHES[b], (a, b)
            assert diagrams.GLYPHS[a][0] != diagrams.GLYPHS[b][0] and diagrams.GLYPHS[a][1] != diagrams.GLYPHS[b][1], (a, b)
    for where, svg in [d for d in DRAWINGS if d[0].startswith("flow")]:
        markers = {m.get("id"): m for m in svg.iter(f"{SVG}marker")}
        for e in svg.iter(f"{SVG}path"):
            kind = e.get("data-change")
            if not kind:
                continue
            ref = re.fullmatch(r"url\(#([^)]+)\)", e.get("marker-mid") or "")
            assert ref and ref.group(1) in markers, (where, kind)
            glyph = [p for p in markers[ref.group(1)].iter(f"{SVG}path")]
            assert [p.get("d") for p in glyph] == [diagrams.GLYPHS[kind][1]], (where, kind)
            assert e.get("data-glyph") == diagrams.GLYPHS[kind][0], (where, kind)
            numbers = re.findall(r"[-\d.]+", e.get("d"))
            assert e.get("d").count("C") == 2 and len(numbers) == 14, "the middle is a vertex, where the glyph goes"
        for kind in {e.get("data-change") for e in svg.iter() if e.get("data-change")}:
            sample = next(g for g in svg.iter() if g.get("data-legend") == f"change:{kind}")
            assert sample.find("s:path", NS).get("data-glyph") == diagrams.GLYPHS[kind][0], (where, kind)


@pytest.mark.parametrize("page_uri, highlight", [("stages/index.md", None), ("transitions/x.md", "converging-growth-leader")])
def test_every_role_box_in_the_flow_is_a_named_link_to_its_role_page(page_uri: str, highlight: str | None) -> None:
    svg = parse(diagrams.stage_flow(PB, highlight, page_uri=page_uri))
    assert svg.get("role") == "group"
    linked = {}
    for a in svg.iter(f"{SVG}a"):
        for rect in (r for r in a.iter(f"{SVG}rect") if r.get("data-role")):
            linked[(rect.get("data-stage"), rect.get("data-role"))] = a
    boxes = [e for e in svg.iter(f"{SVG}rect") if e.get("data-role")]
    assert boxes and len(linked) == len(boxes), "every box is inside a link"
    page_url = page_uri.removesuffix("index.md") if page_uri.endswith("index.md") else page_uri.removesuffix(".md") + "/"
    ids = {r.id for r in PB.roles}
    for (stage, role), a in linked.items():
        href = a.get(XLINK_HREF)
        assert not href.startswith(("/", "http")), "relative, like the page's other links"
        target = posixpath.normpath(posixpath.join(page_url, href)) + "/"
        assert target == f"roles/{role}/" and role in ids, (href, target)
        assert a.get("aria-label") == PB.role(role).name, "named after the role, as its box reads"
    assert not parse(diagrams.stage_flow(PB)).findall(".//s:a", NS), "no page, no links"


def test_flow_links_reach_role_pages_of_the_built_site(built_site: Path) -> None:
    for page in ("stages", f"transitions/{PB.transitions[0].id}"):
        html = (built_site / page / "index.html").read_text("utf-8")
        svg = ET.fromstring(re.search(r"<svg class=\"pb-svg pb-svg-flow.*?</svg>", html, re.S).group(0))
        hrefs = [a.get(XLINK_HREF) for a in svg.iter(f"{SVG}a")]
        assert hrefs
        for href in hrefs:
            assert (built_site / page / href / "index.html").resolve().is_file(), (page, href)


def test_a_scroll_hint_shows_only_when_the_figure_is_narrower_than_its_drawing(built_site: Path) -> None:
    """Under every drawing a line says it scrolls; the style shows it only in a figure narrower
    than the drawing (a container query at the drawing's width), never on paper."""
    for page in sorted(built_site.rglob("index.html")):
        html = page.read_text("utf-8")
        for figure in re.findall(r'<figure class="pb-figure">.*?</figure>', html, re.S):
            hint = re.search(r'<p class="(pb-scroll-hint[^"]*)"[^>]*>([^<]+)</p>', figure)
            assert hint and "Scroll sideways" in hint.group(2), page
            width = float(re.search(r'<svg [^>]*width="([\d.]+)"', figure).group(1))
            assert ("pb-scroll-hint-wide" in hint.group(1)) == (width > diagrams.WIDTH), page
    css = (ROOT / "docs" / "stylesheets" / "diagrams.css").read_text("utf-8")
    assert re.search(r"\.pb-scroll-hint \{[^}]*display: none", css), "hidden by default (on a wide screen)"
    shown = re.search(r"@container \(max-width: ([\d.]+)px\) \{[^{]*\.pb-scroll-hint \{ display: block", css)
    assert shown and diagrams.WIDTH - 1 < float(shown.group(1)) < diagrams.WIDTH, "shown when the figure is narrower"
    assert CONTENT_WIDTH >= diagrams.WIDTH, "so at 1280 px it is hidden"
    printed = css[css.index("@media print"):]
    assert re.search(r"\.pb-scroll-hint \{ display: none", printed), "hidden on paper"


def drawn_reach(e: ET.Element) -> tuple[float, float, float]:
    """A mark's centre and how far its outline reaches from there, from its geometry."""
    x, y = centre(e)
    tag = e.tag.split("}")[1]
    if tag == "circle":
        return x, y, float(e.get("r"))
    if tag == "rect":
        return x, y, math.hypot(float(e.get("width")), float(e.get("height"))) / 2
    points = [tuple(map(float, p.split(","))) for p in e.get("points").split()]
    return x, y, max(math.hypot(px - x, py - y) for px, py in points)


def test_conflict_lines_pass_clear_of_every_mark_and_carry_their_label_beside_them() -> None:
    for where, svg in [d for d in DRAWINGS if d[0].startswith("map")]:
        lines = {e.get("data-conflict"): tuple(float(e.get(a)) for a in ("x1", "y1", "x2", "y2"))
                 for e in svg.iter(f"{SVG}line") if e.get("data-conflict")}
        assert lines, where
        for e in svg.iter():
            if e.get("data-number") and e.get("data-role"):
                x, y, reach = drawn_reach(e)
                for cid, line in lines.items():
                    gap = diagrams.segment_distance(x, y, *line) - reach
                    assert gap >= 2, f"{where}: the conflict line {cid} runs {gap:.1f} px from the mark of {e.get('data-role')}"
        labels = {t.get("data-conflict-label"): dict(label_boxes(ET.fromstring(f'<svg xmlns="{NS["s"]}">{ET.tostring(t, "unicode")}</svg>')))
                  for t in svg.iter(f"{SVG}text") if t.get("data-conflict-label")}
        assert set(labels) == set(lines), where
        for cid, found in labels.items():
            (x0, y0, x1, y1), = found.values()
            corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1), ((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1), (x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)]
            near = {other: min(diagrams.segment_distance(px, py, *line) for px, py in corners) for other, line in lines.items()}
            assert near[cid] <= 30, f"{where}: the label of {cid} is {near[cid]:.0f} px from its line"
            assert all(near[cid] < d for other, d in near.items() if other != cid), (where, cid, near)


def test_the_conflict_check_fails_on_a_line_through_a_mark() -> None:
    assert diagrams.segment_distance(100, 100, 100, 0, 100, 300) == 0
    assert diagrams.segment_distance(120, 100, 100, 0, 100, 300) == 20
    assert diagrams._conflict_route((100, 0), (100, 300), [(100, 150, 10)], (0, 0, 400, 400))[0] in (88.0, 112.0)
