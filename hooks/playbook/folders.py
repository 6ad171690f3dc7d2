"""Replacing a folder in one step, so that readers see the old one or the new one, never half of each."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def replace_folder(new: Path, target: Path) -> None:
    """`new` becomes `target`: the old `target` is moved aside, `new` renamed into its place,
    then the old one removed. If the rename fails, the old folder is put back."""
    old = None
    if target.exists() or target.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-", suffix=".old", dir=target.parent)) / target.name
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)
