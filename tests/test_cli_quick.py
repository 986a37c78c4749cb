"""`baokan.cli.quick`: the entry point runs a small `validate` without click, with the same output.

Every command line here runs twice, whole processes: through the console entry point (which takes
its quick path when it can) and through the click group alone; stdout, stderr and the exit code
must be the same.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from baokan.cli.quick import QuickValidate, quick_validate_args

CASES = Path(__file__).parent / "cases"
CONSOLE = [sys.executable, "-c", "from baokan.cli import main; main()"]
CLICK = [sys.executable, "-c", "from baokan.cli.group import cli; cli(prog_name='baokan')"]
VALID = CASES / "valid"
INVALID = CASES / "invalid"


def _run(prefix: list[str], args: list[str], cwd: Path) -> tuple[int, str, str]:
    proc = subprocess.run([*prefix, *args], capture_output=True, text=True, cwd=cwd, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of the golden cases' inputs under short relative names (messages name the file)."""
    root = tmp_path_factory.mktemp("console")
    for case in sorted([*VALID.iterdir(), *INVALID.iterdir()]):
        source = case / "input.jsonl"
        if source.is_file():
            shutil.copy(source, root / f"{case.name}.jsonl")
    valid = next(root.glob("*.jsonl"))
    (root / "valid.jsonl.gz").write_bytes(gzip.compress((VALID / "full" / "input.jsonl").read_bytes(), mtime=0))
    (root / "notes.txt").write_text(valid.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _lines(root: Path) -> list[list[str]]:
    valid = sorted(p.name for p in (VALID).iterdir())
    invalid = sorted(p.name for p in INVALID.iterdir())
    lines: list[list[str]] = [["validate", f"{name}.jsonl"] for name in [*valid, *invalid]]
    lines += [[*line, "--format", "json"] for line in lines[:: max(1, len(lines) // 6)]]
    first_bad = f"{invalid[0]}.jsonl"
    return [
        *lines,
        ["validate", first_bad, f"{invalid[1]}.jsonl", "--max-errors", "1"],
        ["validate", "--max-errors=0", first_bad, "-q"],
        ["validate", first_bad, "--format=json", "-q", "-j", "1"],
        ["validate", first_bad, "--workers=2", "--format", "json"],
        ["validate", f"{valid[0]}.jsonl", f"{valid[0]}.jsonl"],  # the same ids twice
        ["validate", "valid.jsonl.gz"],
        # handed over to click: usage errors, options the quick path does not know
        ["validate", "missing.jsonl"],
        ["validate", "missing.jsonl", "--format", "json"],
        ["validate", "notes.txt"],
        ["validate", first_bad, "--format", "xml"],
        ["validate", first_bad, "--max-errors", "-1"],
        ["validate", first_bad, "--bogus"],
        ["validate", "--format", "json"],
        ["validate"],
        ["validate", "--help"],
    ]


def test_console_and_click_give_the_same_output(files: Path) -> None:
    for args in _lines(files):
        assert _run(CONSOLE, args, files) == _run(CLICK, args, files), args


def test_quick_path_does_not_import_click(files: Path) -> None:
    code = (
        "import sys\nfrom baokan.cli import main\ntry:\n    main()\nfinally:\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in ('click', 'pathlib')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "validate", "full.jsonl", "-q"], capture_output=True, text=True, cwd=files
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


def test_plans(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files)
    assert quick_validate_args(["validate", "full.jsonl", "-q"]) == QuickValidate(("full.jsonl",), quiet=True)
    assert quick_validate_args(
        ["validate", "-j", "3", "--format=json", "--max-errors", "0", "full.jsonl", "-q"]
    ) == QuickValidate(("full.jsonl",), json=True, quiet=True, max_errors=0, workers=3)
    for args in (
        ["segment", "full.jsonl"],
        ["--max-record-size", "1MiB", "validate", "full.jsonl", "-q"],
        ["validate", "-", "-q"],  # stdin
        ["validate", ".", "-q"],  # a folder
        ["validate", "notes.txt", "-q"],
        ["validate", "full.jsonl", "-j", "0", "-q"],
        ["validate", "full.jsonl", "-j", "１", "-q"],  # a digit, but not one click reads
        ["validate", "full.jsonl", "-qj2"],
        ["validate", "full.jsonl", "--", "-q"],
        ["validate", "full.jsonl", "-q", "--format"],
    ):
        assert quick_validate_args(args) is None, args


def test_a_terminal_gets_the_progress_bar_of_the_full_command(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert quick_validate_args(["validate", "full.jsonl"]) is None
    assert quick_validate_args(["validate", "full.jsonl", "-q"]) is not None
