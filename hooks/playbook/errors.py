"""Located problems in the playbook data, and the one error type that carries them."""

from __future__ import annotations

import difflib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, at a 1-based line and column of a file."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{printable(self.path)}:{self.line}:{self.col}: {printable(self.message)}"
        return f"{text} ({printable(self.hint)})" if self.hint else text

    def github_annotation(self) -> str:
        """The problem as one GitHub Actions workflow command, escaped as GitHub unescapes it."""
        text = printable(self.message) + (f" ({printable(self.hint)})" if self.hint else "")
        # the file name keeps its line breaks (escaped as GitHub reads them) so that the
        # annotation lands on the real file; the text shows them as \u000a like the terminal
        return (f"::error file={printable(_command_property(self.path))},line={self.line},col={self.col}"
                f"::{_command_data(text)}")


def printable(text: str) -> str:
    """Text safe to print on one terminal line: every character that could move the
    cursor, change colours, reorder text or start a new line is shown as an escape."""
    return "".join(f"\\u{ord(c):04x}" if _hidden(c) else c for c in str(text))


def _hidden(char: str) -> bool:
    category = unicodedata.category(char)
    return category in ("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn") and char != " "


def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


class PlaybookError(Exception):
    """Raised with every problem found in one run; never a partial list."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in the playbook data.")
        return "\n".join(lines)


def display_path(path: Path) -> str:
    """A path as the reader should see it: relative to the working directory when inside it."""
    # links are not resolved: a message names the place in the data, never a link's target
    # (string operations: a Path per file was a tenth of a second of loading 1,000 roles)
    full, here = os.path.abspath(path), os.getcwd()
    if full == here:
        return "."
    inside = here.rstrip("/") + "/"
    return full[len(inside):] if full.startswith(inside) else Path(path).as_posix()


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
