"""No data value can inject markup: every string field gets a payload; the built pages show it as text."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import copy_project, mkdocs_build
from playbook.load import iter_data_files, schema_line
from playbook.render.tools_data import csv_text
from playbook.yaml_loader import load_yaml_file

PAYLOAD = '<script>alert(1)</script>" onmouseover="alert(2)'
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def poison(value):
    """Append the payload to every free-text string; ids, enum values, versions and level symbols stay valid."""
    if isinstance(value, dict):
        return {k: (v if k in ("version", "symbol") else poison(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v) for v in value]
    if isinstance(value, str) and not ID.fullmatch(value):
        return value + " " + PAYLOAD
    return value


class Elements(HTMLParser):
    """Collects event-handler attributes and the text of script elements."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs) -> None:
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag) -> None:
        self._in_script = False

    def handle_data(self, data) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_payload_in_every_text_field_comes_out_escaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    data = project / "playbook_data"
    poisoned = 0
    for kind, path in iter_data_files(data):
        doc = load_yaml_file(path, str(path))
        new = poison(doc.data)
        poisoned += yaml.safe_dump(new).count("alert(1)")
        body = yaml.safe_dump(new, sort_keys=False, allow_unicode=True, width=1000)
        path.write_text(schema_line(kind) + "\n" + body, "utf-8")
    assert poisoned > 100

    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr

    pages = sorted((tmp_path / "site").rglob("*.html"))
    shown = 0
    for page in pages:
        html = page.read_text("utf-8")
        elements = Elements()
        elements.feed(html)
        assert elements.handlers == [], page
        assert not [s for s in elements.scripts if "alert(" in s], page
        shown += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown > 100  # the payload is visible as text, not dropped


def test_csv_cells_a_spreadsheet_would_run_are_neutralised() -> None:
    # OWASP's CSV-injection list: = + - @, tab and carriage return; signed numbers stay numbers
    cells = {
        "=1+1": "'=1+1", "+SUM(A1)": "'+SUM(A1)", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)",
        "\t=cmd|' /C calc'!A0": "'\t=cmd|' /C calc'!A0", "\r=1+1": "'\r=1+1", "\t5": "'\t5", "-inf": "'-inf",
        "-2": "-2", "+1": "+1", "-1.5": "-1.5", "Hunting": "Hunting", "": "", " =1": " =1",
    }
    text = csv_text(["cell", "next"], [[cell, "x"] for cell in cells])
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == ["cell", "next"]
    assert [row[0] for row in read[1:]] == list(cells.values())
    assert all(row[1] == "x" for row in read[1:])
