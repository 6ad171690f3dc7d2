"""The built site in Debian's Chromium: pages load, no console error, no request to another host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_pages_load_without_console_errors_or_foreign_requests(browser, server: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in ("127.0.0.1", None) else None)
    for uri in ["", "roles/", "roles/sales-leader/", "accountabilities/", "stages/", "transitions/owner-first-delegation/",
                "compare/", "tools/", "tools/comparer/", "tools/role-gravity/", "tools/delegation/", "tools/allocation/",
                "anti-patterns/one-man-band/", "glossary/", "facilitator-guide/"]:
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
