"""The built site in Debian's Chromium: pages load, no console error, no request to another host."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
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


def test_pages_load_without_console_errors_or_foreign_requests(browser, server: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    for uri in ["", "roles/", "roles/sales-leader/", "accountabilities/", "stages/", "transitions/owner-first-delegation/"]:
        response = page.goto(f"{server}/{uri}")
        assert response is not None and response.ok, uri
        assert page.locator("h1").first.inner_text().strip()
    assert errors == []
    assert foreign == []
    page.close()


def test_role_page_shows_its_levels_as_text_and_symbol(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/roles/order-acquisition/")
    row = page.locator("table tr", has_text="Hunting")
    assert "● Owns" in row.inner_text()
    page.close()
