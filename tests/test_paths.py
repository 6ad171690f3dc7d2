"""The link helper that replaced posixpath.relpath writes exactly what relpath writes."""

import posixpath
import sys
from pathlib import Path

from hypothesis import given, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))
from playbook.render.paths import relative  # noqa: E402

PART = st.sampled_from(["roles", "stages", "a", "b", "tools", "index.md", "x-y", "roles.md"])
PATH = st.lists(PART, max_size=4).map("/".join)


@given(PATH, st.one_of(PATH, st.just(".")))
def test_relative_is_relpath(target, start):
    expected = posixpath.relpath(target or ".", start or ".")
    assert relative(target, start) == expected


def test_examples():
    assert relative("roles/sales-leader", "tools/comparer") == "../../roles/sales-leader"
    assert relative("roles/x", "roles") == "x"
    assert relative("roles", "roles") == "."
    assert relative("my-company", "") == "my-company"


def test_page_url_links_directory_pages() -> None:
    from playbook.render.paths import page_url

    assert page_url("roles/sales-leader", "stages/index.md") == "../roles/sales-leader/"
    assert page_url("roles/sales-leader", "transitions/first-delegation.md") == "../../roles/sales-leader/"
    assert page_url("my-company", "tools/comparer.md") == "../../my-company/"
    assert page_url("roles/x", "roles/y.md") == "../x/"


def test_link_is_the_link_mkdocs_writes() -> None:
    from playbook.render.paths import link

    assert link("accountabilities/servicing.md", "roles/account-manager.md") == "../../accountabilities/servicing/"
    assert link("sources.md#breadth", "roles/x.md") == "../../sources/#breadth"
    assert link("stages/index.md", "roles/index.md") == "../stages/"
    assert link("roles/x.md", "roles/index.md") == "x/"
    assert link("index.md", "roles/x.md") == "../../"
    assert link("roles/x.md", "sources.md") == "../roles/x/"
    assert link("compare/levels.csv", "compare/index.md") == "levels.csv"
    assert link("pdf/a-a4.pdf", "worksheets/a.md") == "../../pdf/a-a4.pdf"
    assert link("accountabilities/index.md#too-far", "accountabilities/hunting.md") == "../#too-far"


def test_a_tool_island_is_that_of_its_page_alone(tmp_path) -> None:
    """The shared part of the tools' islands, encoded once per depth, gives each page the
    island it would have alone, and a new playbook gets new data."""
    import json

    from playbook import api
    from playbook.render import tools_data
    from playbook.synthetic import synthetic_data

    root = Path(__file__).resolve().parent.parent
    pb = api.load_playbook(root / "playbook_data")
    pages = ["worksheets/role-gravity.md", "my-company/index.md", "tools/comparer.md", "tools/delegation.md"]
    for page in pages + pages[::-1]:
        shared = tools_data.tool_island(pb, page)
        tools_data._SHARED_ISLAND.clear()
        assert json.loads(_attribute(shared)) == json.loads(_attribute(tools_data.json_island("pb-data", tools_data.tool_data(pb, page))))
        assert shared == tools_data.tool_island(pb, page)
    bigger = api.load_playbook(synthetic_data(root / "playbook_data", tmp_path / "data", 20))
    assert len(json.loads(_attribute(tools_data.tool_island(bigger, pages[2])))["roles"]) == 20


def test_a_tool_island_after_an_edit_has_the_new_role_and_keeps_the_others(tmp_path) -> None:
    """Each role's entry is encoded once and kept while the role is the same: after a summary
    edit the island holds the new summary, and every entry matches the role it is made from."""
    import dataclasses
    import json

    from playbook import api
    from playbook.render import tools_data

    root = Path(__file__).resolve().parent.parent
    pb = api.load_playbook(root / "playbook_data")
    page = "tools/comparer.md"
    tools_data.tool_island(pb, page)
    edited = dataclasses.replace(pb.roles[1], summary="An edited summary, with \"quotes\" & <marks>.")
    pb2 = dataclasses.replace(pb, roles=(pb.roles[0], edited, *pb.roles[2:]))
    after = json.loads(_attribute(tools_data.tool_island(pb2, page)))
    assert [r["summary"] for r in after["roles"]] == [r.summary for r in pb2.roles]
    tools_data._SHARED_ISLAND.clear()
    tools_data._ROLE_ENTRIES.clear()
    assert after == json.loads(_attribute(tools_data.tool_island(pb2, page)))


def _attribute(island) -> str:
    import html

    return html.unescape(str(island).split('data-json="', 1)[1].rsplit('"', 1)[0])
