"""Build-time figures for the README (not a test): `make bench`.

Every build is a separate `mkdocs build --strict` process; each figure gives CPU seconds
(user + system of the build process: what the build costs, whatever else the shared machine
is doing) and wall seconds, as the min and the median of BENCH_RUNS runs (default 3).

1. The shipped playbook with the hook, against its plain-Markdown twin: the same pages
   pre-rendered by `render --out` and built without the hook (goal: no slower).
2. Synthetic playbooks of BENCH_ROLES roles (default 100, 300, 1000: copies of the shipped
   role files under new ids), each against its floor measured in the same run: a plain
   Material project with the same page paths and sizes (each generated page replaced by
   plain paragraphs of the same length), the same configuration and nav (entity pages out
   of it), no hook; and against a lean floor, whose pages are as long as the text the search
   index reads of each page (the Markdown with its finished blocks as their twins; MkDocs'
   Markdown gets only their stubs). Goals: at most 1.5 x the floor at 1,000 roles; growth from the
   smallest to the largest size no worse than x11 for x10 roles.
3. One-line edits to a role under `mkdocs serve --dirty` (one of its reasons, which only its
   own pages show, and its summary, which the overview, stage and tool pages show too), from
   the edit to the served page showing it, at 15 roles and at the largest size (goals: under
   1 s and under 1.5 s), with the rebuild's part as MkDocs reports it.
4. The bytes a reader downloads for the home page, a role page and a tool page.
5. The worst Markdown found for a `*_md` field, at the schema's maximum length, in every
   such field of the data, against the shipped playbook (BENCH_WORST=0 leaves it out).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from playbook import blocks  # noqa: E402
from playbook.synthetic import add_roles  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZES = tuple(int(n) for n in os.environ.get("BENCH_ROLES", "100,300,1000").split(","))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ""}
SITE_URL = "http://127.0.0.1:8000/"
# The slowest of the inputs tried at 20,000 characters (runs of [ * _ ` < > ! and nested
# lists or quotes, and their mixes): image openings that never close.
WORST_MARKDOWN = ("![*" * 6667)[:20000]
WORDS = ("role accountability stage owner sales service growth hunting farming customer handoff trait "
         "delegation spectrum leader manager charter worksheet level conflict").split()


def build(project: Path, site: Path, config: str = "mkdocs.yml", **env: str) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one strict build."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(project / config),
                                "-d", str(site)], cwd=project, env={**ENV, **env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"the build of {project / config} failed:\n{process.stderr.read().decode()}")
    return usage.ru_utime + usage.ru_stime, wall


class Figure:
    """Runs of one build: min and median of CPU and wall seconds."""

    def __init__(self, runs: list[tuple[float, float]]):
        self.cpu = sorted(cpu for cpu, _ in runs)
        self.wall = sorted(wall for _, wall in runs)

    @property
    def median(self) -> float:
        return statistics.median(self.cpu)

    def __str__(self) -> str:
        return (f"CPU {min(self.cpu):.2f} / {statistics.median(self.cpu):.2f} s, "
                f"wall {min(self.wall):.2f} / {statistics.median(self.wall):.2f} s (min / median)")


def measure(project: Path, site: Path, config: str = "mkdocs.yml") -> Figure:
    return Figure([build(project, site, config) for _ in range(RUNS)])


def copy_project(target: Path, roles: int = 0) -> Path:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target)
    for name in ("docs", "hooks", "playbook_data"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    if roles:
        add_roles(target / "playbook_data", roles)
    return target


def plain_markdown_project(project: Path) -> str:
    """The same pages as plain Markdown in a project without the hook (`render --out`): its config."""
    subprocess.run([sys.executable, "-m", "playbook", "--data", str(project / "playbook_data"), "render",
                    "--out", str(project / "plain"), "--docs", str(project / "docs"),
                    "--config", str(project / "mkdocs.yml"), "--site-url", SITE_URL],
                   cwd=project, env={**ENV, "PYTHONPATH": str(project / "hooks")}, check=True, capture_output=True)
    return "plain/mkdocs.yml"


def floor_project(project: Path, twins: bool = False) -> str:
    """The floor: the plain-Markdown project with every generated page replaced by plain
    paragraphs of the same length under its title (same paths, sizes, config and nav). With
    `twins`, each page is as long as the Markdown MkDocs gets from the hook (finished blocks
    as their twins), not as the rendered page."""
    config = plain_markdown_project(project)
    if twins:
        shutil.copytree(project / "plain", project / "plain-twins")
        config = "plain-twins/mkdocs.yml"
    docs = project / config.split("/")[0] / "docs"
    hand_written = {path.relative_to(project / "docs") for path in (project / "docs").rglob("*.md")}
    for page in sorted(docs.rglob("*.md")):
        if page.relative_to(docs) in hand_written:
            continue
        text = page.read_text("utf-8")
        size = len((blocks.stash(text)[0] if twins else text).encode("utf-8"))
        title = re.search(r"^# (.*)$", text, re.M)
        head = f"# {title.group(1) if title else page.stem}\n\n"
        page.write_text(head + _plain_text(max(0, size - len(head.encode("utf-8")))), "utf-8")
    return config


def _plain_text(size: int) -> str:
    """Paragraphs of words, `size` bytes."""
    out, n, length = [], 0, 0
    while length < size:
        word = WORDS[n % len(WORDS)]
        sep = "\n\n" if n % 60 == 59 else " "
        out.append(word + sep)
        length += len(word) + len(sep)
        n += 1
    return "".join(out)[:size]


def worst_markdown(project: Path) -> int:
    """WORST_MARKDOWN in every `*_md` field of the project's data; the number of fields."""
    from playbook.load import iter_data_files, schema_line
    from playbook.yaml_loader import load_yaml_file

    count = 0

    def replace(value):
        nonlocal count
        if isinstance(value, dict):
            markdown = {key for key, item in value.items() if key.endswith("_md") and isinstance(item, str)}
            count += len(markdown)
            return {key: WORST_MARKDOWN if key in markdown else replace(item) for key, item in value.items()}
        return [replace(item) for item in value] if isinstance(value, list) else value

    for kind, path in iter_data_files(project / "playbook_data"):
        data = replace(load_yaml_file(path, str(path)).data)
        path.write_text(schema_line(kind) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), "utf-8")
    return count


# one-line edits to a role: a reason (shown on the role's own page and charter only) and the
# summary (shown on the roles overview, the stage pages and in the tools' data too)
EDITS = {"a reason": ("reason: Day-to-day customer", "reason: Benchmark edit {n}. Day-to-day customer"),
         "the summary": ("summary: Sets the direction", "summary: Benchmark edit {n}. Sets the direction")}


def serve_edits(project: Path) -> dict[str, tuple[list[float], list[float]]]:
    """For each of EDITS, RUNS times: the seconds from the edit to the served page showing it,
    and the seconds of the rebuild as MkDocs reports it ("Documentation built in"). The rest is
    MkDocs waiting a tenth of a second for the writes to stop (the hook has the data folder
    watched through the system's file notifications: no half-second poll) and reading its
    configuration again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict",
                                   "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")], cwd=project, env=ENV,
                                  stdout=subprocess.DEVNULL, stderr=sink)
    url = f"http://127.0.0.1:{port}/roles/sales-leader/"
    try:
        _wait_for(url, "Sets the direction", 900)
        role = project / "playbook_data" / "roles" / "sales-leader.yml"
        text = role.read_text("utf-8")
        times: dict[str, tuple[list[float], list[float]]] = {}
        for name, (old, new) in EDITS.items():
            for n in range(RUNS):
                marker = f"Benchmark edit {n}"
                time.sleep(1)  # a quiet server before each edit
                start = time.perf_counter()
                role.write_text(text.replace(old, new.format(n=n), 1), "utf-8")
                _wait_for(url, marker, 300)
                seen, builds = times.setdefault(name, ([], []))
                seen.append(time.perf_counter() - start)
                builds.append(float(_BUILT.findall(log.read_text("utf-8"))[-1]))
                role.write_text(text, "utf-8")
                _wait_for(url, "summary", 300, absent=marker)
        return times
    finally:
        server.terminate()
        server.wait(30)


_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def _wait_for(url: str, text: str, timeout: float, absent: str | None = None) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if (absent is None and text in body) or (absent is not None and absent not in body):
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r}")


_IMPORTS = re.compile(r'\bfrom\s*"(\./[^"]+\.js)"')
_DYNAMIC = re.compile(r'\bimport\s*\(\s*"(\./[^"]+\.js)"')


def page_bytes(site: Path, page: str) -> tuple[int, int]:
    """(bytes, gzipped bytes) of a page's HTML with the CSS and JS files it links, and every
    module those import (the workspace's views come by dynamic import: counted too)."""
    html_path = site / page / "index.html"
    html = html_path.read_text("utf-8")
    files = [html_path] + [
        (html_path.parent / ref).resolve() for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
        if not ref.startswith("http")
    ]
    # modules: what each imports, and what it imports on demand if the page has a tool, a
    # worksheet or a comparison table (an upper bound: all of the views)
    uses = re.search(r'class="(?:pb-tool|pb-sheet|pb-compare)\b', html) is not None
    for f in files:  # grows while it is read
        if f.suffix == ".js" and f.is_file():
            text = f.read_text("utf-8")
            refs = _IMPORTS.findall(text) + (_DYNAMIC.findall(text) if uses else [])
            files.extend(m for m in ((f.parent / ref).resolve() for ref in refs) if m not in files)
    raw = sum(f.stat().st_size for f in files if f.is_file())
    packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files if f.is_file())
    return raw, packed


def goal(met: bool, text: str) -> str:
    return f"meets the goal ({text})" if met else f"MISSES the goal ({text})"


def edits(times: list[float]) -> str:
    return f"{min(times):.2f} / {statistics.median(times):.2f} s (min / median of {len(times)})"


def main() -> int:
    print(f"{RUNS} runs of each build; CPU is user + system time of the build process.", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shipped = copy_project(tmp / "shipped")
        hooked = measure(shipped, tmp / "site-hooked")
        plain = measure(shipped, tmp / "site-plain", plain_markdown_project(shipped))
        ratio = hooked.median / plain.median
        print(f"shipped playbook (15 roles), with the hook: {hooked}\n"
              f"  its plain-Markdown twin (render --out, no hook): {plain}\n"
              f"  ratio of CPU medians {ratio:.2f}: " + goal(ratio <= 1.0, "no slower than the twin"), flush=True)

        sizes = {}
        for roles in SIZES:
            project = copy_project(tmp / f"roles-{roles}", roles)
            playbook = measure(project, tmp / f"site-{roles}")
            floor = measure(project, tmp / f"floor-{roles}", floor_project(project))
            lean = measure(project, tmp / f"floor-{roles}", floor_project(project, twins=True))
            sizes[roles] = playbook.median
            ratio, lean_ratio = playbook.median / floor.median, playbook.median / lean.median
            print(f"{roles} roles, the playbook: {playbook}\n"
                  f"  the floor (plain Material, same paths, pages as long as the rendered ones): {floor}\n"
                  f"  ratio {ratio:.2f}" + (": " + goal(ratio <= 1.5, "at most 1.5") if roles == 1000 else "") + "\n"
                  f"  the lean floor (pages as long as the Markdown with its blocks as twins): {lean}\n"
                  f"  ratio {lean_ratio:.2f}" + (": " + goal(lean_ratio <= 1.5, "at most 1.5") if roles == 1000 else ""),
                  flush=True)
            shutil.rmtree(tmp / f"floor-{roles}", ignore_errors=True)
        if len(sizes) > 1:
            (small, t_small), (large, t_large) = min(sizes.items()), max(sizes.items())
            growth = t_large / t_small
            print(f"growth from {small} to {large} roles (CPU medians): x{growth:.1f} for x{large / small:.0f} roles: "
                  + goal(growth <= 11 * large / small / 10, f"at most x{11 * large / small / 10:.0f}"), flush=True)

        largest = max(SIZES)
        for roles, limit in ((15, 1.0), (largest, 1.5)):
            for name, (times, builds) in serve_edits(copy_project(tmp / f"serve-{roles}", roles if roles > 15 else 0)).items():
                print(f"one-line edit to {name} under mkdocs serve, {roles} roles, edit to served page: {edits(times)}: "
                      + goal(statistics.median(times) < limit, f"under {limit:g} s")
                      + f"; the rebuild as MkDocs reports it: {edits(builds)}", flush=True)

        site = tmp / "site-hooked"
        for label, page in (("home page", "."), ("role page", "roles/sales-leader"), ("tool page", "tools/delegation"),
                            ("company workspace", "my-company")):
            raw, packed = page_bytes(site, page)
            print(f"{label}: {raw / 1024:.0f} KiB, {packed / 1024:.0f} KiB gzipped (HTML + CSS + JS)")
        own = sorted((ROOT / "docs" / "javascripts").rglob("*.js")) + sorted((ROOT / "docs" / "stylesheets").glob("*.css"))
        packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in own)
        print(f"the project's own JS and CSS, {len(own)} files, each gzipped: {packed / 1024:.1f} KiB: "
              + goal(packed <= 40 * 1024, "at most 40 KiB"))

        if os.environ.get("BENCH_WORST", "1") != "0":
            worst = copy_project(tmp / "worst-markdown")
            fields = worst_markdown(worst)
            slow = measure(worst, tmp / "site-worst")
            print(f"worst-case Markdown ({len(WORST_MARKDOWN):,} characters of {WORST_MARKDOWN[:3]!r}) in all {fields} "
                  f"*_md fields: {slow}, against CPU {hooked.median:.2f} s for the shipped playbook "
                  f"(+{(slow.median - hooked.median) / fields:.2f} s a field)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
