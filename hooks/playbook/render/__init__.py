"""Render the model into Markdown pages: {page uri: markdown}, one template per page family."""

from __future__ import annotations

import json
import re
import posixpath
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from playbook import queries
from playbook.incremental import BuildCache, kept_for
from playbook.export import SCHEMA_VERSION
from playbook.project import REPOSITORY
from playbook.model import Playbook, Role
from playbook.render.escape import anchor, front_matter, html_text, html_value, markdown_text, prose, signed
from playbook.render import diagrams
from playbook.render.paths import link, relative
from playbook.render.html_blocks import fold_blocks
from playbook.render.sheet import charter_sheet, papers, worksheet_sheet
from playbook.render.tools_data import (comparison_tables, csv_text, json_island, levels_data, role_holders_by_pole,
                                        tool_island)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


MACRO_ROLE_NAMES = {
    "order-acquisition": "Order Acquisition",
    "order-fulfillment": "Order Fulfillment",
    "both": "Both",
    "support": "Delegated help",
}

# (page, title, tool name the browser code looks for)
TOOLS = (
    ("my-company/index.md", "My company", "workspace"),
    ("tools/comparer.md", "Role comparer", "comparer"),
    ("tools/role-gravity.md", "Role gravity self-assessment", "gravity"),
    ("tools/delegation.md", "Delegation calculator", "delegation"),
    ("tools/allocation.md", "Accountability allocation builder", "allocation"),
)


# worksheets that a browser tool fills in: (tool page, tool name)
WORKSHEET_TOOLS = {
    "role-gravity": ("tools/role-gravity.md", "role gravity self-assessment"),
    "delegation-audit": ("tools/delegation.md", "delegation calculator"),
    "accountability-allocation": ("tools/allocation.md", "accountability allocation builder"),
}

PAPERS = (("A4", "a4"), ("US Letter", "letter"))

# A role's own page is the answer to a search for its name: without this, the role's
# charter, or a transition named after it, comes first (tests/test_search.py).
ROLE_PAGE_SEARCH_BOOST = 2


class Later:
    """A value of a page's context computed only if the page is rendered (not reused)."""

    def __init__(self, compute: Callable[..., Any], *args: Any):
        self.compute, self.args = compute, args

    def __call__(self) -> Any:
        return self.compute(*self.args)


class RenderError(Exception):
    """A template failed; the message names the template and line."""


def render_pages(playbook: Playbook, site_url: str = "", pdfs: frozenset[str] = frozenset(),
                 diagrams_on: bool = True, schemas: dict[str, str] | None = None,
                 cache: BuildCache | None = None) -> dict[str, str]:
    """Every generated page, keyed by its path under docs/ (e.g. 'roles/sales-leader.md').

    `site_url` goes into the footer of printed worksheets; `pdfs` names the PDF files
    (e.g. 'pdf/role-gravity-a4.pdf') that exist, so that pages link only to those.
    `diagrams_on=False` leaves the pictures out (the benchmark measures what they cost);
    `schemas` (file name -> JSON text) are listed on the data page. With a `cache` (under
    `mkdocs serve`), a page whose inputs did not change since the last build is reused."""
    envs = {"md": _environment(diagrams_on), "html": _html_environment(diagrams_on)}
    pages: dict[str, str] = {}
    reuse = cache.start(playbook, site_url, pdfs, diagrams_on, tuple(sorted((schemas or {}).items()))) if cache else None
    fragments = cache.fragments if cache else {}
    for uri, title, template, context in _page_plan(playbook, site_url, pdfs, schemas or {}):
        kept = reuse.page(uri) if reuse else None
        if kept is not None:
            pages[uri] = kept
            continue
        try:
            diagrams.reset_ids()
            context = {key: value() if isinstance(value, Later) else value for key, value in context.items()}
            mode = "html" if template.endswith(".html.j2") else "md"
            body = envs[mode].get_template(template).render(page_uri=uri, pb=playbook, q=queries, fragments=fragments,
                                                              **context)
            if mode == "html":
                body = fold_blocks(body)
            hide = ("toc",) if uri.startswith(("tools/", "compare/", "my-company/")) else ()  # tools need the width
            boost = ROLE_PAGE_SEARCH_BOOST if uri.startswith("roles/") and uri != "roles/index.md" else None
            pages[uri] = f"{front_matter(title, hide, boost)}# {markdown_text(title)}\n\n{body}{_edit_line(uri)}"
            if reuse:
                reuse.keep(uri, pages[uri])
        except jinja2.TemplateError as error:
            raise RenderError(f"{_template_line(error, template)}: {error} (while rendering {uri})") from error
    kept = {uri: reuse.page(uri) for uri in reuse.cache.pages if uri.endswith(".csv")} if reuse else {}
    if kept and None not in kept.values():
        pages.update(kept)
    else:
        for name, (header, rows) in comparison_tables(playbook).items():
            pages[f"compare/{name}.csv"] = csv_text(header, rows)
            if reuse:
                reuse.keep(f"compare/{name}.csv", pages[f"compare/{name}.csv"])
    return dict(sorted(pages.items()))


def _page_plan(pb: Playbook, site_url: str, pdfs: frozenset[str],
               schemas: dict[str, str]) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """(uri, title, template, context) for every generated page. The title is the page's
    only heading of level 1: render_pages writes it, the templates start below it."""
    yield "roles/index.md", "Roles", "roles_index.html.j2", {}
    for role in pb.roles:
        yield f"roles/{role.id}.md", role.name, "role.html.j2", {"role": role}
    yield "traits/index.md", "Traits", "traits_index.html.j2", {}
    for spectrum in pb.spectra:
        yield f"traits/{spectrum.id}.md", spectrum.name, "trait.html.j2", {"spectrum": spectrum}
    yield "accountabilities/index.md", "Accountabilities", "accountabilities_index.html.j2", {}
    for accountability in pb.accountabilities:
        yield (f"accountabilities/{accountability.id}.md", accountability.name, "accountability.html.j2",
               {"accountability": accountability})
    yield "stages/index.md", "Stages of growth", "stages_index.html.j2", {}
    for stage in pb.stages:
        yield f"stages/{stage.id}.md", stage.name, "stage.html.j2", {"stage": stage}
    for transition in pb.transitions:
        yield f"transitions/{transition.id}.md", transition.name, "transition.md.j2", {"transition": transition}
    yield "handoffs/index.md", "Handoffs", "handoffs_index.md.j2", {}
    for handoff in pb.handoffs:
        yield f"handoffs/{handoff.id}.md", handoff.name, "handoff.md.j2", {"handoff": handoff}
    yield "anti-patterns/index.md", "Anti-patterns", "anti_patterns_index.md.j2", {}
    for anti_pattern in pb.anti_patterns:
        yield (f"anti-patterns/{anti_pattern.id}.md", anti_pattern.name, "anti_pattern.md.j2",
               {"anti_pattern": anti_pattern})
    yield "worksheets/index.md", "Worksheets", "worksheets_index.md.j2", {
        "pack": [(paper, f"pdf/facilitator-pack-{size}.pdf") for paper, size in PAPERS
                 if f"pdf/facilitator-pack-{size}.pdf" in pdfs]}
    for worksheet in pb.worksheets:
        footer = f"{worksheet.name} · version {worksheet.version} · {site_url}worksheets/{worksheet.id}/"
        tool = WORKSHEET_TOOLS.get(worksheet.id)
        yield f"worksheets/{worksheet.id}.md", worksheet.name, "worksheet.md.j2", {
            "worksheet": worksheet, "sheet": Later(worksheet_sheet, pb, worksheet, footer), "papers": papers(worksheet),
            "tool_page": tool[0] if tool else None, "tool_name": tool[1] if tool else None,
            "island": Later(_island, pb, f"worksheets/{worksheet.id}.md") if tool else None,
            "pdfs": [(paper, f"pdf/{worksheet.id}-{size}.pdf") for paper, size in (*PAPERS, ("A3 wall copy", "a3"))
                     if f"pdf/{worksheet.id}-{size}.pdf" in pdfs],
        }
    if any(w.id == "role-charter" for w in pb.worksheets):
        charter = pb.worksheet("role-charter")
        for role in pb.roles:
            footer = f"{charter.name}: {role.name} · version {charter.version} · {site_url}charters/{role.id}/"
            yield f"charters/{role.id}.md", f"Role charter: {role.name}", "charter.html.j2", {
                "role": role, "sheet": Later(charter_sheet, pb, role, footer)}
    yield "handouts/levels-and-conflicts.md", "Handout: levels and conflicts", "handout_levels_conflicts.md.j2", {
        "footer": f"Levels and conflicts · {site_url}handouts/levels-and-conflicts/",
        "pdfs": [(paper, f"pdf/handout-levels-and-conflicts-{size}.pdf") for paper, size in PAPERS
                 if f"pdf/handout-levels-and-conflicts-{size}.pdf" in pdfs]}
    yield "sources.md", "Sources", "sources.md.j2", {"cited_by": Later(queries.citations, pb)}
    yield "compare/index.md", "Compare roles", "compare.html.j2", {
        "macro_names": MACRO_ROLE_NAMES, "poles": Later(role_holders_by_pole, pb),
        "island": Later(_levels_island, pb)}
    yield "tools/index.md", "Tools", "tools_index.md.j2", {}
    for uri, title, tool in TOOLS:
        yield uri, title, "tool.md.j2", {"tool": tool, "island": Later(_island, pb, uri)}
    yield "data/index.md", "Data downloads", "data.md.j2", {
        "tables": Later(_table_names, pb), "schema_version": SCHEMA_VERSION,
        "schemas": [(name, *_schema_title(text)) for name, text in sorted(schemas.items())]}


def _table_names(pb: Playbook) -> list[str]:
    return list(comparison_tables(pb))


def _island(pb: Playbook, uri: str) -> Markup:
    return tool_island(pb, uri)


def _levels_island(pb: Playbook) -> Markup:
    return json_island("pb-data", levels_data(pb))


def _schema_title(text: str) -> tuple[str, str]:
    """A schema's title and description, for the data page."""
    schema = json.loads(text)
    return schema.get("title", ""), schema.get("description", "")


# The data file each family of pages is built from, for the "suggest a change" line
DATA_FILES = (
    ("roles/", "roles/{id}.yml"), ("charters/", "roles/{id}.yml"), ("traits/", "traits.yml"),
    ("accountabilities/", "accountabilities.yml"), ("stages/", "stages.yml"), ("transitions/", "stages.yml"),
    ("handoffs/", "handoffs.yml"), ("anti-patterns/", "anti_patterns.yml"), ("worksheets/", "worksheets/{id}.yml"),
    ("handouts/", "accountabilities.yml"), ("sources.md", "sources.yml"),
)


def data_file(uri: str) -> str | None:
    """The file under playbook_data/ a page is built from ('roles/x.md' -> 'roles/x.yml'), if any."""
    page_id = posixpath.splitext(posixpath.basename(uri))[0]
    for prefix, pattern in DATA_FILES:
        if uri.startswith(prefix):
            if page_id == "index" and "{id}" in pattern:
                return None  # an overview of a folder of files
            return pattern.format(id=page_id)
    return None


def _edit_line(uri: str) -> str:
    """A closing line naming the page's data file, with a link to edit it on GitHub."""
    path = data_file(uri)
    if path is None:
        return ""
    edit = f"{REPOSITORY}/edit/main/playbook_data/{path}"
    return (f'\n<p class="pb-edit">This page is built from <code>playbook_data/{path}</code>. '
            f'<a href="{edit}">Suggest a change on GitHub</a> · <a href="{link("contribute.md", uri)}">How to contribute</a></p>\n')


def _template_line(error: Exception, template: str) -> str:
    """'file.md.j2:LINE' of the innermost template frame Jinja left in the traceback."""
    where = f"{template}:{getattr(error, 'lineno', None) or '?'}"
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            where = f"{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _environment(diagrams_on: bool = True) -> jinja2.Environment:
    """For the templates named *.md.j2, whose output is Markdown: `finalize` escapes every
    printed value with backslashes (no autoescape), `url` gives the Markdown link MkDocs rewrites."""
    env = _base_environment(diagrams_on, autoescape=False, finalize=markdown_text)
    env.globals["url"] = _url
    env.globals["worksheet_link"] = _worksheet_link
    return env


def _html_environment(diagrams_on: bool = True) -> jinja2.Environment:
    """For the templates named *.html.j2, whose pages are finished HTML blocks under Markdown
    headings (the headings make the table of contents): values are HTML-escaped
    (`html_value`), links are the links MkDocs would write (`url`), a heading prints a value
    with the `md` filter. fold_blocks puts each block on one line, which the MkDocs adapter
    keeps out of Markdown (playbook/blocks.py)."""
    env = _base_environment(diagrams_on, autoescape=True, finalize=html_value)
    env.globals["per_role"] = _per_role
    env.filters["md"] = lambda value: Markup(markdown_text(value))
    env.globals["url"] = _html_url
    env.globals["worksheet_link"] = _html_worksheet_link
    return env


def _base_environment(diagrams_on: bool, autoescape: bool, finalize: Callable[[Any], Any]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # compiled templates kept in the temp folder, checked against the source on every
        # load: a rebuild under `mkdocs serve` skips compiling what did not change
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["prose"] = prose
    env.filters["anchor"] = anchor
    env.globals["track"] = _track
    env.globals["figure"] = _figure if diagrams_on else (lambda svg, caption="": Markup(""))
    env.globals["diagrams"] = diagrams
    env.globals["signed"] = lambda n: Markup(signed(n))
    return env


@jinja2.pass_context
def _per_role(context: jinja2.runtime.Context, macro: jinja2.runtime.Macro, role: Role) -> Markup:
    """macro(role), for a row or an item of a page that lists every role, kept (in
    BuildCache.fragments) while the role is the same: a summary edit under serve makes one
    row again, not a thousand. The macro may read its role and what BuildCache counts as the
    faces of the roles and the rest of the playbook, which clear the kept rows when they change."""
    return kept_for(context["fragments"], (context["page_uri"], macro.name, role.id), role, lambda: macro(role))


@jinja2.pass_context
def _html_url(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link from the page being rendered to `target` (a path under docs/), as MkDocs writes it."""
    return Markup(link(target, context["page_uri"]))


@jinja2.pass_context
def _html_worksheet_link(context: jinja2.runtime.Context, worksheet_id: str, text: str) -> Markup:
    """_worksheet_link, in HTML."""
    if not _has_worksheet(context["pb"], worksheet_id):
        return html_text(text)
    return Markup(f'<a href="{link(f"worksheets/{worksheet_id}.md", context["page_uri"])}">{html_text(text)}</a>')


_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def _figure(svg: Markup, caption: str = "") -> Markup:
    """An inline SVG as one raw HTML block, which Markdown leaves alone. The drawing keeps its
    natural size and scrolls sideways inside its frame on a narrow screen; the frame takes the
    keyboard focus (so it can be scrolled without a mouse) and is named after the drawing."""
    text = f"<figcaption>{html_text(caption)}</figcaption>" if caption else ""
    # one line: a label's line break could start a line Markdown reads (a blank line ends the
    # raw HTML block, "[x]: url" defines a link) and turn the drawing's text into links
    # (tests/test_injection.py); in SVG text a line break is only a space
    if "\n" in svg or "\r" in svg:  # the drawings write none: the search alone took a second at 1,000 roles
        svg = Markup(_LINE_BREAKS.sub(" ", svg))
    title = diagrams.svg_title(svg)
    # data-search-exclude: the drawing's labels, run together, would be the search snippet
    # (the page states the same facts in a table or list); the caption stays searchable
    # a hint under the drawing, shown (diagrams.css) only when the figure is narrower than it
    wide = " pb-scroll-hint-wide" if diagrams.svg_width(svg) > diagrams.WIDTH else ""
    hint = f'<p class="pb-scroll-hint{wide}" data-search-exclude>Scroll sideways to see the whole diagram.</p>'
    return Markup(f'<figure class="pb-figure"><div class="pb-scroll" tabindex="0" role="region" '
                  f'aria-label="Diagram: {title}" data-search-exclude>{svg}</div>{hint}{text}</figure>')


def _track(position: int, low: int = -2, high: int = 2) -> Markup:
    """A position drawn on its spectrum as text, e.g. '·●│·· −1': the bar marks the middle."""
    slots = ["●" if p == position else ("│" if p == 0 else "·") for p in range(low, high + 1)]
    return Markup("".join(slots) + " " + signed(position))


@jinja2.pass_context
def _worksheet_link(context: jinja2.runtime.Context, worksheet_id: str, text: str) -> Markup:
    """A link to a worksheet's page, or the text alone when the data has no such worksheet
    (a playbook may leave any worksheet out, and a strict build refuses a broken link)."""
    if not _has_worksheet(context["pb"], worksheet_id):
        return Markup(markdown_text(text))
    return Markup(f"[{markdown_text(text)}]({_relative(f'worksheets/{worksheet_id}.md', context['page_uri'])})")


def _has_worksheet(pb: Playbook, worksheet_id: str) -> bool:
    return any(w.id == worksheet_id for w in pb.worksheets)


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> Markup:
    """A link target relative to the page being rendered. Targets are built from validated ids."""
    return Markup(_relative(target, context["page_uri"]))


def _relative(target: str, page_uri: str) -> str:
    """`target` (a path under docs/) as a link from the Markdown file `page_uri`."""
    return relative(target, posixpath.dirname(page_uri))


