from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "data" / "baseline"
SCHEMAS = ROOT / "playbook_data" / "schema"


def make_dataset(target: Path, overlay: Path | None = None) -> Path:
    """A copy of the baseline data with the project's schemas, plus an overlay's files
    (and without the files listed in the overlay's REMOVE file)."""
    shutil.copytree(BASELINE, target)
    shutil.copytree(SCHEMAS, target / "schema")
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            relative = path.relative_to(overlay)
            if path.is_file() and relative.name not in ("expected.txt", "REMOVE"):
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target / relative)
        if (overlay / "REMOVE").exists():
            for name in (overlay / "REMOVE").read_text().split():
                (target / name).unlink()
    return target


def copy_project(target: Path) -> Path:
    """A buildable copy of the project (mkdocs.yml, docs, hooks, data) in target."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target)
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "hooks", target / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "playbook_data", target / "playbook_data")
    return target


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, cwd=project, timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped playbook, built once per test session."""
    work = tmp_path_factory.mktemp("built")
    project = copy_project(work / "project")
    result = mkdocs_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    return work / "site"
