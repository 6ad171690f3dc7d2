from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tests" / "data" / "baseline"
SCHEMAS = ROOT / "playbook_data" / "schema"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# Material's instant navigation only takes over links under site_url, so the test site is
# built for the address the test server will listen on.
SITE_PORT = _free_port()


def ajv_validate(schemas: list[dict], cases: list[tuple[str, object]]) -> list[dict]:
    """Ajv (npm), a second JSON Schema validator: {valid, errors} for each (schema $id, data)."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is missing: make test installs it"
    payload = {"schemas": schemas, "cases": [{"schema": target, "data": data} for target, data in cases]}
    result = subprocess.run([node, str(ROOT / "tests" / "ajv_validate.js")], input=json.dumps(payload),
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


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


def mkdocs_build(project: Path, site: Path, runner: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """Build project/mkdocs.yml into site with MkDocs, or with ProperDocs (runner="properdocs")."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "SITE_URL": f"http://127.0.0.1:{SITE_PORT}/"}
    return subprocess.run(
        [sys.executable, "-m", runner, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
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


@contextlib.contextmanager
def serve_directory(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve a folder over HTTP on 127.0.0.1; yields the base address (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    with serve_directory(built_site, SITE_PORT) as base:
        yield base


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run the README's test command (make test), which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        yield p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until a JavaScript expression is true in the page. Playwright's wait_for_function
    polls with code made from a string, which the site's Content-Security-Policy (no
    'unsafe-eval') refuses; each page.evaluate here runs through the debugging protocol."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)
