"""MkDocs adapter for the playbook core (hooks/playbook/), which knows nothing of MkDocs:
each event hands plain values to the build session (playbook/site_session.py) and turns
its Stop into a PluginError. The core is imported afresh when its code changed, so that
`mkdocs serve` picks up edits to it; the session outlives the rebuilds (MkDocs loads this
file again with every configuration) in a module of its own."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

_HOOKS = Path(__file__).resolve().parent
_STATE = sys.modules.setdefault("_playbook_serve_state", ModuleType("_playbook_serve_state"))


def _fresh_session():  # -> playbook.site_session.Session
    code = tuple(sorted((str(p), p.stat().st_mtime_ns) for p in (_HOOKS / "playbook").rglob("*.py")))
    if getattr(_STATE, "code", None) != code:
        if str(_HOOKS) not in sys.path:
            sys.path.insert(0, str(_HOOKS))
        for name in [n for n in sys.modules if n == "playbook" or n.startswith("playbook.")]:
            del sys.modules[name]
        _STATE.session = importlib.import_module("playbook.site_session").Session.carry(getattr(_STATE, "session", None))
        _STATE.code = code
    return _STATE.session


def _run(step, *args):
    try:
        return step(*args)
    except sys.modules["playbook.site_session"].Stop as stop:
        raise PluginError(str(stop)) from None


def on_startup(command: str, dirty: bool) -> None:
    _fresh_session().start(command, dirty)


def on_shutdown() -> None:
    if getattr(_STATE, "observer", None) is not None:
        _STATE.observer.stop()
    _STATE.session.shutdown()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]) -> LiveReloadServer:
    # MkDocs looks at what it watches every half second; the data, watched here first by the
    # system's notifications (`playbook/data_watch.py`), starts a rebuild at once, and MkDocs'
    # own watch of the same folder (`watch:` in mkdocs.yml) then only counts it again
    data = os.path.abspath(os.path.join(os.path.dirname(config.config_file_path), "playbook_data"))
    _STATE.observer = importlib.import_module("playbook.data_watch").changes_observer(data)
    if _STATE.observer is not None:
        polling, server.observer = server.observer, _STATE.observer
        server.watch(data)
        server.observer = polling
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    session = _fresh_session()
    _run(session.load, Path(config.config_file_path).resolve().parent, config.site_url or "", config.theme.dirs)
    config.site_dir = session.stage(config.site_dir)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    clash = min(set(_STATE.session.pages) & set(files.src_uris), default=None)
    if clash:
        raise PluginError(f"docs/{clash} clashes with a generated page of the same name; rename or remove it")
    in_nav = _STATE.session.nav_pages(config.nav)
    files = [*files, *(File.generated(config, uri, inclusion=_inclusion(uri, in_nav), **source)
                       for uri, source in _STATE.session.sources())]
    return Files(sorted(files, key=lambda file: _STATE.session.walk_order(file.src_uri)))


def _inclusion(uri: str, in_nav: set[str]) -> InclusionLevel:
    # a generated page the nav does not name is reached from an index page: MkDocs is told so,
    # and no longer lists 2,000 of them on every build
    return InclusionLevel.NOT_IN_NAV if uri.endswith(".md") and uri not in in_nav else InclusionLevel.INCLUDED


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    file = page.file
    content = file.content_string if file.generated_by is None else ""
    return _run(_STATE.session.page_content, html, content, file.src_uri, file.abs_src_path, file.generated_by)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    _run(_STATE.session.report_problems)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache()  # the theme compiled once: a third of a second a rebuild
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _run(_STATE.session.finish_page, output, page.file.src_uri, page.file.abs_src_path, page.file.generated_by)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return _run(_STATE.session.with_policy, output_content, template_name) if template_name.endswith(".html") else output_content


def on_post_build(config: MkDocsConfig) -> None:
    _STATE.session.built = True  # strict mode may still fail the build: on_shutdown replaces the site


def on_build_error(error: Exception) -> None:
    _STATE.session.failed()
