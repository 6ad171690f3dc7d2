"""MkDocs adapter for the playbook core (hooks/playbook/), which knows nothing of MkDocs.

on_config loads, validates and renders everything, so bad data stops the build before the
site folder is touched; on_files adds the rendered pages. The core is imported afresh on
every build so that `mkdocs serve` picks up edits to its code and templates.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

_HOOKS_DIR = str(Path(__file__).resolve().parent)
_csp: ModuleType
_pages: dict[str, str] = {}
_pdfs: dict[str, Path] = {}  # site path -> file, for the PDFs made by `make pdf` (build/pdf/)
PDF_DIR = Path("build") / "pdf"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _csp
    api = _fresh_core()
    _csp = importlib.import_module("playbook.csp")
    project = Path(config.config_file_path).resolve().parent
    data_dir = project / "playbook_data"
    pdfs = {f"pdf/{path.name}": path for path in sorted((project / PDF_DIR).glob("*.pdf"))}
    try:
        diagrams_on = os.environ.get("PLAYBOOK_DIAGRAMS", "on") != "off"  # off: only for the benchmark
        pages = api.build_pages(data_dir, config.site_url or "", frozenset(pdfs), diagrams_on)
    except api.PlaybookError as error:
        raise PluginError(f"The playbook data has problems:\n{error.report()}") from None
    except api.RenderError as error:
        raise PluginError(f"A playbook template failed: {error}") from None
    _pages.clear()
    _pages.update(pages)
    _pdfs.clear()
    _pdfs.update(pdfs)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, markdown in _pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same name; rename or remove it")
        files.append(File.generated(config, uri, content=markdown))
    for uri, path in _pdfs.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return _csp.with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _csp.with_policy(output_content) if template_name.endswith(".html") else output_content


def _fresh_core() -> ModuleType:
    """Import the core package anew, dropping every cached module of it first."""
    if _HOOKS_DIR not in sys.path:
        sys.path.insert(0, _HOOKS_DIR)
    for name in [n for n in sys.modules if n == "playbook" or n.startswith("playbook.")]:
        del sys.modules[name]
    return importlib.import_module("playbook.api")
