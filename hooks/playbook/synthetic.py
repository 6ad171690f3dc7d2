"""Synthetic playbooks of any size, for the benchmark and the tests that count work: the
shipped role files copied under new ids (and names), the rest of the data as it is."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


def synthetic_data(source: Path, target: Path, roles: int, schemas: Path | None = None) -> Path:
    """A copy of the data folder `source` at `target` with `roles` role files (at least the
    ones it has): role n is a copy of the n-th original under the id `<original>-<nnnn>`.
    `schemas`: a schema folder to use instead of the one in `source`."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    if schemas is not None:
        shutil.rmtree(target / "schema", ignore_errors=True)
        shutil.copytree(schemas, target / "schema")
    add_roles(target, roles)
    return target


def add_roles(data: Path, roles: int) -> None:
    folder = data / "roles"
    originals = sorted(folder.glob("*.yml"))
    for n in range(roles - len(originals)):
        source = originals[n % len(originals)]
        text = source.read_text("utf-8")
        new_id = f"{source.stem}-{n:04d}"
        text = text.replace(f"id: {source.stem}\n", f"id: {new_id}\n", 1)
        text = re.sub(r"^name: (.*)$", lambda m: f"name: {m.group(1)} {n:04d}", text, count=1, flags=re.M)
        (folder / f"{new_id}.yml").write_text(text, "utf-8")
