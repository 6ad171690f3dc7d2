"""MkDocs adapter for the playbook core (hooks/playbook/), which knows nothing of MkDocs:
each event hands plain values to the core's build session (playbook/site_session.py) and
turns its Stop into a PluginError. The core is imported afresh whenever its code changed,
so that `mkdocs serve` picks up edits to it; what must outlive a rebuild (MkDocs loads this
file again with every configuration) lives in a module of its own."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

_HOOKS = Path(__file__).resolve().parent
_STATE = sys.modules.setdefault("_playbook_serve_state", ModuleType("_playbook_serve_state"))


def _session():  # -> playbook.site_session.Session, of the core's current code
    code = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in (_HOOKS / "playbook").rglob("*.py")))
    if getattr(_STATE, "code", None) != code:
        if str(_HOOKS) not in sys.path:
            sys.path.insert(0, str(_HOOKS))
        for name in [n for n in sys.modules if n == "playbook" or n.startswith("playbook.")]:
            del sys.modules[name]
        _STATE.session = importlib.import_module("playbook.site_session").Session.carry(getattr(_STATE, "session", None))
        _STATE.code = code
    return _STATE.session


def _core() -> ModuleType:
    return sys.modules["playbook.site_session"]


def _run(step, *args):
    try:
        return step(*args)
    except _core().Stop as stop:
        raise PluginError(str(stop)) from None


def _name(page: Page, config: MkDocsConfig) -> str:
    project = Path(config.config_file_path).resolve().parent
    return _core().source_name(page.file.src_uri, page.file.abs_src_path, page.file.generated_by is not None, project)


def on_startup(command: str, dirty: bool) -> None:
    _session().start(command, dirty)


def on_shutdown() -> None:
    _session().shutdown()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    session = _session()
    _run(session.load, Path(config.config_file_path).resolve().parent, config.site_url or "", config.theme.dirs)
    config.site_dir = session.stage(config.site_dir)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    session = _session()
    for uri in session.pages:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same name; rename or remove it")
        files.append(File.generated(config, uri, **session.page_source(uri)))
    for uri, path in session.pdfs.items():
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return Files(sorted(files, key=lambda file: _core().walk_order(file.src_uri)))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by is None:  # generated pages print data escaped; on_post_page checks them all
        _session().check_content(html, page.file.content_string, _name(page, config))
    return html


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _run(_session().report_problems)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache()  # the theme compiled once: a third of a second a rebuild
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _run(_session().finish_page, output, page.file.src_uri, _name(page, config))


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _run(_session().with_policy, output_content, template_name) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    # strict mode counts warnings after this event and stops through on_build_error: the
    # site folder is replaced only in on_shutdown
    _session().built = True


def on_build_error(error: Exception) -> None:
    _session().failed()
