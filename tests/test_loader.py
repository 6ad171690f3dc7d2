"""The strict loader's typing rules and limits, value by value."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook.errors import PlaybookError
from playbook.yaml_loader import MAX_BYTES, MAX_DEPTH, load_yaml_bytes, load_yaml_text, unsafe_character


def load(text: str):
    return load_yaml_text(text, Path("x.yml"), "x.yml").data


@pytest.mark.parametrize("text", ["NO", "no", "yes", "Yes", "on", "off", "y", "n", "012", "1.10", "12:30",
                                  "2024-01-01", "0x1F", "1e3", ".inf", ".nan", "+1", "0o17", "1_000", "True", "NULL"])
def test_yaml_11_guesses_stay_text(text: str) -> None:
    assert load(f"a: {text}\n") == {"a": text}


@pytest.mark.parametrize("text, value", [("true", True), ("false", False), ("null", None), ("~", None), ("", None),
                                         ("0", 0), ("-2", -2), ("42", 42), ("0.5", 0.5), ("-1.25", -1.25)])
def test_json_like_plain_scalars_are_typed(text: str, value: object) -> None:
    result = load(f"a: {text}\n")["a"]
    assert result == value and type(result) is type(value)


@pytest.mark.parametrize("text", ['"true"', "'42'", '"null"', "'0.5'"])
def test_quoted_scalars_are_always_text(text: str) -> None:
    assert load(f"a: {text}\n") == {"a": text[1:-1]}


def test_keys_are_always_text() -> None:
    assert load("1: a\ntrue: b\nnull: c\n") == {"1": "a", "true": "b", "null": "c"}


def test_locations_of_keys_and_values() -> None:
    doc = load_yaml_text("a:\n  b: [x, y]\n", Path("x.yml"), "x.yml")
    assert (doc.keys[("a", "b")].line, doc.keys[("a", "b")].col) == (2, 3)
    assert (doc.values[("a", "b", 1)].line, doc.values[("a", "b", 1)].col) == (2, 10)


def test_depth_limit_is_exact() -> None:
    inside = "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1)
    assert load(f"a: {inside}\n")  # MAX_DEPTH levels including the top mapping: fine
    with pytest.raises(PlaybookError, match="nested more than"):
        load(f"a: [{inside}]\n")


def test_size_limit_is_exact() -> None:
    fits = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(fits) == MAX_BYTES
    assert load_yaml_bytes(fits, Path("x.yml"), "x.yml").data["a"]
    with pytest.raises(PlaybookError, match="the limit is"):
        load_yaml_bytes(fits + b"\n", Path("x.yml"), "x.yml")


def test_every_problem_of_a_file_at_once() -> None:
    with pytest.raises(PlaybookError) as raised:
        load("a: &x 1\nb: *x\nc: !!int 3\na: 2\n")
    assert [(p.line, p.col) for p in raised.value.problems] == [(1, 4), (2, 4), (3, 4), (4, 1)]


@pytest.mark.parametrize("text, found", [
    ("plain text", None), ("tab\tand\nnewline", None), ("é ü 名 😀 \u200e", None),
    ("x\x00", "\x00"), ("\x1b[31m", "\x1b"), ("\r", "\r"), ("\x7f", "\x7f"), ("\x85", "\x85"), ("a\u2028b", "\u2028"),
    ("\u2029", "\u2029"), ("\u202e", "\u202e"), ("\u2066", "\u2066"), ("\ud800", "\ud800"), ("\ufdd0", "\ufdd0"),
    ("\ufffe", "\ufffe"), ("\U0001fffe", "\U0001fffe"), ("\U0010ffff", "\U0010ffff"),
])
def test_unsafe_characters(text: str, found: str | None) -> None:
    assert unsafe_character(text) == found
