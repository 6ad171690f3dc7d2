"""A worksheet's questions as an HTML form: fillable on screen, ruled and boxed on paper.

Pure functions of the model. Every value is HTML-escaped here; the result is Markup that
the Markdown page embeds as one raw HTML block (no blank lines inside)."""

from __future__ import annotations

from typing import Mapping, Sequence

from markupsafe import Markup, escape

from playbook.model import Field, Worksheet
from playbook.render.escape import signed

# field id -> a text (text, lines, number), an option (choice), a bool (checkbox),
# a rating 1-5 (scale), or rows of cells (table)
Prefill = Mapping[str, object]


def sheet_html(worksheet: Worksheet, prefill: Prefill | None = None, footer: str = "") -> Markup:
    prefill = prefill or {}
    parts = [f'<form class="pb-sheet" data-worksheet="{escape(worksheet.id)}" autocomplete="off">']
    for section in worksheet.sections:
        parts.append(f'<section class="pb-sheet-section"><h2 class="pb-sheet-title">{escape(section.title)}</h2>')
        if section.intro:
            parts.append(f'<p class="pb-sheet-intro">{escape(section.intro)}</p>')
        parts.extend(_field(worksheet.id, field, prefill.get(field.id)) for field in section.fields)
        parts.append("</section>")
    parts.append("</form>")
    parts.append(f'<p class="pb-print-footer">{escape(footer)}</p>')
    return Markup("".join(parts))


def _field(sheet: str, field: Field, value: object) -> str:
    fid = f"ws-{sheet}-{field.id}"
    label = escape(field.label)
    data = f'data-field="{escape(field.id)}"'
    if field.kind == "scale":
        boxes = "".join(
            f'<label class="pb-box"><input type="radio" name="{fid}" value="{n}" {data}'
            f'{" checked" if value == n else ""}> {n}</label>'
            for n in range(1, 6)
        )
        return (f'<div class="pb-q pb-q-scale" role="radiogroup" aria-labelledby="{fid}">'
                f'<span class="pb-label" id="{fid}">{label}</span><span class="pb-boxes">{boxes}</span></div>')
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
        paragraphs = "".join(f"<span>{escape(line)}</span>" for line in value.splitlines())
        return f'<div class="pb-q pb-q-filled"><span class="pb-label">{label}</span><span class="pb-filled" {data}>{paragraphs}</span></div>'
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


def _table(fid: str, field: Field, filled: Sequence) -> str:
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in field.columns)
    rows = []
    for r in range(max(field.rows or 1, len(filled))):
        cells = []
        for c, column in enumerate(field.columns):
            value = filled[r][c] if r < len(filled) and c < len(filled[r]) else ""
            if value:
                cells.append(f'<td class="pb-filled">{escape(value)}</td>')
            else:
                cells.append(f'<td><input type="text" aria-label="{escape(column)}, row {r + 1}" '
                             f'data-field="{escape(field.id)}" data-row="{r}" data-col="{c}"></td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<div class="pb-q pb-q-table"><p class="pb-table-label" id="{fid}">{escape(field.label)}</p>'
            f'<table class="pb-form-table" aria-labelledby="{fid}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def charter_prefill(pb, role) -> dict[str, object]:
    """The role charter filled in from one role of the data."""
    return {
        "role-name": role.name,
        "purpose": role.summary,
        "owns": "\n".join(role.owns),
        "does-not-own": "\n".join(role.does_not_own),
        "levels": [[a.name, pb.level(role.holding(a.id).level).name, role.holding(a.id).reason]
                   for a in pb.accountabilities],
        "traits": [[f"{s.name} ({s.left.label} to {s.right.label})", signed(role.placement(s.id).position)]
                   for s in pb.spectra],
        "measures": "\n".join(role.measures),
        "handoffs": "\n".join(f"To {pb.role(h.to).name}: {h.what}" for h in role.handoffs),
    }

