"""Engines give outcomes in task order; the Ray engine writes the same release as the local one."""

from __future__ import annotations

from pathlib import Path

import pytest

from baokan.build import build
from baokan.config import load_config
from baokan.engines import run_local, run_pages
from baokan.errors import UsageError
from release_helpers import tree_digest

REPO = Path(__file__).resolve().parent.parent


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


@pytest.fixture
def generated_project(tmp_path: Path) -> Path:
    from baokan.devtools.pagegen import generate_page, load_corpus

    corpus = load_corpus(REPO.parent / "shared" / "corpora")  # the built-in texts when absent
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in range(24):
        text, _gold = generate_page(seed, corpus)
        (raw / f"{seed:03d}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "gen.toml").write_text(
        'name = "gen"\nversion = "1.0.0"\nout = "releases"\n[splits]\ntrain = 0.8\ntest = 0.2\n'
        # exact duplicates only: near dedup leaves a handful of the generator's reused articles
        '[dedup]\nmode = "exact"\n[[sources]]\npath = "raw"\npublication = "样例日报"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_ray_engine_is_byte_identical_to_local(generated_project: Path, tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    config = load_config(generated_project / "gen.toml")
    local = build(config.with_overrides(out=tmp_path / "local"), workers=1).release
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        distributed = build(config.with_overrides(out=tmp_path / "ray"), engine="ray").release
    finally:
        ray.shutdown()
    assert local is not None and distributed is not None
    assert local.records > 10
    assert records_of(local.path) == records_of(distributed.path)  # a readable diff first
    assert tree_digest(local.path) == tree_digest(distributed.path)


def records_of(release: Path) -> list[str]:
    import gzip

    return [
        line.decode() for p in sorted((release / "jsonl").glob("*.gz")) for line in gzip.open(p).read().splitlines()
    ]


def test_ray_engine_without_ray_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray → ImportError
    with pytest.raises(UsageError, match=r"pip install 'baokan\[ray\]'"):
        list(run_pages(square, [1, 2], engine="ray"))
