"""The files contributors and GitHub meet: workflows, issue forms, pre-commit, CODEOWNERS,
and the JSON Schemas themselves. Workflows and forms are validated against the schemas
that check-jsonschema vendors (the ones SchemaStore publishes for them)."""

from __future__ import annotations

import fnmatch
import re
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SCHEMAS
from playbook.api import build_pages
from playbook.project import REPOSITORY
from playbook.render import data_file

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "check-jsonschema"), *args], capture_output=True, text=True, timeout=120)


def _workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on"
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_workflows_match_the_github_workflow_schema_and_set_timeouts() -> None:
    assert {p.name for p in WORKFLOWS} == {"pull-request.yml", "deploy.yml"}
    for schema in ("vendor.github-workflows", "custom.github-workflows-require-timeout"):
        result = _check_jsonschema("--builtin-schema", schema, *map(str, WORKFLOWS))
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: pull_request\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    step:\n      - run: make test\n")
    assert _check_jsonschema("--builtin-schema", "vendor.github-workflows", str(broken)).returncode == 1


def test_no_workflow_runs_pull_request_target_and_every_one_starts_read_only() -> None:
    for path in WORKFLOWS:
        workflow = _workflow(path.name)
        assert "pull_request_target" not in workflow["on"], path.name
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for job in workflow["jobs"].values():
            assert job.get("permissions", {}) != "write-all", path.name


def test_every_action_is_pinned_to_a_commit() -> None:
    """A tag can be moved to other code; a commit cannot. Dependabot proposes new commits."""
    for path in WORKFLOWS:
        for line in path.read_text("utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), f"{path.name}: {line.strip()}"


def test_pull_request_workflow_runs_the_check_with_annotations_the_build_and_the_tests() -> None:
    workflow = _workflow("pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "make check FORMAT=github" in runs
    assert "make build" in runs
    assert "bash .ci/run" in runs
    assert all("permissions" not in job for job in workflow["jobs"].values())  # read-only everywhere


def test_only_the_deploy_job_may_write_to_pages() -> None:
    workflow = _workflow("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s.get("uses", "").split("@")[0] for s in jobs["deploy"]["steps"]] == ["actions/deploy-pages"]
    assert "permissions" not in jobs["build"]
    assert "make pdf" in [s.get("run") for s in jobs["build"]["steps"]]  # the strict build, with the PDFs


def test_issue_forms_and_their_config_are_valid() -> None:
    assert {p.stem for p in ISSUE_FORMS} == {"propose-a-role", "correct-content", "site-problem"}
    result = _check_jsonschema("--builtin-schema", "vendor.github-issue-forms", *map(str, ISSUE_FORMS))
    assert result.returncode == 0, result.stdout + result.stderr
    config = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
    result = _check_jsonschema("--builtin-schema", "vendor.github-issue-config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr


def test_dependabot_config_is_valid() -> None:
    result = _check_jsonschema("--builtin-schema", "vendor.dependabot", str(ROOT / ".github" / "dependabot.yml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_codeowners_patterns_name_files_that_exist() -> None:
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    for line in (ROOT / ".github" / "CODEOWNERS").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        assert owners and all(o.startswith("@") for o in owners), line
        if pattern == "*":
            continue
        glob = pattern.lstrip("/") + ("*" if pattern.endswith("/") else "")
        assert any(fnmatch.fnmatch(path, glob) for path in tracked), f"{pattern} matches no tracked file"


def test_our_schemas_are_valid_draft_07() -> None:
    result = _check_jsonschema("--check-metaschema", *map(str, sorted(SCHEMAS.glob("*.schema.json"))))
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_config_is_valid() -> None:
    result = subprocess.run([str(BIN / "pre-commit"), "validate-config", str(ROOT / ".pre-commit-config.yaml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def contributor_clone(tmp_path: Path) -> Path:
    """A git repository holding the data and the pre-commit config, with the project's .venv."""
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(ROOT / "playbook_data", clone / "playbook_data")
    shutil.copy(ROOT / ".pre-commit-config.yaml", clone)
    shutil.copy(ROOT / "README.md", clone)
    (clone / ".venv").symlink_to(Path(sys.prefix))
    git = ["git", "-c", "user.email=test@example.com", "-c", "user.name=test"]
    subprocess.run(["git", "init", "-q"], cwd=clone, check=True)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], cwd=clone, check=True)
    return clone


def _pre_commit(clone: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(clone.parent / "pre-commit-home")}
    return subprocess.run([str(BIN / "pre-commit"), "run", "--files", *files],
                          capture_output=True, text=True, cwd=clone, env=env, timeout=120)


def test_pre_commit_stops_a_bad_data_edit_with_the_located_problem(contributor_clone: Path) -> None:
    role = contributor_clone / "playbook_data" / "roles" / "sales-leader.yml"
    role.write_text(role.read_text("utf-8").replace("\nname: ", "\nnme: ", 1), "utf-8")
    result = _pre_commit(contributor_clone, "playbook_data/roles/sales-leader.yml")
    assert result.returncode == 1
    assert "playbook_data/roles/sales-leader.yml:3:1: unknown key 'nme' (did you mean 'name'?)" in result.stdout


def test_pre_commit_passes_good_data_and_skips_other_files(contributor_clone: Path) -> None:
    result = _pre_commit(contributor_clone, "playbook_data/roles/sales-leader.yml")
    assert result.returncode == 0, result.stdout
    assert "Passed" in result.stdout
    result = _pre_commit(contributor_clone, "README.md")
    assert result.returncode == 0 and "Skipped" in result.stdout


def test_contribute_page_covers_what_a_browser_contributor_needs(built_site: Path) -> None:
    page = (built_site / "contribute" / "index.html").read_text("utf-8")
    headings = re.findall(r"<h[23][^>]*>(.*?)<", page)
    for heading in ("Making a change in the browser, step by step", "Add a role", "Add or change a trait spectrum",
                    "Add or change a stage or a transition", "Add or change a worksheet", "Ids, links and renames",
                    "What the checks mean", "Previewing on your own computer", "Licence"):
        assert heading in headings, heading
    assert "make serve" in page and "CC BY 4.0" not in headings
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page
    # every data file the page points contributors to exists (but the new role it walks through)
    for path in set(re.findall(r"<code>(playbook_data/[a-z_/.-]+\.(?:yml|json))</code>", page)) - {
            "playbook_data/roles/office-manager.yml"}:
        assert (ROOT / path).is_file(), path


def _built_page(site: Path, uri: str) -> Path:
    stem = uri.removesuffix(".md")
    return site / (f"{stem}.html" if stem.endswith("index") else f"{stem}/index.html")


def test_pages_from_data_link_to_editing_their_file(built_site: Path) -> None:
    linked = 0
    for uri in (u for u in build_pages(ROOT / "playbook_data") if u.endswith(".md")):
        html = _built_page(built_site, uri).read_text("utf-8")
        edits = re.findall(rf'href="{re.escape(REPOSITORY)}/edit/main/(playbook_data/[^"]+)"', html)
        path = data_file(uri)
        if path is None:
            assert edits == [], uri
            continue
        assert edits == [f"playbook_data/{path}"], uri
        assert (ROOT / edits[0]).is_file(), uri
        linked += 1
    assert linked > 50
    assert data_file("roles/sales-leader.md") == "roles/sales-leader.yml"
    assert data_file("roles/index.md") is None and data_file("tools/comparer.md") is None
