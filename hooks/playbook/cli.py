"""python -m playbook check | render --out DIR | export --out FILE"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from playbook.api import PlaybookError, RenderError, build_pages, load_playbook
from playbook.export import to_json
from playbook.folders import replace_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playbook", description="Check or render the role-design playbook.")
    parser.add_argument("--data", type=Path, default=Path("playbook_data"), help="the data folder (default: playbook_data)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the data; exit 1 with every problem, located")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="github: one ::error workflow command per problem, for pull-request annotations")
    render = commands.add_parser(
        "render", help="write a site project that needs no hooks: DIR/mkdocs.yml and DIR/docs/ (the hand-written "
                       "pages plus every generated page and data file); `properdocs build -f DIR/mkdocs.yml` builds it")
    render.add_argument("--out", type=Path, required=True, help="the folder to write; replaced only when rendering succeeds")
    render.add_argument("--docs", type=Path, default=Path("docs"), help="hand-written pages to copy first (default: docs)")
    render.add_argument("--site-url", default=os.environ.get("SITE_URL", ""),
                        help="the public address, printed on worksheets (default: $SITE_URL, as the site build uses)")
    render.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                        help="the site configuration to copy without its hooks (default: mkdocs.yml)")
    export = commands.add_parser("export", help="write the whole model as JSON (what the site publishes as data/playbook.json)")
    export.add_argument("--out", type=Path, required=True, help="the file to write; '-' for standard output")
    args = parser.parse_args(argv)

    try:
        if args.command == "check":
            playbook = load_playbook(args.data)
            counts = [(playbook.roles, "role"), (playbook.spectra, "trait spectrum"),
                      (playbook.accountabilities, "accountability"), (playbook.stages, "stage"),
                      (playbook.transitions, "transition"), (playbook.handoffs, "handoff"),
                      (playbook.anti_patterns, "anti-pattern"), (playbook.worksheets, "worksheet")]
            print("The playbook data is valid: " + ", ".join(_count(len(items), noun) for items, noun in counts) + ".")
            return 0
        if args.command == "export":
            text = to_json(load_playbook(args.data))
            if str(args.out) == "-":
                sys.stdout.write(text)
            else:
                _write_file(args.out, text)
            return 0
        pages = build_pages(args.data, args.site_url)
        config = hookless_config(args.config.read_text("utf-8"))
        _write_tree(args.out, args.docs, pages, config)
        print(f"Wrote {len(pages)} generated pages and data files and the contents of {args.docs} to {args.out / 'docs'}, "
              f"and {args.out / 'mkdocs.yml'} without hooks.")
        return 0
    except PlaybookError as error:
        if getattr(args, "format", "text") == "github":
            print("\n".join(p.github_annotation() for p in error.problems))
        print(error.report(), file=sys.stderr)
        return 1
    except RenderError as error:
        print(f"A template failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot read or write a file: {error}", file=sys.stderr)
        return 1


def _count(number: int, noun: str) -> str:
    plural = {"trait spectrum": "trait spectra", "accountability": "accountabilities"}.get(noun, noun + "s")
    return f"{number} {noun if number == 1 else plural}"


def hookless_config(config: str) -> str:
    """The site configuration without its `hooks:` and `watch:` blocks, reading pages from docs/."""
    kept: list[str] = []
    skipping = False
    for line in config.splitlines():
        top_level = line[:1] not in ("", " ", "#")
        if top_level:
            skipping = line.split(":", 1)[0] in ("hooks", "watch", "docs_dir")
        if not skipping:
            kept.append(line)
    return "\n".join(kept).rstrip() + "\n\n# written by `python -m playbook render`: every page is already Markdown\ndocs_dir: docs\n"


def _write_tree(out: Path, docs: Path, pages: dict[str, str], config: str) -> None:
    """Build the whole tree beside `out`, then swap it in, so `out` is never half written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        tree = staging / "tree"
        tree.mkdir()
        (tree / "mkdocs.yml").write_text(config, "utf-8")
        if docs.is_dir():
            shutil.copytree(docs, tree / "docs")
        for uri, markdown in pages.items():
            target = tree / "docs" / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, "utf-8")
        replace_folder(tree, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write_file(out: Path, text: str) -> None:
    """Write beside `out` and rename, so `out` is never half written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    partial.write_text(text, "utf-8")
    partial.replace(out)
