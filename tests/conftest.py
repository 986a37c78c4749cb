"""Shared fixtures: a valid article record to copy and break (from `records_factory`); options
for the fuzz tests; the skip gate.

Options:
  --fuzz-examples N  examples per hypothesis test in the fuzz modules (test_segment_properties,
                     test_validate_differential). Default: $BAOKAN_FUZZ_EXAMPLES, else each
                     module's own default. E.g. `scripts/test.sh --fuzz-examples 20000
                     tests/test_segment_properties.py tests/test_validate_differential.py`.
  --run-slow         also run tests marked `slow` (e.g. the 20,000-example fuzz run in
                     test_fuzz_at_scale.py); they are skipped otherwise.

On CI (`CI` set) a test skipped for a reason not listed in `skip_gate.ALLOWED_SKIPS` fails the
run (see tests/skip_gate.py).

Hypothesis runs without its per-example deadline: the tests check behaviour, not speed, and a
deadline of 200 ms failed examples whenever the machine was busy (a suite beside a benchmark).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import settings

import skip_gate
from records_factory import make_record

FUZZ_ENV = "BAOKAN_FUZZ_EXAMPLES"

settings.register_profile("baokan", deadline=None)
settings.load_profile("baokan")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("baokan")
    group.addoption(
        "--fuzz-examples",
        type=int,
        default=None,
        metavar="N",
        help=f"examples per hypothesis fuzz test (default: ${FUZZ_ENV}, else the module's default)",
    )
    group.addoption("--run-slow", action="store_true", default=False, help="also run tests marked slow")


def pytest_configure(config: pytest.Config) -> None:
    skip_gate.register(config)
    # The fuzz modules read their example count from the environment when they are imported,
    # which happens after this hook, in this process and in every xdist worker (which gets the
    # same options); so the option only has to set the variable.
    n = config.getoption("--fuzz-examples")
    if n is not None:
        if n < 1:
            raise pytest.UsageError("--fuzz-examples must be >= 1")
        os.environ[FUZZ_ENV] = str(n)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def valid_record() -> dict[str, Any]:
    return make_record()
