"""`*_md` fields: CommonMark rendered by markdown-it-py and cleaned by an allow-list; links
only to https addresses of other sites, refused by the check (`prose_link_problems`) and
dropped by the renderer and the cleaner if one gets through."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.render import escape
from playbook.render.escape import is_https_link, prose, prose_link_problems
from test_injection import PAYLOADS

GOOD_LINKS = [
    "https://example.org",
    "https://example.org/a/page?x=1&y=2#part",
    "HTTPS://Example.ORG/Page",
    "https://sub.example.co.uk:8443/x",
    "https://bücher.example/",  # becomes punycode
    "https://example.org/a%20b",
]
BAD_LINKS = {  # target -> the start of its message
    "http://x.example": "the link 'http://x.example' must be an https address (https://…)",
    "//host.example/p": "the link '//host.example/p' is not a full address",
    "/\\host.example": "the link '/\\host.example' is not a full address",
    "https:host.example": "the link 'https:host.example' is not a complete https address",
    "https:///x": "the link 'https:///x' is not a complete https address",
    "https://user@evil.example/": "the link 'https://user@evil.example/' is not a complete https address",
    "https://localhost/": "the link 'https://localhost/' is not a complete https address",
    "https://x\ufffd.example/": "the link 'https://x\ufffd.example/' is not a complete https address",  # IDNA refuses it
    "../roles/sales-leader/": "the link '../roles/sales-leader/' is not a full address",
    "#part": "the link '#part' is not a full address",
    "mailto:someone@example.org": "the link 'mailto:someone@example.org' is not allowed",
    "javascript:alert(1)": "the link 'javascript:alert(1)' is not allowed",
    "data:text/html,x": "the link 'data:text/html,x' is not allowed",
}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.anchors: list[dict] = []
        self.tags: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "a":
            self.anchors.append(dict(attrs))


def links(html: str) -> list[dict]:
    parser = Links()
    parser.feed(html)
    return parser.anchors


def test_prose_renders_the_allowed_markup_and_wraps_it_for_markdown() -> None:
    html = str(prose("A *b* **c** `d`  \nline.\n\n- one\n- two\n\n1. first\n\n> quoted\n\n[site](https://example.org)"))
    assert html.startswith('<div class="pb-prose">\n') and html.endswith("\n</div>")
    assert "\n\n" not in html  # Markdown leaves an HTML block alone only if no blank line splits it
    parser = Links()
    parser.feed(html)
    assert parser.tags == {"div", "p", "em", "strong", "code", "br", "ul", "ol", "li", "blockquote", "a"}
    assert links(html) == [{"href": "https://example.org", "rel": "noopener noreferrer"}]


def test_raw_html_and_other_markup_come_out_as_text() -> None:
    html = str(prose('# Heading\n\n<b onclick="x()">bold</b> ![pic](https://example.org/p.png)\n\n---\n\n    code'))
    assert "&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;" in html or '&lt;b onclick="x()"&gt;bold&lt;/b&gt;' in html
    assert not re.search(r"<(h1|img|hr|pre|b)\b", html)
    assert "Heading" in html and "code" in html


@pytest.mark.parametrize("target", GOOD_LINKS)
def test_an_https_link_to_another_site_is_kept_and_accepted(target: str) -> None:
    source = f"See [the page](<{target}>)."
    assert prose_link_problems(source) == []
    (anchor,) = links(str(prose(source)))
    assert is_https_link(anchor["href"]) and anchor["href"].lower().startswith("https://")


@pytest.mark.parametrize("target", sorted(BAD_LINKS))
def test_any_other_link_is_refused_by_the_check_and_dropped_by_the_renderer(target: str) -> None:
    for source in (f"See [the page](<{target}>).", f"See [the page][ref].\n\n[ref]: <{target}>\n", f"<{target}>"):
        problems = prose_link_problems(source)
        if source.startswith("<") and not re.match(r"[a-z][a-z0-9+.-]+:", target, re.I):
            continue  # <…> is an autolink only with a scheme; otherwise it is text
        assert len(problems) == 1 and problems[0].startswith(BAD_LINKS[target]), (source, problems)
        assert all("href" not in anchor for anchor in links(str(prose(source)))), source
        assert "<a" not in _rendered_before_cleaning(source), source  # the renderer alone drops it too


def _rendered_before_cleaning(source: str) -> str:
    return escape._MARKDOWN.renderer.render(escape._parsed(source)[0], escape._MARKDOWN.options, {})


def test_one_message_per_distinct_bad_target_and_images_refused() -> None:
    source = "[a](http://x.example) [b](http://x.example) [c](ftp://y.example)\n\n![pic](https://example.org/p.png)"
    assert prose_link_problems(source) == [
        "the link 'http://x.example' must be an https address (https://…)",
        "the link 'ftp://y.example' is not allowed: links in Markdown fields are https addresses (https://…)",
        "the image 'https://example.org/p.png' cannot be shown: Markdown fields hold text and links, not images",
    ]
    assert prose_link_problems("[empty]()") == [
        "a link has no address: write the https address of the page between the brackets, [text](https://…)"]
    long = "https:" + "x" * 200
    assert prose_link_problems(f"[a]({long})")[0].startswith(f"the link '{long[:80]}…' ")


def test_the_cleaner_drops_a_link_that_the_renderer_let_through() -> None:
    # the last of the three layers, on its own: nh3 with the same filter
    assert escape._https_href_only("a", "href", "http://x.example") is None
    assert escape._https_href_only("a", "href", "https://x.example/") == "https://x.example/"
    assert escape._https_href_only("a", "title", "anything") == "anything"


TARGET = st.lists(st.sampled_from([
    "https://", "http://", "HTTPS:", "//", "example.org", "x", ".", "/", "\\", "@", ":", "javascript:", "mailto:",
    " ", "&#58;", "%20", "#", "?q=1", "ü", "<", ">", "(", ")",
]), max_size=6).map("".join)
LINKISH = st.lists(st.one_of(
    st.sampled_from(["[", "]", "(", ")", "<", ">", "a", " ", "\n", "\\", "!", "`", "*"]),
    st.builds("[{}]({})".format, st.sampled_from(["a", "", "`c`", "[b]"]), TARGET),
    st.builds("<{}>".format, TARGET),
    st.builds("[r]\n\n[r]: {}\n".format, TARGET),
), max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(LINKISH)
def test_the_check_refuses_exactly_what_the_renderer_drops(source: str) -> None:
    anchors = links(str(prose(source)))
    assert all(is_https_link(a.get("href", "https://x.example")) for a in anchors)
    if not prose_link_problems(source):
        written = sum(token.type == "link_open" for block in escape._parsed(source)[0] for token in block.children or ())
        assert len(anchors) == written and all("href" in a for a in anchors)


def test_no_injection_payload_survives_prose() -> None:
    for payload in PAYLOADS:
        html = str(prose(f"Text {payload}"))
        parser = Links()
        parser.feed(html)
        assert parser.tags <= {"div", "p", "em", "strong", "code", "br", "ul", "ol", "li", "blockquote", "a"}, payload
        assert parser.handlers == [] and "<script" not in html, payload
        assert all(is_https_link(a.get("href", "https://x.example")) for a in parser.anchors), payload


def test_deep_nesting_renders_without_recursing_forever() -> None:
    # Python-Markdown raised RecursionError on this (a 20,000-character schema-valid value)
    for source in ("1. " * 6666, "> " * 10000, ">" * 20000, "- " * 10000, "[" * 20000):
        assert str(prose(source)).startswith('<div class="pb-prose">')
