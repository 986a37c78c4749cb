"""pagegen.py: synthetic raw pages whose gold segmentation is known."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from baokan.devtools.pagegen import (
    canonical_text,
    canonical_title,
    fallback_articles,
    generate_page,
    gold_han_counts,
    han_counts,
    load_corpus,
    render_page,
)
from baokan.pages import read_page
from baokan.records import ROLES

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / ".." / "shared" / "corpora"
SEED_GOLD = json.loads((ROOT / "tests" / "fixtures" / "seed_gold.json").read_text(encoding="utf-8"))

ARTICLE_KEYS = ["title", "kicker", "subtitle", "dateline", "byline", "authors", "paragraphs", "captions"]


@pytest.fixture(scope="module")
def corpus():
    if not (CORPORA / "pku_2001_sample.txt").is_file() or not (CORPORA / "sogou_news_sample.xml").is_file():
        pytest.skip("development corpora absent (../shared/corpora)")
    articles = load_corpus(CORPORA)
    assert len(articles) > 100
    assert {a.origin for a in articles} == {"pku", "sogou"}
    return articles


@pytest.fixture(scope="module", params=["fallback", "corpora"])
def pages(request):
    source = fallback_articles() if request.param == "fallback" else request.getfixturevalue("corpus")
    return [render_page(seed, source) for seed in range(50)]


def test_deterministic(pages) -> None:
    source = fallback_articles()
    assert generate_page(11, source) == generate_page(11, source)
    assert generate_page(11, source) != generate_page(12, source)


def test_deterministic_with_corpus(corpus) -> None:
    assert generate_page(5, corpus) == generate_page(5, corpus)


def test_gold_has_the_seed_gold_format(pages) -> None:
    for page in pages:
        gold = page.gold
        assert list(gold) == list(SEED_GOLD)
        assert 2 <= len(gold["articles"]) <= 6
        for a in gold["articles"]:
            keys = [k for k in a if k != "orphan_byline_accepted"]
            assert keys == ARTICLE_KEYS
            assert a["paragraphs"] and all(a["paragraphs"])
            for author in a["authors"]:
                assert set(author) == {"name", "role"} and author["role"] in (*ROLES, None)
                assert author["name"] and " " not in author["name"]
                assert author["name"] in a["byline"]
            for c in a["captions"]:
                assert set(c) == {"text", "credit", "photographers"}
                assert c["text"].startswith("图为") and c["credit"].endswith("摄")
                assert all(n in c["credit"] for n in c["photographers"])
            if a["dateline"]:
                assert a["byline"].startswith(a["dateline"])
            if a["title"] is None:
                assert a["kicker"] is None and a["subtitle"] is None
        json.dumps(gold, ensure_ascii=False)


def test_gold_is_consistent_with_raw(pages) -> None:
    """Every Han character of the gold occurs in the raw page, with the same counts, and vice versa."""
    for page in pages:
        assert han_counts(page.raw) == gold_han_counts(page.gold)


def test_gold_text_follows_the_output_conventions(pages) -> None:
    cjk_space = re.compile(r"[\u3400-\u9fff，。、；：！？“”（）《》] | [\u3400-\u9fff，。、；：！？“”（）《》]")
    for page in pages:
        for a in page.gold["articles"]:
            for p in a["paragraphs"]:
                assert canonical_text(p) == p
                assert "\n" not in p and not cjk_space.search(p)
            for key in ("kicker", "subtitle"):
                if a[key]:
                    assert canonical_text(a[key]) == a[key]
            if a["title"]:
                assert canonical_title(a["title"]) == a["title"]
                assert "  " not in a["title"]
            everything = json.dumps(a, ensure_ascii=False)
            assert not re.search(r"[\u2f00-\u2fd5\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]", everything)
            if a["byline"]:
                assert "  " not in a["byline"] and "□" not in a["byline"]


def test_raw_is_plain_text(pages) -> None:
    for page in pages:
        assert page.raw.endswith("\n") and "\r" not in page.raw
        assert not any(unicodedata.category(c) == "Cc" and c != "\n" for c in page.raw)


def test_paragraph_first_lines_are_short_not_indented(pages) -> None:
    for page in pages:
        for line in page.raw.split("\n"):
            assert not line.startswith("  　") and not line.startswith("\u3000")


EXPECTED_FEATURES = {
    "blank_always", "blank_never", "blank_mostly",
    "narrow_column", "medium_column", "wide_column",
    "head_before_body", "head_after_body", "kicker", "subtitle", "title_two_lines", "title_space",
    "dateline_benbaoxun", "dateline_benbao_place", "dateline_xinhua",
    "standalone_byline", "boxed_byline", "padded_name", "byline_tongxunyuan", "byline_broken",
    "byline_broken_in_name",
    "caption", "caption_credit_same_line", "caption_credit_own_line", "caption_before",
    "subhead", "spaced_out", "number_spaces", "number_line_break", "ascii_comma",
    "fullwidth_alnum", "kangxi_radicals", "orphan_byline", "untitled", "leading_space",
}  # fmt: skip


def test_variety_features_occur_across_50_pages(pages) -> None:
    seen = Counter(f for page in pages for f in page.features)
    missing = EXPECTED_FEATURES - set(seen)
    assert not missing, f"never generated: {sorted(missing)}"


def test_features_are_visible_in_the_raw(corpus) -> None:
    raws = [render_page(seed, corpus).raw for seed in range(50)]
    joined = "\n".join(raws)
    assert re.search(r"[\u3400-\u9fff] [\u3400-\u9fff] [\u3400-\u9fff] [\u3400-\u9fff]", joined)  # spaced out
    assert re.search(r" ，[\u3400-\u9fff]", joined)  # the ，-glued pattern
    assert re.search(r"[\u3400-\u9fff] \d|\d [\u3400-\u9fff]", joined)  # 4 月 10
    assert re.search(r"\d\n\n?[\u3400-\u9fff]", joined)  # 10\n日晚
    assert re.search(r"[\u3400-\u9fff],[\u3400-\u9fff]", joined)
    assert re.search(r"[\u2f00-\u2fd5]", joined)
    assert re.search(r"[\uff10-\uff19]", joined)
    assert re.search(r"本报记者  \S  \S", joined)
    assert "□ 本报记者" in joined
    assert re.search(r"图为[^\n]*。 +\S*记者 \S+ 摄", joined)
    assert re.search(r"图为[^\n]*。\n\n?\S*记者 \S+ 摄", joined)
    assert re.search(r"（记者 [^）\n]*\n", joined)  # byline broken over lines
    assert any("\n\n" not in r for r in raws) and any("\n\n" in r for r in raws)


def test_orphan_byline_goes_to_fragments(pages) -> None:
    found = 0
    for page in pages:
        for frag in page.gold["fragments"]:
            found += 1
            assert re.fullmatch(r"(□ )?本报记者 \S+", frag)
            assert frag in page.raw
    assert found


def test_seed_fallback_is_the_seed_text() -> None:
    # excerpts of the seed gold: every paragraph opens like a seed paragraph
    seed_openings = {p[:10] for a in SEED_GOLD["articles"] for p in a["paragraphs"]}
    fb = fallback_articles()
    assert [a.title for a in fb] == [a["title"] for a in SEED_GOLD["articles"]]
    for a in fb:
        assert all(p[:10] in seed_openings for p in a.paragraphs)


def test_generated_page_reads_with_folder_metadata(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "scripts" / "gen_pages.py"), "--out", str(out), "--pages", "4", "--seed", "9",
           "--generator", "pagegen", "--corpora", str(tmp_path / "absent")]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True)
    txts = sorted(out.rglob("*.txt"))
    assert len(txts) == 4
    for txt in txts:
        gold_path = txt.with_name(txt.stem + ".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        page = read_page(txt)
        assert page.meta.publication == gold["publication"] == txt.parent.parent.name
        assert page.meta.date == txt.parent.name
        assert page.meta.page_number == int(txt.stem)
        assert gold["source"] == txt.name
        assert han_counts(page.text) == gold_han_counts(gold)
    # deterministic on disk too
    out2 = tmp_path / "out2"
    subprocess.run([*cmd[:3], str(out2), *cmd[4:]], check=True, capture_output=True)
    for txt in txts:
        twin = out2 / txt.relative_to(out)
        assert twin.read_bytes() == txt.read_bytes()


def test_pku_headline_ending_with_a_quote_starts_an_article(tmp_path: Path) -> None:
    from baokan.devtools.pagegen import load_pku

    text = (
        "百米哈达献北京\n"
        "本报拉萨1月1日电记者甲报道：1月1日，布达拉宫广场上喷泉齐放，五星红旗迎风飘扬。\n"
        "据悉，哈达还将被送到堆龙德庆县等农牧区，让农牧民签名留念。\n"
        "佳木斯大投入铺就“民心路”\n"
        "本报哈尔滨1月1日电记者胡斌报道：日前，随着三条环路的建成通车，城市交通骨架已初具规模。\n"
        "多年来，佳木斯城市基础设施建设欠账较多，全市几乎找不到一条平整的马路。\n"
        "“这是我们大家共同的幸福家园。”\n"
    )
    p = tmp_path / "pku.txt"
    p.write_text(text, encoding="utf-8")
    arts = load_pku(p)
    assert [a.title for a in arts] == ["百米哈达献北京", "佳木斯大投入铺就“民心路”"]
    assert all("民心路" not in para for para in arts[0].paragraphs)
    assert arts[1].paragraphs[0].startswith("日前")
    assert arts[1].paragraphs[-1] == "“这是我们大家共同的幸福家园。”"  # a quoted sentence stays a paragraph


def test_printed_lines_never_run_past_their_column() -> None:
    """A printed line holds at most its column's width; only closing punctuation that may not start a
    line hangs past it. (The generator used to squeeze a long last line into the line above, which
    made that line a few characters wider than the column: no page prints that.)"""
    from baokan.devtools.pagegen import _CLOSING, _tokens, _width, _wrap

    text = "".join(p for a in fallback_articles() for p in a.paragraphs)
    for width in range(14, 41):
        for start in range(0, len(text) - 400, 37):
            lines = _wrap(_tokens(text[start : start + 13 + start % 300]), width - 2, width)
            for i, toks in enumerate(lines):
                body = list(toks)
                while body and body[-1] in _CLOSING:
                    body.pop()
                assert _width("".join(body)) <= (width - 2 if i == 0 else width), (width, i, "".join(toks))
