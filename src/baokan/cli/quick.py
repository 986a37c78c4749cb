"""`baokan validate` of small local JSON Lines files without click.

`baokan validate FILE...`, the everyday check of a small job, spent most of its start-up importing
click and the command modules. `main` (in `baokan.cli`) asks `quick_validate_args` first: a command
line it wholly understands (its options, small local JSON Lines files, no terminal wanting a
progress bar) is run here; any other (an option it does not know, a release folder, stdin, Parquet,
a file big enough for worker processes, a usage error) goes to the click group, which gives the
same output and exit code (tests/test_cli_quick.py runs both on the same command lines).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

_VALUE_OPTIONS = {"--format": "format", "--max-errors": "max-errors", "--workers": "workers", "-j": "workers"}


@dataclass(frozen=True)
class QuickValidate:
    """A `baokan validate` command line this module runs itself."""

    paths: tuple[str, ...]
    json: bool = False
    quiet: bool = False
    max_errors: int | None = None
    workers: int | None = None


def quick_validate_args(argv: list[str]) -> QuickValidate | None:
    """The plan for `argv` (the arguments after `baokan`) when it is a `validate` line of options
    this module knows and of small local JSON Lines files; None hands the line to click."""
    if argv[:1] != ["validate"]:
        return None
    from baokan.recordio import file_kind

    paths: list[str] = []
    options: dict[str, str] = {}
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, inline = arg.partition("=")
        if arg in ("-q", "--quiet"):
            options["quiet"] = ""
        elif name in _VALUE_OPTIONS and (eq or i + 1 < len(args)):
            if not eq:
                i += 1
                inline = args[i]
            options[_VALUE_OPTIONS[name]] = inline
        elif arg.startswith("-") or file_kind(arg) not in ("jsonl", "jsonl.gz") or not _small_file(arg):
            return None
        else:
            paths.append(arg)
        i += 1
    fmt = options.get("format", "text")
    max_errors = _natural(options.get("max-errors"), 0)
    workers = _natural(options.get("workers"), 1)
    if (
        not paths
        or fmt not in ("text", "json")
        or (max_errors is None and "max-errors" in options)
        or (workers is None and "workers" in options)
    ):
        return None
    quiet = "quiet" in options
    if not quiet and sys.stderr.isatty():  # the full command shows a progress bar there
        return None
    return QuickValidate(tuple(paths), fmt == "json", quiet, max_errors, workers)


def _natural(text: str | None, least: int) -> int | None:
    if text is None or not (text.isascii() and text.isdigit()) or int(text) < least:
        return None
    return int(text)


def _small_file(path: str) -> bool:
    """A local file smaller than those the full command checks with worker processes."""
    from baokan.parallel import PARALLEL_MIN_BYTES

    try:
        return "://" not in path and os.path.isfile(path) and os.path.getsize(path) < PARALLEL_MIN_BYTES
    except OSError:  # gone between the two calls: the full command reports it
        return False


def run_quick_validate(plan: QuickValidate) -> int | None:
    """Run `plan` as `baokan validate` would: the exit code (0 valid, 1 invalid), or None, before
    any output, for a usage problem (a path or the record size limit), which the full command
    reports by the error contract."""
    from baokan.errors import BaokanError
    from baokan.recordio import max_record_bytes, resolve_inputs
    from baokan.reporters import CheckStream, check_summary
    from baokan.validate import validate_paths

    try:
        max_record_bytes()
        resolve_inputs(plan.paths)
    except BaokanError:
        return None

    def write(text: str) -> None:
        sys.stdout.write(text)

    stream = CheckStream(plan.json, write)
    result = validate_paths(
        plan.paths,
        max_errors=plan.max_errors,
        workers=plan.workers or os.cpu_count() or 1,
        on_error=stream.error,
    )
    stream.finish(result)
    sys.stdout.flush()
    if plan.json and not plan.quiet:
        sys.stderr.write(check_summary(result).rstrip("\n") + "\n")
    return 0 if result.valid else 1
