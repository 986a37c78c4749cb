"""Character normalization, spacing cleanup and script detection (SEED_README conventions)."""

from __future__ import annotations

import re
import unicodedata

import hanzidentifier
import pytest
from hypothesis import given
from hypothesis import strategies as st

from baokan.clean import (
    _CHAR_MAP,
    HAN_RE,
    NOT_HAN_RE,
    clean_headline,
    clean_text,
    conserved_chars,
    detect_script,
    display_width,
    is_cjk,
    is_justified,
    normalize_chars,
)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("做 好 绿 色 低 碳 发 展 文 章 ，加 强", "做好绿色低碳发展文章，加强"),
        ("4 月 10" + "日晚", "4月10日晚"),
        ("乡村 e镇", "乡村e镇"),
        ("“银龄安康保险”65 岁以上", "“银龄安康保险”65岁以上"),
        ("美景华庭小区 2022 年成立", "美景华庭小区2022年成立"),
        ("推进县城更新,在精雕细琢", "推进县城更新，在精雕细琢"),
        ("推进县城更新 , 在精雕细琢", "推进县城更新，在精雕细琢"),
        ("推进乡村振兴在巩固拓展中 出新路", "推进乡村振兴在巩固拓展中出新路"),
        ("政府办公室口举办", "政府办公室口举办"),
        ("Hello   world", "Hello world"),
        ("1,000 元", "1,000元"),
        ("  前后空格  ", "前后空格"),
        ("", ""),
    ],
)
def test_clean_text(raw, want):
    assert clean_text(raw) == want


def test_full_width_punctuation_is_not_rewritten():
    s = "“两会”召开以来，（记者）：！？《章程》、；"
    assert clean_text(s) == s
    assert normalize_chars(s) == s


def test_headline_keeps_phrase_gap():
    assert clean_headline(["交口县：夯基蓄势稳中进 步履铿锵勇向前"]) == "交口县：夯基蓄势稳中进 步履铿锵勇向前"
    assert clean_headline(["建强小区党支部 做好居民自治“大文章”"]) == "建强小区党支部 做好居民自治“大文章”"
    # Two printed lines of one headline join without a space.
    assert clean_headline(["吕梁市政府办公室口举办学习贯彻", "党的二十大精神知识竞答“擂台争霸赛”"]) == (
        "吕梁市政府办公室口举办学习贯彻党的二十大精神知识竞答“擂台争霸赛”"
    )
    # A letter-spaced (justified) headline loses all its spaces.
    assert clean_headline(["中 阳 县 见 闻"]) == "中阳县见闻"
    assert clean_headline(["烦  恼"]) == "烦恼"
    # A short line of a headline wrapped in a narrow column keeps its one phrase gap: four
    # characters with one gap are not letter-spaced (three would be).
    assert clean_headline(["科技赋能送", "光明 “孤", "岛”灯亮暖", "民心"]) == "科技赋能送光明 “孤岛”灯亮暖民心"
    assert clean_headline(["光 明 “ 孤"]) == "光明“孤"
    # Digits next to CJK lose their spaces even in headlines.
    assert clean_headline(["迎接4 月 10 日的春耕大忙时节 全力以赴"]) == "迎接4月10日的春耕大忙时节 全力以赴"


def test_body_never_keeps_cjk_gap():
    assert clean_text("夯基蓄势稳中进 步履铿锵勇向前") == "夯基蓄势稳中进步履铿锵勇向前"


def test_normalize_chars():
    assert normalize_chars("２０１２年ＶＩＰ") == "2012年VIP"
    assert normalize_chars("ａｂｃ") == "abc"
    assert normalize_chars("\u3000\u3000首行") == "  首行"
    assert normalize_chars("\u2f08\u2f00") == "人一"
    # Same length always (a character map).
    s = "".join(chr(c) for c in range(0x2F00, 0x2FD6)) + "，。“”（）１Ａ"
    assert len(normalize_chars(s)) == len(s)
    # Punctuation is never turned into ASCII (no global NFKC).
    assert normalize_chars("，。：；！？（）") == "，。：；！？（）"


@given(st.text(alphabet=st.one_of(st.sampled_from("".join(map(chr, _CHAR_MAP)) + "\\[]^-"), st.characters())))
def test_normalize_chars_maps_each_character_by_the_table(text: str) -> None:
    # normalize_chars substitutes the mapped characters only; it must equal the table's translate
    assert normalize_chars(text) == text.translate(_CHAR_MAP)


def test_kangxi_map_is_nfkc_of_radicals_only():
    for cp in range(0x2F00, 0x2FD6):
        assert normalize_chars(chr(cp)) == unicodedata.normalize("NFKC", chr(cp))


def test_justified_detection():
    assert is_justified("好 绿 色 低 碳 发 展 文 章 ，加 强 森 林 资")
    assert is_justified("烦  恼")
    assert not is_justified("交口县：夯基蓄势稳中进 步履铿锵勇向前")
    assert not is_justified("本报讯 （记者 高茜） 实干开新")
    assert not is_justified("单")


def test_display_width():
    assert display_width("着力推动产业转型，锻造高质量") == 14
    assert display_width("2023年") == 3
    assert display_width("做 好 绿 色") == 4


def test_conserved_chars():
    assert conserved_chars("□ 本报记者 刘少伟，4月") == "本报记者刘少伟4月"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("这是简体中文的新闻报道", "simplified"),
        ("這是繁體中文的新聞報導", "traditional"),
        ("这是繁體", "mixed"),
        ("abc 123", "unknown"),
        ("", "unknown"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


_SAMPLE_CHARS = "这是简体中文的新闻报道這是繁體中文的新聞報導人大中国一二三abc 123，。“”〇々"


_SCRIPT_CHARS = st.one_of(
    st.sampled_from(_SAMPLE_CHARS),
    # anywhere in hanzidentifier's sets: characters of one script only, and shared ones
    st.sampled_from(sorted(hanzidentifier.helpers.TRADITIONAL_CHARACTERS)),
    st.sampled_from(sorted(hanzidentifier.helpers.SIMPLIFIED_CHARACTERS)),
)


@given(st.text(alphabet=_SCRIPT_CHARS, max_size=30))
def test_detect_script_answers_as_hanzidentifier(text: str) -> None:
    # detect_script asks hanzidentifier's character sets directly; the answer must not change
    names = {
        hanzidentifier.SIMPLIFIED: "simplified",
        hanzidentifier.TRADITIONAL: "traditional",
        hanzidentifier.MIXED: "mixed",
        hanzidentifier.BOTH: "unknown",
        hanzidentifier.UNKNOWN: "unknown",
    }
    assert detect_script(text) == names[hanzidentifier.identify(text)]


# CJK and ASCII characters, spaces of several kinds, and the code points at the edges of the ranges
# `is_cjk` accepts (inside and just outside), U+00D7 (multiplication sign) among them
_SPACING_CHARS = [*"中文，。“”—…·〇ａＡ１ab1,.-", " ", "\u3000", "\t", "\u00a0", "\u00d7", "\u3001", "\uff65", "\u2e80",
                  "\u3040", "\ufe30", "\U00020001", "\u2027", "\u2028", "\u303f", "\u4dff", "\ua000", "\u2fe0",
                  "\ufe50"]  # fmt: skip


def _clean_body_by_the_rule(text: str) -> str:
    """The body spacing rule spelled out: a space run next to a CJK character goes, others become one."""
    text = re.sub(r"\s+", " ", text).strip()
    out = []
    for i, ch in enumerate(text):
        if ch == " " and (is_cjk(text[i - 1]) or is_cjk(text[i + 1])):
            continue
        out.append(ch)
    return "".join(out)


@given(st.text(alphabet=st.sampled_from(_SPACING_CHARS), max_size=16))
def test_body_spacing_follows_the_rule_for_any_characters(text: str) -> None:
    if "," in text:  # the comma rule is tested on its own above
        return
    assert clean_text(text) == _clean_body_by_the_rule(text)


@given(
    st.text(
        alphabet=st.one_of(st.sampled_from(_SAMPLE_CHARS + "\u3400\u4dbf\u9fff\uf900\u3006\u3008"), st.characters())
    )
)
def test_not_han_removal_keeps_exactly_the_ideographs(text: str) -> None:
    # cohesion takes a text's ideographs with one substitution; they must be HAN_RE's characters
    assert NOT_HAN_RE.sub("", text) == "".join(HAN_RE.findall(text))
