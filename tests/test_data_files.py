"""What the data folder may hold: regular files only, each read once; messages that are
safe to print on a terminal and as GitHub annotations, whatever the data contains."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_dataset
from playbook import load
from playbook.errors import PlaybookError, Problem
from playbook.load import load_playbook

LOCATED = re.compile(r"^[^\s:][^:]*:\d+:\d+: \S")


def problems(data: Path) -> list[str]:
    with pytest.raises(PlaybookError) as raised:
        load_playbook(data)
    return [str(p) for p in raised.value.problems]


def check(data: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "playbook", "--data", ".", "check", *extra],
                          capture_output=True, text=True, cwd=data, timeout=60)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = make_dataset(tmp_path / "data")
    monkeypatch.chdir(folder)  # messages name paths relative to the working directory
    return folder


def test_a_link_to_a_file_outside_is_refused_and_not_read(data: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("id: top-secret-value\n")
    (data / "roles" / "outside.yml").symlink_to(secret)
    found = problems(data)
    assert found == ["roles/outside.yml:1:1: this is a symbolic link; data files must be regular files inside the "
                     "data folder (replace the link with the file itself)"]
    assert "top-secret-value" not in check(data).stderr


def test_a_linked_folder_is_refused(data: Path, tmp_path: Path) -> None:
    (data / "worksheets").rename(tmp_path / "elsewhere")
    (data / "worksheets").symlink_to(tmp_path / "elsewhere")
    assert "worksheets:1:1: this folder is a symbolic link; data must be inside the data folder " \
           "(replace the link with the folder itself)" in problems(data)


def test_a_fifo_does_not_make_the_check_hang(data: Path) -> None:
    os.mkfifo(data / "roles" / "x.yml")
    result = check(data)  # the timeout fails the test if the check waits for a writer
    assert result.returncode == 1
    assert "roles/x.yml:1:1: this is not a regular file (a pipe, socket or device)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_in_place_of_a_file_is_one_problem(data: Path) -> None:
    (data / "sources.yml").unlink()
    (data / "sources.yml").mkdir()
    (data / "sources.yml" / "a.txt").write_text("x")
    assert problems(data) == ["sources.yml:1:1: this is a folder, but it must be a file "
                              "(move what it holds into one file of this name)"]


def test_a_file_deleted_while_the_data_is_read(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    discover = load._discover

    def discover_then_delete(root: Path):
        found = discover(root)
        (root / "roles" / "sales-manager.yml").unlink()
        return found

    monkeypatch.setattr(load, "_discover", discover_then_delete)
    assert "roles/sales-manager.yml:1:1: the file disappeared while the data was being read (run the check again)" \
        in problems(data)


def test_each_data_file_is_opened_once(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    real_open = os.open

    def counting_open(path, *args, **kwargs):
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", counting_open)
    load_playbook(data)
    data_files = [p for p in opened if p.endswith(".yml")]
    assert data_files and len(data_files) == len(set(data_files))


def test_values_in_messages_cannot_drive_the_terminal_or_forge_a_line(data: Path) -> None:
    role = data / "roles" / "sales-leader.yml"
    text = role.read_text("utf-8")
    text = text.replace("macro_role: order-acquisition",
                        'macro_role: "sales\\nroles/fake.yml:1:1: forged"', 1)
    role.write_text(text, "utf-8")
    other = data / "roles" / "sales-manager.yml"
    other.write_text(other.read_text("utf-8").replace("summary:", '"colour\\e[31m": red\nsummary:', 1), "utf-8")
    result = check(data)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    lines = result.stderr.splitlines()
    assert all(LOCATED.match(line) for line in lines[:-1]), lines
    assert not any(line.startswith("roles/fake.yml") for line in lines)
    assert any(line.startswith("roles/sales-manager.yml") and r"U+001B" in line for line in lines)
    assert r"'sales\u000aroles/fake.yml:1:1: forged'" in result.stderr  # the newline shown as an escape


def test_github_annotations_escape_file_names_and_messages(data: Path) -> None:
    for name in ("x,line=99.yml", "y\n::warning file=z::injected.yml"):
        (data / "roles" / name).write_text((data / "roles" / "sales-leader.yml").read_text("utf-8"), "utf-8")
    result = check(data, "--format", "github")
    assert result.returncode == 1
    commands = result.stdout.splitlines()
    assert commands and all(line.startswith("::error file=") for line in commands), commands
    assert "file=roles/x%2Cline=99.yml,line=" in result.stdout
    assert "file=roles/y%0A%3A%3Awarning file=z%3A%3Ainjected.yml,line=" in result.stdout


@pytest.mark.parametrize("message, shown", [
    ("a\nb", r"a\u000ab"), ("a\rb", r"a\u000db"), ("\x1b[31mred", r"\u001b[31mred"),
    ("\u202eevil", r"\u202eevil"), ("tab\there", r"tab\u0009here"), ("plain é ü 名", "plain é ü 名"),
])
def test_problem_text_is_one_printable_line(message: str, shown: str) -> None:
    problem = Problem("x.yml", 1, 2, message, hint=message)
    assert str(problem) == f"x.yml:1:2: {shown} ({shown})"
    annotation = problem.github_annotation()
    assert "\n" not in annotation and "\r" not in annotation and "\x1b" not in annotation
