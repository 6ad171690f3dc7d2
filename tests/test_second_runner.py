"""The site does not depend on MkDocs alone: ProperDocs (the maintained fork of MkDocs 1.x)
builds the same pages with the hook, and `render --out` gives a project that builds with no
hooks at all."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SITE_PORT, copy_project, mkdocs_build

# What may differ: the generator's name, and the Content-Security-Policy that the hook adds
_RUNNER_TAGS = re.compile(r'<meta name="generator" content="[^"]*">'
                          r'|\n[ \t]*<meta http-equiv="Content-Security-Policy" content="[^"]*">')
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)


def _normalised(path: Path) -> bytes:
    if path.suffix != ".html":
        return path.read_bytes()
    return _TRAILING_SPACE.sub("", _RUNNER_TAGS.sub("", path.read_text("utf-8"))).encode("utf-8")


def _differences(one: Path, two: Path) -> list[str]:
    files_one = {p.relative_to(one) for p in one.rglob("*") if p.is_file()}
    files_two = {p.relative_to(two) for p in two.rglob("*") if p.is_file()}
    only = sorted(f"only in one build: {p}" for p in files_one ^ files_two)
    changed = sorted(str(p) for p in files_one & files_two if _normalised(one / p) != _normalised(two / p))
    return only + changed


def test_properdocs_builds_the_same_pages_as_mkdocs(built_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site", runner="properdocs")
    assert result.returncode == 0, result.stderr
    generator = re.search(r'<meta name="generator" content="([^"]*)">', (tmp_path / "site" / "index.html").read_text())
    assert generator and "ProperDocs" in generator.group(1)  # it really was the other runner
    assert len(list(built_site.rglob("*.html"))) > 80
    assert _differences(built_site, tmp_path / "site") == []
    # the hook ran under ProperDocs too: the policy is there, only its runner-independent parts compared
    assert 'http-equiv="Content-Security-Policy"' in (tmp_path / "site" / "roles" / "sales-leader" / "index.html").read_text()


def test_rendered_markdown_builds_without_hooks_into_the_same_pages(built_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    rendered = tmp_path / "rendered"
    result = subprocess.run([sys.executable, "-m", "playbook", "render", "--out", str(rendered),
                             "--site-url", f"http://127.0.0.1:{SITE_PORT}/"],
                            capture_output=True, text=True, cwd=project, timeout=120)
    assert result.returncode == 0, result.stderr
    config = (rendered / "mkdocs.yml").read_text("utf-8")
    assert "hooks:" not in config and "watch:" not in config
    # moved away from the project, so nothing of hooks/ can be reached
    alone = tmp_path / "elsewhere" / "site-project"
    alone.parent.mkdir()
    rendered.rename(alone)
    result = mkdocs_build(alone, tmp_path / "site", runner="properdocs")
    assert result.returncode == 0, result.stderr
    assert "Content-Security-Policy" not in (tmp_path / "site" / "index.html").read_text()  # no hook ran
    assert _differences(built_site, tmp_path / "site") == []


def test_the_comparison_would_notice_a_changed_page(built_site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    page = copy / "roles" / "sales-leader" / "index.html"
    page.write_text(page.read_text("utf-8").replace("Sales Leader", "Sales Lead", 1), "utf-8")
    assert _differences(built_site, copy) == ["roles/sales-leader/index.html"]
