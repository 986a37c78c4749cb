#!/usr/bin/env bash
# Run the whole test suite: create/update .venv, install baokan with its dev extra, run pytest.
# Extra arguments go to pytest, e.g. scripts/test.sh -k validate
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/_venv.sh
source scripts/_venv.sh
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 PYTHONHASHSEED=0
exec "$VENV/bin/python" -m pytest -n "${BAOKAN_TEST_WORKERS:-auto}" "$@"
