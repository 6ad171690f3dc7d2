"""What the MkDocs adapter (hooks/mkdocs_playbook.py) keeps between its events and, under
`mkdocs serve`, between rebuilds. Plain values in and out: no MkDocs import here.

- `mkdocs build` writes into a staging folder beside the site folder, which replaces the
  site folder only once the whole build, strict checks included, has succeeded: whatever
  fails (the data, a template, a page, MkDocs writing files), the last good site stays.
- Under `mkdocs serve`, bad data is reported with its locations and the last good pages
  keep being served until it is fixed (a failed rebuild would otherwise hang the server);
  with `--dirty`, generated pages are kept in files rewritten only when they change, so
  MkDocs converts again only those; loading and rendering reuse what did not change
  (`incremental.BuildCache`).
- Finished HTML blocks go to Markdown as twins and come back into the finished page
  (`blocks`); every page then gets its Content-Security-Policy (`csp`).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from playbook import api, blocks, csp
from playbook.folders import replace_folder
from playbook.incremental import BuildCache

PDF_DIR = Path("build") / "pdf"


class Stop(Exception):
    """The build must stop with this message (the adapter raises it as a PluginError)."""


@dataclass
class Session:
    command: str | None = None
    dirty: bool = False
    page_folder: Path | None = None  # serve --dirty: generated pages as files
    written: dict[str, str] = field(default_factory=dict)  # what each of those files holds
    site_dir: Path | None = None
    staging: Path | None = None
    built: bool = False
    last_good: dict[str, str] | None = None
    pages: dict[str, str] = field(default_factory=dict)  # uri -> Markdown as MkDocs gets it
    blocks: dict[str, dict[str, str]] = field(default_factory=dict)  # uri -> {twin: block}
    pdfs: dict[str, Path] = field(default_factory=dict)  # site path -> file made by `make pdf`
    problems: list[str] = field(default_factory=list)  # markup pages may not carry, reported in one go
    theme_scripts: tuple = ()
    project: Path = Path(".")
    cache: BuildCache = field(default_factory=BuildCache)
    frozen: bool = False  # serve: the first build's objects moved out of the collector's way

    @classmethod
    def carry(cls, old: object | None) -> "Session":
        """A session for freshly imported core code, keeping the serve state of the old one."""
        keep = ("command", "dirty", "page_folder", "written", "site_dir", "staging", "built", "last_good")
        return cls(**{name: getattr(old, name) for name in keep if hasattr(old, name)})

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def start(self, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty
        if self.serving and dirty and self.page_folder is None:
            self.page_folder = Path(tempfile.mkdtemp(prefix="playbook-pages-"))

    def shutdown(self) -> None:
        if self.page_folder is not None:
            shutil.rmtree(self.page_folder, ignore_errors=True)
            self.page_folder = None
        staging, self.staging = self.staging, None
        if staging is not None and self.built and self.site_dir is not None:
            try:
                replace_folder(staging, self.site_dir)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            logging.getLogger("mkdocs.hooks.playbook").info(f"The new site replaced {self.site_dir}")
        elif staging is not None:
            shutil.rmtree(staging, ignore_errors=True)

    def load(self, project: Path, site_url: str, theme_dirs: list[str]) -> None:
        """Load, check and render everything; pages keep their finished blocks aside."""
        self.project = project
        if not self.serving:  # serve adds no policy
            self.theme_scripts = csp.theme_scripts(_template_texts(theme_dirs))
        self.problems = []
        self.pdfs = {f"pdf/{path.name}": path for path in sorted((project / PDF_DIR).glob("*.pdf"))}
        try:
            pages = api.build_pages(project / "playbook_data", site_url, frozenset(self.pdfs), cache=self.cache)
        except api.PlaybookError as error:
            pages = self._last_good_or_stop(f"The playbook data has problems:\n{error.report()}")
        except api.RenderError as error:
            pages = self._last_good_or_stop(f"A playbook template failed: {error}")
        else:
            self.last_good = pages
        self.pages, self.blocks = {}, {}
        for uri, markdown in pages.items():
            self.pages[uri], self.blocks[uri] = self.cache.stashed(uri, markdown) if uri.endswith(".md") else (markdown, {})
        if self.serving and not self.frozen:
            # what the first build leaves (the caches, the theme, the modules) lives as long as
            # the server: left out of the garbage collector's full passes, a rebuild of a big
            # playbook no longer spends a third of its time walking it
            gc.freeze()
            self.frozen = True

    def _last_good_or_stop(self, message: str) -> dict[str, str]:
        if self.serving and self.last_good is not None:
            # printed, not logged: in strict mode a logged error would fail this rebuild too
            print(f"ERROR    -  {message}\nERROR    -  Still serving the last good version of the playbook "
                  "until this is fixed.", file=sys.stderr, flush=True)
            return self.last_good
        raise Stop(message)

    def stage(self, site_dir: str) -> str:
        """Where MkDocs is to write: a clean `mkdocs build` writes into an empty folder beside
        the site folder (the same file system, so the swap is two renames); serve has its
        own temporary folder and --dirty updates the site folder in place."""
        self.built = False
        if self.command != "build" or self.dirty:
            return site_dir
        site = Path(site_dir)
        site.parent.mkdir(parents=True, exist_ok=True)
        self.site_dir = site
        self.staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", suffix=".building", dir=site.parent))
        return str(self.staging)

    def failed(self) -> None:
        self.built = False
        staging, self.staging = self.staging, None
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)

    def sources(self) -> Iterator[tuple[str, dict[str, str]]]:
        """(uri, how MkDocs gets it) of every generated page, data file and PDF."""
        yield from ((uri, self.page_source(uri)) for uri in self.pages)
        yield from ((uri, {"abs_src_path": str(path)}) for uri, path in self.pdfs.items())

    def page_source(self, uri: str) -> dict[str, str]:
        """How MkDocs gets a generated page: its text, or (serve --dirty) a file rewritten
        only when the text changes, so that an unchanged page is not converted again."""
        markdown = self.pages[uri]
        if self.page_folder is None:
            return {"content": markdown}
        path = f"{self.page_folder}/{uri}"  # a string: a Path for each of 2,000 pages costs more than their check
        if self.written.get(uri) != markdown:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as file:
                file.write(markdown)
            self.written[uri] = markdown
        return {"abs_src_path": path}

    def page_content(self, html: str, markdown: str, uri: str, abs_src_path: str | None, generated_by: object) -> str:
        """A converted page as the search index is to read it: a generated page with its
        blocks' twins in place of their stubs; a hand-written page's markup checked against
        the policy (generated pages print data escaped)."""
        name = self.source_name(uri, abs_src_path, generated_by is not None)
        if generated_by is not None:
            try:
                return blocks.unstubbed(html, self.blocks.get(uri, {}))
            except ValueError as error:
                raise Stop(f"{name}: {error}") from None
        self.problems += [f"{name}:{finding.line}: {finding.message}" for finding in csp.content_problems(html, markdown)]
        return html

    def report_problems(self) -> None:
        if self.problems:
            self._report_or_stop("Pages carry markup the site's Content-Security-Policy does not allow:\n"
                                 + "\n".join(self.problems))

    def _report_or_stop(self, message: str) -> None:
        if self.serving:  # the preview has no policy
            print(f"ERROR    -  {message}", file=sys.stderr, flush=True)
            return
        raise Stop(message)

    def finish_page(self, html: str, uri: str, abs_src_path: str | None, generated_by: object) -> str:
        """The finished page: its blocks back in place, then its policy."""
        name = self.source_name(uri, abs_src_path, generated_by is not None)
        try:
            html = blocks.restore(html, self.blocks.get(uri, {}))
        except ValueError as error:
            raise Stop(f"{name}: {error}") from None
        return self.with_policy(html, name)

    def with_policy(self, html: str, name: str) -> str:
        # `mkdocs serve` injects its live-reload script into each page as it sends it, with a
        # fresh id every time, so no hash can allow it: the local preview goes without a policy
        if self.serving:
            return html
        # a script that reached the page some other way than its content (a title in front
        # matter, which the theme prints unescaped): never hashed, and the build stops
        foreign = csp.foreign_scripts(html, self.theme_scripts)
        if foreign:
            raise Stop(f"{name}: the built page has an inline script the theme did not write, "
                       f"which its Content-Security-Policy would not run: {foreign[0][:80]!r}")
        return csp.with_policy(html, self.theme_scripts)


    def source_name(self, uri: str, abs_src_path: str | None, generated: bool) -> str:
        """How a message names a page: its file under the project, or the data it comes from."""
        if generated or abs_src_path is None:
            return f"the page generated from playbook_data, {uri}"
        path = Path(abs_src_path).resolve()
        return path.relative_to(self.project).as_posix() if path.is_relative_to(self.project) else str(path)

    @staticmethod
    def walk_order(src_uri: str) -> tuple:
        return walk_order(src_uri)

    @staticmethod
    def nav_pages(nav: object) -> set[str]:
        return nav_pages(nav)


def walk_order(src_uri: str) -> tuple:
    """The order MkDocs gives files it finds in docs/ (top-down, directories by name, the files
    of a directory before its subdirectories, index first), so that the sitemap and the search
    index come out as they do when the rendered Markdown is built without the hook."""
    *folders, name = src_uri.split("/")
    return (*((1, folder) for folder in folders), (0, name.rsplit(".", 1)[0] not in ("index", "README"), name))


def nav_pages(nav: object) -> set[str]:
    """The pages a nav configuration names (MkDocs' nav: lists of titles mapped to a path, a
    link or another list)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*map(nav_pages, nav.values()))
    if isinstance(nav, list):
        return set().union(*map(nav_pages, nav))
    return set()


def _template_texts(folders: list[str]) -> list[str]:
    """The theme's HTML templates (not its .icons folder: thousands of files, no script)."""
    texts = []
    for folder in folders:
        for top, subfolders, names in os.walk(folder):
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            texts += [Path(top, name).read_text("utf-8") for name in sorted(names) if name.endswith(".html")]
    return texts
