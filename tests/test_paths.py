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
