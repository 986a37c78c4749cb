"""The skip gate (tests/skip_gate.py): on CI an undocumented skip fails the run."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """
import pytest

def test_runs():
    pass

def test_slow():
    pytest.skip("slow: run with --run-slow")

def test_{name}():
    pytest.skip("{reason}")
"""

CONFTEST = """
import skip_gate

def pytest_configure(config):
    skip_gate.register(config)
"""


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, reason: str) -> pytest.RunResult:
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(SUITE.format(name="other", reason=reason))
    return pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:xdist")


def test_undocumented_skip_fails_on_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "true", "network unavailable")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*skips not allowed on CI*", "*test_other: network unavailable*"])


@pytest.mark.parametrize(
    "reason", ["development corpora absent (../shared/corpora)", "../shared/real is absent (third-party pages)"]
)
def test_documented_skips_pass_on_ci(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, reason: str) -> None:
    result = _run(pytester, monkeypatch, "true", reason)
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=2)


def test_off_ci_an_undocumented_skip_is_only_listed(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(pytester, monkeypatch, "", "network unavailable")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*skips that CI would not allow*"])
