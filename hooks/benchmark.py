"""Performance figures for the README (not a test): `make bench`.

1. the shipped playbook built with the hook, against the same pages pre-rendered to plain
   Markdown and built by the same MkDocs and theme without the hook (ratio, goal <= 1.05);
2. the diagrams' share of the build (goal: under 20 %);
3. synthetic data of 100 and 1,000 roles: build time and growth (goal: 1,000 roles <= 3 s);
4. the rebuild after a one-line YAML edit under `mkdocs serve` (goal: under 1 s);
5. the bytes a reader downloads for the home page, a role page and a tool page, and the
   project's own JS and CSS gzipped;
6. the worst Markdown found for a `*_md` field, at the schema's maximum length, in every
   such field of the data: the build against the shipped playbook's (no goal: it shows
   that the cost of Markdown grows linearly, where it used to take minutes).
Where a goal is missed, the line says by how much."""

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
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SIZES = tuple(int(n) for n in os.environ.get("BENCH_ROLES", "100,1000").split(","))  # synthetic data sizes
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
# The slowest of the inputs tried at 20,000 characters (runs of [ * _ ` < > ! and nested
# lists or quotes, and their mixes): image openings that never close. Python-Markdown took
# 30 s of CPU on this one (95 s on 20,000 `[`); markdown-it-py about half a second.
WORST_MARKDOWN = ("![*" * 6667)[:20000]


def build(project: Path, site: Path, config: str = "mkdocs.yml", **env: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(project / config), "-d", str(site)],
                   cwd=project, env={**ENV, **env}, check=True, capture_output=True)
    return time.perf_counter() - start


def median_build(project: Path, site: Path, config: str = "mkdocs.yml", **env: str) -> float:
    build(project, site, config, **env)  # warm
    return statistics.median(build(project, site, config, **env) for _ in range(RUNS))


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target)
    for name in ("docs", "hooks", "playbook_data"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


def plain_markdown_project(project: Path) -> str:
    """The same pages as plain Markdown in a project without the hook (`render --out`): its config."""
    subprocess.run([sys.executable, "-m", "playbook", "--data", str(project / "playbook_data"), "render",
                    "--out", str(project / "plain"), "--docs", str(project / "docs"),
                    "--config", str(project / "mkdocs.yml"), "--site-url", ENV.get("SITE_URL", "http://127.0.0.1:8000/")],
                   cwd=project, env={**ENV, "PYTHONPATH": str(project / "hooks")}, check=True, capture_output=True)
    return "plain/mkdocs.yml"


def synthetic(project: Path, roles: int) -> None:
    """`roles` role files, copies of the shipped ones under new ids."""
    folder = project / "playbook_data" / "roles"
    originals = sorted(folder.glob("*.yml"))
    for n in range(roles - len(originals)):
        source = originals[n % len(originals)]
        text = source.read_text("utf-8")
        new_id = f"{source.stem}-{n:04d}"
        text = text.replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} {n:04d}", text, count=1, flags=re.M)
        (folder / f"{new_id}.yml").write_text(text, "utf-8")


def worst_markdown(project: Path) -> int:
    """WORST_MARKDOWN in every `*_md` field of the project's data; the number of fields."""
    sys.path.insert(0, str(ROOT / "hooks"))
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


def serve_rebuild(project: Path) -> float:
    """Seconds from a one-line YAML edit to the served page showing it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}",
                               "-f", str(project / "mkdocs.yml")], cwd=project, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/roles/sales-leader/"
    try:
        _wait_for(url, "Sets the direction", 60)
        role = project / "playbook_data" / "roles" / "sales-leader.yml"
        text = role.read_text("utf-8")
        times = []
        for n in range(RUNS):
            marker = f"Benchmark edit {n}"
            start = time.perf_counter()
            role.write_text(text.replace("summary: Sets the direction", f"summary: {marker}. Sets the direction", 1), "utf-8")
            _wait_for(url, marker, 30)
            times.append(time.perf_counter() - start)
            role.write_text(text, "utf-8")
            _wait_for(url, "summary", 30, absent=marker)
        return statistics.median(times)
    finally:
        server.terminate()
        server.wait(10)


def _wait_for(url: str, text: str, timeout: float, absent: str | None = None) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        try:
            body = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
            if (absent is None and text in body) or (absent is not None and absent not in body):
                return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {text!r}")


def page_bytes(site: Path, page: str) -> tuple[int, int]:
    """(bytes, gzipped bytes) of a page's HTML with the CSS and JS files it links."""
    html_path = site / page / "index.html"
    html = html_path.read_text("utf-8")
    files = [html_path] + [
        (html_path.parent / ref).resolve() for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
        if not ref.startswith("http")
    ]
    raw = sum(f.stat().st_size for f in files if f.is_file())
    packed = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files if f.is_file())
    return raw, packed


def goal(value: float, limit: float, unit: str) -> str:
    return "meets the goal" if value <= limit else f"misses the goal by {value - limit:.2f} {unit}"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = copy_project(tmp / "shipped")
        hooked = median_build(project, tmp / "site-hooked")
        plain_config = plain_markdown_project(project)
        plain = median_build(project, tmp / "site-plain", plain_config)
        ratio = hooked / plain
        print(f"shipped playbook: {hooked:.2f} s with the hook, {plain:.2f} s as plain Markdown: "
              f"ratio {ratio:.2f} ({goal(ratio, 1.05, '')})")
        off = median_build(project, tmp / "site-off", PLAYBOOK_DIAGRAMS="off")
        share = 100 * (hooked - off) / off
        print(f"diagrams: {hooked:.2f} s with, {off:.2f} s without: +{share:.1f} % ({goal(share, 20, '%')})")

        sizes = {}
        for roles in SIZES:
            big = copy_project(tmp / f"roles-{roles}")
            synthetic(big, roles)
            sizes[roles] = median_build(big, tmp / f"site-{roles}")
            print(f"{roles} roles: {sizes[roles]:.2f} s" + (f" ({goal(sizes[roles], 3, 's')})" if roles == 1000 else ""))
        if len(sizes) > 1:
            (small, t_small), (large, t_large) = min(sizes.items()), max(sizes.items())
            print(f"growth from {small} to {large} roles: x{t_large / t_small:.1f} (linear: x{large / small:.0f})")

        worst = copy_project(tmp / "worst-markdown")
        fields = worst_markdown(worst)
        slow = median_build(worst, tmp / "site-worst")
        print(f"worst-case Markdown ({len(WORST_MARKDOWN):,} characters of {WORST_MARKDOWN[:3]!r}) in all {fields} "
              f"*_md fields: {slow:.2f} s, against {hooked:.2f} s for the shipped playbook "
              f"(+{slow - hooked:.2f} s, {(slow - hooked) / fields:.2f} s a field)")

        rebuild = serve_rebuild(copy_project(tmp / "serve"))
        print(f"rebuild after a one-line YAML edit under mkdocs serve: {rebuild:.2f} s ({goal(rebuild, 1, 's')})")

        site = tmp / "site-hooked"
        for label, page in (("home page", "."), ("role page", "roles/sales-leader"), ("tool page", "tools/delegation")):
            raw, packed = page_bytes(site, page)
            print(f"{label}: {raw / 1024:.0f} KiB, {packed / 1024:.0f} KiB gzipped (HTML + CSS + JS)")
        own = [ROOT / "docs" / "javascripts" / "playbook-tools.js", *sorted((ROOT / "docs" / "stylesheets").glob("*.css"))]
        for f in own:
            print(f"{f.name}: {f.stat().st_size / 1024:.1f} KiB, {len(gzip.compress(f.read_bytes(), 9)) / 1024:.1f} KiB gzipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
