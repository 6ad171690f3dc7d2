"""A worksheet's questions as an HTML form: fillable on screen, ruled and boxed on paper.

Pure functions of the model. Every value is HTML-escaped here; the result is Markup that
the Markdown page embeds as one raw HTML block (no blank lines inside).

On paper a sheet must work alone: every rated statement prints what it counts toward, the
totals it adds up to have boxes, and a table whose rows are the model's accountabilities or
spectra prints them (with the level names or the position scale to mark) even when blank."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from markupsafe import Markup, escape

from playbook import queries
from playbook.model import Field, Playbook, Role, Worksheet
from playbook.render.escape import signed

RATINGS = range(1, 6)  # a rated statement: 1 (not me) to 5 (that is me)
TABLE_EMS = 61  # a table across an A4 page, in em of its printed text (182 mm at 8.5 pt)
LONG_ANSWER = 280  # characters: a given answer longer than this takes a whole row on paper

# Paper sizes a sheet offers. A3 is the enlarged wall copy of a sheet a whole group fills
# in together (the allocation workshop's materials call for one).
PAPERS = ("a4", "letter")
WALL_PAPERS = ("a4", "letter", "a3")
WALL_SHEETS = frozenset({"accountability-allocation"})


@dataclass(frozen=True)
class Choose:
    """A table cell where one of `options` is marked: radio boxes on screen, boxes to tick on
    paper. `scale` options are short signed numbers kept on one line (-2 ... +2)."""

    options: tuple[str, ...]
    marked: str | None = None
    scale: bool = False


# field id -> a text (text, lines, number), an option (choice), a bool (checkbox),
# a rating 1-5 (scale), or rows of cells (table: a text, or a Choose)
Prefill = Mapping[str, object]


def worksheet_sheet(pb: Playbook, worksheet: Worksheet, footer: str = "") -> Markup:
    """A worksheet's page form: blank, with the rows the model gives (the role charter's)."""
    return sheet_html(pb, worksheet, charter_rows(pb) if worksheet.id == "role-charter" else None, footer)


def charter_sheet(pb: Playbook, role: Role, footer: str = "") -> Markup:
    """The role charter filled in from one role of the data."""
    return sheet_html(pb, pb.worksheet("role-charter"), charter_prefill(pb, role), footer)


def papers(worksheet: Worksheet) -> tuple[str, ...]:
    return WALL_PAPERS if worksheet.id in WALL_SHEETS else PAPERS


def sheet_html(pb: Playbook, worksheet: Worksheet, prefill: Prefill | None = None, footer: str = "") -> Markup:
    prefill = prefill or {}
    totals = queries.score_totals(pb, worksheet)
    counted = [f.id for s in worksheet.sections for f in s.fields if any(f.id in t.fields for t in totals)]
    parts = [f'<form class="pb-sheet" data-worksheet="{escape(worksheet.id)}" '
             f'data-papers="{" ".join(papers(worksheet))}" autocomplete="off">']
    for section in worksheet.sections:
        intro = f'<p class="pb-sheet-intro">{escape(section.intro)}</p>' if section.intro else ""
        parts.append(f'<section class="pb-sheet-section"><div class="pb-sheet-head">'
                     f'<h2 class="pb-sheet-title">{escape(section.title)}</h2>{intro}</div>')
        if any(f.kind == "scale" and f.toward is not None for f in section.fields):
            parts.append('<div class="pb-scale-head" aria-hidden="true"><span></span>'
                         '<span class="pb-side-head">Counts toward</span> '
                         '<span class="pb-rate-head">Your rating</span></div>')
        for field in section.fields:
            side = queries.statement_side(pb, worksheet, field.toward) if field.kind == "scale" and field.toward else None
            parts.append(_field(worksheet.id, field, prefill.get(field.id), side))
            if counted and field.id == counted[-1]:
                parts.append(_totals(worksheet.id, totals))
        parts.append("</section>")
    parts.append("</form>")
    parts.append(f'<p class="pb-print-footer">{escape(footer)}</p>')
    return Markup("\n".join(parts))


def _field(sheet: str, field: Field, value: object, side: str | None = None) -> str:
    fid = f"ws-{sheet}-{field.id}"
    label = escape(field.label)
    data = f'data-field="{escape(field.id)}"'
    if field.kind == "scale":
        boxes = "".join(
            f'<label class="pb-box"><input type="radio" name="{fid}" value="{n}" {data}'
            f'{" checked" if value == n else ""}> {n}</label>'
            for n in RATINGS
        )
        tag, labelled = "", fid
        if side:
            tag = f'<span class="pb-side" id="{fid}-side">{escape(side)}</span>'
            labelled = f"{fid} {fid}-side"
        return (f'<div class="pb-q pb-q-scale" role="radiogroup" aria-labelledby="{labelled}">'
                f'<span class="pb-label" id="{fid}">{label}</span> {tag} <span class="pb-boxes">{boxes}</span></div>')
    if field.kind == "choice":
        options = "".join(
            f'<label class="pb-box"><input type="radio" name="{fid}" value="{escape(option)}" {data}'
            f'{" checked" if value == option else ""}> {escape(option)}</label>'
            for option in field.options
        )
        return f'<fieldset class="pb-q pb-q-choice"><legend>{label}</legend><span class="pb-boxes">{options}</span></fieldset>'
    if field.kind == "checkbox":
        checked = " checked" if value is True else ""
        return (f'<div class="pb-q pb-q-check"><label class="pb-box"><input type="checkbox" id="{fid}" {data}{checked}> '
                f'{label}</label></div>')
    if field.kind in ("lines", "text", "number") and isinstance(value, str) and value:
        # printed pre-filled: the text itself, as long as it needs to be, not a box that clips it
        paragraphs = " ".join(f"<span>{escape(line)}</span>" for line in value.splitlines())
        long = " pb-q-long" if len(value) > LONG_ANSWER else ""  # printed across the page, not in half of it
        return (f'<div class="pb-q pb-q-filled{long}"><span class="pb-label">{label}</span> '
                f'<span class="pb-filled" {data}>{paragraphs}</span></div>')
    if field.kind == "lines":
        rows = field.lines or 3
        rules = "<span></span>" * rows  # ruled answer lines, drawn behind the transparent textarea
        return (f'<div class="pb-q pb-q-lines"><label for="{fid}">{label}</label>'
                f'<span class="pb-lines"><span class="pb-rules" aria-hidden="true">{rules}</span>'
                f'<textarea id="{fid}" rows="{rows}" {data}></textarea></span></div>')
    if field.kind in ("text", "number"):
        size = ' class="pb-short" inputmode="decimal"' if field.kind == "number" else ""
        return (f'<div class="pb-q pb-q-text"><label for="{fid}">{label}</label>'
                f'<input type="text" id="{fid}"{size} {data}></div>')
    if field.kind == "table":
        return _table(fid, field, value if isinstance(value, Sequence) and not isinstance(value, str) else ())
    raise ValueError(f"unknown field kind {field.kind!r}")


def _totals(sheet: str, totals: Sequence[queries.ScoreTotal]) -> str:
    """A box for each total, under the last statement counted in one."""
    names = " and ".join(escape(t.name) for t in totals)
    boxes = " ".join(
        f'<span class="pb-total"><label for="ws-{sheet}-total-{t.pole}">{escape(t.name)} total</label> '
        f'<input type="text" id="ws-{sheet}-total-{t.pole}" class="pb-total-box" inputmode="numeric" '
        f'data-field="total-{t.pole}"> <span class="pb-total-of">of {RATINGS[-1] * len(t.fields)}</span></span>'
        for t in totals
    )
    return (f'<div class="pb-q pb-totals"><p class="pb-totals-how">Add up your ratings for each side '
            f'({names}), each in its box:</p> <div class="pb-total-boxes">{boxes}</div></div>')


def _column_kinds(field: Field, filled: Sequence) -> list[str]:
    """'head' (the row names, given), 'scale' or 'choose' (boxes to mark), or 'text'."""
    kinds = []
    for c in range(len(field.columns)):
        cells = [row[c] for row in filled if c < len(row)]
        if any(isinstance(cell, Choose) for cell in cells):
            kinds.append("scale" if any(isinstance(x, Choose) and x.scale for x in cells) else "choose")
        elif c == 0 and cells and len(cells) >= (field.rows or 1) and all(isinstance(x, str) and x for x in cells):
            kinds.append("head")
        else:
            kinds.append("text")
    return kinds


def _colgroup(field: Field, filled: Sequence, kinds: list[str]) -> str:
    """Column widths: boxes and row names as wide as they need, the longest text column the
    rest; a blank table gives its first column (what the row is about) more room."""
    n = len(field.columns)
    if not filled:
        share = 100 / (n + 0.6)
        widths = [f"{share * 1.6:.1f}%"] + [f"{share:.1f}%"] * (n - 1)
        return "<colgroup>" + "".join(f'<col style="width: {w}">' for w in widths) + "</colgroup>"

    def longest(c: int) -> int:
        cells = [row[c] for row in filled if c < len(row) and isinstance(row[c], str)]
        return max([len(field.columns[c])] + [len(line) for cell in cells for line in cell.splitlines()[:1]])

    def blank(c: int) -> bool:
        return not any(c < len(row) and row[c] for row in filled)

    texts = [c for c in range(n) if kinds[c] == "text"]
    # the column left to take the rest of the width: one to write in, else the longest text
    rest = max(texts, key=lambda c: (blank(c), longest(c))) if texts else n - 1
    ems = []  # widths in em of the printed table text, on a table TABLE_EMS wide
    for c in range(n):
        if c == rest:
            ems.append(0.0)
        elif kinds[c] == "scale":
            ems.append(9.0)
        elif kinds[c] == "choose":
            ems.append(17.0)
        elif kinds[c] == "head":
            ems.append(min(max(longest(c) * 0.75 + 1.2, 6), 12))  # bold
        else:  # given words beside the boxes (a level, a pole); longer ones wrap
            ems.append(min(max(longest(c) * 0.56 + 1, 5), 9))
    # as shares of the table, so that the same proportions hold on a narrower screen; boxes to
    # mark get their widths from the stylesheet (on screen each box needs a 24 px target)
    cols = []
    for c, w in enumerate(ems):
        if kinds[c] in ("scale", "choose"):
            cols.append(f'<col class="pb-col-{kinds[c]}">')
        elif w:
            cols.append(f'<col class="pb-col-{kinds[c]}" style="--w: {w / TABLE_EMS * 100:.1f}%">')
        else:
            cols.append("<col>")
    return "<colgroup>" + "".join(cols) + "</colgroup>"


def _cell(fid: str, field: Field, r: int, c: int, value: object, kind: str, row_name: str) -> str:
    column = field.columns[c]
    if isinstance(value, Choose):
        name = f"{fid}-{r}-{c}"
        data = f'data-field="{escape(field.id)}" data-row="{r}" data-col="{c}"'
        if value.scale:  # the numbers are printed once, in the column heading, above the boxes
            boxes = "".join(
                f'<span class="pb-box"><input type="radio" name="{name}" value="{escape(option)}" aria-label="{escape(option)}" '
                f'{data}{" checked" if option == value.marked else ""}></span>'
                for option in value.options
            )
        else:
            boxes = " ".join(
                f'<label class="pb-box"><input type="radio" name="{name}" value="{escape(option)}" '
                f'{data}{" checked" if option == value.marked else ""}><span>{escape(option)}</span></label>'
                for option in value.options
            )
        label = f"{column}, {row_name}" if row_name else f"{column}, row {r + 1}"
        return (f'<td class="pb-cell-{kind}"><span class="pb-boxes" role="radiogroup" aria-label="{escape(label)}">'
                f'{boxes}</span></td>')
    if isinstance(value, str) and value:
        first, *more = value.splitlines()
        text = str(escape(first)) + "".join(f' <span class="pb-cell-note">{escape(line)}</span>' for line in more)
        if kind == "head":
            return f'<th scope="row" class="pb-row-head">{text}</th>'
        return f'<td class="pb-cell-filled">{text}</td>'
    label = f"{column}, {row_name}" if row_name else f"{column}, row {r + 1}"
    # a one-line box that grows as text is typed in it, so that nothing typed is hidden on paper
    return (f'<td><textarea rows="1" aria-label="{escape(label)}" '
            f'data-field="{escape(field.id)}" data-row="{r}" data-col="{c}"></textarea></td>')


def _table(fid: str, field: Field, filled: Sequence) -> str:
    kinds = _column_kinds(field, filled)
    head = " ".join(f'<th scope="col">{escape(c)} {_scale_labels(filled, i) if kinds[i] == "scale" else ""}</th>'
                   for i, c in enumerate(field.columns))
    rows = []
    for r in range(max(field.rows or 1, len(filled))):
        row = filled[r] if r < len(filled) else ()
        row_name = row[0].splitlines()[0] if row and kinds[0] == "head" else ""
        cells = [_cell(fid, field, r, c, row[c] if c < len(row) else "", kinds[c], row_name)
                 for c in range(len(field.columns))]
        rows.append(f"<tr>{' '.join(cells)}</tr>")
    # wide tables keep room to write on a phone, and scroll inside their box there
    wide = " pb-wide" if len(field.columns) >= 5 or {"scale", "choose"} & set(kinds) else ""
    wide += " pb-has-scale" if "scale" in kinds else ""
    return (f'<div class="pb-q pb-q-table"><p class="pb-table-label" id="{fid}">{escape(field.label)}</p> '
            f'<div class="pb-table-scroll"><table class="pb-form-table{wide}" aria-labelledby="{fid}">'
            f'{_colgroup(field, filled, kinds)}<thead><tr>{head}</tr></thead>'
            f'<tbody>{" ".join(rows)}</tbody></table></div></div>')


def _scale_labels(filled: Sequence, c: int) -> str:
    options = next(row[c].options for row in filled if c < len(row) and isinstance(row[c], Choose))
    return '<span class="pb-scale-labels">' + " ".join(f"<span>{escape(o)}</span>" for o in options) + "</span>"


def _scale(pb: Playbook, marked: int | None = None) -> Choose:
    return Choose(tuple(signed(n) for n in range(pb.scale.min, pb.scale.max + 1)),
                  None if marked is None else signed(marked), scale=True)


def charter_rows(pb: Playbook) -> dict[str, object]:
    """The blank role charter's rows: every accountability with the levels to mark, every
    spectrum with its poles and a scale to mark for the role and for the person."""
    levels = Choose(tuple(level.name for level in pb.levels))
    return {
        "levels": [[a.name, levels, ""] for a in pb.accountabilities],
        "traits": [[s.name, s.left.label, _scale(pb), _scale(pb), s.right.label, ""] for s in pb.spectra],
    }


def charter_prefill(pb: Playbook, role: Role) -> dict[str, object]:
    """The role charter filled in from one role of the data; the person's side left to mark."""
    return {
        "role-name": role.name,
        "purpose": role.summary,
        "owns": "\n".join(role.owns),
        "does-not-own": "\n".join(role.does_not_own),
        "levels": [[a.name, pb.level(role.holding(a.id).level).name, role.holding(a.id).reason]
                   for a in pb.accountabilities],
        "traits": [[s.name, s.left.label, _scale(pb, role.placement(s.id).position), _scale(pb), s.right.label, ""]
                   for s in pb.spectra],
        "measures": "\n".join(role.measures),
        "handoffs": "\n".join(f"To {pb.role(h.to).name}: {h.what}" for h in role.handoffs),
    }
