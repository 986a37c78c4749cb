"""The skip gate: on CI (the `CI` environment variable set, as `.ci/run` does) a skipped test
fails the run unless its reason starts with one of the documented reasons below. A test that
silently stops running (a dependency missing from the CI image, a fixture that cannot be set up)
must not look like a pass.

Registered by `conftest.py`; `tests/test_skip_gate.py` checks it with pytester.
"""

from __future__ import annotations

import os

import pytest

# Reason prefix → why skipping it on CI is acceptable.
ALLOWED_SKIPS: dict[str, str] = {
    "slow: run with --run-slow": "long fuzz runs, opted into with --run-slow",
    "development corpora absent": "third-party corpora live in ../shared and are never copied into the repository",
    "../shared/": "the same for other third-party material there (e.g. `../shared/real is absent`)",
    "the targets are stated for pages made from the development corpora": "the same corpora, for the quality targets",
    "needs root to mount a tmpfs": "full-disk and read-only cases mount a small tmpfs, which needs root",
    "cannot mount a tmpfs here": "the same, in a container that does not allow mounting",
    "cannot remount the tmpfs read-only": "the same, in a container that does not allow remounting",
    "Ray cannot start here": "the Ray cluster tests start `ray start --head`; a container without the "
    "shared memory or ports Ray needs cannot run them (a missing ray package is not skipped: CI installs it)",
}


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


def allowed(reason: str) -> bool:
    return reason.startswith(tuple(ALLOWED_SKIPS))


class SkipGate:
    """Collects the skips whose reason is not allowed; fails the session on CI."""

    def __init__(self, enforce: bool) -> None:
        self.enforce = enforce
        self.unexpected: list[tuple[str, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.skipped and not hasattr(report, "wasxfail"):
            reason = skip_reason(report)
            if not allowed(reason):
                self.unexpected.append((report.nodeid, reason))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.enforce and self.unexpected and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.unexpected:
            return
        title = "skips not allowed on CI" if self.enforce else "skips that CI would not allow"
        terminalreporter.section(title, sep="=", red=self.enforce, yellow=not self.enforce)
        for nodeid, reason in self.unexpected:
            terminalreporter.line(f"{nodeid}: {reason}")
        terminalreporter.line("allowed reasons (tests/skip_gate.py): " + "; ".join(ALLOWED_SKIPS))


def register(config: pytest.Config) -> None:
    """Register the gate in the process that reports (not in xdist workers)."""
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(SkipGate(on_ci()), "baokan-skip-gate")
