# ruff: noqa: RUF001 - Chinese punctuation is the data here
"""Renderer B (baokan.devtools.render_b): determinism, gold that loads and is recoverable from the page."""

from __future__ import annotations

import ast
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from baokan.clean import clean_text, normalize_chars
from baokan.devtools.evaluation import evaluate, gold_as_records, load_gold
from baokan.devtools.render_b import VARIANTS, render_pages
from baokan.devtools.render_b.corpus import parse_byline, parse_dateline, split_names
from baokan.devtools.render_b.layout import letter_space, wrap
from baokan.devtools.render_b.norm import norm_headline_line, norm_para

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / ".." / "shared" / "corpora" / "peopledaily-2025"
DAYS = ["20250612", "20250703"]
SCRIPT = ROOT / "scripts" / "render_pages_b.py"


def _need_corpora() -> None:
    if not all((CORPORA / f"articles_{d}.json").is_file() for d in DAYS):
        pytest.skip("development corpora absent (../shared/corpora/peopledaily-2025)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    _need_corpora()
    out = tmp_path_factory.mktemp("render_b")
    results = render_pages(CORPORA, DAYS, 40, 11, out)
    return out, results


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------------------------------ units (no corpora)


def test_names_are_unpadded_and_paired() -> None:
    assert split_names("徐元锋  张  文  秦瑞杰") == (["徐元锋", "张文", "秦瑞杰"], " ")
    assert split_names("林  晨   李  晶") == (["林晨", "李晶"], " ")
    assert split_names("朱基钗、高蕾、董博婷") == (["朱基钗", "高蕾", "董博婷"], "、")
    with pytest.raises(ValueError):
        split_names("张  文  李")


def test_bylines_roles_and_collective_signatures() -> None:
    b = parse_byline("本报记者  徐元锋  张  文《人民日报》（2025年06月12日第 01 版）")
    assert b is not None and b.gold() == "本报记者 徐元锋 张文"
    assert b.authors() == [{"name": "徐元锋", "role": "记者"}, {"name": "张文", "role": "记者"}]
    c = parse_byline("邹  翔")
    assert c is not None and c.gold() == "邹翔" and c.authors() == [{"name": "邹翔", "role": None}]
    for collective in ("本报评论部", "新华社记者", "中共中央党史和文献研究院"):
        d = parse_byline(collective)
        assert d is not None and d.gold() == collective and d.authors() == []
    assert parse_byline("《人民日报》（2025年06月12日第 02 版）") is None


def test_dateline_is_taken_out_of_the_first_paragraph() -> None:
    dl, rest = parse_dateline("本报北京6月11日电 （记者林丽鹂）市场监管总局办公厅日前发布通知")
    assert dl is not None and rest == "市场监管总局办公厅日前发布通知"
    assert dl.gold_byline() == "本报北京6月11日电（记者 林丽鹂）"
    assert dl.authors() == [{"name": "林丽鹂", "role": "记者"}]
    dl2, rest2 = parse_dateline("新华社武汉7月2日电  中共中央政治局委员")
    assert dl2 is not None and dl2.text == "新华社武汉7月2日电" and dl2.names == [] and rest2 == "中共中央政治局委员"
    assert parse_dateline("新疆天山北麓戈壁能源基地华电2×100万千瓦煤电机组")[0] is None


def test_wrapping_and_justifying_never_change_the_normalized_text() -> None:
    rng = random.Random(5)
    text = "2025年，宁夏全社会研发经费投入年均增长12.8%，企业研发经费占比超80%。AI Lab 的 COVID-19 研究“关键变量”。"
    for width in range(6, 31):
        lines = wrap(text, width, first_width=width - 2, kinsoku=rng.random() < 0.5)
        assert all(ln and not ln[0].isspace() and not ln[-1].isspace() for ln in lines)
        spaced = [letter_space(ln) if rng.random() < 0.5 else ln for ln in lines]
        assert norm_para("".join(spaced)) == norm_para(text)
        # the toolkit's own normalization agrees with the renderer's
        assert clean_text("".join(spaced)) == norm_para(text)


def test_headline_normalization_keeps_one_phrase_gap() -> None:
    assert norm_headline_line("弘扬文明风尚  共建精神家园") == "弘扬文明风尚 共建精神家园"
    assert norm_headline_line("“村阅”筑起精神粮仓（在现场）") == "“村阅”筑起精神粮仓（在现场）"
    assert norm_headline_line("郑州 全力推进 2025年") == "郑州 全力推进2025年"


def test_printed_headlines_read_back_as_their_gold() -> None:
    """The toolkit's own headline cleaning of the printed lines gives the gold title/kicker/subtitle."""
    _need_corpora()
    from baokan.clean import clean_headline
    from baokan.devtools.render_b.corpus import load_day
    from baokan.devtools.render_b.page import _headline

    rng = random.Random(3)
    n = 0
    for day in DAYS:
        for st in load_day(CORPORA, day):
            for text in filter(None, [st.title, st.kicker, st.subtitle]):
                for _ in range(5):
                    printed, gold = _headline(text, rng.randint(8, 26), rng)
                    assert clean_headline(printed) == gold, (printed, gold)
                    n += 1
    assert n > 300


def test_render_b_imports_neither_the_segmenter_nor_the_other_generators() -> None:
    pkg = ROOT / "src" / "baokan" / "devtools" / "render_b"
    for path in [*sorted(pkg.glob("*.py")), SCRIPT]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for n in names:
                assert not n.startswith("baokan.segment"), (path, n)
                assert n not in ("baokan.devtools.pdgen", "baokan.devtools.pagegen"), (path, n)
                assert not n.startswith(("baokan.devtools.pdgen", "baokan.devtools.pagegen")), (path, n)
    # and the runtime package never imports it
    for path in sorted((ROOT / "src" / "baokan").rglob("*.py")):
        if "devtools" in path.parts:
            continue
        assert "render_b" not in path.read_text(encoding="utf-8"), path


# ------------------------------------------------------------------------------ rendered pages


def test_same_seed_same_bytes_other_seed_other_pages(rendered, tmp_path: Path) -> None:
    out, _ = rendered
    again = tmp_path / "again"
    render_pages(CORPORA, DAYS, 40, 11, again)
    assert _files(out) == _files(again)
    other = tmp_path / "other"
    render_pages(CORPORA, DAYS, 40, 12, other)
    assert _files(out) != _files(other)


def test_layout_follows_the_folder_convention(rendered) -> None:
    out, results = rendered
    assert len(results) == 40
    for r in results:
        rel = r.path.relative_to(out).parts
        assert (
            rel[0] == "人民日报"
            and re.fullmatch(r"\d{4}-\d{2}-\d{2}", rel[1])
            and re.fullmatch(r"\d{2,3}\.txt", rel[2])
        )
        assert r.gold_path.name == r.path.stem + ".gold.json"


def test_every_gold_file_loads_with_the_evaluation_loader(rendered) -> None:
    out, results = rendered
    pages = load_gold(out)
    assert len(pages) == len(results)
    for g in pages:
        assert g.publication == "人民日报" and g.date is not None and g.page is not None
        assert g.articles, g.path
    # a perfect segmenter scores 100% against these files
    preds = []
    for g in pages:
        gold = json.loads(Path(g.path).read_text(encoding="utf-8"))
        preds += gold_as_records(gold, date=g.date, page=g.page)
    d = evaluate(pages, preds).to_dict()
    assert d["article_f1"] == 1.0 and d["paragraph_f1"] == 1.0 and d["body_cer"] == 0.0
    assert d["unmatched_records"] == 0


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_chars(text))


def _is_subsequence(needle: str, hay: str, start: int = 0) -> int:
    """Index in `hay` after the last matched character of `needle`, or -1."""
    i = start
    for ch in needle:
        i = hay.find(ch, i)
        if i < 0:
            return -1
        i += 1
    return i


def test_gold_is_recoverable_from_the_page(rendered) -> None:
    out, _ = rendered
    checked = 0
    for g in load_gold(out):
        page = _squash((Path(g.path).parent / g.file).read_text(encoding="utf-8"))
        for a in g.articles:
            # the body: every paragraph, in order, each one contiguous but for interposed furniture
            pos = 0
            for p in a["paragraphs"]:
                pos = _is_subsequence(_squash(p), page, pos)
                assert pos >= 0, (g.path, p[:30])
                checked += 1
            for key in ("title", "kicker", "subtitle"):
                if a[key]:
                    assert _is_subsequence(_squash(a[key]), page) >= 0, (g.path, key, a[key])
            if a["byline"]:
                assert _is_subsequence(_squash(a["byline"]), page) >= 0, (g.path, a["byline"])
            for c in a["captions"]:
                assert _is_subsequence(_squash(c["text"]), page) >= 0, (g.path, c["text"])
                if c["credit"]:
                    # the printed credit may drop the space before 摄
                    assert _is_subsequence(_squash(c["credit"]), page) >= 0, (g.path, c["credit"])
        for f in g.fragments:
            text = f["text"] if isinstance(f, dict) else f
            assert _squash(text) and _squash(text)[:4] in page, (g.path, text)
    assert checked > 200


def test_gold_strings_are_already_in_normal_form(rendered) -> None:
    out, _ = rendered
    for g in load_gold(out):
        for a in g.articles:
            for p in a["paragraphs"]:
                assert p and clean_text(p) == p, (g.path, p)
            if a["title"]:
                assert clean_text(a["title"], headline=True) == a["title"]
                assert "\n" not in a["title"]
            for au in a["authors"]:
                assert au["role"] in (None, "记者", "通讯员", "实习生", "特约记者", "见习记者")
                assert re.fullmatch(r"[\u4e00-\u9fff·]{2,8}", au["name"]), au
            for c in a["captions"]:
                assert c["credit"] is None or c["credit"].endswith((" 摄", " 摄影"))
                assert all(name in c["credit"] for name in c["photographers"])
        for f in g.fragments:
            assert isinstance(f, dict) and f["kind"] in ("furniture", "orphan_byline", "caption", "other")


def test_all_variants_and_layouts_are_exercised(rendered) -> None:
    _out, results = rendered
    assert {r.variant for r in results} == set(VARIANTS)
    texts = {v: [r.path.read_text(encoding="utf-8") for r in results if r.variant == v] for v in VARIANTS}
    assert all("\n\n" not in t for t in texts["pymupdf"])
    for t in texts["pdfminer"] + texts["seedlike"]:
        lines = t.split("\n")
        assert all(ln == "" for ln in lines[1::2])  # a blank line after every line
    assert any("\f" in t for t in texts["pdftotext"])
    golds = [json.loads(r.gold_path.read_text(encoding="utf-8")) for r in results]
    arts = [a for gd in golds for a in gd["articles"]]
    assert any(a["kicker"] for a in arts) and any(a["subtitle"] for a in arts)
    assert any(a["dateline"] for a in arts) and any(a["title"] is None for a in arts)
    assert any(a["authors"] and a["authors"][0]["role"] is None for a in arts)
    assert any(a["captions"] for a in arts)
    frags = [f["text"] for gd in golds for f in gd["fragments"]]
    assert any(re.search(r"[上下][接转]第.+版", f) for f in frags)
    assert any("星期" in f for f in frags)
    assert len({len(gd["articles"]) for gd in golds}) >= 3  # pages carry different numbers of articles


def test_each_variant_can_be_asked_for(tmp_path: Path) -> None:
    _need_corpora()
    for v in VARIANTS:
        res = render_pages(CORPORA, DAYS[:1], 2, 1, tmp_path / v, [v])
        assert {r.variant for r in res} == {v}


# ------------------------------------------------------------------------------ the script


def _run(*args: str, hashseed: str = "0") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": hashseed},
    )


def test_script_writes_pages_and_gold(tmp_path: Path) -> None:
    _need_corpora()
    r = _run(
        "--out", str(tmp_path / "o"), "--pages", "3", "--seed", "2", "--days", ",".join(DAYS), "--corpora", str(CORPORA)
    )
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "o").rglob("*.gold.json"))) == 3
    assert "3 pages" in r.stderr


def test_script_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    _need_corpora()
    for h in ("1", "2"):
        args = ("--out", str(tmp_path / h), "--pages", "6", "--seed", "4", "--days", ",".join(DAYS), "-q")
        r = _run(*args, "--corpora", str(CORPORA), hashseed=h)
        assert r.returncode == 0, r.stderr
    assert _files(tmp_path / "1") == _files(tmp_path / "2")


def test_script_missing_days_or_corpora_is_a_usage_error(tmp_path: Path) -> None:
    r = _run("--out", str(tmp_path / "o"), "--days", "20250612", "--corpora", str(tmp_path / "nowhere"))
    assert r.returncode == 2 and "corpora folder not found" in r.stderr
    (tmp_path / "c").mkdir()
    r = _run("--out", str(tmp_path / "o"), "--days", "20250612,20250101", "--corpora", str(tmp_path / "c"))
    assert r.returncode == 2 and "20250101" in r.stderr
    r = _run("--out", str(tmp_path / "o"), "--days", "June", "--corpora", str(tmp_path / "c"))
    assert r.returncode == 2 and "YYYYMMDD" in r.stderr
    assert not (tmp_path / "o").exists()
