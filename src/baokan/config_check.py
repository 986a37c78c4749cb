"""A parsed config file against `schema/config.schema.json`: every problem, each named with the
file, the line (found in the TOML text) and the TOML key path (`sources[1].date`,
`task_categories[0]`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from baokan.schema import load_schema

CONFIG_SCHEMA_FILE = "config.schema.json"


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    key: str  # TOML key path, "" for the whole file
    line: int | None
    message: str

    def render(self, file: str) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema(CONFIG_SCHEMA_FILE), format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """TOML values as JSON ones: dates and times become their ISO strings (a TOML date written
    without quotes is a date all the same)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def schema_problems(doc: dict[str, Any], text: str) -> list[ConfigProblem]:
    """Every way `doc` (the parsed config, `as_json`) breaks the config schema, in file order."""
    lines = KeyLines(text)
    problems = [_problem(error, lines) for error in _validator().iter_errors(doc)]
    return sorted(problems, key=lambda p: (p.line or 0, p.key, p.message))


def key_path(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(error: ValidationError, lines: KeyLines) -> ConfigProblem:
    path = list(error.absolute_path)
    validator, value = error.validator, error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return ConfigProblem(key_path(path), lines.line_of(path), f"missing required field {name!r}")
    if validator == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {}))) if isinstance(value, dict) else []
        line = lines.line_of([*path, extra[0]]) if extra else lines.line_of(path)
        return ConfigProblem(key_path(path), line, f"unknown field(s) {', '.join(extra)}")
    if validator == "type":
        wanted = error.validator_value
        names = " or ".join(_TYPE_NAMES.get(str(t), str(t)) for t in (wanted if isinstance(wanted, list) else [wanted]))
        message = f"must be {names}, not {_kind(value)} ({_short(value)})"
    elif validator == "format":
        message = f"{_short(value)} is not a real date (YYYY-MM-DD)"
    elif validator in ("minLength", "minItems", "minProperties"):
        message = "must not be empty"
    elif validator in ("pattern", "propertyNames"):
        rule = schema.get("description") or f"the pattern {error.validator_value}"
        message = f"{_short(value)} is not allowed: {rule}"
    elif validator in ("minimum", "maximum"):
        message = f"{_short(value)} is out of range (0 to 1)"
    else:
        message = error.message
    return ConfigProblem(key_path(path), lines.line_of(path), message)


_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a table",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {str: "a string", int: "an integer", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_HEADER_RE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_RE = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")


class KeyLines:
    """Where each key of a TOML text is set: its line, by key path (tables and arrays of tables
    followed; a key inside an inline table or array is located at its outer key's line)."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str | int, ...], int] = {}
        table: tuple[str | int, ...] = ()
        counts: dict[tuple[str, ...], int] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = _HEADER_RE.match(line)
            if header and not _KEY_RE.match(line):
                names = tuple(part.strip().strip("\"'") for part in header.group(2).split("."))
                if header.group(1) == "[[":
                    index = counts.get(names, 0)
                    counts[names] = index + 1
                    table = (*names, index)
                else:
                    table = names
                self.lines.setdefault(table, number)
                continue
            key = _KEY_RE.match(line)
            if key:
                self.lines.setdefault((*table, key.group(1).strip('"')), number)

    def line_of(self, path: Iterable[str | int]) -> int | None:
        """The line of the longest prefix of `path` that is set in the text."""
        parts = tuple(path)
        for end in range(len(parts), 0, -1):
            found = self.lines.get(parts[:end])
            if found is not None:
                return found
        return None
