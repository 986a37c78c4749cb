"""Typed errors raised by the library. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baokan.validate import CheckResult


class BaokanError(Exception):
    """Base class for every error the library raises on purpose."""


class UsageError(BaokanError):
    """The caller asked for something that cannot be done as asked (exit code 2)."""


def no_such_path(path: object) -> UsageError:
    """The one wording for a path that does not exist: `PATH: no such file or folder`."""
    return UsageError(f"{path}: no such file or folder")


class InputError(BaokanError):
    """An input file cannot be read or decoded (exit code 1: the data is bad)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # raised in a worker process, it crosses back pickled: by its fields, not its text
        return (type(self), (self.path, self.message, self.line))


class InvalidDataError(BaokanError):
    """Records failed validation; carries the CheckResult that says why (exit code 1)."""

    def __init__(self, message: str, result: CheckResult | None = None) -> None:
        self.result = result
        super().__init__(message)

    def __reduce__(self) -> tuple[type[InvalidDataError], tuple[str, CheckResult | None]]:
        return (type(self), (str(self), self.result))


class ReleaseExistsError(BaokanError):
    """A release version already exists with different content (exit code 1)."""


class OutputError(BaokanError):
    """An output cannot be written: full disk, read-only file system, no permission, a path
    that is not a folder... (exit code 1). Names the path; nothing partial is left behind."""

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"cannot write {self.path}: {message}")

    def __reduce__(self) -> tuple[type[OutputError], tuple[str, str]]:
        return (type(self), (self.path, self.message))

    @classmethod
    def from_os_error(cls, exc: OSError, path: object | None = None) -> OutputError:
        """`cannot write PATH: No space left on device (ENOSPC)`, PATH the given path or the
        one the operating system names."""
        import errno as _errno

        where = path if path is not None else (exc.filename if exc.filename is not None else "<output>")
        reason = exc.strerror or str(exc)
        code = _errno.errorcode.get(exc.errno) if exc.errno is not None else None
        if code:
            reason = f"{reason} ({code})"
        if path is not None and exc.filename is not None and str(exc.filename) != str(path):
            reason = f"{reason} at {exc.filename}"
        return cls(where, reason)
