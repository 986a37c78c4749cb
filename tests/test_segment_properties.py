"""Property tests: segment never crashes, never loses or duplicates an ideograph or digit.

Default example counts keep the suite fast; set BAOKAN_FUZZ_EXAMPLES for more.
"""

from __future__ import annotations

import os
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan.clean import conserved_chars, normalize_chars
from baokan.segment import conservation_text, segment_text

EXAMPLES = int(os.environ.get("BAOKAN_FUZZ_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FRAGMENTS = [
    "本报讯 （记者 高茜） 实干开新",
    "本报讯 （记者 付永文 通讯员",
    "卫海平 解德智） 蓝图远景催奋进，实",
    "本报北京4月9日电 （记者 王政、刘温馨）",
    "新华社北京4月9日电 今天",
    "本报讯 （记者 韩笑 实习生 李",
    "琦） 为持续推动学习贯彻党的二十大精",
    "□ 本报记者 刘少伟",
    "本报记者  金  歆",
    "记者 王芳 通讯员 李明 张强",
    "（记者 王芳）",
    "图为市委书记孙大军在离石区滨河街道美景华庭小区与居民代表座谈。 记者 王益炜 摄",
    "图为现场",
    "记者 侯利军 摄",
    "王芳 摄",
    "中阳县：奋力打造“一心五区”县域经济发展新格局",
    "交口县：夯基蓄势稳中进 步履铿锵勇向前",
    "——记优秀共产党员王刚",
    "孙大军在离石区滨河街道美景华庭小区调研座谈时强调",
    "着力推动产业转型，锻造高质量",
    "发展基石。以产业链“链长制”和特色",
    "专业镇为抓手，加速新兴产业培育壮",
    "化中阳篇章。",
    "好 绿 色 低 碳 发 展 文 章 ，加 强 森 林 资",
    "4 月 10",
    "日晚，市委书记孙大军深入离石区滨",
    "美景华庭小区 2022 年成立党支",
    "推进县城更新,在精雕细琢中美丽",
    "烦  恼",
    "一、坚持党建引领",
    "２０１２年ＶＩＰ客户",
    "\u2f08\u2f00\u2f9f",
    "\u3000\u3000首行缩进的段落开头",
    "IP的独一无二生态文旅县。",
    "（下转第2版）",
    "",
    " ",
    "\u3000",
]

_HAN = (
    "的一是在了人有中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定"
    "行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只"
    "记者报讯通讯员实习生摄图为电"
)
_ALPHABET = list(_HAN) + list("０１２３４５６７８９0123456789ＡＢa，。、；：“”（）《》！？—… \u3000\u2f00\u2f08□")
line_st = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40))


def _check(text: str) -> None:
    result = segment_text(text, publication="测试报", date=None, page=None, file="t.txt", sha256="0" * 64)
    want = Counter(conserved_chars(normalize_chars(text)))
    got = Counter(conserved_chars(conservation_text(result)))
    assert got == want, (want - got, got - want)
    for a in result.articles:
        assert a.paragraphs and all(a.paragraphs), a
        assert a.text == "\n".join(a.paragraphs)
        assert all("\n" not in p for p in a.paragraphs)
        for v in (a.title, a.kicker, a.subtitle, a.dateline, a.byline):
            assert v is None or v
        for c in a.captions:
            assert c.text and (c.credit is None or c.credit)
        assert 1 <= a.source.line_start <= a.source.line_end
        assert a.script in ("simplified", "traditional", "mixed", "unknown")
    ids = [a.id for a in result.articles]
    assert len(ids) == len(set(ids))
    for f in result.fragments:
        assert f.text and 1 <= f.line_start <= f.line_end


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_and_conserves(text):
    _check(text)


@SETTINGS
@given(
    st.lists(line_st, max_size=60),
    st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "\n \n", "\n\u3000\n"]), min_size=60, max_size=60),
)
def test_realistic_pages_conserve_characters(parts, seps):
    text = "".join(p + seps[i] for i, p in enumerate(parts))
    _check(text)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=80), st.booleans())
def test_fragment_pages(parts, blank):
    _check(("\n\n" if blank else "\n").join(parts))


def test_a_page_longer_than_a_window_is_segmented_window_by_window() -> None:
    """A "page" of thousands of lines (an issue in one file) is segmented in windows of about
    WINDOW_LINES lines, so memory stays a small multiple of the page (issue 11, item 8): every
    article keeps the line numbers of the whole page and nothing printed is lost."""
    from pathlib import Path

    from baokan.segment import WINDOW_LINES

    seed = (
        Path(__file__).resolve().parents[1] / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
    ).read_text(encoding="utf-8")
    text = seed * (2 * WINDOW_LINES // seed.count("\n") + 2)
    result = segment_text(text, publication="吕梁日报", file="issue.txt", sha256="0" * 64)
    raw = text.split("\n")
    assert any("windows of about" in w for w in result.warnings)
    assert len({a.id for a in result.articles}) == len(result.articles) > 50
    assert Counter(conserved_chars(normalize_chars(text))) == Counter(conserved_chars(conservation_text(result)))
    for a in result.articles:
        span = "".join(raw[a.source.line_start - 1 : a.source.line_end]).replace(" ", "")
        assert a.paragraphs[0][:8].replace(" ", "") in span


@given(
    st.text(alphabet="城市书房灯光的了\n，。", max_size=60),
    st.lists(st.text(alphabet="城市书房灯光的了\n，。", min_size=2, max_size=2)),
)
def test_page_pairs_answer_as_a_search_of_the_page(page: str, pairs: list[str]) -> None:
    # continuity asks whether a pair of characters is printed in the page; the followers of each
    # first character, found once, must answer as a search of the page text does
    from baokan.segment.quality import _PagePairs

    bag = _PagePairs(page)
    assert [pair in bag for pair in pairs] == [pair in page for pair in pairs]
