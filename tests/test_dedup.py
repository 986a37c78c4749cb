"""baokan.dedup: near-duplicate clusters from MinHash + LSH (the library; the reprint-set targets
are in test_dedup_reprints.py)."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baokan.dedup import DedupItem, DedupParams, Membership, SketchStore, find_clusters, lsh, minhash, sketch_texts
from baokan.dedup.lsh import candidate_pairs, candidate_probability, choose_bands
from baokan.dedup.minhash import signatures
from baokan.dedup.shingles import normalize, shingle_hashes
from baokan.errors import InvalidDataError, UsageError

HANZI = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)


def article(rng: random.Random, length: int = 600) -> str:
    """A random text of hanzi with Chinese punctuation, in paragraphs."""
    chars = [rng.choice(HANZI) for _ in range(length)]
    for k in range(0, length, rng.randint(15, 30)):
        chars[k] = "，"
    text = "".join(chars)
    return "\n".join(text[k : k + 150] for k in range(0, length, 150))


def clusters_of(memberships: list[Membership]) -> dict[str, str]:
    return {m.id: m.cluster for m in memberships}


def test_normalize_maps_widths_case_and_removes_spaces() -> None:
    assert normalize("Ａｂ１２，你好\u3000世界 ＶＩＰ\n⼀") == "ab12,你好世界vip一"


def test_shingles_stay_inside_each_text() -> None:
    hashes, offsets = shingle_hashes(["abcdef", "xy", "", "abcdefg"], 3)
    assert offsets.tolist() == [0, 4, 5, 6, 11]
    # the n-grams of "abcdef" are the first four of "abcdefg"; none straddles two texts
    assert hashes[0:4].tolist() == hashes[6:10].tolist()
    assert len(set(hashes.tolist())) == 4 + 1 + 1 + 1


def test_signatures_do_not_depend_on_batching() -> None:
    rng = random.Random(3)
    texts = [article(rng) for _ in range(5)]
    together = signatures(texts, ngram=5, num_perm=64, seed=1)
    alone = [signatures([t], ngram=5, num_perm=64, seed=1)[0].tolist() for t in texts]
    assert together.tolist() == alone


def test_reprint_with_changes_clusters_and_distinct_article_does_not() -> None:
    rng = random.Random(7)
    original = article(rng, 1200)
    # a reprint: spaces and full-width letters differ, a sentence changed, one added at the end
    reprint = original.replace("\n", "\n  ")[:900] + "本报记者" + original[904:] + "（据新华社）"
    other = article(rng, 1200)
    items = [DedupItem("b", reprint, "2025-06-02"), DedupItem("a", original, "2025-06-01"), DedupItem("c", other)]
    got = {m.id: m for m in find_clusters(items)}
    assert got["a"] == Membership("a", "a", 1.0, True)
    assert got["b"].cluster == "a" and not got["b"].kept and 0.8 <= got["b"].similarity < 1.0
    assert got["c"] == Membership("c", "c", 1.0, True)


@pytest.mark.parametrize(
    ("keep", "expected"),
    [("earliest", "late-long"), ("longest", "early-long"), ("first-id", "a-first")],
)
def test_keep_policy_chooses_the_representative(keep: str, expected: str) -> None:
    rng = random.Random(11)
    text = article(rng, 1500)
    items = [
        DedupItem("early-long", text + "补充一句话。", "2025-06-03"),
        DedupItem("late-long", text, "2025-06-01"),
        DedupItem("a-first", text, "2025-06-09"),
        DedupItem("undated", text, None),
    ]
    if keep == "longest":
        items[1] = DedupItem("late-long", text, "2025-06-01")
    got = find_clusters(items, DedupParams(keep=keep))
    assert {m.cluster for m in got} == {expected}
    assert [m.id for m in got if m.kept] == [expected]


def test_repeated_id_is_an_error() -> None:
    with pytest.raises(InvalidDataError, match="'x' occurs more than once"):
        find_clusters([DedupItem("x", "一二三四五六"), DedupItem("x", "七八九十")])


@pytest.mark.parametrize(
    "params",
    [
        {"threshold": 0.0},
        {"threshold": 1.5},
        {"ngram": 0},
        {"keep": "newest"},
        {"bands": 4},
        {"bands": 40, "rows": 4},
    ],
)
def test_bad_parameters_are_usage_errors(params: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        DedupParams(**params)  # type: ignore[arg-type]


def test_chosen_banding_finds_pairs_near_the_threshold() -> None:
    for threshold in (0.5, 0.8, 0.9):
        bands, rows = choose_bands(threshold, 128)
        assert bands * rows <= 128
        assert candidate_probability(threshold - 0.1, bands, rows) >= 0.995
        if threshold >= 0.8:  # unrelated texts (similarity 0.3 or less) rarely become candidates
            assert candidate_probability(0.3, bands, rows) < 0.25


def test_big_bucket_of_exact_copies_is_one_cluster() -> None:
    rng = random.Random(5)
    text = article(rng)
    items = [DedupItem(f"id{k:03d}", text) for k in range(150)] + [DedupItem("other", article(rng))]
    got = find_clusters(items, DedupParams(keep="first-id"))
    assert {m.cluster for m in got[:150]} == {"id000"}
    assert got[150].cluster == "other"
    sigs = signatures([text] * 150, ngram=4, num_perm=128, seed=1)
    assert len(candidate_pairs(sigs, 32, 4)) > 149  # every copy reaches others beyond one bucket


texts = st.lists(st.text(alphabet=HANZI[:300] + "，。", min_size=30, max_size=400), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_an_exact_copy_always_clusters_with_its_original(bodies: list[str], rng: random.Random) -> None:
    items = [DedupItem(f"a{k}", body) for k, body in enumerate(bodies)]
    k = rng.randrange(len(bodies))
    items.append(DedupItem("copy", " ".join(bodies[k])))  # spacing differs: normalization removes it
    got = clusters_of(find_clusters(items))
    assert got["copy"] == got[f"a{k}"]


@settings(max_examples=30, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_input_order(bodies: list[str], rng: random.Random) -> None:
    items = [DedupItem(f"a{k}", body) for k, body in enumerate(bodies)]
    items += [DedupItem(f"c{k}", body + "。") for k, body in enumerate(bodies[:2])]
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert clusters_of(find_clusters(items)) == clusters_of(find_clusters(shuffled))


@settings(max_examples=30, deadline=None)
@given(texts, st.randoms(use_true_random=False))
def test_clusters_never_straddle_splits_when_placed_by_their_representative(
    bodies: list[str], rng: random.Random
) -> None:
    from baokan.release.splits import SplitAssigner

    items = [DedupItem(f"a{k}", body) for k, body in enumerate(bodies)]
    items += [DedupItem(f"copy{k}", body + rng.choice(["", "。", "另讯"])) for k, body in enumerate(bodies)]
    got = find_clusters(items)
    assign = SplitAssigner({"train": 0.5, "test": 0.5}, {m.id: m.cluster for m in got if not m.kept})
    split_of_cluster: dict[str, set[str]] = {}
    for m in got:
        split_of_cluster.setdefault(m.cluster, set()).add(assign(m.id))
    assert all(len(splits) == 1 for splits in split_of_cluster.values())


def test_signatures_spilled_to_files_give_the_same_clusters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(21)
    bodies = [article(rng, 800) for _ in range(60)]
    items = [DedupItem(f"a{k:02d}", b) for k, b in enumerate(bodies)]
    items += [DedupItem(f"c{k:02d}", b[: len(b) * 3 // 4]) for k, b in enumerate(bodies[:20])]  # trimmed copies
    items += [DedupItem(f"z{k}", t) for k, t in enumerate(chain(rng, 5))]  # settled in rounds: rows read again
    in_memory = find_clusters(items)
    assert len({m.cluster for m in in_memory if m.id.startswith("z")}) > 1  # one chain, settled in rounds
    monkeypatch.setattr(minhash, "BLOCK_ROWS", 7)  # blocks smaller than the corpus
    monkeypatch.setattr(lsh, "BLOCK_ROWS", 7)
    monkeypatch.setenv("BAOKAN_DEDUP_MEMORY_BYTES", "1000")  # past the first batch: files
    spilled = find_clusters(items, folder=tmp_path)
    assert spilled == in_memory
    assert {p.name for p in tmp_path.iterdir()} == {"signatures.u32", "lead-signatures.u32"}
    assert (tmp_path / "signatures.u32").stat().st_size == len(items) * 128 * 4


def chain(rng: random.Random, links: int, length: int = 600) -> list[str]:
    """Texts each like the one before it (every 30th character changed, at an offset of its own
    for up to six links: ~13% of the 4-grams) and unlike the one two before."""
    texts = [article(rng, length).replace("\n", "")]
    for k in range(links):
        chars = list(texts[-1])
        for at in range((3, 18, 8, 23, 13, 28)[k % 6], length, 30):
            chars[at] = "某" if chars[at] != "某" else "甲"
        texts.append("".join(chars))
    return texts


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**16), st.integers(1, 6), st.integers(0, 4), st.sampled_from(["earliest", "longest", "first-id"])
)
def test_every_copy_is_like_the_copy_kept_for_it(seed: int, links: int, others: int, keep: str) -> None:
    """Single linkage chains copies (X ~ Y ~ Z, X unlike Z); a member is dropped only for a kept
    copy it is like, and a kept one has no kept copy it is like (no pair of kept articles confirms)."""
    import numpy as np

    from baokan.dedup import pair_similarity

    rng = random.Random(seed)
    bodies = chain(rng, links) + [article(rng, 600) for _ in range(others)]
    items = [DedupItem(f"a{k}", body, f"2025-01-{rng.randint(1, 9):02d}") for k, body in enumerate(bodies)]
    rng.shuffle(items)
    params = DedupParams(keep=keep)
    got = find_clusters(items, params)
    assert all(m.similarity >= params.threshold for m in got if not m.kept)
    kept = {m.id for m in got if m.kept}
    assert all(m.cluster in kept for m in got)
    sketches = sketch_texts([i.text for i in items], params)
    at = [k for k, m in enumerate(got) if m.kept]
    left = np.array([a for a in at for b in at if a < b], dtype=np.int64)
    right = np.array([b for a in at for b in at if a < b], dtype=np.int64)
    assert not (pair_similarity(sketches, left, right, params) >= params.threshold).any()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=199), max_size=60, unique=True), st.lists(st.integers(0, 300)))
def test_rows_at_a_row_files_index_are_the_matrixs_rows_there(index: list[int], inner: list[int]) -> None:
    import numpy as np

    matrix = np.arange(200 * 3, dtype=np.uint32).reshape(200, 3)
    at = np.array(sorted(index), dtype=np.int64)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.u32"
        matrix.tofile(path)
        rows = minhash.rows_at(minhash.RowFile(path, 200, 3), at)
        assert len(rows) == len(at) and rows.shape == (len(at), 3)
        assert minhash.row_block(rows, 2, 9).tolist() == matrix[at][2:9].tolist()
        wanted = np.array([i % max(len(at), 1) for i in inner] if len(at) else [], dtype=np.int64)
        assert minhash.take_rows(rows, wanted).tolist() == matrix[at][wanted].tolist()
        half = np.arange(0, len(at), 2, dtype=np.int64)
        again = minhash.rows_at(rows, half)  # of the same file, not a view of a view
        assert isinstance(again, minhash.RowsAt) and again.matrix is rows.matrix  # type: ignore[union-attr]
        assert minhash.row_block(again, 0, len(half)).tolist() == matrix[at][half].tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=199), max_size=60), st.booleans())
def test_a_row_file_gives_the_rows_asked_for_in_their_order(index: list[int], dense: bool) -> None:
    # rows are read once each, or as one span when most of it is wanted: the result is the
    # matrix's rows at the index either way (repeats, any order)
    import numpy as np

    matrix = np.arange(200 * 3, dtype=np.uint32).reshape(200, 3)
    wanted = np.array([i % 7 + 50 for i in index] if dense else index, dtype=np.int64)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rows.u32"
        matrix.tofile(path)
        taken = minhash.RowFile(path, 200, 3).take(wanted)
    assert taken.shape == (len(wanted), 3) and taken.dtype == np.uint32
    assert taken.tolist() == matrix[wanted].tolist()


def test_a_row_file_cut_short_is_an_error_naming_it(tmp_path: Path) -> None:
    import numpy as np

    path = tmp_path / "rows.u32"
    np.arange(10 * 3, dtype=np.uint32).tofile(path)
    rows = minhash.RowFile(path, 12, 3)  # two rows more than the file holds
    assert rows.block(2, 5).tolist() == np.arange(6, 15).reshape(3, 3).tolist()
    with pytest.raises(OSError, match=r"rows\.u32"):
        rows.block(8, 12)


def test_store_spills_past_its_budget_and_cleans_up() -> None:
    rng = random.Random(2)
    params = DedupParams()
    with SketchStore(params.num_perm, params.lead_perm, memory_bytes=10_000) as store:
        for _ in range(3):
            store.add(sketch_texts([article(rng) for _ in range(10)], params))
        assert store.spilled
        sketches = store.sketches()
        assert isinstance(sketches.full, minhash.RowFile) and len(sketches) == 30
        folder = sketches.full.path.parent
        assert folder.is_dir()
    assert not folder.exists()
