"""Print every worksheet of a built site to PDF, in A4 and US Letter, and assemble the
facilitator pack (a contents page, the facilitator's guide, then every worksheet).

    python scripts/pdf_export.py --site build/pdf-site --out build/pdf

A sheet made to be enlarged for the wall (the allocation sheet) is also printed on A3: the
A4 layout scaled by the square root of two, so it keeps the A4 page count and budget.

Serves the built site on a free local port and prints it with Debian's headless Chromium
through Playwright, with the site's own print stylesheet. `make pdf` runs it, then rebuilds
the site so that the worksheet pages link the PDFs. Another adapter beside the MkDocs hook:
the core (hooks/playbook/) knows nothing of browsers.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import html
import http.server
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))  # the playbook core
from playbook.load import load_playbook  # noqa: E402
from playbook.render.sheet import papers  # noqa: E402

PAPERS = {"a4": "A4", "letter": "Letter"}  # the facilitator pack's papers
FORMATS = {**PAPERS, "a3": "A3"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
GUIDE = "facilitator-guide/"
HANDOUT = "levels-and-conflicts"  # handouts/<id>/: one page for everyone in a workshop


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def chromium_page() -> Iterator:
    from playwright.sync_api import sync_playwright

    args = ["--disable-gpu", "--no-first-run", "--disable-background-networking"]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def print_page(page, url: str, paper: str, target: Path) -> int:
    """Print one page of the site with its print stylesheet; the number of pages printed."""
    page.goto(url)
    page.evaluate(f"document.body.classList.remove('pb-paper-auto', 'pb-paper-a4', 'pb-paper-letter', 'pb-paper-a3');"
                  f"document.body.classList.add('pb-paper-{paper}')")  # the named page: the size is fixed
    page.emulate_media(media="print")
    page.pdf(path=str(target), format=FORMATS[paper], print_background=True, prefer_css_page_size=False)
    return len(PdfReader(target).pages)


def contents_html(parts: list[tuple[str, int]], paper: str) -> str:
    """The pack's first page: what it holds and where each part starts."""
    rows = "".join(f"<tr><td>{html.escape(title)}</td><td>{start}</td></tr>" for title, start in parts)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Facilitator pack</title>
<style>@page {{ size: {PAPERS[paper]}; margin: 20mm; }} body {{ font: 11pt sans-serif; }}
h1 {{ font-size: 20pt; }} table {{ width: 100%; border-collapse: collapse; }}
td {{ padding: 3pt 0; border-bottom: 1px solid #999; }} td:last-child {{ text-align: right; }}</style></head>
<body><h1>Role-Design Playbook: facilitator pack</h1>
<p>The facilitator's guide, then every worksheet, printed from the playbook's data.</p>
<h2>Contents</h2><table><tr><th align="left">Part</th><th align="right">Page</th></tr>{rows}</table></body></html>"""


def export(site: Path, out: Path) -> list[Path]:
    playbook = load_playbook(Path(__file__).resolve().parent.parent / "playbook_data")
    staging = Path(tempfile.mkdtemp(prefix=".pdf-", dir=out.parent if out.parent.exists() else None))
    written = []
    with serve(site) as base, chromium_page() as page:
        for paper in PAPERS:
            parts: list[tuple[str, Path, int]] = []
            guide = staging / f"facilitator-guide-{paper}.pdf"
            parts.append(("Facilitator's guide", guide, print_page(page, base + GUIDE, paper, guide)))
            for worksheet in playbook.worksheets:
                target = staging / f"{worksheet.id}-{paper}.pdf"
                count = print_page(page, f"{base}worksheets/{worksheet.id}/", paper, target)
                if count > (worksheet.page_budget_a4 if paper == "a4" else worksheet.page_budget_letter):
                    print(f"warning: {worksheet.id} takes {count} pages on {PAPERS[paper]}, over its budget", file=sys.stderr)
                parts.append((f"Worksheet: {worksheet.name}", target, count))
                written.append(target)
            handout = staging / f"handout-{HANDOUT}-{paper}.pdf"
            count = print_page(page, f"{base}handouts/{HANDOUT}/", paper, handout)
            if count > 1:
                print(f"warning: the handout takes {count} pages on {PAPERS[paper]}, over its one page", file=sys.stderr)
            parts.append(("Handout: levels and conflicts", handout, count))
            written.append(handout)
            cover = staging / f"contents-{paper}.pdf"
            starts, page_no = [], 2  # the contents page is page 1
            for title, _, count in parts:
                starts.append((title, page_no))
                page_no += count
            page.emulate_media(media="print")
            page.set_content(contents_html(starts, paper))
            page.pdf(path=str(cover), format=PAPERS[paper])
            pack = PdfWriter()
            for path in [cover, *(path for _, path, _ in parts)]:
                pack.append(str(path))
            pack_path = staging / f"facilitator-pack-{paper}.pdf"
            with pack_path.open("wb") as stream:
                pack.write(stream)
            written.append(pack_path)
        for worksheet in playbook.worksheets:
            if "a3" in papers(worksheet):  # the wall copy, not in the pack
                target = staging / f"{worksheet.id}-a3.pdf"
                if print_page(page, f"{base}worksheets/{worksheet.id}/", "a3", target) > worksheet.page_budget_a4:
                    print(f"warning: {worksheet.id} takes more pages on A3 than its A4 budget", file=sys.stderr)
                written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.pdf"):
        old.unlink()
    for path in written:
        shutil.move(str(path), out / path.name)
    shutil.rmtree(staging, ignore_errors=True)
    return [out / path.name for path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site (mkdocs build --site-dir ...)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the PDFs (replaced)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} is not a built site: run mkdocs build first", file=sys.stderr)
        return 1
    if not os.path.exists(CHROMIUM):
        print("Debian's chromium is missing: run make pdf, which installs it", file=sys.stderr)
        return 1
    for path in export(args.site, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
