"""The MkDocs build end to end: a page per entity, failure keeps the old site, reproducible output."""

from __future__ import annotations

import ast
import hashlib
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project, make_dataset, mkdocs_build
from playbook.load import load_playbook

CORE = ROOT / "hooks" / "playbook"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_every_entity_has_a_page(built_site: Path) -> None:
    playbook = load_playbook(ROOT / "playbook_data")
    expected = (
        [f"roles/{r.id}" for r in playbook.roles]
        + [f"traits/{s.id}" for s in playbook.spectra]
        + [f"accountabilities/{a.id}" for a in playbook.accountabilities]
        + [f"stages/{s.id}" for s in playbook.stages]
        + [f"transitions/{t.id}" for t in playbook.transitions]
        + [f"handoffs/{h.id}" for h in playbook.handoffs]
        + [f"anti-patterns/{a.id}" for a in playbook.anti_patterns]
        + [f"worksheets/{w.id}" for w in playbook.worksheets]
        + ["roles", "traits", "accountabilities", "stages", "handoffs", "anti-patterns", "worksheets",
           "sources", "glossary", "facilitator-guide"]
    )
    missing = [uri for uri in expected if not (built_site / uri / "index.html").is_file()]
    assert not missing
    for role in playbook.roles:
        page = (built_site / "roles" / role.id / "index.html").read_text("utf-8")
        assert f"<h1 id=\"{role.id}\">" in page or f">{role.name}<" in page


def test_core_imports_nothing_from_mkdocs() -> None:
    offenders = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("mkdocs", "material", "properdocs")]
    assert offenders == []
    # and at run time: loading and rendering pulls in no MkDocs module
    code = ("import sys, pathlib; from playbook.api import build_pages; "
            f"build_pages(pathlib.Path({str(ROOT / 'playbook_data')!r})); "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')]; print(bad); sys.exit(bool(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    before = tree_digest(site)
    role = project / "playbook_data" / "roles" / "sales-leader.yml"
    text = role.read_text("utf-8")
    line = text[:text.index("level: supports")].count("\n") + 1  # where the typo goes
    role.write_text(text.replace("level: supports", "level: suports", 1), "utf-8")

    result = mkdocs_build(project, site)

    assert result.returncode != 0
    assert f"playbook_data/roles/sales-leader.yml:{line}:12: unknown level 'suports' (did you mean 'supports'?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site) == before


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "one").returncode == 0
    assert mkdocs_build(project, tmp_path / "two").returncode == 0
    one, two = tree_digest(tmp_path / "one"), tree_digest(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_render_out_writes_a_complete_tree_and_keeps_it_on_failure(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "playbook", "render", "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert (out / "docs" / "index.md").is_file() and (out / "docs" / "roles" / "sales-leader.md").is_file()
    assert (out / "mkdocs.yml").is_file()
    before = tree_digest(out)

    bad = make_dataset(tmp_path / "bad", ROOT / "tests" / "malformed" / "dangling-stage-did-you-mean")
    result = subprocess.run([*command[:3], "--data", str(bad), *command[3:]], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "unknown stage 'growing-sales-tem'" in result.stderr
    assert tree_digest(out) == before


def test_the_build_names_a_hand_written_page_left_out_of_the_nav_and_no_generated_one(tmp_path: Path) -> None:
    """Generated entity pages are reached from index pages, not the nav: MkDocs used to list
    every one of them on each build (2,051 lines at 1,000 roles, under serve at every edit),
    which hid the one line a contributor needs about a page they forgot to add."""
    project = copy_project(tmp_path / "project")
    (project / "docs" / "forgotten.md").write_text("# Forgotten\n\nA page nobody linked.\n", "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^  - (\S+)$", result.stderr, re.M)
    assert listed == ["forgotten.md"]
    assert (tmp_path / "site" / "roles" / "sales-leader" / "index.html").is_file()
