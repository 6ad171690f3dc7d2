"""What the adapters (the MkDocs hook, the command line) use from the core."""

from __future__ import annotations

from pathlib import Path

from playbook.errors import PlaybookError, Problem
from playbook.load import load_playbook
from playbook.model import Playbook
from playbook.render import RenderError, render_pages

__all__ = ["PlaybookError", "Problem", "RenderError", "Playbook", "load_playbook", "render_pages", "build_pages"]


def build_pages(data_dir: Path, site_url: str = "", pdfs: frozenset[str] = frozenset(),
                diagrams_on: bool = True) -> dict[str, str]:
    """Load and validate the data under data_dir and render every generated page."""
    return render_pages(load_playbook(data_dir), site_url, pdfs, diagrams_on)
