#!/usr/bin/env bash
# Run the gates and the whole test suite: create/update .venv, install baokan with its dev extra,
# then ruff (lint and format), mypy over src/, and pytest. Any failing gate stops the run.
# Extra arguments go to pytest, e.g. scripts/test.sh -k validate
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
echo "gates: ruff check, ruff format --check, mypy" >&2
"$VENV/bin/ruff" check --quiet .
"$VENV/bin/ruff" format --check --quiet .
"$VENV/bin/mypy"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 PYTHONHASHSEED=0
exec "$VENV/bin/python" -m pytest -n "${BAOKAN_TEST_WORKERS:-auto}" "$@"
