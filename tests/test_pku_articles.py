"""The PKU January 2001 article source of `pdgen` (`baokan.devtools.pku`): what it reads, what it
leaves out, and the segmenter's floors on pages built from it (content of another year and house
style than the 2025 days the rules are tuned on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from baokan.devtools import pdgen, pku
from pdgen_scoring import score_pages

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
BODY = "今天上午9时30分，太原市万人长跑活动从五一广场起步，同时3000只信鸽和5000只气球腾空而起。"
MORE = "这次长跑活动声势浩大，有大学生、解放军、机关干部、工人、农民、工商业者等各界群众参加，场面十分热烈。"


def test_headlines_open_articles_and_2001_datelines_are_read() -> None:
    lines = ["太原：万人长跑助申奥", "本报太原12月31日电记者安洋报道：" + BODY, MORE, BODY]
    lines += ["“苹果”缘何贱过“土豆”", BODY, MORE, "他说：“我们还要再干五年。”", MORE]
    runs = pku._split_articles(lines)
    assert [title for title, _ in runs] == ["太原：万人长跑助申奥", "“苹果”缘何贱过“土豆”"]
    art = pku._article(0, *runs[0])
    assert art is not None
    assert art.dateline == "本报太原12月31日电" and art.dateline_printed == "本报太原12月31日电记者安洋报道："
    assert [(c.role_word, c.names) for c in art.dateline_credits] == [("记者", ("安洋",))]
    assert art.paragraphs[0] == BODY and art.kicker is None and not art.intertitles
    second = pku._article(1, *runs[1])
    assert second is not None and second.dateline is None and len(second.paragraphs) == 4


@pytest.mark.parametrize(
    ("title", "paras"),
    [
        ("北京地区天气预报", ["白天多云转晴", "降水概率20％", "风向北", "风力三、四级转五、六级", BODY, MORE]),
        ("新世纪新年音乐会精彩热烈李鹏等与首都观众一同欣赏", [BODY, MORE]),  # kicker run into the headline
        ("为新世纪欢呼（图片）", [BODY, MORE]),
        ("卡斯特罗会见傅全有", ["据新华社哈瓦那12月30日电（记者郑建东）" + BODY, MORE]),
        ("音乐会侧记", ["本报北京12月31日讯新华社记者秦杰、本报记者赵川东报道：" + BODY, MORE]),
        ("世纪宝宝", [BODY, "新世纪到来了！", MORE]),  # a one-line cry could be a headline
        ("第一章总则", [BODY, MORE]),
    ],
)
def test_what_it_cannot_read_with_confidence_is_left_out(title: str, paras: list[str]) -> None:
    assert pku._article(0, title, paras) is None


@pytest.fixture(scope="module")
def articles() -> list[pdgen.PDArticle]:
    found = pku.load_pku2001(CORPORA) if CORPORA.is_dir() else []
    if not found:
        pytest.skip("development corpora absent (../shared/corpora/pku_2001_sample.txt)")
    return found


def test_the_sample_gives_enough_articles(articles: list[pdgen.PDArticle]) -> None:
    assert len(articles) >= 60
    assert all(len(a.title) <= pku._HEADLINE_MAX for a in articles)
    assert sum(1 for a in articles if a.dateline_credits) >= 10
    assert len({a.section_no for a in articles}) >= 5  # pages draw a few articles of one section


def test_segmenter_floors_on_pku_pages(articles: list[pdgen.PDArticle]) -> None:
    """Floors just below the values reached on these 40 pages (article F1 0.929, title 0.846, author
    0.993, body CER 17.7%; 0.854 / 0.778 / 0.984 / 28% before weak headlines needed cohering
    sections to be intertitles and cohesion was weighed over 320 characters): pages whose headlines,
    often with no byline under them, are taken for intertitles (the 2025 pages the rules are tuned
    on have many; these have none)."""
    m, lost = score_pages(articles, range(40), lambda seed: "2001-01-01")
    assert lost == []
    assert m["article_f1"] >= 0.92
    assert m["title_accuracy"] >= 0.84
    assert m["author_accuracy"] >= 0.985
    assert m["body_cer"] <= 0.18
