"""The release's list of inputs: `inputs.jsonl`, one line per input file, written as the inputs
stream past.

An archive build has millions of pages; holding one entry per page until the manifest is written
made a build's memory grow with the corpus. The entries go to a file instead, and the manifest
keeps only their totals (`InputsSummary`); the card shows the first few entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from baokan.errors import InputError
from baokan.outputs import Writable, atomic_output

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# The card lists this many inputs; inputs.jsonl lists all of them.
CARD_INPUTS = 20


@dataclass(frozen=True, slots=True)
class InputEntry:
    name: str  # file name without its folder (pages of a build: "<source folder>/<path below it>")
    sha256: str
    bytes: int
    records: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "sha256": self.sha256, "bytes": self.bytes, "records": self.records}


@dataclass
class InputsSummary:
    """Totals over inputs.jsonl, and its first CARD_INPUTS entries for the card."""

    count: int = 0
    bytes: int = 0
    records: int = 0
    first: list[InputEntry] = field(default_factory=list)

    def add(self, entry: InputEntry) -> None:
        self.count += 1
        self.bytes += entry.bytes
        self.records += entry.records
        if len(self.first) < CARD_INPUTS:
            self.first.append(entry)


@dataclass(frozen=True)
class InputsFile:
    """An inputs.jsonl written by the caller (a build: its pages), with its totals."""

    path: Path
    summary: InputsSummary


class InputsWriter:
    """Streams entries to an inputs.jsonl file and sums them up."""

    def __init__(self, handle: Writable) -> None:
        self._handle = handle
        self.summary = InputsSummary()

    def add(self, entry: InputEntry) -> None:
        self._handle.write(orjson.dumps(entry.to_dict()) + b"\n")
        self.summary.add(entry)


def write_inputs(path: Path, entries: list[InputEntry]) -> InputsSummary:
    with atomic_output(path) as handle:
        writer = InputsWriter(handle)
        for entry in entries:
            writer.add(entry)
    return writer.summary


def summarize_inputs(path: Path) -> InputsSummary:
    """Read an inputs.jsonl back (streamed); an InputError names the line and field at fault."""
    summary = InputsSummary()
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, 1):
            summary.add(parse_entry(line, path, number))
    return summary


def parse_entry(line: bytes, path: Path, number: int) -> InputEntry:
    """One line of inputs.jsonl, checked against the manifest schema's `$defs/input`."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc}", line=number) from None
    error = next(iter(_entry_validator().iter_errors(data)), None)
    if error is not None:
        from baokan.validate import json_path

        raise InputError(str(path), f"{json_path(error.absolute_path)}: {error.message}", line=number)
    return InputEntry(data["name"], data["sha256"], data["bytes"], data["records"])


@cache
def _entry_validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    from baokan.schema import manifest_schema

    defs = manifest_schema()["$defs"]
    return Draft202012Validator({"$defs": defs, "$ref": "#/$defs/input"})
