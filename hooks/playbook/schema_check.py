"""JSON Schema (draft-07) validation of parsed files, turned into located, plain-English problems."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft7Validator, validators as jsonschema_validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from playbook.errors import Problem, did_you_mean
from playbook.yaml_loader import YamlDocument

_TYPE_NAMES = {
    "object": "a mapping of keys to values",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}
_PATTERN_MESSAGES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": (
        "is not a valid id",
        "use lowercase letters, digits and single hyphens, e.g. 'sales-leader'",
    ),
    "^[0-9]+\\.[0-9]+$": ("is not a version number", "write it as \"1.0\", in quotes"),
}
_DECIMAL_TEXT = re.compile(r"-?[0-9]+\.[0-9]+")
_YAML11_BOOLEANS = {"yes", "no", "y", "n", "on", "off", "True", "False", "TRUE", "FALSE", "Yes", "No", "YES", "NO", "On", "Off", "ON", "OFF"}


def _whole_number(checker: Any, value: Any) -> bool:
    # JSON Schema counts 2.0 as an integer; here a whole number is written without a decimal
    # point, so that it prints as written (a year, a position on a scale, minutes)
    return isinstance(value, int) and not isinstance(value, bool)


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[ValidationError]:
    # JSON Schema patterns follow ECMA 262, where `$` matches only at the very end;
    # Python's `$` also matches before a final newline ("sales-leader\n" would pass)
    if isinstance(instance, str) and not re.search(_ecma_end(pattern), instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=64)
def _ecma_end(pattern: str) -> str:
    return re.sub(r"(?<!\\)\$", r"\\Z", pattern)


PlaybookValidator = jsonschema_validators.extend(
    Draft7Validator,
    validators={"pattern": _pattern},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine("integer", _whole_number),
)


@lru_cache(maxsize=4)
def _validators(schemas: tuple[tuple[str, str], ...]) -> dict[str, PlaybookValidator]:
    """One validator per schema file, kept while the schema texts stay the same."""
    parsed = {name: json.loads(text) for name, text in schemas}  # read_schemas has refused invalid JSON, located
    # "$ref": "common.schema.json#..." resolves against each schema's published "$id"
    registry = Registry().with_resources(
        (schema.get("$id", name), Resource.from_contents(schema)) for name, schema in parsed.items()
    )
    found = {name: PlaybookValidator(schema, registry=registry) for name, schema in parsed.items()}
    for name, validator in found.items():
        base = parsed[name].get("$id", name)
        _COMPILED[id(validator)] = (validator, PlaybookValidator(_inlined(parsed[name], registry.resolver(base))))
    return found


# validator -> the same schema with every "$ref" replaced by what it points to: the same
# rules, checked without resolving a reference at each step (five times faster). Only
# is_valid uses it; the problems of an invalid file come from the validator as written.
_COMPILED: dict[int, tuple[PlaybookValidator, PlaybookValidator]] = {}


def _inlined(schema: Any, resolver: Any, depth: int = 0) -> Any:
    if isinstance(schema, list):
        return [_inlined(item, resolver, depth) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and depth < 32:  # draft-07: a $ref's siblings are ignored
        resolved = resolver.lookup(ref)
        return _inlined(resolved.contents, resolved.resolver, depth + 1)
    return {key: value if key in ("enum", "const", "required", "examples", "default") else _inlined(value, resolver, depth)
            for key, value in schema.items()}


def _valid(validator: PlaybookValidator, data: Any) -> bool:
    compiled = _COMPILED.get(id(validator))
    fast = compiled[1] if compiled is not None and compiled[0] is validator else validator
    return fast.is_valid(data)


def validators(schemas: dict[str, str] | Path) -> dict[str, PlaybookValidator]:
    """Validators for schema texts (file name -> JSON text), or for the schema files of a folder."""
    if isinstance(schemas, Path):
        schemas = {p.name: p.read_text("utf-8") for p in sorted(schemas.glob("*.schema.json"))}
    return _validators(tuple(sorted(schemas.items())))


# the problems of the last documents checked (by identity: yaml_loader gives the same
# document again for a file whose bytes did not change)
_CHECKED: dict[int, tuple[YamlDocument, PlaybookValidator, list[Problem]]] = {}


def check_document(doc: YamlDocument, validator: PlaybookValidator) -> list[Problem]:
    """Every schema problem of one document, located and deduplicated. A valid document is
    validated once; only an invalid one is walked again for its errors."""
    kept = _CHECKED.get(id(doc))
    if kept is not None and kept[0] is doc and kept[1] is validator:
        return list(kept[2])
    problems = [] if _valid(validator, doc.data) else _problems(doc, validator)
    if len(_CHECKED) > 4096:
        _CHECKED.clear()
    _CHECKED[id(doc)] = (doc, validator, problems)
    return list(problems)


def _problems(doc: YamlDocument, validator: PlaybookValidator) -> list[Problem]:
    problems: dict[tuple, Problem] = {}
    for error in _leaf_errors(validator.iter_errors(doc.data)):
        for problem in _translate(doc, error):
            problems.setdefault((problem.line, problem.col, problem.message), problem)
    return sorted(problems.values())


def _leaf_errors(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    for error in errors:
        if error.context and error.validator in ("anyOf", "oneOf"):
            yield from _leaf_errors(iter(error.context))
        else:
            yield error


def _translate(doc: YamlDocument, error: ValidationError) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    rule = error.validator
    where = _describe_path(path)

    if rule == "additionalProperties" and isinstance(value, dict):
        allowed = set(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        for key in value:
            if key not in allowed and not any(p.search(key) for p in patterns):
                hint = did_you_mean(key, allowed) or (
                    "allowed keys: " + ", ".join(sorted(allowed)) if allowed else ""
                )
                yield doc.problem((*path, key), f"unknown key '{key}'{where}", hint, key=True)
        return
    if rule == "required" and isinstance(value, dict):
        for name in error.validator_value:
            if name not in value:
                yield doc.problem(path, f"missing required key '{name}'{where}", key=True)
        return
    if rule == "type":
        yield _type_problem(doc, path, value, error.validator_value)
        return
    if rule == "enum":
        allowed = [str(v) for v in error.validator_value]
        hint = did_you_mean(str(value), allowed)
        hint = f"{hint} " if hint else ""
        yield doc.problem(path, f"{_show(value)} is not an allowed value{where}",
                          f"{hint}allowed: {', '.join(allowed)}")
        return
    if rule == "pattern":
        message, hint = _PATTERN_MESSAGES.get(error.validator_value, (
            f"does not match the pattern {error.validator_value}", ""))
        if isinstance(value, str) and value != value.strip():
            hint = "remove the space or line break at its start or end" + (f"; {hint}" if hint else "")
        yield doc.problem(path, f"{_show(value)} {message}", hint)
        return
    if rule == "minLength":
        yield doc.problem(path, f"the text{where} is empty", "write something, or remove the key if it is optional")
        return
    if rule == "maxLength":
        yield doc.problem(path, f"the text{where} is {len(value)} characters long; the limit is {error.validator_value}")
        return
    if rule == "minItems":
        yield doc.problem(path, f"the list{where} needs at least {error.validator_value} item{'s' if error.validator_value != 1 else ''}")
        return
    if rule == "uniqueItems":
        seen = set()
        for index, item in enumerate(value):
            marker = json.dumps(item, sort_keys=True)
            if marker in seen:
                yield doc.problem((*path, index), f"{_show(item)} is listed twice{where}")
            seen.add(marker)
        return
    if rule in ("minimum", "maximum"):
        word = "below the minimum" if rule == "minimum" else "above the maximum"
        yield doc.problem(path, f"{_show(value)} is {word} of {error.validator_value}{where}")
        return
    if rule == "dependencies" and isinstance(value, dict):
        for key, needed in error.validator_value.items():
            for name in needed if key in value else ():
                if name not in value:
                    yield doc.problem(path, f"missing key '{name}'{where}", f"'{key}' needs '{name}' beside it", key=True)
        return
    if rule == "minProperties":
        yield doc.problem(path, f"the mapping{where} is empty", "give at least one key, or remove it")
        return
    if rule == "propertyNames":
        message, hint = _PATTERN_MESSAGES["^[a-z0-9]+(-[a-z0-9]+)*$"]
        yield doc.problem(path, f"the key {_show(value)} {message}", hint, key=True)
        return
    yield doc.problem(path, f"{error.message}{where}")


def _type_problem(doc: YamlDocument, path: tuple, value: Any, expected: str | list[str]) -> Problem:
    kinds = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(k, k) for k in kinds)
    where = _describe_path(path)
    if value is None:
        return doc.problem(path, f"the value{where} is empty", f"expected {wanted}")
    raw = doc.raw.get(path)
    hint = ""
    if "boolean" in kinds and isinstance(value, str) and value in _YAML11_BOOLEANS:
        hint = "write true or false; words like yes, no, on and off are text here"
    elif {"integer", "number"} & set(kinds) and isinstance(value, str) and re.fullmatch(r"-?0[0-9]+", value):
        hint = f"numbers are written without leading zeros: {int(value)}"
    elif "number" in kinds and isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value):
        hint = f"write {float(value)!r}"
    elif "integer" in kinds and isinstance(value, float) and value.is_integer():
        hint = f"write it without the decimal point: {int(value)}"
    elif "integer" in kinds and (isinstance(value, float) or _DECIMAL_TEXT.fullmatch(str(value))):
        hint = "use a whole number"
    elif "string" in kinds and raw is not None:
        hint = f'put it in quotes to keep it as text: "{raw}"'
    got = _show(value) if isinstance(value, (dict, list)) else f"{_kind(value)} {_show(value)}"
    return doc.problem(path, f"expected {wanted}{where}, got {got}", hint)


def _describe_path(path: tuple) -> str:
    if not path:
        return ""
    parts = [f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in path]
    return " at " + "".join(parts).lstrip(".")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean"
    if isinstance(value, (int, float)):
        return "the number"
    if isinstance(value, str):
        return "the text"
    return "the value"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"
