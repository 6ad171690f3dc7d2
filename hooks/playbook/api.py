"""What the adapters (the MkDocs hook, the command line) use from the core."""

from __future__ import annotations

from pathlib import Path

from playbook.errors import PlaybookError, Problem
from playbook.export import data_files
from playbook.incremental import BuildCache
from playbook.load import load_playbook, load_playbook_and_schemas
from playbook.model import Playbook
from playbook.render import RenderError, render_pages

__all__ = ["PlaybookError", "Problem", "RenderError", "Playbook", "load_playbook", "render_pages", "build_pages"]


def build_pages(data_dir: Path, site_url: str = "", pdfs: frozenset[str] = frozenset(),
                diagrams_on: bool = True, cache: BuildCache | None = None) -> dict[str, str]:
    """Load and validate the data under data_dir; render every generated page and data export
    (with a `cache`, only the pages whose inputs changed since the last call)."""
    playbook, schemas = load_playbook_and_schemas(data_dir)
    pages = render_pages(playbook, site_url, pdfs, diagrams_on, schemas, cache)
    pages.update(cache.data_files(playbook, schemas) if cache else data_files(playbook, schemas))
    return dict(sorted(pages.items()))
