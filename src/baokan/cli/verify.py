"""`baokan verify`: a release folder against its manifest."""

from __future__ import annotations

from pathlib import Path

import click

from baokan.cli.common import EXIT_INVALID, EXIT_OK, Output, format_option, quiet_option
from baokan.cli.group import cli
from baokan.reporters import verify_text

EPILOG = """\b
Examples:
  baokan verify releases/lvliang-daily/1.0.0
  baokan verify releases/lvliang-daily/1.0.0 --format json
  baokan verify releases/lvliang-daily/1.0.0 --no-validate -q && echo intact
  baokan verify releases/lvliang-daily/1.0.0 --digest sha256:3f1c…  --deep

\b
Checks: every file's sha256, size and row count against manifest.json; no
missing, extra or symbolic-link files, no extra folders; croissant.json's
checksums; inputs.jsonl against the manifest's totals; every record valid.
The release digest (sha256 of manifest.json, printed by publish and build)
is checked against --digest, or else against the digest the dataset's
CHANGELOG.md recorded for this version. --deep also compares the JSON Lines
mirror with the Parquet rows, record by record.

\b
Output: the report goes to stdout. Text: one `FILE: MESSAGE` line per problem
and one `FILE:LINE: PATH: MESSAGE` line per invalid record, then
`ok: RELEASE (N files, M records verified)` or `FAILED: RELEASE: N problems`.
JSON: one document {"release", "ok", "digest", "digest_checked",
"files_checked", "records", "problems": [{"file", "message"}],
"validation_errors": [{"file", "line", "path", "message"}]}.
\b
Exit codes: 0 the release matches its manifest, 1 a file differs or a record
is invalid, 2 usage error (not a release folder).
"""


@cli.command("verify", epilog=EPILOG)
@click.argument("release", type=click.Path(path_type=Path))
@format_option()
@click.option(
    "--no-validate", is_flag=True, help="Only check files, checksums and row counts; skip re-validating records."
)
@click.option(
    "--digest",
    "pinned",
    metavar="SHA256",
    default=None,
    help="The release digest to expect (sha256:HEX or HEX, as publish and build print it).",
)
@click.option(
    "--deep", is_flag=True, help="Also compare the JSON Lines mirror with the Parquet rows, record by record."
)
@quiet_option()
def verify_command(release: Path, fmt: str, no_validate: bool, pinned: str | None, deep: bool, quiet: bool) -> None:
    """Check RELEASE against its manifest.

    Every file's sha256, size and row count, no missing or extra files, and
    every record valid. Each file that differs is named.
    """
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.errors import UsageError
        from baokan.release import verify_release
        from baokan.release.digest import parse_digest

        digest = parse_digest(pinned) if pinned is not None else None
        if pinned is not None and digest is None:
            raise UsageError(f"--digest {pinned!r} is not a sha256 digest (sha256:HEX, 64 hex digits)")

        with out.progress(desc="re-validating", unit=" records") as bar:
            result = verify_release(
                release,
                revalidate=not no_validate,
                progress=bar.update if bar is not None else None,
                digest=digest,
                deep=deep,
            )
    out.report(result, verify_text)
    raise SystemExit(EXIT_OK if result.ok else EXIT_INVALID)
