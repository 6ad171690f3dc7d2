"""MkDocs adapter for the playbook core (hooks/playbook/), which knows nothing of MkDocs.

on_config loads, validates and renders everything, so bad data stops the build before the
site folder is touched; on_files adds the rendered pages. The core is imported afresh on
every build so that `mkdocs serve` picks up edits to its code and templates. Under
`mkdocs serve`, bad data is reported with its locations and the last good pages keep being
served until it is fixed (a failed rebuild would otherwise leave the server hanging).
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

_HOOKS_DIR = str(Path(__file__).resolve().parent)
_csp: ModuleType
# MkDocs loads this file afresh with every configuration it reads (each serve rebuild), so
# what must outlive a rebuild lives in a module of its own
_STATE = sys.modules.setdefault("_playbook_serve_state", ModuleType("_playbook_serve_state"))
_pages: dict[str, str] = {}
_pdfs: dict[str, Path] = {}  # site path -> file, for the PDFs made by `make pdf` (build/pdf/)
PDF_DIR = Path("build") / "pdf"


def on_startup(command: str, dirty: bool) -> None:
    _STATE.command = command
    if command == "serve" and dirty and not hasattr(_STATE, "page_folder"):
        # `serve --dirty` rebuilds only the pages whose source file is newer than their
        # output, so generated pages are kept in files rewritten only when they change
        _STATE.page_folder = Path(tempfile.mkdtemp(prefix="playbook-pages-"))
        _STATE.written = {}


def on_shutdown() -> None:
    if hasattr(_STATE, "page_folder"):
        shutil.rmtree(_STATE.page_folder, ignore_errors=True)


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
        pages = _last_good_or_raise(f"The playbook data has problems:\n{error.report()}")
    except api.RenderError as error:
        pages = _last_good_or_raise(f"A playbook template failed: {error}")
    else:
        _STATE.last_good = pages
    _pages.clear()
    _pages.update(pages)
    _pdfs.clear()
    _pdfs.update(pdfs)
    return config


def _last_good_or_raise(message: str) -> dict[str, str]:
    """Under serve, print the problems and fall back to the last good pages; else stop."""
    if getattr(_STATE, "command", None) == "serve" and hasattr(_STATE, "last_good"):
        # printed, not logged: in strict mode a logged error would fail this rebuild too
        print(f"ERROR    -  {message}\nERROR    -  Still serving the last good version of the playbook "
              "until this is fixed.", file=sys.stderr, flush=True)
        return _STATE.last_good
    raise PluginError(message)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, markdown in _pages.items():
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same name; rename or remove it")
        files.append(_generated(config, uri, markdown))
    for uri, path in _pdfs.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    # in the order MkDocs gives files it finds in docs/, so that the sitemap and the search
    # index come out as they do when the rendered Markdown is built without this hook
    return Files(sorted(files, key=_walk_order))


def _generated(config: MkDocsConfig, uri: str, markdown: str) -> File:
    if not hasattr(_STATE, "page_folder"):
        return File.generated(config, uri, content=markdown)
    path = _STATE.page_folder / uri
    if _STATE.written.get(uri) != markdown:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, "utf-8")
        _STATE.written[uri] = markdown
    return File.generated(config, uri, abs_src_path=str(path))


def _walk_order(file: File) -> tuple:
    """Top-down, directories by name, files of a directory before its subdirectories, index first."""
    *folders, name = file.src_uri.split("/")
    return (*((1, folder) for folder in folders), (0, name.rsplit(".", 1)[0] not in ("index", "README"), name))


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # the theme's templates are compiled once and kept (checked against their source), which
    # takes about a third of a second off every rebuild under `mkdocs serve`
    env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return _with_policy(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output_content) if template_name.endswith(".html") else output_content


def _with_policy(html: str) -> str:
    # `mkdocs serve` injects its live-reload script into each page as it sends it, with a
    # fresh id every time, so no hash can allow it: the local preview goes without a policy
    if getattr(_STATE, "command", None) == "serve":
        return html
    return _csp.with_policy(html)


def _fresh_core() -> ModuleType:
    """Import the core package anew, dropping every cached module of it first."""
    if _HOOKS_DIR not in sys.path:
        sys.path.insert(0, _HOOKS_DIR)
    for name in [n for n in sys.modules if n == "playbook" or n.startswith("playbook.")]:
        del sys.modules[name]
    return importlib.import_module("playbook.api")
