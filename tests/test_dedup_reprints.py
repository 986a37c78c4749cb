"""The near-duplicate targets of issue 14 on reprint sets with known clusters made from the
development corpora (`baokan.devtools.reprints`): pair precision ≥ 0.98 and pair recall ≥ 0.95 at
threshold 0.8, with the default parameters, on every set (not on average)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from baokan.dedup import DedupItem, DedupParams, find_clusters
from baokan.devtools.reprints import (
    TRANSFORMS,
    ReprintArticle,
    load_sources,
    make_copy,
    make_reprint_set,
    pair_scores,
)
from baokan.validate import ArticleValidator

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
SOURCES = load_sources(CORPORA)
needs_corpora = pytest.mark.skipif(not SOURCES, reason=f"development corpora absent: {CORPORA}")


def scores(arts: list[ReprintArticle], params: DedupParams | None = None) -> tuple[float, float]:
    got = find_clusters([DedupItem(a.id, a.text, a.date) for a in arts], params)
    s = pair_scores({a.id: a.cluster for a in arts}, {m.id: m.cluster for m in got})
    return s.precision, s.recall


@needs_corpora
@pytest.mark.parametrize("seed", range(5))
def test_targets_on_reprint_sets(seed: int) -> None:
    arts = make_reprint_set(SOURCES, seed=seed)
    kinds = {a.kind for a in arts}
    assert kinds == {"original", "copy", "follow-up", "single"}
    precision, recall = scores(arts)
    assert precision >= 0.98, precision
    assert recall >= 0.95, recall


@needs_corpora
@pytest.mark.parametrize("seed", range(3))
def test_targets_hold_on_harder_sets(seed: int) -> None:
    """Trims that leave one paragraph; follow-ups repeating a third of their original."""
    arts = make_reprint_set(SOURCES, seed=100 + seed, trim_keeps=1, lead_share=0.33)
    precision, recall = scores(arts)
    assert precision >= 0.98, precision
    assert recall >= 0.95, recall


@needs_corpora
def test_jaccard_alone_misses_trimmed_copies() -> None:
    """Why containment is part of the similarity: without it, trimmed reprints are lost."""
    arts = make_reprint_set(SOURCES, seed=0)
    _, recall = scores(arts, DedupParams(min_share=1.0))
    assert recall < 0.95


@needs_corpora
def test_every_transform_alone_keeps_a_copy_in_its_cluster() -> None:
    rng = random.Random(3)
    originals = [
        ReprintArticle(f"o{k}", f"o{k}", "original", s.title, list(s.paragraphs), "人民日报", "2025-06-12", "1")
        for k, s in enumerate(SOURCES[:40])
        if len(s.paragraphs) >= 5
    ]
    for name in TRANSFORMS:
        arts = list(originals)
        arts += [make_copy(o, 1000 + k, rng, [name], "20250612") for k, o in enumerate(originals)]
        precision, recall = scores(arts)
        assert precision == 1.0, name
        assert recall >= 0.95, (name, recall)


@needs_corpora
def test_reprint_records_are_valid_articles() -> None:
    arts = make_reprint_set(SOURCES, seed=1)
    validator = ArticleValidator()
    for art in arts[:50]:
        assert validator.check(art.to_record()) == [], art.id


def test_days_reserved_for_evaluation_are_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "peopledaily-2025"
    folder.mkdir()
    article = {"title": "标题", "content": "第一段。\n第二段。", "section_name": "要闻"}
    (folder / "articles_20250612.json").write_text(json.dumps([article]), encoding="utf-8")
    (folder / "articles_20250430.json").write_text("this file must not be opened", encoding="utf-8")
    (folder / "articles_20250105.json").write_text("nor this one", encoding="utf-8")
    sources = load_sources(tmp_path)
    assert [(s.day, s.paragraphs) for s in sources] == [("20250612", ("第一段。", "第二段。"))]


def test_pair_scores_count_pairs() -> None:
    truth = {"a": "1", "b": "1", "c": "1", "d": "2"}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    s = pair_scores(truth, predicted)
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (3, 2, 1)
    assert (s.precision, s.recall) == (0.5, 1 / 3)


@needs_corpora
def test_targets_through_the_command_on_records(tmp_path: Path) -> None:
    """The way a reprint set is measured from outside: records in, `baokan dedup` lines out."""
    import orjson
    from click.testing import CliRunner

    from baokan.cli.group import _register, cli

    _register()
    arts = make_reprint_set(SOURCES, seed=7)
    articles = tmp_path / "reprints.jsonl"
    articles.write_bytes(b"".join(orjson.dumps(a.to_record()) + b"\n" for a in arts))
    result = CliRunner().invoke(cli, ["dedup", str(articles), "-o", str(tmp_path / "c.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    s = pair_scores({a.id: a.cluster for a in arts}, {x["id"]: x["cluster"] for x in lines})
    assert s.precision >= 0.98 and s.recall >= 0.95, s
