"""Build-time figures for the docs (not a test): `make bench`.

Builds the shipped playbook several times with and without the diagrams and prints the
median times and the share the diagrams add (goal: under 20 %)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def build_seconds(diagrams: str, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_DIAGRAMS": diagrams}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build_seconds("on", Path(tmp) / "warm")  # warm the file cache
        times = {"on": [], "off": []}
        for _ in range(RUNS):
            for mode in ("off", "on"):  # interleaved, so drift affects both alike
                times[mode].append(build_seconds(mode, Path(tmp) / mode))
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    print(f"strict build, median of {RUNS}: with diagrams {on:.2f} s, without {off:.2f} s")
    print(f"the diagrams add {100 * (on - off) / off:.1f} % (goal: under 20 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
