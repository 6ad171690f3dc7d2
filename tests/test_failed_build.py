"""A failed `mkdocs build` never touches the last good site, whatever fails: the data, a
template, MkDocs itself while it writes the pages, or the strict check at the very end.
The build writes into a staging folder beside the site folder, swapped in on success."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build
from test_build import tree_digest

# A test-only hook that breaks the build while MkDocs writes pages, as a full disk would:
# writing the page it names fails. Before failing it records how many files MkDocs had
# written by then.
WRITE_FAILURE_HOOK = '''
import errno, os
from pathlib import Path

def on_post_page(output, page, config):
    if page.file.src_uri == "roles/sales-leader.md":
        written = sum(1 for p in Path(config.site_dir).rglob("*") if p.is_file())
        Path(config.config_file_path).with_name("written-before-failure.txt").write_text(str(written))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), page.file.abs_dest_path)
    return output
'''


@pytest.fixture
def previous_site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of a good build, with one file no build makes (to see a swap remove it)."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "left-from-last-time.txt").write_text("old", "utf-8")
    return site


def leftovers(site: Path) -> list[str]:
    """Staging or set-aside folders that a build left beside the site folder."""
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}-"))


def assert_untouched(result, site: Path, before: dict[str, str]) -> None:
    assert result.returncode != 0, result.stderr
    assert tree_digest(site) == before
    assert leftovers(site) == []


def test_bad_data_leaves_the_site_as_it_was(previous_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    role = project / "playbook_data" / "roles" / "sales-leader.yml"
    role.write_text(role.read_text("utf-8").replace("level: supports", "level: suports", 1), "utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(project, previous_site)
    assert_untouched(result, previous_site, before)
    assert "unknown level 'suports'" in result.stderr


def test_a_failing_template_leaves_the_site_as_it_was(previous_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    template = project / "hooks" / "playbook" / "templates" / "role.html.j2"
    template.write_text(template.read_text("utf-8") + "\n{{ role.no_such_field }}\n", "utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(project, previous_site)
    assert_untouched(result, previous_site, before)
    assert "A playbook template failed" in result.stderr and "no_such_field" in result.stderr


def test_mkdocs_failing_while_writing_pages_leaves_the_site_as_it_was(previous_site: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "hooks" / "fail_while_writing.py").write_text(WRITE_FAILURE_HOOK, "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "  - hooks/mkdocs_playbook.py\n", "  - hooks/mkdocs_playbook.py\n  - hooks/fail_while_writing.py\n", 1), "utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(project, previous_site)
    assert_untouched(result, previous_site, before)
    assert "No space left on device" in result.stderr
    # it failed half-way: MkDocs had already written files (into the staging folder)
    assert int((project / "written-before-failure.txt").read_text()) > 40


def test_a_strict_warning_leaves_the_site_as_it_was(previous_site: Path, tmp_path: Path) -> None:
    # strict mode stops the build after its last event (on_post_build), once every file is written
    project = copy_project(tmp_path / "project")
    glossary = project / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text("utf-8") + "\nSee [a missing page](no-such-page.md).\n", "utf-8")
    before = tree_digest(previous_site)
    result = mkdocs_build(project, previous_site)
    assert_untouched(result, previous_site, before)
    assert "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_a_good_build_replaces_the_whole_site(previous_site: Path, tmp_path: Path, built_site: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, previous_site)
    assert result.returncode == 0, result.stderr
    assert tree_digest(previous_site) == tree_digest(built_site)  # the stray file is gone
    assert leftovers(previous_site) == []


def test_the_checks_above_would_see_a_touched_site(previous_site: Path) -> None:
    before = tree_digest(previous_site)
    (previous_site / "roles" / "sales-leader" / "index.html").unlink()
    assert tree_digest(previous_site) != before
    (previous_site.parent / f".{previous_site.name}-x.building").mkdir()
    assert leftovers(previous_site) == [f".{previous_site.name}-x.building"]
