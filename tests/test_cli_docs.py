"""docs/cli.md is generated from every command's --help (scripts/cli_docs.py) and kept current."""

from __future__ import annotations

import runpy
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_the_help_texts() -> None:
    cli_docs = runpy.run_path(str(REPO / "scripts" / "cli_docs.py"))
    expected = cli_docs["render"]()
    current = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == expected, "docs/cli.md is out of date: run `.venv/bin/python scripts/cli_docs.py`"
    for command in cli_docs["COMMANDS"]:
        assert f"## baokan {command}\n" in current and f"Usage: baokan {command} " in current
