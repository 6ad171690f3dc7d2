"""The system-package step of `make test` on a simulated new machine: a PATH without some
tools, apt-get in simulate mode (or recording what it was asked), as root or through sudo."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

HIDDEN_ON_A_NEW_MACHINE = ("chromium", "pdftotext", "pdftoppm")
SYSTEM_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
# tools the step looks for, and which every simulated machine here may or may not have
TOOLS = ("chromium", "pdftotext", "pdftoppm", "node", "npm", "java", "apt-get", "sudo", "id", "dpkg-query")


def _script(path: Path, body: str) -> None:
    if path.is_symlink():
        path.unlink()  # never write through a link into the real system folder
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def machine(tmp_path: Path, *, hide: tuple[str, ...] = (), fake: tuple[str, ...] = (), uid: int = 0,
            apt_simulates: bool = False) -> tuple[dict[str, str], Path]:
    """A bin folder linking every system command except the hidden ones; apt-get records its
    arguments (and, with apt_simulates, runs the real apt-get -s for `install`)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in SYSTEM_DIRS:
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            target = bin_dir / entry.name
            if entry.name in hide or entry.name in fake or entry.name in ("apt-get", "sudo", "id") or target.exists():
                continue
            target.symlink_to(entry.path)
    log = tmp_path / "apt.log"
    simulate = 'case " $* " in *" install "*) exec /usr/bin/apt-get -s "$@" ;; esac\n' if apt_simulates else ""
    _script(bin_dir / "apt-get", f'echo "$*" >> "{log}"\n{simulate}exit 0\n')
    _script(bin_dir / "sudo", f'echo "sudo $*" >> "{tmp_path / "sudo.log"}"\nexec "$@"\n')
    _script(bin_dir / "id", f'[ "$1" = "-u" ] && echo {uid} && exit 0\nexec /usr/bin/id "$@"\n')
    for name in fake:
        _script(bin_dir / name, "exit 0\n")
    return {"PATH": str(bin_dir), "HOME": str(tmp_path), "LANG": "C.UTF-8"}, log


def run_step(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "-C", str(ROOT), "system-packages"], env=env,
                          capture_output=True, text=True, timeout=120)


def install_requests(log: Path) -> list[list[str]]:
    lines = log.read_text().splitlines() if log.exists() else []
    return [line.split()[line.split().index("install") + 1:] for line in lines if " install " in f" {line} "]


def test_a_new_machine_gets_exactly_the_missing_packages(tmp_path: Path) -> None:
    env, log = machine(tmp_path, hide=HIDDEN_ON_A_NEW_MACHINE, fake=("node", "npm", "java"))
    result = run_step(env)
    assert result.returncode == 0, result.stderr
    requests = install_requests(log)
    assert len(requests) == 1
    packages = [word for word in requests[0] if not word.startswith("-")]
    assert packages == ["chromium", "poppler-utils"]  # never nodejs, npm or a JRE beside the ones present


@pytest.mark.skipif(not os.path.exists("/usr/bin/apt-get"), reason="needs Debian's apt-get to simulate")
def test_apt_accepts_the_request_on_this_machine(tmp_path: Path) -> None:
    """The real apt-get, in simulate mode, can satisfy what the step asks for (on a NodeSource
    Node.js, asking for Debian's npm too would fail with 'held broken packages')."""
    env, log = machine(tmp_path, hide=HIDDEN_ON_A_NEW_MACHINE, apt_simulates=True)
    result = run_step(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert install_requests(log)


def test_everything_present_asks_for_nothing(tmp_path: Path) -> None:
    env, log = machine(tmp_path, fake=("chromium", "pdftotext", "pdftoppm", "node", "npm", "java"))
    result = run_step(env)
    assert result.returncode == 0, result.stderr
    assert not log.exists()


def test_without_root_it_asks_through_sudo(tmp_path: Path) -> None:
    env, log = machine(tmp_path, hide=("pdftotext", "pdftoppm"), fake=("chromium", "node", "npm", "java"), uid=1000)
    result = run_step(env)
    assert result.returncode == 0, result.stderr
    sudo_calls = (tmp_path / "sudo.log").read_text().splitlines()
    assert any("apt-get update" in call for call in sudo_calls)
    assert any("apt-get install" in call and "poppler-utils" in call for call in sudo_calls)


def test_npm_missing_beside_a_foreign_node_is_explained_not_forced(tmp_path: Path) -> None:
    env, log = machine(tmp_path, hide=("npm",), fake=("chromium", "pdftotext", "pdftoppm", "node", "java"))
    _script(Path(env["PATH"]) / "dpkg-query", "echo 20.20.2-1nodesource1\n")
    result = run_step(env)
    assert result.returncode != 0
    assert "npm is missing" in result.stderr and "Node.js" in result.stderr
    assert not install_requests(log)


def test_missing_tools_without_root_or_sudo_are_named(tmp_path: Path) -> None:
    env, log = machine(tmp_path, hide=("chromium",), fake=("pdftotext", "pdftoppm", "node", "npm", "java"), uid=1000)
    (Path(env["PATH"]) / "sudo").unlink()
    result = run_step(env)
    assert result.returncode != 0
    assert "chromium" in result.stderr and "as root" in result.stderr
    assert not log.exists()


def test_the_make_target_runs_the_script() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "system-packages:\n\t@bash scripts/system-packages.sh" in makefile
    assert shutil.which("bash")
