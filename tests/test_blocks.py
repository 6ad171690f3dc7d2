"""Finished HTML blocks go to Markdown as twins (playbook/blocks.py, issue 17): each twin
reads, to Material's search parser and to MkDocs' anchor collector, exactly as its block
does, and the block comes back unchanged into the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser
from mkdocs.structure.pages import _HTMLHandler

from conftest import ROOT
from playbook import api, blocks
from playbook.synthetic import synthetic_data

HAND_MADE = [
    # an excluded element holding one of the same name: Material's parser stops skipping at
    # the first closing tag of that name, and so does the twin
    '<form class="pb-sheet">\n<p id="x" class="y">Hello <a name="n1">there</a></p><div data-search-exclude>'
    '<div>no</div>gone</div><span title="a>b">after</span>\n<ul><li>one</li> <li>two</li></ul>\n</form>',
    '<form class="pb-sheet">\n<p id="x">Hi</p><script>var a = "<b>";</script><h2 class="t">Title</h2> '
    '<input name="q" id="q1"> <a name="top"></a>\n</form>',
    '<figure class="pb-figure"><div class="pb-scroll" data-search-exclude><svg><text>x</text></svg></div>'
    '<figcaption>Cap &amp; more</figcaption></figure>',
    '<div id="pb-data" class="pb-data" hidden data-json="{&#34;a&#34;: 1}"></div>',
]


def _index(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, "".join(section.title), "".join(section.text)) for section in parser.data]


def _anchors(html: str) -> set[str]:
    handler = _HTMLHandler()
    handler.feed(html)
    handler.close()
    return handler.present_anchor_ids


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = synthetic_data(ROOT / "tests" / "golden" / "data", tmp_path_factory.mktemp("blocks") / "data", 45,
                          ROOT / "playbook_data" / "schema")
    return {uri: text for uri, text in api.build_pages(data).items() if uri.endswith(".md")}


def test_every_twin_indexes_and_anchors_as_its_block(pages: dict[str, str]) -> None:
    blocks_seen = 0
    for uri, markdown in pages.items():
        stashed, kept = blocks.stash(markdown)
        assert blocks.restore(stashed, kept) == markdown, uri
        stubbed, also = blocks.stash_stubbed(markdown)
        assert also == kept and blocks.unstubbed(stubbed, kept) == stashed, uri
        for twin, block in kept.items():
            blocks_seen += 1
            for before in ("", '<h2 id="section">Section</h2>\n'):  # in a page's first section, and after a heading
                assert _index(before + twin) == _index(before + block), f"{uri}: {twin[:120]}"
            assert _anchors(twin) == _anchors(block) == _anchors(blocks.stub(twin)), uri
    kinds = "".join(block[:30] for markdown in pages.values() for block in blocks.stash(markdown)[1].values())
    assert blocks_seen > 100 and all(kind in kinds for kind in ("<figure", "<form", 'id="pb-data"', "<table>", "<ul>"))


def test_markdown_gets_a_stub_of_each_block() -> None:
    """What Markdown parses of a block is one element with its anchors: a role page's tables
    and lists as twins cost Markdown's HTML parser 5 ms a page."""
    block = '<ul><li id="a">One <a href="x/">x</a></li><li>Two</li></ul>'
    stubbed, kept = blocks.stash_stubbed(f"## Head\n\n{block}\n\nText\n")
    (twin, _), = kept.items()
    assert stubbed == f'## Head\n\n{twin[:twin.index(">") + 1]}<i id="a"></i></div>\n\nText\n'
    with pytest.raises(ValueError, match="did not come through Markdown unchanged"):
        blocks.unstubbed("<p>stub lost</p>", kept)


@pytest.mark.parametrize("block", HAND_MADE)
def test_a_hand_made_block_and_its_twin_read_alike(block: str) -> None:
    stashed, kept = blocks.stash(f"Text before.\n\n{block}\n\nText after.\n")
    (twin, original), = kept.items()
    assert original == block and twin in stashed and "\n" not in twin
    for before in ("", '<h2 id="section">Section</h2>\n'):
        assert _index(before + twin) == _index(before + block)
    assert _anchors(twin) == _anchors(block)


def test_blocks_that_markdown_reads_stay_in_the_markdown() -> None:
    for block in ('<form class="pb-sheet">\n<div markdown>*a*</div>\n</form>',
                  '<form class="pb-sheet">\n<p>a</p>\n\n<p>b</p>\n</form>',
                  '<form class="pb-sheet">\n<pre>  kept\n</pre>\n</form>'):
        assert blocks.stash(block + "\n") == (block + "\n", {})


def test_a_twin_that_markdown_changed_stops_the_page() -> None:
    stashed, kept = blocks.stash(HAND_MADE[2] + "\n")
    with pytest.raises(ValueError, match="did not come through Markdown unchanged"):
        blocks.restore(stashed.replace("Cap", "Cup"), kept)


def test_a_changed_block_changes_its_twin() -> None:
    """Under `mkdocs serve --dirty` a page is converted again only if its Markdown changed."""
    before, _ = blocks.stash(HAND_MADE[3] + "\n")
    after, _ = blocks.stash(HAND_MADE[3].replace("1}", "2}") + "\n")
    assert before != after


def test_a_data_island_is_stashed_whatever_its_json_says() -> None:
    """An island's JSON may quote a summary that mentions " markdown" or "<pre" (escaped): it is
    still one attribute without text, stashed, and its twin is that of an empty island (reading
    the megabyte of JSON again for the twin took most of a summary edit's rebuild at 1,000 roles)."""
    from playbook.render.tools_data import json_island

    island = str(json_island("pb-data", {"summary": 'Write it in markdown, or <pre> "quoted" & more'}))
    assert "<pre" not in island and '"quoted' not in island and " markdown" in island
    stashed, kept = blocks.stash(f"Before\n\n{island}\n\nAfter\n")
    assert list(kept.values()) == [island]
    empty, _ = blocks.stash(f"Before\n\n{json_island('pb-data', {})}\n\nAfter\n")
    strip = lambda text: text.split('data-block="')[0] + text.split('data-block="')[1].split('"', 1)[1]  # noqa: E731
    assert strip(stashed) == strip(empty)
    other, _ = blocks.stash(f"Before\n\n{json_island('pb-data', {'summary': 'Other'})}\n\nAfter\n")
    assert other != stashed, "a changed island changes its twin (its digest): serve --dirty converts the page again"
    assert blocks.restore(blocks.restore(stashed, kept), {}) == f"Before\n\n{island}\n\nAfter\n"


def test_a_block_met_again_takes_what_its_twin_is_made_of_from_the_last_time() -> None:
    """Under serve, a rebuilt page's unchanged drawings and tables are not read again, and the
    page comes out as a fresh stash would give it; a changed block is read."""
    page = "\n\n".join(HAND_MADE) + "\n"
    known: dict[str, tuple[str, str]] = {}
    first = blocks.stash_stubbed(page, known)
    assert first == blocks.stash_stubbed(page) and len(known) == len(first[1])
    known = {block: (digest, "reused") for block, (digest, _) in known.items()}
    changed = page.replace("1}", "2}")
    again = blocks.stash_stubbed(changed, known)
    reused = [twin for twin in again[1] if "reused" in twin]
    assert len(reused) == len(again[1]) - 1  # every block but the changed one
    fresh = blocks.stash_stubbed(changed)
    assert [again[1][t] for t in again[1]] == [fresh[1][t] for t in fresh[1]]
