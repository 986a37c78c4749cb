"""The build's duplicate stage (`dedup.stage.find_duplicates`), which holds no id per article:
it must find what the library (`cluster_items`, ids held) finds, and read ids only where the
keep policy's other keys tie."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baokan.dedup import DedupItem, DedupParams, cluster_items, pair_similarity, sketch_texts
from baokan.dedup.clusters import KEEP_POLICIES, Items, ItemTable, cluster_firsts, id_ranks, keep_ranks
from baokan.dedup.stage import find_duplicates
from baokan.errors import InputError
from test_dedup import article, chain


def corpus(rng: random.Random, originals: int = 12, copies: int = 30) -> list[dict]:
    """Articles and reprints (a character changed, or the same text) on a few dates, with ids out
    of file order, so that dates, lengths and ids each decide some cluster's kept copy."""
    bodies = [article(rng, rng.choice([300, 600])) for _ in range(originals)]
    records = []
    for k in range(originals + copies):
        body = bodies[k] if k < originals else rng.choice(bodies)
        if k >= originals and rng.random() < 0.5:
            at = rng.randrange(len(body))
            body = body[:at] + "某" + body[at + 1 :]
        date = rng.choice(["2025-01-02", "2025-01-03", None])
        records.append({"id": f"{rng.randrange(10**6):06d}-{k:03d}", "text": body, "source": {"date": date, "page": 1}})
    rng.shuffle(records)
    return records


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.mark.parametrize("keep", KEEP_POLICIES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_near_mode_drops_what_the_library_clusters_say(tmp_path: Path, keep: str, seed: int) -> None:
    records = corpus(random.Random(seed))
    articles = write(tmp_path / "articles.jsonl", records)
    params = DedupParams(keep=keep)
    outcome = find_duplicates(articles, tmp_path / "duplicates.jsonl", "near", params)

    items = [DedupItem(r["id"], r["text"], r["source"]["date"]) for r in records]
    expected = {m.id: (m.cluster, m.similarity) for m in cluster_items(items, params) if not m.kept}
    rows = [json.loads(line) for line in (tmp_path / "duplicates.jsonl").read_text().splitlines()]
    assert {r["id"]: (r["kept"], r["similarity"]) for r in rows} == expected
    assert [r["id"] for r in rows] == sorted(expected)
    assert outcome.dropped == len(expected) > 0
    assert outcome.clusters == len({kept for kept, _ in expected.values()})


@pytest.mark.parametrize("keep", KEEP_POLICIES)
def test_exact_mode_places_near_copies_by_their_clusters_representative(tmp_path: Path, keep: str) -> None:
    records = corpus(random.Random(7))
    articles = write(tmp_path / "articles.jsonl", records)
    params = DedupParams(keep=keep)
    outcome = find_duplicates(articles, tmp_path / "duplicates.jsonl", "exact", params)

    near = {
        m.id: m.cluster
        for m in cluster_items([DedupItem(r["id"], r["text"], r["source"]["date"]) for r in records], params)
    }
    rows = [json.loads(line) for line in (tmp_path / "duplicates.jsonl").read_text().splitlines()]
    texts = {r["id"]: r["text"] for r in records}
    assert rows and all(texts[r["id"]] == texts[r["kept"]] and r["similarity"] == 1.0 for r in rows)
    dropped = {r["id"] for r in rows}
    assert outcome.aliases and all(i not in dropped and near[i] == rep != i for i, rep in outcome.aliases.items())
    staying_copies = {i for i, rep in near.items() if rep != i and i not in dropped}
    assert set(outcome.aliases) == staying_copies


def test_a_bad_line_is_named_with_its_number(tmp_path: Path) -> None:
    records = corpus(random.Random(4), originals=2, copies=1)
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps(records[0]) + "\n" + '{"id": "x", "text": 3}\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        find_duplicates(articles, tmp_path / "duplicates.jsonl", "near", DedupParams())
    assert caught.value.line == 2 and "articles.jsonl" in str(caught.value)


def _items(dates: list[int], lengths: list[int], ids: list[bytes] | None) -> Items:
    table = ItemTable()
    table.add(None if ids is None else [i.decode() for i in ids], [f"2025-01-{d + 1:02d}" for d in dates], lengths)
    return table.finish()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2), st.integers(1, 3)), min_size=1, max_size=30),
    st.sampled_from(KEEP_POLICIES),
    st.randoms(use_true_random=False),
)
def test_ids_read_on_demand_choose_what_held_ids_choose(
    nodes: list[tuple[int, int, int]], policy: str, rng: random.Random
) -> None:
    """The keep order's first of each cluster (`cluster_firsts` of `keep_ranks`), with ids loaded
    for the tied nodes only, is the brute-force choice, and ids are never asked for a node that
    ties with no other on the keep policy's other keys."""
    clusters, dates, lengths = (list(column) for column in zip(*nodes, strict=True))
    ids = [f"{rng.randrange(1000):03d}-{k}".encode() for k in range(len(nodes))]
    roots = np.array([min(k for k, c in enumerate(clusters) if c == cluster) for cluster in clusters], dtype=np.int32)
    asked: list[int] = []

    def rank(positions: np.ndarray) -> np.ndarray:
        assert list(positions) == sorted(positions)
        asked.extend(int(p) for p in positions)
        return id_ranks(np.array([ids[int(p)] for p in positions], dtype=np.bytes_))

    got = cluster_firsts(roots, keep_ranks(_items(dates, lengths, None), policy, rank))
    held = cluster_firsts(roots, keep_ranks(_items(dates, lengths, ids), policy))

    def key(k: int) -> tuple:
        return {
            "earliest": (dates[k], -lengths[k], ids[k]),
            "longest": (-lengths[k], dates[k], ids[k]),
            "first-id": (ids[k],),
        }[policy]

    def ties(k: int) -> tuple:
        return key(k)[:-1]

    best = {c: min((k for k in range(len(nodes)) if clusters[k] == c), key=key) for c in set(clusters)}
    assert list(got) == list(held) == [best[c] for c in clusters]
    for k in asked:
        assert sum(ties(j) == ties(k) for j in range(len(nodes))) > 1


@pytest.mark.parametrize("keep", KEEP_POLICIES)
def test_runs_of_band_keys_and_slices_of_rows_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: str
) -> None:
    # a corpus past lsh.RUN_ROWS sorts its band keys in runs on disk, past SLICE_PAIRS dropped
    # copies their similarities are computed a slice at a time as rows are written, and past
    # IDS_IN_MEMORY tied ids are ranked by an external sort: the same bytes
    import baokan.dedup.lsh as lsh
    import baokan.dedup.stage as stage

    articles = write(tmp_path / "articles.jsonl", corpus(random.Random(4), copies=60))
    find_duplicates(articles, tmp_path / "whole.jsonl", "near", DedupParams(keep=keep))
    monkeypatch.setattr(lsh, "RUN_ROWS", 9)
    monkeypatch.setattr(stage, "SLICE_PAIRS", 4)
    monkeypatch.setattr(stage, "IDS_IN_MEMORY", 0)
    monkeypatch.setattr(stage, "ID_RUN_BYTES", 600)  # a run of two or three ids
    outcome = find_duplicates(articles, tmp_path / "cut.jsonl", "near", DedupParams(keep=keep))
    assert outcome.dropped > 2 * 4
    assert (tmp_path / "cut.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.jsonl", "cut.jsonl", "whole.jsonl"]


def test_an_article_read_on_into_the_next_joins_the_first_ones_copies_only(tmp_path: Path) -> None:
    """A and B run together (segmentation read one article on into the next): B lies inside A+B as
    much as A does, but A+B opens as A, so it is a copy of A (cut at its end, the other way round)
    and B keeps a cluster of its own; before, A+B joined A's copies and B's into one."""
    rng = random.Random(11)
    a, b = article(rng, 600), article(rng, 600)
    records = [
        {"id": "a", "text": a, "source": {"date": "2025-01-01", "page": 1}},
        {"id": "b", "text": b, "source": {"date": "2025-01-01", "page": 2}},
        {"id": "b2", "text": b, "source": {"date": "2025-01-02", "page": 2}},
        {"id": "ab", "text": a + "\n" + b, "source": {"date": "2025-01-03", "page": 3}},
    ]
    out = tmp_path / "duplicates.jsonl"
    outcome = find_duplicates(write(tmp_path / "articles.jsonl", records), out, "near", DedupParams())
    rows = {row["id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert {k: r["kept"] for k, r in rows.items()} == {"ab": "a", "b2": "b"}
    assert all(r["similarity"] >= 0.8 for r in rows.values())
    assert outcome.clusters == 2


def _is_a_chain(texts: list[str]) -> bool:
    """Each text like the one before it and unlike every other (the premise of the chain tests)."""
    n = len(texts)
    left, right = np.triu_indices(n, 1)
    sims = pair_similarity(
        sketch_texts(texts, DedupParams()), left.astype(np.int64), right.astype(np.int64), DedupParams()
    )
    return all((s >= 0.8) == (j == i + 1) for i, j, s in zip(left.tolist(), right.tolist(), sims.tolist(), strict=True))


def _chain_records(texts: list[str]) -> list[dict]:
    return [{"id": f"c{k}", "text": t, "source": {"date": f"2025-01-0{k + 1}", "page": 1}} for k, t in enumerate(texts)]


def test_a_copy_is_dropped_only_as_a_copy_of_an_article_it_is_like(tmp_path: Path) -> None:
    """A chain of copies (X ~ Y, Y ~ Z, X unlike Z) is one cluster by single linkage, but Z is no
    copy of X, the copy kept: Y is dropped as X's copy and Z kept; before, Z was dropped as X's."""
    texts = chain(random.Random(7), 2)
    assert _is_a_chain(texts)
    out = tmp_path / "duplicates.jsonl"
    outcome = find_duplicates(write(tmp_path / "articles.jsonl", _chain_records(texts)), out, "near", DedupParams())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["kept"]) for r in rows] == [("c1", "c0")]
    assert rows[0]["similarity"] >= 0.8
    assert (outcome.dropped, outcome.clusters, outcome.unsettled) == (1, 1, 0)


def test_a_longer_chain_is_settled_round_by_round(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """C0 ~ C1 ~ … ~ C5, each earlier than the next: C0, the representative, keeps C1; among the
    rest, C2 leads first (it heads every bucket it is in) and keeps C3, then C4 keeps C5. With one
    round of leaders only, C4 and C5 stay unsettled: both kept, and the card says so."""
    texts = chain(random.Random(7), 5)
    assert _is_a_chain(texts)
    articles = write(tmp_path / "articles.jsonl", _chain_records(texts))
    out = tmp_path / "duplicates.jsonl"
    outcome = find_duplicates(articles, out, "near", DedupParams())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["kept"]) for r in rows] == [("c1", "c0"), ("c3", "c2"), ("c5", "c4")]
    assert all(r["similarity"] >= 0.8 for r in rows)
    assert outcome.unsettled == 0 and "not settled" not in outcome.method

    monkeypatch.setattr("baokan.dedup.PEEL_ROUNDS", 1)
    monkeypatch.setattr("baokan.dedup.stage.PEEL_ROUNDS", 1)
    outcome = find_duplicates(articles, out, "near", DedupParams())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["kept"]) for r in rows] == [("c1", "c0"), ("c3", "c2")]
    assert outcome.unsettled == 2 and "2 articles of chained clusters kept, not settled in 1 rounds" in outcome.method


@pytest.mark.parametrize("mode", ["near", "exact"])
def test_sketching_in_pieces_in_several_workers_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    import baokan.dedup.stage as stage

    articles = write(tmp_path / "articles.jsonl", corpus(random.Random(5), copies=60))
    whole = find_duplicates(articles, tmp_path / "whole.jsonl", mode, DedupParams())
    monkeypatch.setattr(stage, "PIECE_BYTES", 2000)  # a few articles a piece
    assert len(stage.jsonl_ranges(str(articles), -(-articles.stat().st_size // 2000))) > 10
    pools: list[object] = []
    real_context = stage.mp_context
    monkeypatch.setattr(stage, "mp_context", lambda: pools.append(1) or real_context())
    pieces = find_duplicates(articles, tmp_path / "pieces.jsonl", mode, DedupParams(), workers=2)
    assert pools  # sketched in a pool
    assert (tmp_path / "pieces.jsonl").read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert (pieces.dropped, pieces.clusters, pieces.aliases) == (whole.dropped, whole.clusters, whole.aliases)


def test_a_bad_line_in_a_later_piece_is_named_with_its_number_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import baokan.dedup.stage as stage

    records = corpus(random.Random(6), copies=20)
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[25] = '{"id": "x", "text": 3}'
    articles = tmp_path / "articles.jsonl"
    articles.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(stage, "PIECE_BYTES", 2000)
    with pytest.raises(InputError) as caught:
        find_duplicates(articles, tmp_path / "duplicates.jsonl", "near", DedupParams(), workers=2)
    assert caught.value.line == 26 and caught.value.path == str(articles)
