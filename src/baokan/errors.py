"""Typed errors raised by the library. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class BaokanError(Exception):
    """Base class for every error the library raises on purpose."""


class UsageError(BaokanError):
    """The caller asked for something that cannot be done as asked (exit code 2)."""


class InputError(BaokanError):
    """An input file cannot be read or decoded (exit code 1: the data is bad)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class InvalidDataError(BaokanError):
    """Records failed validation; carries the CheckResult that says why (exit code 1)."""

    def __init__(self, message: str, result: object | None = None) -> None:
        self.result = result
        super().__init__(message)


class ReleaseExistsError(BaokanError):
    """A release version already exists with different content (exit code 1)."""


class ReleaseMismatchError(BaokanError):
    """A release on disk does not match its manifest (exit code 1)."""
