"""Every concept of the domain brief (../shared/domain.md, sections 1 to 7) is in the data,
and every entry's page links to the entries related to it.

The lists below are the brief's concepts, written out once: the test fails when the data
drops one, not when it adds more."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from playbook import queries
from playbook.load import load_playbook
from playbook.model import Playbook


@pytest.fixture(scope="module")
def pb() -> Playbook:
    return load_playbook(ROOT / "playbook_data")


def words(*texts: str) -> str:
    return " ".join(texts).casefold()


# section 1: the two macro-roles, and the owner who starts with both
def test_two_macro_roles_and_the_owner_with_both_hats(pb: Playbook) -> None:
    assert pb.role("order-acquisition").macro_role == "order-acquisition"
    assert pb.role("order-fulfillment").macro_role == "order-fulfillment"
    owner = pb.role("owner-founder")
    assert owner.macro_role == "both"
    assert {h.to for h in owner.handoffs} >= {"order-acquisition", "order-fulfillment", "bookkeeper", "virtual-assistant"}
    fulfillment = words(*pb.role("order-fulfillment").owns)
    for duty in ("operations", "reporting", "people", "supplier", "complex customer"):
        assert duty in fulfillment, duty


REQUIRED_ROLES = (
    "owner-founder", "order-acquisition", "order-fulfillment", "sales-leader", "sales-manager",
    "growth-leader", "b2b-sales-executive", "account-manager", "inside-sales-rep",
    "customer-service-rep", "new-business-developer", "operations-lead", "marketing-lead",
    "bookkeeper", "virtual-assistant",
)


def test_the_roles_the_playbook_promises(pb: Playbook) -> None:
    ids = {r.id for r in pb.roles}
    assert len(ids) >= 12
    assert set(REQUIRED_ROLES) <= ids
    assert {r.id for r in pb.roles if r.macro_role == "support"} >= {"bookkeeper", "virtual-assistant"}


@pytest.mark.parametrize("accountability", ["servicing", "farming", "hunting", "sourcing"])
def test_a_role_specialised_on_each_accountability(pb: Playbook, accountability: str) -> None:
    """A role that owns this accountability and holds no other above 'supports'."""
    supports = pb.level("supports").rank
    specialists = [
        r for r in pb.roles
        if r.holding(accountability).level == "owns"
        and all(pb.level(h.level).rank <= supports for h in r.holdings if h.accountability != accountability)
    ]
    assert specialists, f"no role specialises in {accountability}"


# section 2: the trait spectra, both poles described, roles on both sides
SPECTRA = {
    "orientation": ("face", "backbone"),
    "place-of-work": ("territory", "desk"),
    "stance": ("front foot", "back foot"),
    "customer-focus": ("new", "existing"),
    "leadership-mode": ("inspires", "executes"),
    "work-style": ("relationships", "detail"),
    "breadth": ("generalist", "specialist"),
}


@pytest.mark.parametrize("spectrum_id", sorted(SPECTRA))
def test_each_spectrum_of_the_brief(pb: Playbook, spectrum_id: str) -> None:
    spectrum = pb.spectrum(spectrum_id)
    left, right = SPECTRA[spectrum_id]
    assert left in spectrum.left.label.casefold()
    assert right in spectrum.right.label.casefold()
    assert spectrum.left.description and spectrum.right.description and spectrum.mismatch
    positions = [r.placement(spectrum_id).position for r in pb.roles]
    assert min(positions) < 0 < max(positions), "roles should sit on both sides of the spectrum"


# section 3: the accountabilities, their axes, the level scale, conflicts, overload
AXES = {
    "servicing": ("existing", "reactive"),
    "farming": ("existing", "proactive"),
    "hunting": ("new", "proactive"),
    "sourcing": ("new", "reactive"),
}


def test_four_accountabilities_on_two_axes(pb: Playbook) -> None:
    assert {a.id: (a.customers, a.stance) for a in pb.accountabilities} == AXES
    assert "Trapping" in pb.accountability("sourcing").also_called


def test_level_scale_starts_at_none_and_defines_every_level(pb: Playbook) -> None:
    assert pb.levels[0].rank == 0 and "none" in pb.levels[0].name.casefold()
    assert [lv.id for lv in pb.levels] == ["none", "supports", "shares", "leads", "owns"]
    assert all(lv.definition for lv in pb.levels)


def test_the_three_conflicts_and_the_overload(pb: Playbook) -> None:
    pairs = {(frozenset(c.first), frozenset(c.second)) for c in pb.conflicts}
    assert (frozenset({"servicing"}), frozenset({"farming"})) in pairs
    assert (frozenset({"hunting"}), frozenset({"sourcing"})) in pairs
    assert (frozenset({"hunting", "sourcing"}), frozenset({"servicing", "farming"})) in pairs
    assert all(c.why and c.remedy for c in pb.conflicts)
    assert pb.overload.why and pb.overload.when_it_works


def test_holding_all_four_is_flagged_for_the_one_person_business(pb: Playbook) -> None:
    owner = pb.role("owner-founder")
    assert queries.holds_everything(pb, owner)
    assert len(queries.role_conflicts(pb, owner)) == len(pb.conflicts)
    # a well-designed sales executive does not carry all four
    assert not queries.holds_everything(pb, pb.role("b2b-sales-executive"))


# section 4: leadership, management and the Growth Leader
def test_leader_manager_and_growth_leader(pb: Playbook) -> None:
    def mode(role_id: str) -> int:
        return pb.role(role_id).placement("leadership-mode").position

    assert mode("sales-leader") < mode("growth-leader") < mode("sales-manager")
    assert "marketing" in words(*pb.role("sales-leader").owns, pb.role("sales-leader").purpose_md)
    assert {h.to for h in pb.role("sales-leader").handoffs} >= {"sales-manager", "marketing-lead"}
    growth = words(pb.role("growth-leader").purpose_md, *pb.role("growth-leader").missing_signs)
    assert "not every" in growth and "owner" in growth


# section 5: stages and transitions
def test_stages_form_a_chain_from_solo_to_convergence(pb: Playbook) -> None:
    stages = [s.id for s in pb.stages]
    assert len(stages) >= 4
    assert stages[0] == "one-person-business" and stages[-1] == "mature-company"
    links = {(t.from_stage, t.to_stage) for t in pb.transitions}
    assert set(zip(stages, stages[1:])) <= links, "every stage has a transition to the next"
    assert "vary" in pb.timelines_note


def test_transitions_carry_the_role_changes_of_the_brief(pb: Playbook) -> None:
    changes = [(c.change, set(c.before), set(c.after)) for t in pb.transitions for c in t.role_changes]
    assert any(ch == "delegate" and b == {"owner-founder"} for ch, b, _ in changes), "owner's first delegation"
    assert any(ch == "outsource" and {"bookkeeper", "virtual-assistant"} <= a for ch, _, a in changes)
    assert any(ch == "split" and a == {"sales-leader", "sales-manager"} for ch, _, a in changes), "leader/manager split"
    assert any(ch == "separate" and "operations-lead" in a for ch, _, a in changes), "operations leaves sales"
    assert any(ch == "merge" and b == {"sales-leader", "sales-manager"} and a == {"growth-leader"}
               for ch, b, a in changes), "convergence into a Growth Leader"
    for t in pb.transitions:
        assert t.triggers and t.warning_signs and t.decision and t.risks and t.worksheets


def test_the_delegation_economics_are_stated(pb: Playbook) -> None:
    text = words(*(a.why_it_hurts for a in pb.anti_patterns))
    for amount in ("$80", "$8,000", "$15", "$40"):
        assert amount in text


# section 6: the handoff from prospect to customer
def test_prospect_to_customer_handoff(pb: Playbook) -> None:
    handoff = pb.handoff("prospect-to-customer")
    assert pb.role(handoff.from_role).macro_role == "order-acquisition"
    assert pb.role(handoff.to_role).macro_role == "order-fulfillment"
    assert len(handoff.before) >= 2 and len(handoff.after) >= 4
    tracks = words(*handoff.tracks)
    for duty in ("how long", "progress", "problems", "details"):
        assert duty in tracks, duty
    assert len(handoff.why_separate) >= 5 and handoff.when_one_person_does_both
    assert "brokerage" in handoff.description_md


# anti-patterns named by the brief and the issue
ANTI_PATTERNS = ("one-man-band", "all-four-accountabilities", "partners-same-macro-role", "leader-promoted-to-manager")


def test_anti_patterns(pb: Playbook) -> None:
    ids = {a.id for a in pb.anti_patterns}
    assert set(ANTI_PATTERNS) <= ids
    by_id = {a.id: a for a in pb.anti_patterns}
    assert "b2b-sales-executive" in by_id["all-four-accountabilities"].roles
    assert "in" in by_id["one-man-band"].description_md and "**on**" in by_id["one-man-band"].description_md


# section 7: the seven worksheets
WORKSHEETS = ("role-gravity", "delegation-audit", "accountability-allocation", "leadership-vs-management",
              "handoff-checklist", "partner-fit", "role-charter")


def test_the_seven_worksheets(pb: Playbook) -> None:
    assert set(WORKSHEETS) <= {w.id for w in pb.worksheets}
    gravity = pb.worksheet("role-gravity")
    poles = {(f.toward.spectrum, f.toward.pole) for s in gravity.sections for f in s.fields
             if f.toward and f.toward.spectrum == "orientation"}
    assert poles == {("orientation", "left"), ("orientation", "right")}, "scored toward face and backbone"
    allocation = pb.worksheet("accountability-allocation")
    titles = {s.title.casefold() for s in allocation.sections}
    assert {"as is", "to be"} <= titles


# every entry links to related entries and names its sources, on the built site
class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _article_links(page: Path) -> list[str]:
    html = page.read_text("utf-8")
    article = html[html.index('<article'):html.index('</article>')]
    parser = _Links()
    parser.feed(article)
    return parser.hrefs


@pytest.mark.parametrize("family, related", [
    ("roles", ("roles", "traits", "accountabilities", "stages", "worksheets", "sources")),
    ("traits", ("roles", "worksheets", "sources")),
    ("accountabilities", ("roles", "traits", "worksheets", "sources")),
    ("stages", ("roles", "transitions", "worksheets", "sources")),
    ("handoffs", ("roles", "transitions", "sources")),
    ("anti-patterns", ("roles", "stages", "worksheets", "sources")),
])
def test_each_entry_page_links_to_its_related_entries(built_site: Path, pb: Playbook, family: str, related: tuple[str, ...]) -> None:
    ids = {
        "roles": [r.id for r in pb.roles], "traits": [s.id for s in pb.spectra],
        "accountabilities": [a.id for a in pb.accountabilities], "stages": [s.id for s in pb.stages],
        "handoffs": [h.id for h in pb.handoffs], "anti-patterns": [a.id for a in pb.anti_patterns],
    }[family]
    for entry in ids:
        here = f"{family}/{entry}/"
        hrefs = _article_links(built_site / here / "index.html")
        resolved = [posixpath.normpath(posixpath.join(here, h.split("#")[0])) for h in hrefs if "://" not in h]
        targets = {path.split("/")[0] for path in resolved if not path.startswith(here.rstrip("/"))}
        missing = set(related) - targets
        assert not missing, f"{family}/{entry} links to no {sorted(missing)}"


def test_the_key_to_the_accountability_map_is_a_numbered_list_of_every_role(built_site: Path, pb: Playbook) -> None:
    """The key was written as Markdown "1. ..." lines under a line of text, which Markdown ran
    into one paragraph; it is the list the map's numbered marks point to."""
    import re

    page = (built_site / "accountabilities" / "index.html").read_text("utf-8")
    key = re.search(r"<p>Key to the map:</p>\s*<ol>(.*?)</ol>", page, re.S)
    assert key, "the key to the map is not a list"
    items = re.findall(r"<li>\s*<a href=\"\.\./roles/([a-z0-9-]+)/\">", key.group(1))
    assert items == [role.id for role in pb.roles]
