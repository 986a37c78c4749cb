"""Engines give outcomes in task order (the Ray engine's own tests are in test_ray.py)."""

from __future__ import annotations

import pytest

from baokan.engines import run_local, run_pages
from baokan.errors import UsageError


def square(x: int) -> int:
    return x * x


def test_local_engine_keeps_task_order() -> None:
    tasks = list(range(500))
    assert list(run_local(square, tasks, workers=2)) == [x * x for x in tasks]
    assert list(run_local(square, tasks, workers=1)) == [x * x for x in tasks]


def test_local_engine_consumes_tasks_lazily() -> None:
    drawn = []

    def tasks():
        for x in range(2000):
            drawn.append(x)
            yield x

    results = run_local(square, tasks(), workers=2, total=2000)
    first = [next(results) for _ in range(10)]
    assert first == [x * x for x in range(10)]
    # a bounded window of batches is drawn ahead, not the whole stream
    assert len(drawn) < 1000
    assert first + list(results) == [x * x for x in range(2000)]
    assert list(run_local(square, (x for x in range(300)), workers=2)) == [x * x for x in range(300)]


def test_unknown_engine_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown engine"):
        list(run_pages(square, [1], engine="spark"))


def test_ray_engine_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    # baokan is not on PyPI: the extra is installed from a checkout
    with pytest.raises(UsageError, match=r"pip install -e '\.\[ray\]'"):
        list(run_pages(square, [1, 2], engine="ray"))
