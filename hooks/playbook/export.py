"""The whole model as JSON (published as data/playbook.json), and back.

`to_json` writes every dataclass field as it is; `from_json` rebuilds the frozen model from
the field types, so the export carries exactly what the model holds and nothing the site
adds. A change to the model's shape changes SCHEMA_VERSION (see CHANGELOG.md).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from typing import Any, Literal

from playbook.model import Playbook
from playbook.project import PUBLIC_SITE

# major.minor: the major part changes when a field is removed or changes meaning
SCHEMA_VERSION = "1.1"
_MAJOR = SCHEMA_VERSION.split(".")[0]


class ExportError(ValueError):
    """playbook.json does not match the model; the message names the place (e.g. roles[3].name)."""


def to_json(playbook: Playbook) -> str:
    document = {"schema_version": SCHEMA_VERSION, "playbook": _plain(playbook)}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def from_json(text: str) -> Playbook:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or set(document) != {"schema_version", "playbook"}:
        raise ExportError("expected an object with exactly 'schema_version' and 'playbook'")
    version = document["schema_version"]
    if not isinstance(version, str) or version.split(".")[0] != _MAJOR:
        raise ExportError(f"schema_version {version!r} cannot be read; this code reads {SCHEMA_VERSION}")
    return _build(Playbook, document["playbook"], "playbook")


def plain(value: Any) -> Any:
    """A model value as JSON values (dataclasses as objects, tuples as lists)."""
    return _plain(value)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _required(cls: type) -> list[str]:
    """The fields of a dataclass that have no default."""
    return [f.name for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]


def _build(kind: Any, value: Any, where: str) -> Any:
    """`value` read as the type `kind`, or ExportError naming `where`."""
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ExportError(f"{where}: expected an object")
        unknown = sorted(set(value) - {f.name for f in dataclasses.fields(kind)})
        if unknown:
            raise ExportError(f"{where}: unknown field {unknown[0]!r}")
        missing = [name for name in _required(kind) if name not in value]
        if missing:
            raise ExportError(f"{where}: missing field {missing[0]!r}")
        hints = _hints(kind)
        return kind(**{name: _build(hints[name], item, f"{where}.{name}") for name, item in value.items()})
    if origin is tuple:
        if not isinstance(value, list):
            raise ExportError(f"{where}: expected a list")
        item_kind = typing.get_args(kind)[0]
        return tuple(_build(item_kind, item, f"{where}[{i}]") for i, item in enumerate(value))
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return _build(option, value, where)
            except ExportError as error:
                errors.append(str(error))
        raise ExportError(errors[0] if errors else f"{where}: unexpected value")
    if origin is Literal:
        if value not in typing.get_args(kind):
            raise ExportError(f"{where}: {value!r} is not one of {list(typing.get_args(kind))}")
        return value
    if kind is int and (type(value) is not int):
        raise ExportError(f"{where}: expected a whole number")
    if kind is str and not isinstance(value, str):
        raise ExportError(f"{where}: expected text")
    return value


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft-07) of playbook.json, derived from the model's field types."""
    definitions: dict[str, Any] = {}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{PUBLIC_SITE}data/playbook.schema.json",
        "title": "The Role-Design Playbook as one JSON file",
        "description": "data/playbook.json: every role, trait spectrum, accountability, stage, transition, "
                       "handoff, anti-pattern, worksheet and source of the playbook.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", "playbook"],
        "properties": {
            "schema_version": {"type": "string", "pattern": f"^{_MAJOR}\\.[0-9]+$",
                               "description": "major.minor; the major part changes when a field is removed or changes meaning.",
                               "examples": [SCHEMA_VERSION]},
            "playbook": _type_schema(Playbook, definitions),
        },
        "definitions": dict(sorted(definitions.items())),
    }


def _type_schema(kind: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        if kind.__name__ not in definitions:
            definitions[kind.__name__] = {}  # placeholder first: a class may refer to itself
            hints = _hints(kind)
            schema: dict[str, Any] = {
                "type": "object", "additionalProperties": False, "required": _required(kind),
                "properties": {f.name: _type_schema(hints[f.name], definitions) for f in dataclasses.fields(kind)},
            }
            if kind.__doc__ and not kind.__doc__.startswith(f"{kind.__name__}("):  # not the generated one
                schema["description"] = " ".join(kind.__doc__.split())
            definitions[kind.__name__] = schema
        return {"$ref": f"#/definitions/{kind.__name__}"}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(kind)[0], definitions)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type_schema(option, definitions) if option is not type(None) else {"type": "null"}
                          for option in typing.get_args(kind)]}
    if origin is Literal:
        return {"enum": list(typing.get_args(kind))}
    return {int: {"type": "integer"}, str: {"type": "string"}}[kind]


def data_files(playbook: Playbook, schemas: dict[str, str]) -> dict[str, str]:
    """The files published under data/: the model, its schema, and the data files' schemas."""
    files = {"data/playbook.json": to_json(playbook),
             "data/playbook.schema.json": json.dumps(json_schema(), indent=1) + "\n"}
    files.update({f"data/schema/{name}": text for name, text in schemas.items()})
    return files
