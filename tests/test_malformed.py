"""The malformed-data corpus: each case overlays files on the baseline data and lists,
in expected.txt, the exact `path:line:col: message` lines the check must print."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_dataset
from playbook.errors import PlaybookError
from playbook.load import load_playbook

CASES = sorted(p for p in (ROOT / "tests" / "malformed").iterdir() if p.is_dir())


def problems_for(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    data = make_dataset(tmp_path / "data", case)
    monkeypatch.chdir(data)  # paths in messages are shown relative to the working directory
    with pytest.raises(PlaybookError) as raised:
        load_playbook(Path("."))
    return [str(p) for p in raised.value.problems]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_baseline_is_valid(tmp_path: Path) -> None:
    playbook = load_playbook(make_dataset(tmp_path / "data"))
    assert playbook.roles


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_reports_exactly_the_expected_problems(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = (case / "expected.txt").read_text("utf-8").splitlines()
    assert problems_for(case, tmp_path, monkeypatch) == expected


def test_five_faults_give_five_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = problems_for(ROOT / "tests" / "malformed" / "five-faults-five-errors", tmp_path, monkeypatch)
    assert len(problems) == 5
    assert len({p.split(":")[1] for p in problems}) == 5  # five different lines


def test_cli_check_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", ROOT / "tests" / "malformed" / "five-faults-five-errors")
    result = subprocess.run([sys.executable, "-m", "playbook", "--data", str(data), "check"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    located = [line for line in result.stderr.splitlines() if line.startswith("data/roles/sales-leader.yml:")]
    assert len(located) == 5
    assert result.stderr.rstrip().endswith("5 problems in the playbook data.")


_EXPECTED_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<text>.*)$")
_ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)::(?P<text>.*)$")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_github_format_gives_one_annotation_per_problem(case: Path, tmp_path: Path) -> None:
    """What the pull-request workflow runs: each problem becomes one ::error line on its file and line."""
    data = make_dataset(tmp_path / "data", case)
    result = subprocess.run([sys.executable, "-m", "playbook", "--data", ".", "check", "--format", "github"],
                            capture_output=True, text=True, cwd=data, timeout=60)
    assert result.returncode == 1
    annotations = [_ANNOTATION.match(line) for line in result.stdout.splitlines()]
    assert all(annotations), result.stdout
    expected = [_EXPECTED_LINE.match(line) for line in (case / "expected.txt").read_text("utf-8").splitlines()]
    assert [(a["file"], a["line"], a["col"]) for a in annotations] == [(e["file"], e["line"], e["col"]) for e in expected]
    for annotation, line in zip(annotations, expected):
        assert annotation["text"] == line["text"].replace("%", "%25")
        # the file exists, so GitHub can show the note on it (or the problem is that it is missing)
        assert (data / annotation["file"]).is_file() or annotation["text"] == "this required file is missing"
