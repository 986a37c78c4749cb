"""evaluation.py: scoring segmenter output against gold pages."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from baokan.devtools import evaluation as ev
from baokan.devtools.evaluation import (
    evaluate,
    evaluate_paths,
    gold_as_records,
    lcs_length,
    levenshtein,
    load_gold,
    match_articles,
    overlap_iou,
    render_text,
)
from baokan.devtools.pagegen import fallback_articles, write_pages
from baokan.errors import InputError, UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED_GOLD_PATH = ROOT / "tests" / "fixtures" / "seed_gold.json"
SEED_GOLD = json.loads(SEED_GOLD_PATH.read_text(encoding="utf-8"))


def _score(records):
    return evaluate(load_gold(SEED_GOLD_PATH), records).to_dict()


def _perfect():
    return gold_as_records(SEED_GOLD)


def _write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ distances


def _dp(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[-1]


def _lcs_dp(a: str, b: str) -> int:
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ca == cb else max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


@pytest.mark.parametrize("impl", ["public", "python"])
def test_distances_match_dynamic_programming(impl: str) -> None:
    lev = levenshtein if impl == "public" else ev._levenshtein_py
    lcs = lcs_length if impl == "public" else ev._lcs_py
    r = random.Random(1)
    for _ in range(300):
        a = "".join(r.choice("ab一二，") for _ in range(r.randint(0, 90)))
        b = "".join(r.choice("ab一二，") for _ in range(r.randint(0, 90)))
        assert lev(a, b) == _dp(a, b)
        assert lcs(a, b) == _lcs_dp(a, b)


def test_overlap_iou() -> None:
    assert overlap_iou("", "") == 1.0
    assert overlap_iou("一二三四", "一二三四") == 1.0
    assert overlap_iou("一二三四", "") == 0.0
    assert overlap_iou("一二三四", "一二") == pytest.approx(0.5)


def test_distance_is_fast_on_page_sized_texts() -> None:
    import time

    r = random.Random(0)
    a = "".join(r.choice("的一是在不了有和人这中大") for _ in range(4000))
    b = "".join(r.choice("的一是在不了有和人这中大") for _ in range(4000))
    t = time.perf_counter()
    ev._levenshtein_py(a, b)
    ev._lcs_py(a, b)
    assert time.perf_counter() - t < 2.0


def test_match_articles_is_one_to_one() -> None:
    g = ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸"]
    p = ["甲乙丙丁戊己庚辛壬", "一二三四五六七八九十", "一二三四五六七八九十"]
    pairs = match_articles(g, p)
    assert [(gi, pi) for gi, pi, _ in pairs] == [(0, 1), (1, 0)]


# ------------------------------------------------------------------------------ metrics


def test_perfect_prediction_scores_one() -> None:
    d = _score(_perfect())
    for key, value in d.items():
        if key.endswith(("_f1", "_precision", "_recall", "_accuracy")):
            assert value == 1.0, key
    assert d["body_cer"] == 0.0
    assert d["matched_articles"] == d["gold_articles"] == 5


def test_dropped_article_lowers_recall_and_f1_and_counts_as_deleted() -> None:
    recs = _perfect()
    dropped = recs.pop(2)
    d = _score(recs)
    assert d["article_precision"] == 1.0
    assert d["article_recall"] == pytest.approx(4 / 5)
    assert d["article_f1"] < 1.0
    total = sum(len("\n".join(a["paragraphs"])) for a in SEED_GOLD["articles"])
    assert d["body_cer"] == pytest.approx(len(dropped["text"]) / total)
    assert d["paragraph_recall"] < 1.0 and d["paragraph_precision"] == 1.0
    assert d["title_accuracy"] == 1.0  # over matched articles only


def test_spurious_article_lowers_precision() -> None:
    recs = _perfect()
    extra = copy.deepcopy(recs[0])
    extra.update(paragraphs=["完全不同的一段文字。"], text="完全不同的一段文字。")
    d = _score([*recs, extra])
    assert d["article_recall"] == 1.0
    assert d["article_precision"] == pytest.approx(5 / 6)
    assert d["body_cer"] == 0.0


def test_wrong_title_lowers_title_accuracy_only() -> None:
    recs = _perfect()
    recs[1]["title"] = "交口县：夯基蓄势稳中进步履铿锵勇向前"  # lost the space
    recs[2]["kicker"] = None
    d = _score(recs)
    assert d["title_accuracy"] == pytest.approx(4 / 5)
    assert d["kicker_accuracy"] == pytest.approx(4 / 5)
    assert d["article_f1"] == 1.0 and d["body_cer"] == 0.0


def test_wrong_authors_and_captions() -> None:
    recs = _perfect()
    recs[4]["authors"] = [{"name": "韩笑", "role": "记者"}, {"name": "李", "role": "实习生"}]
    recs[2]["captions"][0]["credit"] = "记者王益炜摄"
    d = _score(recs)
    assert d["author_accuracy"] == pytest.approx(4 / 5)
    assert d["captions_accuracy"] == pytest.approx(4 / 5)
    assert d["caption_precision"] == pytest.approx(1 / 2)
    assert d["caption_recall"] == pytest.approx(1 / 2)


def test_split_paragraph_and_body_errors() -> None:
    recs = _perfect()
    p = recs[0]["paragraphs"]
    recs[0]["paragraphs"] = [p[0][:20], p[0][20:], *p[1:]]
    recs[0]["text"] = "\n".join(recs[0]["paragraphs"])
    d = _score(recs)
    assert d["paragraph_precision"] < 1.0 and d["paragraph_recall"] < 1.0
    total = sum(len("\n".join(a["paragraphs"])) for a in SEED_GOLD["articles"])
    assert d["body_cer"] == pytest.approx(1 / total)  # one inserted newline


def test_merged_articles_match_at_most_one() -> None:
    recs = _perfect()
    merged = copy.deepcopy(recs[0])
    merged["paragraphs"] = recs[0]["paragraphs"] + recs[1]["paragraphs"]
    merged["text"] = "\n".join(merged["paragraphs"])
    d = _score([merged, *recs[2:]])
    assert d["matched_articles"] == 4
    assert d["article_recall"] == pytest.approx(4 / 5)
    assert 0 < d["body_cer"] < 0.5


def test_orphan_byline_either_reading_is_accepted() -> None:
    recs = _perfect()
    assert recs[3]["byline"] is None
    assert _score(recs)["byline_accuracy"] == 1.0
    recs[3]["byline"] = "本报记者 刘少伟"
    recs[3]["authors"] = [{"name": "刘少伟", "role": "记者"}]
    d = _score(recs)
    assert d["byline_accuracy"] == 1.0 and d["author_accuracy"] == 1.0
    recs[3]["byline"] = "本报记者 刘少"
    assert _score(recs)["byline_accuracy"] == pytest.approx(4 / 5)


def test_no_prediction_for_the_page() -> None:
    d = _score([])
    assert d["article_recall"] == 0.0 and d["article_precision"] is None
    assert d["body_cer"] == 1.0
    assert d["title_accuracy"] is None


def test_records_of_other_pages_are_counted_not_scored() -> None:
    recs = _perfect()
    stray = copy.deepcopy(recs[0])
    stray["source"]["file"] = "other.txt"
    res = evaluate(load_gold(SEED_GOLD_PATH), [*recs, stray])
    assert res.unmatched_records == 1 and res.unmatched_files == ["other.txt"]
    assert res.to_dict()["article_precision"] == 1.0
    assert "other.txt" in render_text(res)


# ------------------------------------------------------------------------------ files and CLI


def test_directories_with_same_file_names_on_different_dates(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    txts = write_pages(gold_dir, 6, 4, fallback_articles())
    assert len({t.name for t in txts}) < len(txts)  # seed 4 reuses page numbers on other dates
    from baokan.pages import read_page

    records = []
    for t in txts:
        gold = json.loads(t.with_name(t.stem + ".gold.json").read_text(encoding="utf-8"))
        meta = read_page(t).meta
        records += gold_as_records(gold, date=meta.date, page=meta.page)
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    _write_jsonl(pred_dir / "a.jsonl", records[: len(records) // 2])
    _write_jsonl(pred_dir / "b.jsonl", records[len(records) // 2 :])
    d = evaluate_paths(gold_dir, pred_dir).to_dict()
    assert d["pages"] == 6 and d["article_f1"] == 1.0 and d["body_cer"] == 0.0
    assert d["unmatched_records"] == 0


def test_script_json_and_text(tmp_path: Path) -> None:
    pred = _write_jsonl(tmp_path / "pred.jsonl", _perfect()[1:])
    script = str(ROOT / "scripts" / "eval_segmentation.py")
    out = subprocess.run(
        [sys.executable, script, str(SEED_GOLD_PATH), str(pred), "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["article_recall"] == pytest.approx(4 / 5) and d["article_precision"] == 1.0
    out = subprocess.run([sys.executable, script, str(SEED_GOLD_PATH), str(pred)], capture_output=True, text=True)
    assert out.returncode == 0 and "articles" in out.stdout and "body CER" in out.stdout
    out = subprocess.run(
        [sys.executable, script, str(SEED_GOLD_PATH), str(tmp_path / "nope.jsonl")], capture_output=True, text=True
    )
    assert out.returncode == 2 and "nope.jsonl" in out.stderr


def test_bad_inputs(tmp_path: Path) -> None:
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"source": {"file": "x"}}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        evaluate_paths(SEED_GOLD_PATH, bad)
    assert exc.value.line == 2
    notgold = tmp_path / "g.json"
    notgold.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not a gold file"):
        load_gold(notgold)
    with pytest.raises(UsageError):
        load_gold(tmp_path / "empty_dir_missing")
    (tmp_path / "emptydir").mkdir()
    with pytest.raises(UsageError):
        load_gold(tmp_path / "emptydir")
