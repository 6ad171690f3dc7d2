"""MkDocs adapter for the playbook core (hooks/playbook/), which knows nothing of MkDocs.

on_config loads, validates and renders everything, so bad data stops the build before the
site folder is touched; on_files adds the rendered pages. The core is imported afresh on
every build so that `mkdocs serve` picks up edits to its code and templates. Under
`mkdocs serve`, bad data is reported with its locations and the last good pages keep being
served until it is fixed (a failed rebuild would otherwise leave the server hanging).

`mkdocs build` writes into a staging folder beside the site folder, which replaces the site
folder only once the whole build, strict checks included, has succeeded: whatever fails
(the data, a template, a page, MkDocs writing files), the last good site stays as it was.
"""

from __future__ import annotations

import importlib
import logging
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
from mkdocs.structure.pages import Page

_HOOKS_DIR = str(Path(__file__).resolve().parent)
_csp: ModuleType
_theme_scripts: tuple = ()  # patterns of the theme's own inline scripts (playbook.csp.theme_scripts)
# MkDocs loads this file afresh with every configuration it reads (each serve rebuild), so
# what must outlive a rebuild lives in a module of its own
_STATE = sys.modules.setdefault("_playbook_serve_state", ModuleType("_playbook_serve_state"))
_pages: dict[str, str] = {}
_pdfs: dict[str, Path] = {}  # site path -> file, for the PDFs made by `make pdf` (build/pdf/)
_problems: list[str] = []  # markup the pages may not carry, reported all at once in on_env
PDF_DIR = Path("build") / "pdf"
log = logging.getLogger("mkdocs.hooks.playbook")


def on_startup(command: str, dirty: bool) -> None:
    _STATE.command = command
    _STATE.dirty = dirty
    if command == "serve" and dirty and not hasattr(_STATE, "page_folder"):
        # `serve --dirty` rebuilds only the pages whose source file is newer than their
        # output, so generated pages are kept in files rewritten only when they change
        _STATE.page_folder = Path(tempfile.mkdtemp(prefix="playbook-pages-"))
        _STATE.written = {}


def on_shutdown() -> None:
    if hasattr(_STATE, "page_folder"):
        shutil.rmtree(_STATE.page_folder, ignore_errors=True)
    staging = getattr(_STATE, "staging", None)
    if staging is not None:
        _STATE.staging = None
        if getattr(_STATE, "built", False):
            _swap_in(staging, Path(_STATE.site_dir))
        else:
            shutil.rmtree(staging, ignore_errors=True)


def on_post_build(config: MkDocsConfig) -> None:
    # strict mode counts warnings after this event, and a count stops the build through
    # on_build_error: the site folder is replaced only in on_shutdown
    _STATE.built = True


def on_build_error(error: Exception) -> None:
    _STATE.built = False
    if getattr(_STATE, "staging", None) is not None:
        shutil.rmtree(_STATE.staging, ignore_errors=True)
        _STATE.staging = None


def _stage(config: MkDocsConfig) -> None:
    """A clean `mkdocs build` writes into an empty folder beside the site folder (the same
    file system, so the swap is two renames). Not under serve, which has its own temporary
    folder, nor --dirty, which updates the site folder in place."""
    _STATE.built = False
    if getattr(_STATE, "command", None) != "build" or getattr(_STATE, "dirty", True):
        return
    site = Path(config.site_dir)
    site.parent.mkdir(parents=True, exist_ok=True)
    _STATE.site_dir = str(site)
    _STATE.staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", suffix=".building", dir=site.parent))
    config.site_dir = str(_STATE.staging)


def _swap_in(staging: Path, site: Path) -> None:
    """The staged build becomes the site folder (the old one is removed only after)."""
    try:
        importlib.import_module("playbook.folders").replace_folder(staging, site)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info(f"The new site replaced {site}")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _csp, _theme_scripts
    api = _fresh_core()
    _csp = importlib.import_module("playbook.csp")
    if getattr(_STATE, "command", None) != "serve":  # serve adds no policy
        _theme_scripts = _csp.theme_scripts(_template_texts(config.theme.dirs))
    _problems.clear()
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
    _stage(config)
    return config


def _template_texts(folders: list[str]) -> list[str]:
    """The theme's HTML templates (not its .icons folder: thousands of files, no script)."""
    texts = []
    for folder in folders:
        for top, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            texts += [Path(top, name).read_text("utf-8") for name in sorted(names) if name.endswith(".html")]
    return texts


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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    # hand-written pages only: generated ones print data escaped, and the policy check in
    # on_post_page still covers them (parsing the large generated pages would slow every build)
    if page.file.generated_by is None:
        for finding in _csp.content_problems(html, page.file.content_string):
            _problems.append(f"{_source_name(page, config)}:{finding.line}: {finding.message}")
    return html


def _source_name(page: Page, config: MkDocsConfig) -> str:
    if page.file.generated_by is not None or page.file.abs_src_path is None:
        return f"the page generated from playbook_data, {page.file.src_uri}"
    project = Path(config.config_file_path).resolve().parent
    path = Path(page.file.abs_src_path).resolve()
    return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    if _problems:
        _report_or_raise("Pages carry markup the site's Content-Security-Policy does not allow:\n" + "\n".join(_problems))
    # the theme's templates are compiled once and kept (checked against their source), which
    # takes about a third of a second off every rebuild under `mkdocs serve`
    env.bytecode_cache = jinja2.FileSystemBytecodeCache()
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _with_policy(output, _source_name(page, config))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _with_policy(output_content, template_name) if template_name.endswith(".html") else output_content


def _with_policy(html: str, name: str) -> str:
    # `mkdocs serve` injects its live-reload script into each page as it sends it, with a
    # fresh id every time, so no hash can allow it: the local preview goes without a policy
    if getattr(_STATE, "command", None) == "serve":
        return html
    # a script that reached the page some other way than its content (a title in front
    # matter, which the theme prints unescaped): never hashed, and the build stops
    foreign = _csp.foreign_scripts(html, _theme_scripts)
    if foreign:
        raise PluginError(f"{name}: the built page has an inline script the theme did not write, "
                          f"which its Content-Security-Policy would not run: {foreign[0][:80]!r}")
    return _csp.with_policy(html, _theme_scripts)


def _report_or_raise(message: str) -> None:
    """Under serve, print the problems and go on (the preview has no policy); else stop."""
    if getattr(_STATE, "command", None) == "serve":
        print(f"ERROR    -  {message}", file=sys.stderr, flush=True)
        return
    raise PluginError(message)


def _fresh_core() -> ModuleType:
    """Import the core package anew, dropping every cached module of it first."""
    if _HOOKS_DIR not in sys.path:
        sys.path.insert(0, _HOOKS_DIR)
    for name in [n for n in sys.modules if n == "playbook" or n.startswith("playbook.")]:
        del sys.modules[name]
    return importlib.import_module("playbook.api")
