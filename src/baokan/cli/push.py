"""`baokan push`: a release to the Hugging Face Hub, tagged with its version."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from baokan.cli.common import Output, format_option, quiet_option
from baokan.cli.group import cli

if TYPE_CHECKING:
    from baokan.release.push import PushPlan, PushResult

EPILOG = """\b
Examples:
  baokan push releases/lvliang-daily/1.0.0 my-org/lvliang-daily --dry-run
  HF_TOKEN=hf_… baokan push releases/lvliang-daily/1.0.0 my-org/lvliang-daily
  baokan push releases/lvliang-daily/1.1.0 my-org/lvliang-daily --token-env LVLIANG_TOKEN

\b
The release must pass `baokan verify`. Its files go to the root of the dataset
repository in one commit (files the previous version left there are removed),
tagged with the version: load_dataset("my-org/lvliang-daily", revision="1.0.0")
then gives exactly this release. A tag is never moved: if it exists with the
same files the release is already pushed (exit 0); with other files the push
is refused (exit 1). --dry-run prints the plan (files, sizes, sha256, the
commit message and the tag) and touches no network.

\b
Exit codes: 0 pushed (or already there), 1 the release fails verify, the tag
holds other files or the Hub refused, 2 usage error (no token, bad repo id).
"""


@cli.command("push", epilog=EPILOG)
@click.argument("release", type=click.Path(path_type=Path))
@click.argument("repo_id")
@click.option("--private", is_flag=True, help="Create the repository as private (when it does not exist yet).")
@click.option("--dry-run", is_flag=True, help="Print what would be uploaded and tagged; no network.")
@click.option(
    "--token-env",
    metavar="VAR",
    help="Read the Hub token from this environment variable (default: huggingface_hub's own: $HF_TOKEN or a login).",
)
@format_option("The plan or the result")
@quiet_option()
def push_command(
    release: Path, repo_id: str, private: bool, dry_run: bool, token_env: str | None, fmt: str, quiet: bool
) -> None:
    """Upload RELEASE to the Hub dataset repository REPO_ID and tag it with its version."""
    out = Output(fmt, quiet)
    with out.errors():
        from baokan.errors import UsageError
        from baokan.release.push import plan_push, push_release

        plan = plan_push(release, repo_id, private)
        if dry_run:
            out.report(plan, _plan_text)
            return
        token = _token(token_env)
        if token is None:
            where = f"${token_env}" if token_env else "$HF_TOKEN (or --token-env VAR, or `hf auth login`)"
            raise UsageError(f"no Hugging Face token: set {where}")
        result = push_release(plan, token)
    out.report(result, lambda r: _plan_text(r.plan) + _result_text(r))


def _token(token_env: str | None) -> str | None:
    if token_env is not None:
        return os.environ.get(token_env) or None
    from huggingface_hub import get_token

    return get_token()


def _plan_text(plan: PushPlan) -> str:
    lines = [f"{f.sha256}  {f.bytes:>12,}  {f.path}" for f in plan.files]
    total = sum(f.bytes for f in plan.files)
    lines.append(
        f"{len(plan.files)} files, {total:,} bytes → dataset {plan.repo_id}{' (private)' if plan.private else ''}; "
        f"commit {plan.commit_message!r}, tag {plan.tag}"
    )
    return "\n".join(lines) + "\n"


def _result_text(result: PushResult) -> str:
    if result.already:
        return f"already pushed: tag {result.plan.tag} is commit {result.commit} with these files\n"
    removed = f"; removed {len(result.deleted)} files of the previous version" if result.deleted else ""
    return f"pushed: commit {result.commit}, tag {result.plan.tag}{removed}\n"
