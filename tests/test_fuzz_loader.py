"""Property-based tests: generated and mutated YAML never makes anything but PlaybookError escape."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASELINE, SCHEMAS
from playbook.errors import PlaybookError
from playbook.schema_check import check_document, validators
from playbook.yaml_loader import load_yaml_bytes

SAMPLES = sorted(BASELINE.rglob("*.yml"))
YAMLISH = st.sampled_from(list(" \t\n:-?[]{},#&*!|>'\"%@`<=~0123456789aZé\u00a0\ufeff\x00\x07\x85\u2028") + [
    "---", "...", "<<: ", "&a ", "*a", "!!str ", "!t ", "? ", "- ", ": ", "\n  ", "\n\t", "yes", "NO", "012",
    "1.10", "12:30", "2024-01-01", "null", "~", "true", "'", "\"\\", "\\x", "\\u12", "[[[[[[[[[[[[[[[[[[",
])
ROLE_VALIDATOR = validators(SCHEMAS)["role.schema.json"]
settings.register_profile("fuzz", max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))


def feed(data: bytes) -> None:
    """The loader and the schema check: a PlaybookError is fine, anything else is a bug."""
    try:
        doc = load_yaml_bytes(data, Path("x.yml"), "x.yml")
    except PlaybookError as error:
        assert error.problems and all(p.line >= 1 and p.col >= 1 for p in error.problems)
        return
    check_document(doc, ROLE_VALIDATOR)


@settings(settings.get_profile("fuzz"))
@given(st.lists(YAMLISH, max_size=60).map("".join))
def test_generated_documents(text: str) -> None:
    feed(text.encode("utf-8", "surrogatepass"))


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "bytes"]))
        if action == "insert":
            data[at:at] = draw(YAMLISH).encode("utf-8", "surrogatepass")
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "replace":
            data[at:at + 1] = draw(YAMLISH).encode("utf-8", "surrogatepass")
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(data)


@settings(settings.get_profile("fuzz"))
@given(mutated())
def test_mutated_data_files(data: bytes) -> None:
    feed(data)
