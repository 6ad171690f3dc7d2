"""The build-time pictures, read back from their SVG: each follows the data it is drawn
from, names itself, labels with real text, and keeps its categories apart without colour."""

from __future__ import annotations

import dataclasses
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
    text = " ".join("".join(t.itertext()) for t in parse(diagrams.handoff_swimlane(PB, extra)).iter(f"{{{NS['s']}}}text"))
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
        assert labelled_by == [title.get("id"), desc.get("id")] and svg.get("role") == "img", where
        texts = " ".join("".join(t.itertext()) for t in svg.iter(f"{{{NS['s']}}}text"))
        assert texts.strip(), where
    flow = next(svg for where, svg in svgs if svg.get("data-kind") == "flow")
    flow_text = " ".join("".join(t.itertext()) for t in flow.iter(f"{{{NS['s']}}}text"))
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
