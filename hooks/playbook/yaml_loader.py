"""The one strict YAML loader, used by the build, the command line and the tests.

It reads a restricted YAML: no anchors, aliases, merge keys or explicit tags, no
duplicate keys, one document per file, bounded size and depth, UTF-8 without a BOM.
Plain scalars are typed narrowly (YAML 1.2 JSON-like): only `true`, `false`, `null`,
`~`, an empty value, decimal integers without leading zeros and decimals that read back
the same (`0.5`, not `1.10`) change type; `NO`, `on`, `012`, `12:30` and `2024-01-01`
stay strings. Every value and key keeps its line and column for error messages.

Lines are counted as editors count them: CR LF and a lone CR end a line like LF does.
Text that cannot be shown safely is refused where it stands: control characters, bidi
overrides, noncharacters and lone surrogates (also when written as escapes), the line
separators U+2028, U+2029 and NEL, and whole numbers of more than MAX_DIGITS digits.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from playbook.errors import PlaybookError, Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_DIGITS = 15  # every whole number stays exact as a JavaScript number in the browser tools

JsonPath = tuple[str | int, ...]

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_BOMS = {
    b"\xef\xbb\xbf": "UTF-8",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: plain Python data plus where each value and key stands."""

    path: Path
    shown_path: str
    data: Any
    values: dict[JsonPath, Mark] = field(repr=False)
    keys: dict[JsonPath, Mark] = field(repr=False)
    raw: dict[JsonPath, str] = field(repr=False)  # source text of plain scalars that were typed
    first_line: str = ""  # the file's line 1, which names its schema
    text: str = field(default="", repr=False)  # the whole file, line ends made LF

    def derived(self, name: str, compute):  # (YamlDocument) -> T
        """What `compute` finds in this document, computed once: yaml_loader gives the same
        document again while the file's bytes are the same (a rebuild under serve)."""
        kept = self.__dict__.setdefault("_derived", {})  # not a field: equality ignores it
        if name not in kept:
            kept[name] = compute(self)
        return kept[name]

    def find(self, path: JsonPath, needle: str) -> Mark:
        """Where `needle` first stands in the file at or after the value at `path` (the value's
        own place when the file spells it otherwise, e.g. through escapes or folded lines)."""
        start = self.mark(path)
        lines = self.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.col - 1
        found = self.text.find(needle, offset) if needle else -1
        if found < 0:
            return start
        line = self.text.count("\n", 0, found) + 1
        return Mark(line, found - (self.text.rfind("\n", 0, found) + 1) + 1)

    def mark(self, path: JsonPath, *, key: bool = False) -> Mark:
        """Where `path` stands: its key when asked and known, else its value, else the nearest parent."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return Mark(1, 1)
            path = path[:-1]

    def problem(self, path: JsonPath, message: str, hint: str = "", *, key: bool = False) -> Problem:
        where = self.mark(path, key=key)
        return Problem(self.shown_path, where.line, where.col, message, hint)


class _Fatal(Exception):
    """Stops composing a file; carries the problem that stopped it."""

    def __init__(self, problem: Problem):
        self.problem = problem


# the last document parsed from each file, by the hash of its bytes: under `mkdocs serve`
# (which keeps the core loaded while its code is unchanged) an edit parses one file again
_PARSED: dict[tuple[str, str], tuple[bytes, "YamlDocument", tuple[int, ...] | None]] = {}
_KEEP = 4096  # files: more than the 1,000-role benchmark has, so a process that loads many data folders stays bounded
_SETTLED_NS = 2_000_000_000  # a file unchanged for this long is known by its status alone


def load_yaml_file(path: Path, shown_path: str) -> YamlDocument:
    """Read and parse one file, raising PlaybookError with every problem found. A file whose
    status (times, size, inode, type) is that of the last time, when it had not been modified
    for two seconds already, is not read again (reading and hashing 1,000 role files was a tenth of
    a rebuild under serve). A file written in the two seconds before it was read is always read
    and hashed again, since two writes within one tick of the file system's clock can leave the
    same times (what git calls racily clean)."""
    key = (str(path), shown_path)
    kept = _PARSED.get(key)
    status = _status(path)
    if kept is not None and status is not None and kept[2] == status:
        return kept[1]
    data = read_regular_file(path, shown_path)
    digest = hashlib.blake2b(data, digest_size=20).digest()
    settled = status if status is not None and time.time_ns() - status[0] > _SETTLED_NS else None
    if kept is not None and kept[0] == digest:
        _PARSED[key] = (digest, kept[1], settled)
        return kept[1]
    doc = load_yaml_bytes(data, path, shown_path)
    _PARSED.pop(key, None)
    _PARSED[key] = (digest, doc, settled)
    while len(_PARSED) > _KEEP:  # the least recently parsed first
        del _PARSED[next(iter(_PARSED))]
    return doc


def _status(path: Path) -> tuple[int, ...] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev, info.st_mode)


def read_regular_file(path: Path, shown_path: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, read once. A link, a folder, a FIFO or a device is
    refused before anything is read from it, so nothing outside the data is followed."""
    def refuse(message: str, hint: str = "") -> PlaybookError:
        return PlaybookError([Problem(shown_path, 1, 1, message, hint)])

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        if path.is_symlink():
            raise refuse("this is a symbolic link; data files must be regular files inside the data folder",
                         "replace the link with the file itself")
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise refuse("the file disappeared while the data was being read", "run the check again") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise refuse("this is a symbolic link; data files must be regular files inside the data folder",
                         "replace the link with the file itself") from None
        raise refuse(f"cannot read the file: {error.strerror}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise refuse("this is a folder, but it must be a file", "move what it holds into one file of this name")
        raise refuse("this is not a regular file (a pipe, socket or device)", "replace it with a plain text file")
    with os.fdopen(descriptor, "rb") as handle:
        if info.st_size > limit:
            raise refuse(f"the file is {info.st_size:,} bytes; the limit is {limit:,}", "split it into smaller files")
        try:
            return handle.read(limit + 1)  # a file that grows while it is read is still bounded
        except OSError as error:
            raise refuse(f"cannot read the file: {error.strerror}") from None


def load_yaml_bytes(data: bytes, path: Path, shown_path: str) -> YamlDocument:
    text = _decode(data, shown_path)
    return load_yaml_text(text, path, shown_path)


def load_yaml_text(text: str, path: Path, shown_path: str) -> YamlDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # count lines as editors do
    separators = [_line_separator_problem(text, match.start(), shown_path) for match in _LINE_SEPARATORS.finditer(text)]
    if separators:
        raise PlaybookError(separators)
    composer = _Composer(shown_path)
    try:
        value = composer.compose(_events(text, shown_path))
    except _Fatal as fatal:
        raise PlaybookError([*composer.problems, fatal.problem]) from None
    if composer.problems:
        raise PlaybookError(composer.problems)
    return YamlDocument(path, shown_path, value, composer.values, composer.keys, composer.raw,
                        text.split("\n", 1)[0].rstrip(), text)


_LINE_SEPARATORS = re.compile("[\u0085\u2028\u2029]")


def _line_separator_problem(text: str, index: int, shown: str) -> Problem:
    line, col = _line_col(text, index)
    return Problem(shown, line, col, f"the file contains the line separator U+{ord(text[index]):04X}, "
                   "which editors and YAML count differently", "replace it with an ordinary line break or a space")


# control characters other than tab and line feed, line separators, bidi overrides and
# isolates, lone surrogates and noncharacters (U+FDD0..U+FDEF, and the last two of each plane)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                     "\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                              for plane in range(17)) + "]")


def unsafe_character(text: str) -> str | None:
    """The first character of `text` that must not reach a page or a terminal, if any."""
    found = _UNSAFE.search(text)
    return found.group() if found else None


def describe_character(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)', for messages."""
    name = unicodedata.name(char, "")
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        name = "half of a UTF-16 surrogate pair"
    elif not name and (0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE):
        name = "a noncharacter"
    elif not name:
        name = "a control character"
    return f"U+{code:04X} ({name})"


def _decode(data: bytes, shown: str) -> str:
    if len(data) > MAX_BYTES:
        raise PlaybookError([Problem(
            shown, 1, 1, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}",
            "split it into smaller files",
        )])
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise PlaybookError([Problem(
                shown, 1, 1, f"the file starts with a {name} byte-order mark",
                "save it as UTF-8 without a BOM",
            )])
    if b"\x00" in data:
        utf16 = data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4
        raise PlaybookError([Problem(
            shown, 1, 1, "the file is UTF-16 text, not UTF-8" if utf16 else "the file contains NUL bytes: it is not text",
            "save it with the UTF-8 encoding" if utf16 else "a data file is YAML text in UTF-8",
        )])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        bad = data[error.start : error.start + 1].hex().upper()
        raise PlaybookError([Problem(
            shown, line, col, f"the file is not valid UTF-8 (byte 0x{bad})",
            "save it with the UTF-8 encoding",
        )]) from None


def _events(text: str, shown: str) -> list[yaml.Event]:
    """The YAML event stream; libyaml when present, the pure-Python parser for its clearer errors."""
    fast = getattr(yaml, "CBaseLoader", None)
    parsers = [fast, yaml.BaseLoader] if fast else [yaml.BaseLoader]
    for number, parser_class in enumerate(parsers):
        parser = parser_class(text)
        events: list[yaml.Event] = []
        try:
            while parser.check_event():
                events.append(parser.get_event())
        except yaml.MarkedYAMLError as error:
            if number + 1 < len(parsers):
                continue  # parse again with the pure-Python parser for its message
            raise _Fatal(_syntax_problem(error, shown)) from None
        except yaml.reader.ReaderError as error:
            line, col = _line_col(text, error.position)
            raise _Fatal(Problem(
                shown, line, col, f"the file contains a control character (U+{error.character:04X})",
                "delete it; only printable text is allowed",
            )) from None
        except yaml.YAMLError as error:  # any other parser complaint, still located at the start
            raise _Fatal(Problem(shown, 1, 1, f"YAML error: {error}")) from None
        finally:
            parser.dispose()
        return events
    raise AssertionError("unreachable")


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _syntax_problem(error: yaml.MarkedYAMLError, shown: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "invalid YAML").strip()
    if "'\\t'" in problem:
        return Problem(shown, line, col, "a tab is used for indentation", "indent with spaces only")
    context = (error.context or "").strip()
    if "end of stream" in problem and "quoted scalar" in context and error.context_mark:
        # the parser only notices at the end of the file: name the quote that was opened
        return Problem(shown, error.context_mark.line + 1, error.context_mark.column + 1,
                       "this quoted text is never closed", "add the matching closing quote at the end of the value")
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = ("a value that contains ': ' must be put in quotes; if this line starts a key, "
                "check its indentation against the lines above")
    elif "expected <block end>" in problem:
        hint = "check this line's indentation: the keys of one mapping start in the same column"
        if error.context_mark and error.context_mark.line + 1 != line:
            hint += f" as the one at line {error.context_mark.line + 1}"
    elif "found undefined alias" in problem or "found undefined tag" in problem:
        hint = "anchors, aliases and tags are not allowed in playbook data"
    elif error.context:
        hint = error.context.strip()
        if error.context_mark and error.context_mark.line + 1 != line:
            hint += f" that starts at line {error.context_mark.line + 1}"
    return Problem(shown, line, col, f"YAML syntax error: {problem}", hint)


class _Composer:
    """Builds plain Python values from YAML events, recording marks and problems."""

    def __init__(self, shown: str):
        self.shown = shown
        self.problems: list[Problem] = []
        self.values: dict[JsonPath, Mark] = {}
        self.keys: dict[JsonPath, Mark] = {}
        self.raw: dict[JsonPath, str] = {}

    def compose(self, events: list[yaml.Event]) -> Any:
        self._events = events
        self._next = 0
        self._expect(StreamStartEvent)
        first = self._take()
        if isinstance(first, StreamEndEvent):
            return None
        if not isinstance(first, DocumentStartEvent):
            raise AssertionError(f"unexpected event {first!r}")
        value = self._node((), 0)
        self._expect(DocumentEndEvent)
        after = self._take()
        if not isinstance(after, StreamEndEvent):
            raise _Fatal(self._at(after, "a file holds one YAML document; found a second one",
                                  "remove the '---' line and what follows, or move it to its own file"))
        return value

    def _take(self) -> yaml.Event:
        event = self._events[self._next]
        self._next += 1
        return event

    def _peek(self) -> yaml.Event:
        return self._events[self._next]

    def _expect(self, kind: type) -> yaml.Event:
        event = self._take()
        if not isinstance(event, kind):
            raise AssertionError(f"expected {kind.__name__}, got {event!r}")
        return event

    def _at(self, event: yaml.Event, message: str, hint: str = "") -> Problem:
        return Problem(self.shown, event.start_mark.line + 1, event.start_mark.column + 1, message, hint)

    def _node(self, path: JsonPath, depth: int) -> Any:
        event = self._take()
        self.values[path] = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, AliasEvent):
            self.problems.append(self._at(event, f"an alias (*{event.anchor}) is not allowed",
                                          "write the value out in full"))
            return None
        if event.anchor is not None:
            self.problems.append(self._at(event, f"an anchor (&{event.anchor}) is not allowed",
                                          "write each value out in full"))
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(self._at(event, f"an explicit tag ({tag}) is not allowed",
                                          "put the value in quotes if it must stay text"))
        if depth >= MAX_DEPTH and not isinstance(event, ScalarEvent):
            raise _Fatal(self._at(event, f"the data is nested more than {MAX_DEPTH} levels deep",
                                  "flatten the structure"))
        if isinstance(event, ScalarEvent):
            return self._scalar(event, path)
        if isinstance(event, SequenceStartEvent):
            items = []
            while not isinstance(self._peek(), SequenceEndEvent):
                items.append(self._node((*path, len(items)), depth + 1))
            self._take()
            return items
        if isinstance(event, MappingStartEvent):
            return self._mapping(path, depth)
        raise AssertionError(f"unexpected event {event!r}")

    def _mapping(self, path: JsonPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        while not isinstance(self._peek(), MappingEndEvent):
            key_event = self._take()
            if not isinstance(key_event, ScalarEvent):
                self.problems.append(self._at(key_event, "a key must be plain text, not a list or mapping"))
                self._skip(key_event)
                self._node((*path, f"<complex key {len(result)}>"), depth + 1)
                continue
            key = key_event.value
            mark = Mark(key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            self._check_characters(key_event, key, "key")
            if key_event.anchor is not None or key_event.tag is not None:
                self.problems.append(self._at(key_event, "anchors and tags are not allowed on keys"))
            if key == "<<" and key_event.style in (None, ""):
                self.problems.append(self._at(key_event, "a merge key (<<) is not allowed",
                                              "write the merged fields out in full"))
            if key in first_line:
                self.problems.append(self._at(key_event, f"duplicate key '{key}'",
                                              f"first defined at line {first_line[key]}"))
                self._node((*path, f"<duplicate {key}>"), depth + 1)
                continue
            first_line[key] = mark.line
            self.keys[(*path, key)] = mark
            result[key] = self._node((*path, key), depth + 1)
        self._take()
        return result

    def _skip(self, start: yaml.Event) -> None:
        """Consume the rest of a collection whose start event was already read."""
        if isinstance(start, (SequenceStartEvent, MappingStartEvent)):
            level = 1
            while level:
                event = self._take()
                if isinstance(event, (SequenceStartEvent, MappingStartEvent)):
                    level += 1
                elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                    level -= 1

    def _check_characters(self, event: ScalarEvent, text: str, what: str) -> None:
        char = unsafe_character(text)
        if char is not None:
            self.problems.append(self._at(event, f"the {what} contains {describe_character(char)}",
                                          "delete it: only printable text, tabs and line breaks are allowed, "
                                          "also when written as an escape such as \\e or \\u202e"))

    def _scalar(self, event: ScalarEvent, path: JsonPath) -> Any:
        text = event.value
        self._check_characters(event, text, "value")
        if event.style not in (None, "") or event.tag is not None:
            return text
        if _INT.fullmatch(text) and len(text.lstrip("-")) > MAX_DIGITS:
            self.problems.append(self._at(event, f"the number has {len(text.lstrip('-')):,} digits; "
                                                 f"the limit is {MAX_DIGITS}", "put it in quotes if it is text"))
            return text
        typed = plain_scalar(text)
        if typed is not text:
            self.raw[path] = text
        return typed


def plain_scalar(text: str) -> Any:
    """The value of an unquoted scalar under the narrow typing rules above."""
    if text in ("", "~", "null"):
        return None
    if text == "true":
        return True
    if text == "false":
        return False
    if _INT.fullmatch(text) and len(text) <= MAX_DIGITS + 1:
        return int(text)
    if _DECIMAL.fullmatch(text) and repr(float(text)) == text:
        return float(text)
    return text
