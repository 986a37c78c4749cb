"""Each stage of the segmenter on its own: one test per named decision (see baokan.segment)."""

from __future__ import annotations

import pytest

from baokan.segment import segment_text
from baokan.segment.blocks import build_blocks
from baokan.segment.bylines import collective_byline, parse_bare_names, parse_people, role_only, split_credit
from baokan.segment.furniture import match_furniture, match_imprint, match_weak_furniture, split_marker_tail
from baokan.segment.lines import blank_lines_mean_breaks, page_lines, split_lines
from baokan.segment.paragraphs import lines_are_paragraphs
from baokan.segment.quality import continuity
from baokan.segment.stacks import PageWords, group_evidence, resolve_display_groups, split_stack
from baokan.segment.tokens import scan


def seg(text: str, **kw: object):
    args = {"publication": "测试报", "date": "2023-04-11", "page": 2, "file": "p.txt", "sha256": "0" * 64}
    args.update(kw)
    return segment_text(text, **args)  # type: ignore[arg-type]


def captions_of(page: list[str], sep: str = "\n") -> list[str]:
    """The captions' words of every article of the page printed from `page`'s lines."""
    return [c.text for a in seg(sep.join(page) + "\n").articles for c in a.captions]


def blocks_of(text: str):
    return build_blocks(split_lines(page_lines(text)))


def wrap(text: str, width: int, indent: bool = True) -> list[str]:
    """A paragraph printed in a column: first line two short, last line whatever is left."""
    out, cap, i = [], width - 2 if indent else width, 0
    while i < len(text):
        take = cap
        while i + take < len(text) and text[i + take] in "，。、；：！？”":
            take += 1
        out.append(text[i : i + take])
        i += take
        cap = width
    return out


FARM = [
    "春耕时节，田间地头一派繁忙景象。农民们抢抓农时，翻地、播种、施肥，处处是忙碌的身影，处处是希望的田野。",
    "今年，全县共落实粮食播种面积二十万亩，新建高标准农田三万亩，为全年粮食丰收打下了坚实基础，群众信心满满。",
    "县农业农村局组织技术人员深入田间，手把手指导农民科学种田，推广良种良法，确保春播工作顺利进行，取得实效。",
    "种粮大户李师傅说，今年的良种补贴到位及时，农机作业也有专人指导，春播比往年提前了一周，农民们干劲十足。",
]
BOOKS = [
    "城市书房的灯光每晚都亮到十点，附近的居民下班后常来这里看书学习，孩子们也在这里写作业，气氛十分安静温馨。",
    "据介绍，全市已建成城市书房五十余家，藏书超过三十万册，年接待读者一百多万人次，成为市民身边的文化客厅。",
    "城市书房还定期举办读书分享会和亲子阅读活动，邀请作家和老师走进书房，让读书成为市民日常生活的一部分。",
]


# ------------------------------------------------------------------------------ furniture


@pytest.mark.parametrize(
    "line",
    [
        "2025年7月3日 北京举行盛大活动",
        "2025年6月12日 星期四 晴",
        "2025年7月3日 星期四 要闻 讲话全文",
        "2025年7月3日 全国人民代表大会",
    ],
)
def test_dated_lines_with_more_than_a_header_holds_are_not_furniture(line: str) -> None:
    assert match_furniture(line) is None


@pytest.mark.parametrize(
    "line, kind, field, value",
    [
        ("本版编辑：于博  陶平英  E-mail:zhoukan@people.cn  第 11 版  人民日报  2025年6月12日  星期四", "header",
         "page_label", "第11版"),
        ("本版编辑：张三 E-mail:x@y.cn 第2版 农民日报 2010年12月25日 星期六", "header", "publication", "农民日报"),
        ("第2版  要闻", "header", "section", "要闻"),
        ("第19版  民主政治", "header", "section", "民主政治"),  # a section of any name next to the label
        ("民主政治 第19版", "header", "page_label", "第19版"),
        ("A3 要闻", "header", "page_label", "A3"),
        ("要闻 2", "header", "page_label", "要闻2"),
        ("本期统筹：吕  莉  李祉瑶", "header", "editors", ["吕莉", "李祉瑶"]),
        ("电话：010-65364082", "header", "address", "电话：010-65364082"),
        ("1966年9月13日創刊第28号", "header", "issue", "1966年9月13日創刊"),
        ("第 64 页", "footer", "page_label", "第64页"),
        ("《人民日报》（2025年10月20日 第 03 版）", "source", "date", "2025-10-20"),
        ("《人民日报》（2025年07月22日第A19版）", "source", "page_label", "第A19版"),
        ("（上接第一版）", "marker", "marker", "（上接第一版）"),
        ("(下转第二版)", "marker", "marker", "(下转第二版)"),
        ("上接第十九版", "marker", "marker", "上接第十九版"),  # unbracketed
        ("人民日报  2025.06.12  第2版", "header", "date", "2025-06-12"),  # a date in figures
        ("55 法治 人民日报 2025年6月12日 星期四", "header", "page_label", "55"),  # number first, then section
        ("18   要闻   人民日报   2025年7月3日", "header", "section", "要闻"),  # no weekday, no 版
        ("人民日报　12　社会", "header", "page_label", "12"),  # the number before its section
        ("10  要闻", "header", "section", "要闻"),
        ("第2版 民主政治 人民日报 2025年06月12日 星期四", "header", "section", "民主政治"),  # not a known section
        ("人民日报　2025年06月12日　星期四　18", "header", "page_label", "18"),  # the bare page number
        ("电子信箱：rmrb@peopledaily.cn", "header", "address", "电子信箱：rmrb@peopledaily.cn"),
        ("电话：（010）65366423", "header", "address", "电话：（010）65366423"),
        ("本版责编：赵帅杰　电子信箱：zhengzhi@peopledaily.cn　电话：（010）65365731", "header", "editors", ["赵帅杰"]),
    ],
)  # fmt: skip
def test_furniture_lines_and_what_they_say(line: str, kind: str, field: str, value: object) -> None:
    found = match_furniture(line)
    assert found is not None and found.kind == kind
    assert found.fields[field] == value


@pytest.mark.parametrize(
    "line",
    [
        "人民日报",  # a paper's name alone: a headline may print it (weak, see below)
        "2025年7月2日",  # a letter in a body ends with its date (weak)
        "2025年7月2日）",  # the end of a subtitle wrapped after the date
        "2023年，交口县瞄准“三优两区”建设目标，",
        "4月 3日，学习贯彻习近平新时代中国特色社会主义思想主题教",
        "红代会（筹）上海戏剧学院《革命楼》编辑部",  # an imprint: only in the header band
        "全运会第二版",  # a label inside a word
        "第2版 全面推进乡村振兴",  # more than a section's name next to it
    ],
)
def test_running_text_and_weak_items_are_not_furniture_alone(line: str) -> None:
    assert match_furniture(line) is None


def test_weak_furniture_and_imprints_need_their_place() -> None:
    assert match_weak_furniture("人民日报") is not None
    assert match_weak_furniture("2025年7月2日") is not None
    assert match_weak_furniture("方寸舞台唱响千年乡音") is None
    # a section's name in brackets is a headline's column tag, even right under the page header
    assert match_weak_furniture("国际") is not None and match_weak_furniture("（国际视点）") is None
    page = ["人民日报", "2025年07月03日", "星期四", "第51版", "国际", "", "安全上网，", "", "促进青少年“数字健康”", ""]
    page += ["（国际视点）", "", *wrap(FARM[0] + FARM[1], 20)]
    (art,) = seg("\n".join(page)).articles
    assert art.title == "安全上网，促进青少年“数字健康”（国际视点）"
    assert match_imprint("红代会（筹）上海戏剧学院《革命楼》编辑部") is not None
    # in the header band it is furniture; further down the page the same line is text
    head = "\n".join(["红代会（筹）上海戏剧学院《革命楼》编辑部", *wrap(FARM[0] + FARM[1], 20)])
    assert blocks_of(head)[0].kind == "furniture"
    body = "\n".join([*wrap("".join(FARM) * 2, 20), "红代会（筹）上海戏剧学院《革命楼》编辑部", *wrap(FARM[1], 20)])
    assert all(b.kind != "furniture" for b in blocks_of(body))


def test_marker_at_the_end_of_a_body_line() -> None:
    assert split_marker_tail("加快推进。（下转第二版）") == ("加快推进。", "（下转第二版）")
    assert split_marker_tail("（下转第二版）") is None


def test_editor_credit_continued_over_lines_and_bare_page_numbers() -> None:
    text = "一版责编：杨\n\n旭\n\n张帅祯\n\n" + "\n".join(wrap(FARM[0], 20)) + "\n12"
    tokens = scan(split_lines(page_lines(text)))
    first = tokens[0].block
    assert (
        first is not None
        and first.kind == "furniture"
        and [x.text for x in first.lines] == ["一版责编：杨", "旭", "张帅祯"]
    )
    assert tokens[-1].kind == "furniture"  # a bare number on the last line: the page number
    # a bare number over a short question is a numbered intertitle, not a page number
    tokens = scan(split_lines(page_lines("1\n夏粮大盘稳不稳？\n" + "\n".join(wrap(FARM[0], 20)))))
    assert tokens[0].kind == "text"
    # a bare number over the rest of a header broken over lines is the page number
    tokens = scan(split_lines(page_lines("29\n评论\n人民日报\n" + "\n".join(wrap(FARM[0], 20)))))
    assert [t.kind for t in tokens[:3]] == ["furniture", "furniture", "furniture"]


def test_furniture_fills_the_page_metadata_that_was_not_given() -> None:
    page = "2025年6月12日 星期四\n人民日报\n第 11 版\n" + "\n".join(wrap(FARM[0] + FARM[1], 20)) + "\n"
    res = seg(page, publication="unknown", date=None, page=None)
    assert res.meta is not None
    assert (res.meta.publication, res.meta.date, res.meta.page) == ("人民日报", "2025-06-12", "第11版")
    assert res.meta.from_furniture == ("publication", "date", "page")
    art = res.articles[0]
    assert (art.source.publication, art.source.page, art.source.page_number) == ("人民日报", "第11版", 11)
    assert {f.kind for f in res.fragments} == {"furniture"}
    # what the caller gives wins
    res = seg(page, publication="某报", date="2025-06-13", page="A3")
    assert res.meta is not None and (res.meta.publication, res.meta.date, res.meta.page) == ("某报", "2025-06-13", "A3")
    assert res.meta.from_furniture == ()


def test_a_header_broken_over_lines_is_furniture_section_and_all() -> None:
    # pdfminer-style: label, section, paper, date and weekday each on a line of their own
    page = "第 14 版\n民主政治\n人民日报\n2025年6月12日\n星期四\n" + "\n".join(wrap(FARM[0] + FARM[1], 20)) + "\n"
    res = seg(page, publication="unknown", date=None, page=None)
    assert [a.title for a in res.articles] == [None]
    assert res.articles[0].paragraphs[0].startswith(FARM[0][:10])
    furniture = [f for f in res.fragments if f.kind == "furniture"]
    assert "".join(f.text for f in furniture).replace("\n", "") == "第 14 版民主政治人民日报2025年6月12日星期四"
    # a short line between body text and furniture is no section
    page = "\n".join(wrap(FARM[0], 20)) + "\n民主政治\n人民日报\n2025年6月12日\n"
    assert not any("民主政治" in f.text for f in seg(page).fragments if f.kind == "furniture")


def test_a_header_ending_in_its_page_number_and_section_keeps_both_out_of_the_headline() -> None:
    # paper, date and weekday, then the page number and a section of no known name, each alone
    head = "人民日报\n2025年7月22日\n星期二\n01\n民主政治\n"
    body = "\n".join(wrap(FARM[0] + FARM[1], 20)) + "\n"
    res = seg(head + "浙江湖州开展生态系列立法\n“绿富美”里有良法\n本报记者  张  璁\n" + body, page=None)
    [art] = res.articles
    assert (art.kicker, art.title) == ("浙江湖州开展生态系列立法", "“绿富美”里有良法")
    furniture = "".join(f.text for f in res.fragments if f.kind == "furniture").replace("\n", "")
    assert furniture == "人民日报2025年7月22日星期二01民主政治"
    # under a header printed on one line, a short headline stays the headline
    one_line = "责任编辑：汤磊平  E-mail:zhoukan@people.cn  五版  人民日报  2001年1月1日  星期一\n"
    [art] = seg(one_line + "谁之过\n" + body, page=None).articles
    assert art.title == "谁之过"
    # and under a label of the page (not its bare number), as PDF text gives it
    [art] = seg("人民日报 2001年1月1日 星期一\n第8版\n谁之过\n" + body, page=None).articles
    assert art.title == "谁之过"


def test_a_page_footer_counts_the_file_not_the_issue() -> None:
    res = seg("\n".join(wrap(FARM[0], 20)) + "\n第 64 页\n", page=None)
    assert res.meta is not None and res.meta.page is None


# ------------------------------------------------------------------------------ bylines


def test_bare_names_collectives_and_roles_alone() -> None:
    assert parse_bare_names("邹  翔") == ["邹翔"]
    assert parse_bare_names("林  晨   李  晶") == ["林晨", "李晶"]
    assert parse_bare_names("（□ 江  南）") == ["江南"]  # a box marker inside the brackets of a closing byline
    assert parse_bare_names("（张海亮 付纯志 赵学堂）") == ["张海亮", "付纯志", "赵学堂"]
    assert parse_bare_names("艾法·索博卡") == ["艾法·索博卡"]
    for not_names in ("烦  恼", "希望", "新气象", "典前教育大臣约翰·佩尔森", "科研“新”力量"):
        assert parse_bare_names(not_names) is None, not_names
    assert collective_byline("本报评论员") == "本报评论员"
    assert collective_byline("中共中央党史和文献研究院") == "中共中央党史和文献研究院"
    assert collective_byline("方寸舞台唱响千年乡音") is None
    assert role_only("□ 本报记者") == "本报记者" and role_only("本报记者 王") is None


def test_a_numbers_unit_wrapped_onto_a_line_of_its_own_is_no_name() -> None:
    # `万亿元` reads as a surname and a name, `周年` too: after a number they are its unit
    for above, unit in (("２０２５年我国康养市场规模预计达 ９.５", "万亿元"), ("纪念李克强同志诞辰70", "周年")):
        blocks = blocks_of(
            "\n".join([*wrap(FARM[0], 20), "", above, unit, "康养旅居，“慢游”撬动大市场", *wrap(FARM[1], 20)])
        )
        assert not [b for b in blocks if b.kind == "byline"], unit
    # a name under a line that ends otherwise is still a byline
    blocks = blocks_of("\n".join([*wrap(FARM[0], 20), "", "万亿元", "", *wrap(FARM[1], 20)]))
    assert [b.byline for b in blocks if b.kind == "byline"] == ["万亿元"]


def test_running_text_opening_with_a_role_word_is_no_byline() -> None:
    assert parse_people("记者眼前，一台银灰色") is None


def test_role_word_broken_over_lines_and_padded_credit_names() -> None:
    assert parse_people("记者 吕桂炜 实\n习生 莫秀") == (
        "记者 吕桂炜 实习生 莫秀",
        parse_people("记者 吕桂炜 实习生 莫秀")[1],  # type: ignore[index]
    )
    assert split_credit("图为机器人产业。  邱  华  尹  博摄") == ("图为机器人产业。", "邱华 尹博 摄", ["邱华", "尹博"])


def test_byline_split_over_lines_by_the_extractor() -> None:
    for head in ("本报记者\n\n李君强", "本报记者  游\n\n仪", "□ 本报记者\n游\n仪"):
        page = "创新活力有效激发\n\n" + head + "\n\n" + "\n".join(wrap(FARM[0] + FARM[1], 22)) + "\n"
        art = seg(page).articles[0]
        assert art.title == "创新活力有效激发"
        assert art.byline in ("本报记者 李君强", "本报记者 游仪"), head
        assert [a.role for a in art.authors] == ["记者"]


def test_a_role_alone_then_one_name_per_line() -> None:
    page = "康养旅居撬动大市场\n\n□ 本报记者\n\n张文豪\n\n董泽扬\n\n王永战\n\n" + "\n".join(wrap(FARM[0] + FARM[1], 22))
    art = seg(page + "\n").articles[0]
    assert art.byline == "本报记者 张文豪 董泽扬 王永战"
    assert [(a.name, a.role) for a in art.authors] == [("张文豪", "记者"), ("董泽扬", "记者"), ("王永战", "记者")]


def test_a_photo_credit_over_a_byline_is_no_part_of_it() -> None:
    page = ["城市书房点亮市民夜生活", "图为市民在城市书房阅读。", "本报记者  彭飞摄", "本报记者  张天培",
            *wrap(BOOKS[0] + BOOKS[1], 20)]  # fmt: skip
    art = seg("\n".join(page) + "\n").articles[0]
    assert art.byline == "本报记者 张天培"
    assert [(c.text, list(c.photographers)) for c in art.captions] == [("图为市民在城市书房阅读。", ["彭飞"])]


def test_a_dateline_with_its_bracketed_byline_on_the_next_line() -> None:
    page = ["京津冀深化汽车产业协同发展", "本报天津 6 月 11 日电", "（记者龚相娟） 近日，" + FARM[0][:5],
            *wrap(FARM[0][5:] + FARM[1], 14)]  # fmt: skip
    art = seg("\n".join(page) + "\n").articles[0]
    assert (art.dateline, art.byline) == ("本报天津6月11日电", "本报天津6月11日电（记者 龚相娟）")
    assert [(a.name, a.role) for a in art.authors] == [("龚相娟", "记者")]
    assert art.paragraphs[0].startswith("近日，春耕")


def test_a_bare_name_after_a_body_ends_that_article() -> None:
    # commentaries print the author's name at the end; the next headline belongs to the next article
    page = ["守护孩子的记忆力（纵横）", *wrap(FARM[0] + FARM[1], 20), *wrap(FARM[2], 20), "程  诚"]
    page += ["城市书房点亮市民夜生活", "本报记者  王  芳", *wrap(BOOKS[0], 20), *wrap(BOOKS[1] + BOOKS[2], 20)]
    a, b = seg("\n".join(page) + "\n").articles
    assert (a.title, a.byline, [x.role for x in a.authors]) == ("守护孩子的记忆力（纵横）", "程诚", [None])
    assert (b.title, b.byline) == ("城市书房点亮市民夜生活", "本报记者 王芳")


# ------------------------------------------------------------------------------ lines, paragraphs


def test_blank_lines_count_only_where_they_part_blocks() -> None:
    every = "\n\n".join(f"第{i}行内容" for i in range(10)).split("\n")
    assert not blank_lines_mean_breaks(every)  # pdfminer: after every line, meaningless
    none = "\n".join(f"第{i}行内容" for i in range(10)).split("\n")
    assert not blank_lines_mean_breaks(none)
    some = "\n".join([*(f"第{i}行内容" for i in range(5)), "", *(f"第{i}行内容" for i in range(5))]).split("\n")
    assert blank_lines_mean_breaks(some)
    lines = split_lines(some)
    assert [x.gap_before for x in lines].count(True) == 1 and lines[5].gap_before


def test_pages_extracted_one_paragraph_per_line() -> None:
    paragraphs = [FARM[0], FARM[1] + FARM[2], BOOKS[0][:30] + "。", BOOKS[1] + FARM[3], BOOKS[2], FARM[3][:24] + "。"]
    text = "\n".join(paragraphs)
    lines = split_lines(page_lines(text))
    assert lines_are_paragraphs(lines)
    assert [b.text for b in blocks_of(text)] == paragraphs
    assert not lines_are_paragraphs(split_lines(page_lines("\n".join(wrap(FARM[0] + FARM[1], 20)))))


def test_headline_wrapped_inside_its_column_tag_is_one_stack() -> None:
    page = [
        *wrap(FARM[0], 16),
        "亮剑网络“黑嘴”",
        "护企安心发展（金",
        "台锐评）",
        "魏哲哲",
        *wrap(BOOKS[0] + BOOKS[1], 16),
    ]
    res = seg("\n".join(page) + "\n")
    assert res.articles[-1].title == "亮剑网络“黑嘴”护企安心发展（金台锐评）"


def test_a_short_paragraph_over_a_lone_credit_is_its_caption() -> None:
    page = [*wrap(FARM[0] + FARM[1], 20), "刘子群仿佛回到敦煌莫高窟。", "记者 李华晨 摄", *wrap(FARM[2], 20)]
    art = seg("\n".join(page) + "\n").articles[0]
    assert [(c.text, c.credit, c.photographers) for c in art.captions] == [
        ("刘子群仿佛回到敦煌莫高窟。", "记者 李华晨 摄", ("李华晨",))
    ]
    assert "刘子群仿佛回到敦煌莫高窟。" not in art.paragraphs


# ------------------------------------------------------------------------------ stacks


def _evidence(text: str) -> list[tuple[str, dict[str, float], bool]]:
    blocks = blocks_of(text)
    words = PageWords(blocks)
    out = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "display":
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "display":
            j += 1
        ev = group_evidence(blocks, i, j, words)
        out.append(("".join(b.text for b in blocks[i:j]), ev.items, ev.headline))
        i = j
    return out


def test_a_reporters_name_in_brackets_closing_an_article_makes_the_line_under_it_a_headline() -> None:
    # `（赵楠）` under the last paragraph closes a report (PKU pages): the line after it heads an
    # article, the one above if headlines follow their bodies or the next one; it is no intertitle
    # even when nothing else speaks for it. A bare name there may open the next article instead
    # (`尚嵘峥` over a commentary whose headline is printed after it): it says nothing.
    for byline, heads in (("（赵楠）", True), ("赵楠", False)):
        page = [
            *wrap(FARM[0] + FARM[1], 17),
            "",
            byline,
            "",
            "大连冰山自行车俱乐部奖励奥运功臣",
            "",
            *wrap(BOOKS[0], 17),
        ]
        groups = _evidence("\n".join(page))
        assert [(text, "after_closing_byline" in items) for text, items, _ in groups] == [
            ("大连冰山自行车俱乐部奖励奥运功臣", heads)
        ]
        if heads:
            assert [a.title for a in seg("\n".join(page)).articles][-1] == "大连冰山自行车俱乐部奖励奥运功臣"


def test_a_note_of_where_a_report_was_filed_starts_the_next_article() -> None:
    # `（本报渥太华电）（3）` closes the report above: the line under it heads an article, even one
    # its body quotes (which reads like an intertitle); an author's note says less (a headline
    # printed after its body may follow it)
    body = "我不禁想起一副春联：“每逢佳节倍思廉，且把年关当廉关。”对联贴在一个平平常常的农家小院门口。"
    for note, starts in (("（本报渥太华电）（3）", True), ("（作者为本报驻渥太华记者）", False)):
        page = [*wrap(FARM[0], 20), note, "", "每逢佳节倍思廉", "", *wrap(body, 20)]
        items = next(items for text, items, _ in _evidence("\n".join(page)) if text == "每逢佳节倍思廉")
        assert ("after_source_line" in items) is starts


def test_a_note_of_where_a_report_was_filed_run_on_after_the_last_sentence_starts_the_next_article() -> None:
    # PKU pages run the note on after the last sentence (`…繁荣昌盛！”（本报贝尔格莱德 １２ 月 ３１ 日电）`):
    # it closes the report just the same; a paragraph merely mentioning such a note does not
    body = "我不禁想起一副春联：“每逢佳节倍思廉，且把年关当廉关。”对联贴在一个平平常常的农家小院门口。"
    for last, starts in (
        (FARM[0] + "（本报贝尔格莱德 １２ 月 ３１ 日电）", True),
        ("（本报贝尔格莱德12月31日电）" + FARM[0], False),
    ):
        page = [*wrap(last, 20), "", "每逢佳节倍思廉", "", *wrap(body, 20)]
        items = next(items for text, items, _ in _evidence("\n".join(page)) if text == "每逢佳节倍思廉")
        assert ("after_source_line" in items) is starts


def test_a_note_of_where_a_report_was_filed_ends_a_full_last_line_and_its_paragraph() -> None:
    # with no blank lines between paragraphs, a last line that fills its column and ends with the
    # note (`…繁荣昌盛！”（本报贝尔格莱德１２月３１日电）`) still ends the paragraph: the headline under it
    # is not run on to the report
    body = "我不禁想起一副春联：“每逢佳节倍思廉，且把年关当廉关。”对联贴在一个平平常常的农家小院门口。"
    lines = wrap(FARM[0][8:] + "（本报贝尔格莱德１２月３１日电）", 20)
    assert len(lines[-1]) == 20  # the case: the note's line is as wide as the column
    groups = _evidence("\n".join([*lines, "每逢佳节倍思廉", *wrap(body, 20)]))
    assert [(text, "after_source_line" in items) for text, items, _ in groups] == [("每逢佳节倍思廉", True)]


def test_a_reporters_name_in_brackets_after_the_last_sentence_ends_the_paragraph() -> None:
    # 2001 pages close a report with its reporter's name (`…处于领先水平。（王比学）`): with no blank
    # lines and the note's line as wide as the column, the headline under it starts the next article
    body = "我不禁想起一副春联：“每逢佳节倍思廉，且把年关当廉关。”对联贴在一个平平常常的农家小院门口。"
    lines = wrap("今年" + FARM[0] + "（王比学）", 20)
    assert len(lines[-1]) == 20  # the case: the note's line is as wide as the column
    groups = _evidence("\n".join([*lines, "每逢佳节倍思廉", *wrap(body, 20)]))
    assert [text for text, _, _ in groups] == ["每逢佳节倍思廉"]


def test_a_headline_wrapped_at_its_comma_after_a_full_last_line_is_not_run_on_to_the_body() -> None:
    # no blank lines; the body's last line fills the column and ends a sentence; the headline's
    # first line, short and ending in a comma, is no line of running text (none ends short on a
    # comma) when a short line follows it
    lines = wrap(FARM[0] + FARM[1][5:], 14)
    assert len(lines[-1]) == 14  # the case: the last line is as wide as the column
    page = [*lines, "“书房点亮夜读，", "让城市更有温度”", "（文化观察）", *wrap(BOOKS[0], 14), *wrap(BOOKS[1], 14)]
    assert [text for text, _, _ in _evidence("\n".join(page))] == ["“书房点亮夜读，让城市更有温度”（文化观察）"]


def test_intertitle_inside_one_article_is_body_text() -> None:
    # the text on both sides shares the article's words: cohesion says one article
    page = ["春耕生产热火朝天", "本报讯 （记者 王政） " + FARM[0][:8], *wrap(FARM[0][8:] + FARM[1], 20, indent=False)]
    page += ["抓良种，促春播", *wrap(FARM[2] + FARM[3], 20)]
    groups = _evidence("\n".join(page))
    assert groups[0][2]  # the headline, a byline under it
    assert groups[0][1]["followed_by_byline"] > 0
    name, items, headline = groups[1]
    assert name == "抓良种，促春播" and not headline and items["cohesion"] < 0
    art = seg("\n".join(page) + "\n").articles
    assert len(art) == 1 and "抓良种，促春播" in art[0].paragraphs


def test_numbered_and_question_intertitles_and_lead_in_lines() -> None:
    for line in (
        "一、大力推进中原崛起",
        "（二）强化政策引领",
        "夏粮大盘稳不稳？",
        "强化政策引领，开辟产业发展“新航道”——",
    ):
        page = [*wrap(FARM[0] + FARM[1], 24), line, *wrap(FARM[2] + FARM[3], 24)]
        groups = _evidence("\n".join(page))
        assert all(not headline for _, _, headline in groups), line
        arts = seg("\n".join(page) + "\n").articles
        assert len(arts) == 1 and line in arts[0].paragraphs, line


def test_intertitles_of_one_form_in_one_run_are_all_body() -> None:
    # a kicker-shaped pair over a section whose words differ from the text above reads like a
    # stack, but the article's first intertitle has the same form and was judged body, with nothing
    # between them: one article's intertitles share their form
    pairs = [("“从0到1”的突破——", "携手原始创新"), ("“从1到100”的转化——", "产业链互融互促")]
    page = [x for p in FARM[:2] for x in wrap(p, 20)]
    for (kicker, line), texts in zip(pairs, (FARM[2:], BOOKS), strict=True):
        page += [kicker, line, *(x for p in texts for x in wrap(p, 20))]
    groups = _evidence("\n".join(page))
    assert not groups[0][2] and groups[1][2]  # alone, the second pair would part two articles
    blocks = blocks_of("\n".join(page))
    resolve_display_groups(blocks)
    assert not [b for b in blocks if b.kind == "display"]
    arts = seg("\n".join(page) + "\n").articles
    assert len(arts) == 1 and "“从1到100”的转化——" in arts[0].paragraphs


def test_intertitles_of_two_clauses_share_a_form_a_tagged_headline_does_not() -> None:
    # a commentary's intertitles are often two clauses parted by a comma: one of them over a section
    # whose words differ from the text above reads like a headline, but its siblings have its form
    # (the sibling rule itself: test_intertitles_of_one_form_in_one_run_are_all_body)
    from baokan.segment.model import Block
    from baokan.segment.stacks import _form

    def form(text: str) -> tuple[str, ...] | None:
        return _form([Block("display", [], text=text)])

    assert form("抢抓农时，翻地播种施肥") == form("读书学习，点亮文化生活") == ("1", "，")
    assert form("读书学习，点亮文化生活（文化观察）") is None  # a column tag: a headline's
    assert form("读书学习点亮文化生活") is None
    assert form("读书学习，点亮文化，丰富生活") is None  # more clauses: running text more likely


def test_a_headline_with_its_column_tag_outweighs_the_words_it_shares_with_both_sides() -> None:
    # a narrow headline stack between two bodies on one subject: the words say "one article", but
    # an intertitle never carries a column tag (the words are not even weighed)
    stack = ["抢抓农时推进", "春耕生产（一", "线见闻）"]
    page = [*(x for p in FARM[:2] for x in wrap(p, 20)), *stack, *(x for p in FARM[2:] for x in wrap(p, 20))]
    ((text, items, headline),) = _evidence("\n\n".join(page))
    assert text == "".join(stack) and "column_tag" in items and headline


def test_a_headline_wrapped_in_its_own_narrow_measure_is_a_headline() -> None:
    # the last character goes on the next line well short of the body's column: an intertitle
    # would have run on in the column
    stack = ["抢抓农时推进春耕生", "产"]
    page = [*(x for p in FARM[:2] for x in wrap(p, 24)), *stack, *(x for p in FARM[2:] for x in wrap(p, 24))]
    ((text, items, headline),) = _evidence("\n\n".join(page))
    assert text == "".join(stack) and "narrow_wrap" in items and headline
    # an intertitle as wide as the column, wrapped there, is not
    page = [
        *(x for p in FARM[:2] for x in wrap(p, 12)),
        "抢抓农时推进春耕生",
        "产",
        *(x for p in FARM[2:] for x in wrap(p, 12)),
    ]
    assert all("narrow_wrap" not in items for _, items, _ in _evidence("\n\n".join(page)))


def test_weak_one_phrase_headlines_in_one_run_are_its_intertitles() -> None:
    # phrases between sections of one run of text, each taken for a headline on its words alone
    # (no byline, column tag or page edge): a series of them is one article's intertitles
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _plain_phrase, _weak_sibling

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    titles = ["完善关于虚假评价的规定", "强化对内卷式竞争的治理"]
    blocks = [block("body", FARM[0]), block("display", titles[0]), block("body", FARM[1])]
    blocks += [block("display", titles[1]), block("body", FARM[2])]
    assert all(_plain_phrase([b]) for b in blocks if b.kind == "display")
    assert _weak_sibling(blocks, 1, {1, 3}, set()) and _weak_sibling(blocks, 3, {1, 3}, set())
    assert not _weak_sibling(blocks, 1, {1}, set())  # alone in its run
    # a byline between parts the run
    blocks.insert(3, block("byline", "本报记者  王  沛"))
    assert not _weak_sibling(blocks, 1, {1, 4}, set()) and not _weak_sibling(blocks, 4, {1, 4}, set())
    # a tagged headline, a clause or a sentence is no plain phrase
    for text in ("城市书房点亮文化生活（文化观察）", "读书学习，点亮文化生活", "城市书房点亮文化生活。"):
        assert not _plain_phrase([block("display", text)])


PORT = [
    "港口码头上，一艘艘货轮正在装卸集装箱，吊车往来穿梭，工人们忙着清点货物，港区一片繁忙。",
    "今年以来，港口集装箱吞吐量同比增长百分之十二，新开通国际航线五条，外贸货物进出更加便捷。",
]


def test_weak_one_phrase_headlines_between_reports_that_share_no_words_stay_headlines() -> None:
    # short reports under plain-phrase headlines (a page of 2001): the words at a boundary
    # decide little, but the whole reports on the two sides share no words, as an article's
    # sections under its intertitles do
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _sections_cohere

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    blocks = [block("body", FARM[0]), block("body", FARM[1]), block("display", "抢抓农时推进春耕生产")]
    blocks += [block("body", FARM[2]), block("body", FARM[3]), block("display", "城市书房点亮夜读时光")]
    blocks += [block("body", text) for text in BOOKS]
    words = PageWords(blocks)
    assert _sections_cohere(blocks, 2, 3, words)  # one article's sections
    assert not _sections_cohere(blocks, 5, 6, words)  # two reports
    page = ["2001年1月1日 星期一"]
    for title, paragraphs in (("城市书房点亮夜读", BOOKS), ("春耕生产热火朝天", FARM), ("港口货轮往来繁忙", PORT)):
        page += [title, *(line for p in paragraphs for line in wrap(p, 20))]
    blocks = blocks_of("\n\n".join(page))
    resolve_display_groups(blocks)
    assert "春耕生产热火朝天" in [b.text for b in blocks if b.kind == "display"]


def test_every_weak_phrase_of_a_series_is_an_intertitle_whatever_order_they_are_judged_in(monkeypatch) -> None:
    # the second of two weak phrases must still see the first as its sibling after the first has
    # been turned into body text (two-line phrases count too)
    from baokan.segment import stacks
    from baokan.segment.model import Block, Line

    def block(kind: str, *texts: str) -> Block:
        lines = [Line(no=0, text=t, width=float(len(t)), lead=0, justified=False) for t in texts]
        return Block(kind, lines, text="".join(texts))

    blocks = [block("body", FARM[0]), block("display", "完善关于虚假评价、恶意退货等行为", "的规定")]
    blocks += [block("body", FARM[1]), block("display", "强化对内卷式竞争的依法治理"), block("body", FARM[2])]
    monkeypatch.setattr(stacks, "group_evidence", lambda *_: stacks.Evidence({"cohesion": 1.0}))
    monkeypatch.setattr(stacks, "PageWords", lambda _blocks: None)
    monkeypatch.setattr(stacks, "_sections_cohere", lambda *_: True)  # one article's sections
    stacks.resolve_display_groups(blocks)
    assert [b.kind for b in blocks] == ["body"] * 5


def test_a_name_that_is_a_word_of_the_body_ends_the_line_above() -> None:
    # `安全带` alone reads as a name (surname 安), but the line above breaks off mid-phrase and the
    # body uses the word: it is the end of that intertitle, not a byline
    body = "骑车时一定要系好安全带，" + FARM[0]
    page = [*wrap(FARM[1] + body, 20), "正确佩戴安全头盔、系", "安全带", *wrap(FARM[2] + FARM[3], 20)]
    blocks = blocks_of("\n".join(page))
    assert not [b for b in blocks if b.kind == "byline"]
    assert "正确佩戴安全头盔、系安全带" in [b.text for b in blocks]
    # a name the body does not use stays a byline
    page[page.index("安全带")] = "安文"
    assert [b.byline for b in blocks_of("\n".join(page)) if b.kind == "byline"] == ["安文"]
    # a headline ending with a quotation, wrapped before the word the body prints after it
    body = "教育部加快推进就业能力提升“双千”计划，" + FARM[0]
    page = ["教育部加快推进就业能力提升“双千”", "计划", *wrap(body + FARM[1], 20)]
    blocks = blocks_of("\n".join(page))
    assert not [b for b in blocks if b.kind == "byline"]
    assert "教育部加快推进就业能力提升“双千”计划" in [b.text for b in blocks]


def test_a_pull_quote_from_the_body_is_no_headline() -> None:
    # a sentence of the body printed again, large, at the top of the page: the body prints it word
    # for word, which a headline of clauses never is
    quote = "农民们抢抓农时，翻地、播种、施肥，处处是忙碌的身影"
    page = [quote, *wrap(FARM[0] + FARM[1], 20), *wrap(FARM[2], 20)]
    (text, items, headline), *_ = _evidence("\n".join(page))
    assert text == quote and items["pull_quote"] < 0 and not headline
    # a quotation printed large without the stop it has in the body
    spoken = "“我们抢抓农时，翻地、播种、施肥，就是为了多打粮食”"
    page = [spoken, *wrap(FARM[0] + "“我们抢抓农时，翻地、播种、施肥，就是为了多打粮食。”" + FARM[1], 20)]
    (text, items, headline), *_ = _evidence("\n".join(page))
    assert text == spoken and items["pull_quote"] < 0 and not headline


def test_a_note_in_brackets_closes_the_body_above_not_the_headline_below() -> None:
    # the note as wide as the column, the headline lines under it: read as one paragraph, cut apart
    for note in ("（作者为本报浙江分社记者）", "（据新华社西安7月18日电）"):
        page = [*wrap(FARM[0] + FARM[1], 16), note, "浙江湖州开展生态系列立法", "“绿富美”里有良法",
                "□ 本报记者  张璁", *wrap(BOOKS[0] + BOOKS[1], 16)]  # fmt: skip
        blocks = blocks_of("\n".join(page))
        assert [b.kind for b in blocks if note in b.text] == ["body"], note
        assert [b.text for b in blocks if note in b.text] == [note]


def test_two_stacks_in_a_row_never_part_a_wrapped_last_character() -> None:
    # the first headline after its body, the second over its own: `…基层办事难` / `题`, the character
    # wrapped onto a line of its own, ends the first headline and opens no other
    desk = (
        "一套桌椅和一面条幅组成的“流动办公桌”，如今时常出现在乌海市的居民小区。群众办事难题就地解决，"
        "“流动办公桌”受到欢迎。"
    )
    portal = (
        "福建省金融服务云平台正式上线“一站式”省级惠企政策申享平台，企业在平台上可以一站办理申报，平台上线以来广受好评。"
    )
    page = [*wrap(desk + FARM[1], 20), "内蒙古乌海：", "“流动办公桌”破解基层办事难", "题",
            "福建“一站式”惠企政策申享平台上", "线", "本报福州7月2日电（记者刘晓宇） " + portal[:10],
            *wrap(portal[10:] + BOOKS[1], 20)]  # fmt: skip
    arts = seg("\n".join(page) + "\n").articles
    assert [(a.kicker, a.title) for a in arts] == [
        ("内蒙古乌海：", "“流动办公桌”破解基层办事难题"),
        (None, "福建“一站式”惠企政策申享平台上线"),
    ]


def test_headline_between_two_articles_by_the_words_on_both_sides() -> None:
    # the words on both sides differ, and the columns differ in width
    farm, books = [FARM[0] + FARM[1], FARM[2] + FARM[3]], [BOOKS[0] + BOOKS[1], BOOKS[2] + BOOKS[0]]
    page = [*(x for p in farm for x in wrap(p, 16)), "城市书房点亮市民夜生活", *(x for p in books for x in wrap(p, 22))]
    groups = _evidence("\n".join(page))
    assert groups[0][2] and groups[0][1]["width_change"] > 0
    arts = seg("\n".join(page) + "\n").articles
    assert [a.title for a in arts] == [None, "城市书房点亮市民夜生活"]
    assert [a.paragraphs for a in arts] == [farm, books]


def test_institution_under_a_headline_is_its_byline() -> None:
    page = [
        "为党和人民事业奋斗终身",
        "——纪念李克强同志诞辰70周年",
        "中共中央党史和文献研究院",
        *wrap(FARM[0] + FARM[1], 20),
    ]
    blocks = blocks_of("\n".join(page))
    resolve_display_groups(blocks)
    assert [b.kind for b in blocks[:3]] == ["display", "display", "byline"]
    art = seg("\n".join(page) + "\n").articles[0]
    assert (art.title, art.subtitle, art.byline, art.authors) == (
        "为党和人民事业奋斗终身",
        "——纪念李克强同志诞辰70周年",
        "中共中央党史和文献研究院",
        [],
    )


NARROW_HEADLINE = ["以人民城市理念引领人", "民城市建设（深入学习", "贯彻习近平新时代中国", "特色社会主义思想·学",
                   "习《习近平经济文选》", "第一卷专家谈）"]  # fmt: skip


@pytest.mark.parametrize(
    "pieces, expected",
    [
        # a kicker's ending
        (["浙江诸暨公安：", "下好反诈“先手棋”", "守好百姓“钱袋子”"],
         ("浙江诸暨公安：", "下好反诈“先手棋”守好百姓“钱袋子”", None)),
        (["五位移民管理警察代表与中外记者交流", "——", "守护国门边境  服务", "开放发展（权威发布）"],
         ("五位移民管理警察代表与中外记者交流——", "守护国门边境 服务开放发展（权威发布）", None)),
        # a subtitle's dash
        (["弘扬文明风尚  共建精神家园", "——2025年中国网络文明大会侧记"],
         (None, "弘扬文明风尚 共建精神家园", "——2025年中国网络文明大会侧记")),
        # a column tag on a line of its own stays with its headline
        (["和群众忙在一个“频道”上", "（一线行走）"], (None, "和群众忙在一个“频道”上（一线行走）", None)),
        # a comma never ends a field
        (["中小学生出行高峰来临，", "警惕安全风险（民生一线）"],
         (None, "中小学生出行高峰来临，警惕安全风险（民生一线）", None)),
        # an open bracket or quote goes on
        (["努力让人民住上更好的房子（深入学习", "贯彻习近平经济思想）"],
         (None, "努力让人民住上更好的房子（深入学习贯彻习近平经济思想）", None)),
        # two parallel phrases of one headline
        (["科技赋能送光明", "“孤岛”灯亮暖民心"], (None, "科技赋能送光明“孤岛”灯亮暖民心", None)),
        # a wider line over a headline set on two parallel lines is a kicker
        (["黑龙江海伦市强化新就业群体党建", "共建党建阵地", "激发共治活力"],
         ("黑龙江海伦市强化新就业群体党建", "共建党建阵地激发共治活力", None)),
        # a next line longer than a full line before it starts another field (a place alone opens
        # the headline: see test_no_kicker_headline_or_subtitle_is_shorter_than_six_characters)
        (["闽清县委县政府", "全力推进水质提升攻坚年行动"], ("闽清县委县政府", "全力推进水质提升攻坚年行动", None)),
        # one or two characters are no field
        (["瑞典传统产业搭乘IT", "快车"], (None, "瑞典传统产业搭乘IT快车", None)),
        # a bracket opened lines before is still open: a narrow column wraps one headline
        (NARROW_HEADLINE, (None, "".join(NARROW_HEADLINE), None)),
    ],
)  # fmt: skip
def test_stack_lines_into_kicker_title_subtitle(pieces: list[str], expected: tuple[str | None, ...]) -> None:
    assert split_stack(pieces, "") == expected


def test_a_word_going_on_across_the_break_keeps_one_headline() -> None:
    body = "专家介绍，治疗精神分裂症的新药已进入临床试验。"
    assert split_stack(["治疗精神分裂", "症将有新药"], body) == (None, "治疗精神分裂症将有新药", None)
    # …unless the first line is a whole clause of the body: a kicker
    body2 = "会上，专家介绍了治疗进展，医院将发展新药。"
    assert split_stack(["专家介绍了治疗进展", "新药将上市"], body2) == ("专家介绍了治疗进展", "新药将上市", None)


# ------------------------------------------------------------------------------ articles, quality


def test_continuation_markers_part_articles_and_source_lines_do_not() -> None:
    page = [*wrap(FARM[0] + FARM[1], 20), "（下转第五版）", "（上接第一版）", *wrap(BOOKS[0] + BOOKS[1], 20)]
    res = seg("\n".join(page) + "\n")
    assert [a.paragraphs[0][:4] for a in res.articles] == ["春耕时节", "城市书房"]
    assert [f.kind for f in res.fragments] == ["furniture", "furniture"]
    page = ["创新活力有效激发", "本报记者", "李君强", "《人民日报》（2025年10月20日 第 03 版）", *wrap(FARM[0], 20)]
    art = seg("\n".join(page) + "\n").articles[0]
    assert (art.title, art.byline) == ("创新活力有效激发", "本报记者 李君强")


def test_a_table_of_contents_has_no_articles() -> None:
    page = "人民日报文章目录\n" + "\n".join(f"{i}. 第{i}篇文章的标题" for i in range(1, 12)) + "\n"
    res = seg(page)
    assert res.articles == [] and [f.kind for f in res.fragments] == ["contents"]


def test_title_long_flag() -> None:
    title = "以人民城市理念引领人民城市建设（深入学习贯彻习近平新时代中国特色社会主义思想专家谈）"
    art = seg("\n".join([title, "林  晨", *wrap(FARM[0] + FARM[1], 30)]) + "\n").articles[0]
    assert art.title == title and "title_long" in art.flags


def test_continuity_tells_reading_order_from_columns_read_across() -> None:
    text = "".join(FARM + BOOKS) * 2
    in_order = split_lines(page_lines("\n".join(wrap(text, 16))))
    good = continuity(in_order)
    # two columns read across: every other line comes from the other column
    half = len(in_order) // 2
    a, b = wrap(text[: len(text) // 2], 16), wrap(text[len(text) // 2 :], 16)
    across = split_lines(page_lines("\n".join(x for pair in zip(a, b, strict=False) for x in pair)))
    bad = continuity(across)
    assert good.breaks > 20 and bad.breaks > 20 and half
    assert good.ratio > 2 * bad.ratio


def test_the_bigram_cache_serves_one_page_only() -> None:
    # a worker segments page after page: what the cache holds must not grow with them
    from baokan.segment.cohesion import bigram_set

    first = seg("\n".join(wrap(FARM[0], 20)) + "\n").articles[0].paragraphs[0]
    bigram_set(first)
    assert bigram_set.cache_info().currsize > 0
    seg("\n".join(wrap(FARM[1], 20)) + "\n")
    before = bigram_set.cache_info()
    bigram_set(first)  # the first page's paragraph: gone with its page
    assert bigram_set.cache_info().misses == before.misses + 1


def test_a_column_width_change_never_cuts_a_paragraph_after_a_full_line_ending_in_a_quote():
    from baokan.segment.paragraphs import _segments

    words = "城市书房的灯光每晚都亮到十点附近的居民下班后常来这里看书学习孩子们也在这里写作业气氛十分安静温馨" * 3

    def line(n: int, end: str = "") -> str:
        return words[: n - len(end)] + end

    # a column of 22 whose last paragraph's last full line ends in a closing quote, its short last
    # line (12, as wide as the headline lines after it), a headline stack, a column of 17
    column = ["　　" + line(20, "，"), line(20), line(22), line(22, "，"), line(22), line(22, "，"), line(22)]
    column += [line(21, "“蓄水池”"), line(12, "。")]
    stack = [line(11), line(1), line(9), line(6)]
    after = [line(17), line(17, "，"), line(17), line(17), line(17, "，"), line(17), line(9, "。")]
    lines = split_lines(page_lines("\n".join(column + stack + after) + "\n"))
    assert _segments(lines)[0] == (0, len(column))


def test_a_column_width_change_never_cuts_a_sentence_broken_off_by_a_full_line():
    from baokan.segment.paragraphs import _segments

    words = "城市书房的灯光每晚都亮到十点附近的居民下班后常来这里看书学习孩子们也在这里写作业气氛十分安静温馨" * 3

    def line(n: int, end: str = "") -> str:
        return words[: n - len(end)] + end

    # a column of 16 whose last full line breaks a sentence off mid-word, the sentence's end on a
    # line of 13 (a full line of the column of 12 that follows), a headline, the column of 12
    column = ["　　" + line(14, "，"), line(16), line(16, "，"), line(16), line(16), line(16, "，"), line(16)]
    column += [line(13, "。")]
    after = [line(9, "——"), "　　" + line(10, "，"), line(12), line(12, "，"), line(12), line(12), line(12)]
    after += [line(12, "，"), line(12), line(6, "。")]
    lines = split_lines(page_lines("\n".join(column + after) + "\n"))
    assert _segments(lines)[0] == (0, len(column))


def test_a_header_of_paper_page_label_and_section_is_furniture():
    found = match_furniture("人民日报　第13版　民主政治")
    assert found is not None and found.kind == "header"
    assert found.fields == {"page_label": "第13版", "publication": "人民日报", "section": "民主政治"}
    assert match_furniture("第13版 城市书房很安静 人民日报") is None  # more than a section's word
    # the paper's name with the date: a masthead line, though each item alone is weak
    found = match_furniture("要闻   人民日报   2025年06月12日   星期四")
    assert found is not None and found.fields["publication"] == "人民日报" and found.fields["section"] == "要闻"
    assert match_furniture("2025年6月12日 星期四") is None  # a date alone needs its place (match_weak_furniture)
    # a header set on two lines: the second holds the weekday, the bare page number and the section
    found = match_furniture("星期四   61   民主政治")
    assert found is not None and found.fields == {"weekday": "星期四", "page_label": "61", "section": "民主政治"}
    assert match_furniture("星期四 我们去公园") is None and match_furniture("星期四 61 我们去公园玩了一整天") is None
    # ... so the caption's first line under it is the caption's, not a headline line
    page = [
        "人民日报   2025年6月12日",
        "星期四   61   民主政治",
        "江苏省宿迁市宿豫区下相街道陆桥社区江山苑小区党群微家托",
    ]
    page += [
        "育园，小朋友在老师的陪伴下做游戏。  徐江海摄",
        "全国政协委员张甘霖——",
        "以务实之策护一泓碧水",
        "◎本报记者  白光迪",
    ]
    (art,) = seg("\n".join([*page, *wrap(FARM[0], 20)])).articles
    assert [c.text for c in art.captions] == [
        "江苏省宿迁市宿豫区下相街道陆桥社区江山苑小区党群微家托育园，小朋友在老师的陪伴下做游戏。"
    ]
    assert art.title == "以务实之策护一泓碧水"


def test_a_body_cut_for_a_headline_that_went_elsewhere_is_one_article_again():
    from baokan.segment.articles import _Art, _Page, _rejoin_untitled_cuts
    from baokan.segment.model import Block, Line

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    head, p1, p2, p3 = (
        block("display", "新征程上的青春篇章"),
        block("body", "甲。"),
        block("body", "乙。"),
        block("body", "丙。"),
    )
    first = _Art(pos=1, body=[p1], title_units=[("新征程上的青春篇章", head, 0)], last_pos=1)
    second = _Art(pos=2, body=[p2], flags=["split_by_headlines"], last_pos=2)  # its headline went on
    page = _Page([head, p1, p2, p3], arts=[first, second])
    _rejoin_untitled_cuts(page)
    assert len(page.arts) == 1 and page.arts[0].body == [p1, p2] and page.arts[0].last_pos == 2
    # a second part that got its headline stays an article
    titled = _Art(pos=2, body=[p2], flags=["split_by_headlines"], last_pos=2, title_units=[("另一题", head, 0)])
    page = _Page([head, p1, p2, p3], arts=[_Art(pos=1, body=[p1], last_pos=1), titled])
    _rejoin_untitled_cuts(page)
    assert len(page.arts) == 2


def test_two_blank_lines_part_paragraphs_where_one_follows_every_line():
    # pdfminer: a blank line after every printed line, two at a paragraph's end (no indent printed)
    first = ["媒介素养教育，培养青少年辨别信息真伪与价值的能", "力，减少无效信息的干扰。大力倡导并创造条件支持深"]
    first += ["度阅读和系统学习，鼓励深度探究，而非浅尝辄止。"]
    second = ["科学管理数字生活，探寻人机和谐之“道”。适应", "数字时代，要学会智慧驾驭科技工具，使之成为提升认"]
    second += ["知能力的“助推器”。注重锻炼青少年的认知能力。"]
    text = "\n\n".join(first) + "\n\n\n\n" + "\n\n".join(second) + "\n"
    lines = split_lines(page_lines(text))
    assert [ln.gap_before for ln in lines] == [False, False, False, True, False, False]
    (art,) = segment_text(text, publication="测试报", date="2023-04-11", page=2, file="p.txt", sha256="0" * 64).articles
    assert art.paragraphs == ["".join(first), "".join(second)]


def test_two_stacks_in_a_row_are_parted_after_a_column_tag():
    from baokan.segment.articles import _Art, _split_options
    from baokan.segment.model import Block

    def options(lines: list[str]) -> int:
        units = [(line, Block("display", [], text=line), k) for k, line in enumerate(lines)]
        flat = [0.0] * len(lines)  # the words say nothing: the lines' shape decides
        return max(_split_options((_Art(pos=0), _Art(pos=9), units), (flat, flat), False))[1]

    lines = ["以“应普尽普”促文物“应", "保尽保”（人民时评）", "发挥历史文化在城市更新", "中的作用（专题深思）"]
    assert options(lines) == 2
    # a subtitle under the tag stays with its headline
    assert options([*lines[:2], "——人工智能热的冷思考①", "发挥历史文化在城市更新中的作用（专题深思）"]) == 3


def test_a_phrase_four_ems_short_after_a_sentence_end_starts_a_new_block():
    from baokan.segment.paragraphs import _paragraphs

    body = ["在未来，新能源车行业更需要一", "种“长期主义”的格局，在价值", "创造的过程中，找到擅长的方向"]
    body += ["和赛道，跑得更远更稳更好。", "甘肃启动河西走廊国家", "遗产线路建设"]
    lines = split_lines(page_lines("\n".join(body) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 14.0)][:1] == [4]
    # a closing quote or a column tag wrapped alone onto the next line stays with its paragraph
    body[4:] = ["”", "“只要浇够水，现在不怕旱！”采访中"]
    lines = split_lines(page_lines("\n".join(body) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 14.0)][:1] == [5]


def test_a_line_closed_by_a_column_tag_over_a_first_line_is_a_headline():
    from baokan.segment.paragraphs import _paragraphs, _tagged_headline

    # the headline runs two ems past the column; the paragraph's first line is indented
    page = ["老当救火队长不行（思想纵横）", "明者防祸于未萌，智者", "图患于将来。日前，习近", "平总书记在河南考察期间"]
    page += ["谈到社会治理时强调，要"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 12.0)] == [1, 4]
    # a note in brackets or a sentence before the tag makes no headline
    assert not _tagged_headline("今年已处置案件（记者李斌）") and not _tagged_headline("今年已处置。案件（见图）")
    # … nor after a sentence's end as the last line before a byline (the run ends there)
    page = ["堵塞漏洞，压缩模糊地带，才能让", "基层干部把准方向、敢作善为。”", "跳出球场看“浙BA”（现场评论）"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 15.0)] == [2, 1]


def test_a_line_closed_by_a_column_tag_over_a_dashed_subtitle_is_a_headline_and_the_subtitle_a_line_of_its_own():
    from baokan.segment.paragraphs import _paragraphs

    # a commentary at the page's top, its headline a little wider than the narrow column
    page = ["活态传承激发新活力（现场评论）", "——写好人文经济学的大文章③", "北京中轴线是一条物理轴"]
    page += [
        "线，也是一条文化轴线、发展",
        "轴线。这条有着壮美秩序的轴",
        "线，正书写着经济与文化相互",
        "促进、共生共荣的时代篇章。",
    ]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 13.0)] == [1, 1, 5]


def test_a_question_closed_by_a_column_tag_after_the_last_sentence_is_a_headline():
    from baokan.segment.paragraphs import _paragraphs, _tagged_headline

    # a commentary's headline printed after its body, its words a question (`做对了啥？`)
    page = ["从近处的精彩，到远方的诗意，循着", "出圈的标语,我们看到了大好河山、多彩"]
    page += ["体验的文旅供给，值得一场双向奔赴。", "出圈的文旅标语，做对了啥？（新语）"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 17.0)] == [3, 1]
    # … and a kicker ending with a colon over such a headline starts the stack with it
    page[2:] = ["自发来到村口，迎接平安归来的英雄。", "勇救4名落水者后，军人张伟跪求母亲：", "“让我再救一个！”（援手）"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 17.0)] == [3, 2]
    assert _tagged_headline("“让我再救一个！”（援手）")
    # a question inside the words, or a note in the brackets, is running text
    assert not _tagged_headline("这是为什么？他说不出来（笑）") and not _tagged_headline("真的吗？（记者李斌）")


def test_an_author_note_after_a_sentence_end_is_a_paragraph_of_its_own():
    from baokan.segment.paragraphs import _paragraphs

    # the note's first line fills the column: no width says a paragraph starts there, its opening
    # does; the headline under the note is then a paragraph apart, not the note's last line
    body = ["空间等新业态，实现“旧厂新生”，丰富市民文化生", "活。同时，加强城市更新重点地区、重要地段风貌管"]
    body += ["控，严格管理超大体量公共建筑、超高层建筑。", "（作者单位：中国社会科学院民族学与人类学研究"]
    body += ["所、中国社会科学院大学社会与民族学院）", "以人民城市理念引领人民城市建设"]
    lines = split_lines(page_lines("\n".join(body) + "\n"))
    assert [len(p) for p, _wide in _paragraphs(lines, 22.0)] == [3, 2, 1]


def test_a_long_column_tag_wrapped_under_its_headline_is_part_of_the_stack():
    # a theory page's series tag runs to 42 characters, over two lines, under a headline printed
    # after its body; the next article's stack follows at once
    tag = ["（深入学习贯彻习近平新时代中国特色社会主义思想·学习《习近", "平经济文选》第一卷专家谈）"]
    page = [*wrap(FARM[0], 26), "（作者单位：中国人民大学应用经济学院）", "以人民城市理念引领人民城市建设", *tag]
    page += ["发挥历史文化在城市更新中的作用", "（专题深思）", *wrap(FARM[1], 26)]
    kinds = [(b.kind, b.text) for b in blocks_of("\n".join(page) + "\n")]
    assert ("display", "".join(tag)) in kinds
    art = seg("\n".join(page) + "\n").articles[0]
    assert art.title == "以人民城市理念引领人民城市建设" + "".join(tag)


def test_text_under_a_page_foot_that_a_paragraph_broke_off_at_goes_on_with_it():
    # a compilation's page foot inside a paragraph: the lines under it end its sentence, they are
    # no caption printed apart (which a short sentence under page furniture may be)
    body = [
        "失能预防与长期照护并重的双重服务保障体系，稳定提升活力",
        "老人的规模和比例。与此同时，重视养老服务体系的公平性，",
    ]
    body += ["做好重点人群和困难人群兜底保障，提升农村基本养老服务能", "", "第 72 页"]
    body += ["力，构筑空巢独居老人关爱体系，缩小老年生活质量的城乡差", "距。", "", "建立机制，凝聚多方力量", ""]
    page = ["托起“一老一小”稳稳的幸福", "本报记者  孟祥夫", *wrap(FARM[0], 27), *body, *wrap(FARM[1], 27)]
    art = seg("\n".join(page) + "\n").articles[0]
    assert art.paragraphs[-1] == "力，构筑空巢独居老人关爱体系，缩小老年生活质量的城乡差距。"
    assert not art.captions


def test_the_end_of_a_note_over_a_byline_is_no_headline():
    # a paragraph with no stop over a byline is a headline wrapped in a narrow column, but not the
    # tail of a note in brackets (`…校长）（本文由…编辑）`)
    note = ["大学党委书记、校长）（本文由人民论坛", "杂志社组稿，人民日报社理论部编辑）"]
    page = [*wrap(FARM[0], 20), "", *note, "", "■ 陈娟", *wrap(FARM[1], 20)]
    kinds = {b.text: b.kind for b in blocks_of("\n".join(page) + "\n")}
    assert kinds["".join(note)] == "body"


def test_a_label_in_black_brackets_read_as_a_headline_line_goes_back_to_its_paragraph():
    from baokan.segment.blocks import _section_labels_to_body

    # the label's line, set apart as a display line, starts the sentence the paragraph under it
    # goes on with; a label alone on its line (`【点评】`) stays a paragraph of its own
    page = ["【案情】黄先生在自家房屋外的三楼公共平台种植花", "", *wrap("木，搭建“花园”。" + FARM[0], 24, indent=False)]
    page += ["", "【点评】", "", *wrap(FARM[1], 24)]
    blocks = blocks_of("\n".join(page) + "\n")
    for b in blocks:
        if b.text.startswith("【"):
            b.kind = "display"
    _section_labels_to_body(blocks)
    assert [(b.kind, b.text[:9]) for b in blocks] == [
        ("body", "【案情】黄先生在自"),
        ("body", "【点评】"),
        ("body", FARM[1][:9]),
    ]
    assert blocks[0].text.startswith("【案情】黄先生在自家房屋外的三楼公共平台种植花木，搭建")


def test_a_stack_opening_with_an_exclamation_opens_its_headline_with_it():
    # no kicker ends with a question or an exclamation; a headline may open with one
    stack = ["别上当！", "守好自己的钱袋子", "（法治聚焦）"]
    assert split_stack(stack, "") == (None, "别上当！守好自己的钱袋子（法治聚焦）", None)
    assert split_stack(["两部门印发通知", "推动社会组织助力高校毕业生就业"], "")[0] == "两部门印发通知"


def test_a_column_width_change_never_cuts_a_two_line_paragraph_after_its_first_line():
    from baokan.segment.paragraphs import _segments

    words = "城市书房的灯光每晚都亮到十点附近的居民下班后常来这里看书学习孩子们也在这里写作业气氛十分安静温馨" * 3

    def line(n: int, end: str = "") -> str:
        return words[: n - len(end)] + end

    # a column of 29 whose last paragraph is a first line (27, breaking its sentence off) and a last
    # line of 23 that ends it (a full line of the column of 24 that follows)
    column = ["　　" + line(27, "，"), line(29), line(29, "，"), line(29), line(29), line(29, "，"), line(16, "。")]
    column += [line(27), line(23, "。")]
    after = [line(13), "　　" + line(22, "，"), line(24), line(24, "，"), line(24), line(24), line(24)]
    after += [line(24, "，"), line(24), line(6, "。")]
    lines = split_lines(page_lines("\n".join(column + after) + "\n"))
    assert _segments(lines)[0] == (0, len(column))


def test_a_lead_in_naming_a_provinces_place_over_a_headline_line_is_a_kicker() -> None:
    # with no blank lines and one column, the words of both articles (基层, 群众) say they go on;
    # a colon after a place's name alone says a report's kicker opens a stack there
    above = "调研成不成功，归根结底要看基层群众的问题解没解决。求真务实，让群众更愿意说、干部更有动力干。"
    below = "一套桌椅和一面条幅组成的流动办公桌，如今时常出现在基层的居民小区，收集群众的意见。"
    page = [*wrap(above, 22), "内蒙古乌海：", "“流动办公桌”破解基层办事难题", *wrap(below, 22)]
    ((text, items, head),) = _evidence("\n".join(page) + "\n")
    assert text == "内蒙古乌海：“流动办公桌”破解基层办事难题"
    assert "place_lead_in" in items and head
    # what someone said or found, with a colon, is no place's name
    page[len(wrap(above, 22))] = "记者了解到："
    ((_, items, _),) = _evidence("\n".join(page) + "\n")
    assert "place_lead_in" not in items


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a document issued: a kicker, the headline under it says what the document does
        (
            ["两部门印发通知", "推动社会组织助力高", "校毕业生就业"],
            ("两部门印发通知", "推动社会组织助力高校毕业生就业", None),
        ),
        (["国务院办公厅印发方案", "加快构建现代物流体系"], ("国务院办公厅印发方案", "加快构建现代物流体系", None)),
        # over a dashed subtitle it is the headline
        (["中办国办印发意见", "——进一步加强青少年体育工作"], (None, "中办国办印发意见", "——进一步加强青少年体育工作")),
    ],
)
def test_a_line_ending_in_a_document_issued_is_a_kicker(lines: list[str], expected: tuple[str | None, ...]) -> None:
    assert split_stack(lines, "") == expected


def test_a_section_number_under_a_tagged_headline_and_its_byline_numbers_the_body() -> None:
    body = "\n".join(wrap(FARM[0] + FARM[1], 20)) + "\n（二）\n" + "\n".join(wrap(FARM[2] + FARM[3], 20)) + "\n"
    # right under the headline's column tag, or under its byline
    for head in ("种好粮食  端牢饭碗\n\n（人民观点）\n\n", "种好粮食  端牢饭碗（人民观点）\n\n本报评论部\n\n"):
        [art] = seg("从春播到夏管——\n\n" + head + "（一）\n\n" + body).articles
        assert (art.kicker, art.title) == ("从春播到夏管——", "种好粮食 端牢饭碗（人民观点）")
        assert art.paragraphs[0] == "（一）"
    # a series' number wrapped off its headline stays with it
    [art] = seg("春耕一线见闻\n（一）\n" + body).articles
    assert art.title == "春耕一线见闻（一）"


def test_a_question_headline_wrapped_narrow_with_a_series_tag_is_display() -> None:
    from baokan.segment.model import Line
    from baokan.segment.paragraphs import is_display

    def lines_of(*texts: str) -> list[Line]:
        return [Line(no=k, text=t, width=float(len(t)), lead=0, justified=False) for k, t in enumerate(texts, 1)]

    wrapped = ("惠民商业保险推销，岂能派给基层干", "部？（干部状态新观察·为基层减负", "赋能）")
    assert is_display(lines_of(*wrapped), "".join(wrapped), False, 16.0)
    # the same question over lines without a tag, or under a tag that is a note, is a sentence
    asked = ("惠民商业保险推销，岂能派给基层干", "部？")
    assert not is_display(lines_of(*asked), "".join(asked), False, 16.0)
    noted = ("惠民商业保险推销，岂能派给基层干", "部？（记者 姚雪青·通讯员 王伟）")
    assert not is_display(lines_of(*noted), "".join(noted), False, 16.0)


def test_an_ending_note_broken_at_its_brackets_is_the_last_paragraph_not_a_kicker() -> None:
    note = ["（作者为湖南省社会科学院", "（湖南省人民政府发展研究中心）", "研究员）"]
    first = "\n".join(wrap(FARM[0] + FARM[1], 20))
    second = "\n".join(wrap(BOOKS[0] + BOOKS[1], 20))
    res = seg("春耕时节话丰收\n" + first + "\n" + "\n".join(note) + "\n城市书房：\n夜读的灯光\n" + second + "\n")
    assert [a.title for a in res.articles] == ["春耕时节话丰收", "夜读的灯光"]
    assert res.articles[0].paragraphs[-1] == "（作者为湖南省社会科学院（湖南省人民政府发展研究中心）研究员）"
    assert res.articles[1].kicker == "城市书房："


@pytest.mark.parametrize("line", ["（城市味道·大河九曲）", "（遇见·铅山）", "守望·追寻红色记忆"])
def test_a_series_tag_joined_by_a_dot_is_no_transliterated_name(line: str) -> None:
    assert parse_bare_names(line) is None


@pytest.mark.parametrize("line, names", [("艾法·索博卡", ["艾法·索博卡"]), ("（买买提·艾力）", ["买买提·艾力"])])
def test_transliterated_names_joined_by_a_dot_stay_names(line: str, names: list[str]) -> None:
    assert parse_bare_names(line) == names


def test_a_series_tag_on_its_own_line_ends_the_headline_over_the_byline() -> None:
    body = "\n".join(wrap(FARM[0] + FARM[1], 20)) + "\n"
    stack = "河南温县传承发扬太极拳文化\n\n河洛汇流处  飒飒拳风生\n\n（城市味道·大河九曲）\n\n"
    [art] = seg(stack + "本报记者  张文豪\n" + body).articles
    assert art.title == "河洛汇流处 飒飒拳风生（城市味道·大河九曲）"
    assert [a.name for a in art.authors] == ["张文豪"]


@pytest.mark.parametrize(
    "lines, expected",
    [
        # two halves of one headline, each opening with a verb, however unequal
        (
            ["激发民间投资活力", "促进民营经济高质量发展（调查研究 凝聚共识）"],
            (None, "激发民间投资活力促进民营经济高质量发展（调查研究 凝聚共识）", None),
        ),
        (
            ["推进城市书房共同体建设", "实现全民阅读服务全覆盖（书香中国）"],
            (None, "推进城市书房共同体建设实现全民阅读服务全覆盖（书香中国）", None),
        ),
        # ... each half's verb perhaps after an adverb, under a kicker naming who spoke
        (
            ["王小洪在全国公安厅局长座谈会上强调", "积极推动高效能治理", "更好促进高水平安全和高质量发展"],
            ("王小洪在全国公安厅局长座谈会上强调", "积极推动高效能治理更好促进高水平安全和高质量发展", None),
        ),
        # who spoke and the verb of saying, letter-spaced: a kicker, however short
        (
            ["铁  凝  强  调", "依法推动职业教育取得新进展、迈上新台阶"],
            ("铁凝强调", "依法推动职业教育取得新进展、迈上新台阶", None),
        ),
        # a verb inside one phrase is no second half
        (
            ["深入推进生态环境保护", "加快建设美丽中国先行区（一线调研）"],
            (None, "深入推进生态环境保护加快建设美丽中国先行区（一线调研）", None),
        ),
        # a kicker that holds two halves itself stays a kicker, over a headline listing with commas
        (
            ["推动保护创新强化科技赋能", "保护好、传承好、弘扬好长江文化"],
            ("推动保护创新强化科技赋能", "保护好、传承好、弘扬好长江文化", None),
        ),
        # a kicker opens with who or where
        (
            ["辽宁沈阳对同一企业的同类检查", "涉企行政检查减频次减数量"],
            ("辽宁沈阳对同一企业的同类检查", "涉企行政检查减频次减数量", None),
        ),
    ],
)
def test_two_verb_led_halves_are_one_headline(lines: list[str], expected: tuple[str | None, ...]) -> None:
    assert split_stack(lines, "") == expected


def test_a_stack_line_opening_with_a_predicate_goes_on_from_the_line_above() -> None:
    lines = ["2025年我国康养市场规模", "预计达9.5万亿元", "康养旅居，“慢游”撬", "动大市场（大数据观察）"]
    assert split_stack(lines, "") == (
        "2025年我国康养市场规模预计达9.5万亿元",
        "康养旅居，“慢游”撬动大市场（大数据观察）",
        None,
    )


def test_captions_begun_on_lines_under_a_headline_and_under_another_caption():
    """A photo set printed between a headline set under its body and the next report, a blank
    line after every line: each caption's first line stands alone (the first one under the
    headline, sharing no line with its credit; the second under the first one's credit)."""
    page = [
        *wrap(FARM[0], 22),
        "就《关于推动行业协会商会深化改革的意见》答",
        "记者问",
        "4月13日，在安徽省合肥市淮河路第三小学，官兵在向小学生介绍装",
        "备模型，普及国家安全知识。  徐  伟摄",
        "4月14日，人们在位于南京的江苏国家安全教育馆参观国家安",
        "全教育主题展。",
        "辛  一 摄",
        *wrap(FARM[1], 22),
        "国家安全教育在身边",
    ]
    assert captions_of(page, "\n\n") == [
        "4月13日，在安徽省合肥市淮河路第三小学，官兵在向小学生介绍装备模型，普及国家安全知识。",
        "4月14日，人们在位于南京的江苏国家安全教育馆参观国家安全教育主题展。",
    ]
    # a headline under a photo set's caption has no pause inside: it stays the next report's headline
    page = [
        "不骄不躁，乘势前进,中国经济就能",
        "在新世纪创造新辉煌。",
        "图为加强和改善宏观调控。  新华社记者  杜国雪  李丽摄",
        "女子围棋名人战决出四强",
        "占有一定的优势。",
        "新华社记者  范渊浩摄",
        "本报济南１月２日电“浪潮杯”全国女子围棋名人战今天再战一",
        "轮，老将华学明七段意外失手,不敌小将郑岩二段，与四强无缘。",
        "与华学明相比，虽然同样是面对年轻棋手，但杨晖八段没有给",
        "对手任何机会，不到３个小时就使小将黄佳初段推枰认输。",
    ]
    titles = [a.title for a in seg("\n\n".join(page) + "\n").articles]
    assert titles[-1] == "女子围棋名人战决出四强"
    # a subtitle over a caption's last line is no caption's beginning
    page = [
        *wrap(FARM[1], 22),
        "区域协同创新迸发澎湃活力",
        "——粤港澳大湾区建设国际科技创新中心一线观察",
        "",
        "建设国际科技创新中心。",
        "本报记者  王国雪摄",
        "",
        "辽宁新发现红山文化遗址 ４４ 处",
        "",
        *wrap(FARM[0], 22),
    ]
    assert captions_of(page) == ["建设国际科技创新中心。"]


def test_an_author_note_over_a_charts_source_line_is_no_caption():
    page = ["传承昆曲的温度", *wrap(FARM[0], 22), "（作者为江苏省演艺集团昆剧院院长）", "数据来源：国家医保局"]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.captions == [] and art.paragraphs[-1] == "（作者为江苏省演艺集团昆剧院院长）"


def test_a_notice_with_an_address_is_no_headline_line():
    """`选题线索来信邮箱：…@peopledaily.cn` ends a column's article; the headline printed right under
    it (no blank line between) is the next article's alone."""
    page = [
        "兰花的生存智慧知多少（把自然讲给你听）",
        *wrap(FARM[0], 22),
        "选题线索来信邮箱：rmrbstb@peopledaily.cn",
        "科学抓落实才能真出业绩、出真业绩（思想纵横）",
        "",
        "罗志强",
        "",
        *wrap(FARM[1], 22),
    ]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs[-1] == "选题线索来信邮箱：rmrbstb@peopledaily.cn"
    assert (second.title, second.byline) == ("科学抓落实才能真出业绩、出真业绩（思想纵横）", "罗志强")
    from baokan.segment.paragraphs import names_an_address

    assert names_an_address("本版邮箱：rmrbpl@peopledaily.cn（来稿请注明栏目名）")
    assert not names_an_address("科学抓落实才能真出业绩、出真业绩") and not names_an_address("@人民日报")


def test_a_bracketed_list_of_reporters_closes_the_report_above():
    """A report gathered from many places closes with its reporters in brackets, wrapped over
    lines; the headline under it is the next article's, not the list."""
    first, second = seg("\n".join(MANY_PLACES) + "\n").articles[-2:]
    assert first.paragraphs[-1] == (
        "（本报记者王小明、李华、张伟平、赵刚、刘军华、付明月、杨新菲、王欣然、郑志文、宋朝阳、董泽宇、焦思远）"
    )
    assert second.title == "以青春之我 创青春中国"


# the end of a report from many places and the next one's start, shaped as renderer B printed them
MANY_PLACES = [
    "直面问题抓整改",
    "　　某某林业大学坚持开门抓学习教育、主",
    "动问需问计，聚焦人才培养、学科建设中重",
    "当前轻长远、重指标轻内涵等倾向，校领导",
    "班子深入一线走访调研，梳理形成教学资源",
    "配置不够均衡、专业建设与社会需求吻合度",
    "有待提高等10项突出问题，并建立分级研判",
    "台账，实行对账销号、闭环管理，以人才培",
    "养模式改革为牵引，把学习教育成效转化为",
    "事业高质量发展实效。",
    "　　（本报记者王小明、李华、张伟平、赵",
    "刚、刘军华、付明月、杨新菲、王欣然、郑",
    "志文、宋朝阳、董泽宇、焦思远）",
    "",
    "以青春之我　创青春中国",
    "　　湖北武汉市，某实验室研",
    "究员聚力激光前沿赛道，突破技",
    "术壁垒，提升单张玻璃光盘的理",
    "论容量；",
    "　　黑龙江某县，一家水稻种",
    "植专业合作社的理事长深耕乡村",
    "沃野，引进智能化设备，组织社",
    "员学习新技术，带动周边农户增",
    "收致富。",
]


def test_a_tagged_headline_under_a_sentence_end_is_no_paragraph_line():
    """A blank line after every line: a whole headline closed by its column tag, right under a
    sentence's end and over a photo's caption, was read as the last line of that paragraph."""
    page = [
        "傍晚，夕阳透过马路边的香樟，洒下斑驳光",
        "影。魏师傅把当天缝补完的最后一件线衫交给顾",
        "客，拉下卷闸门，动身回家，一路笑意盈盈……",
        "持续深化传统产业绿色转型（专题深思）",
        "是优化提升传统产业的一个关键抓手。",
        "廖  秀摄",
        "焦  豪",
        *wrap(BOOKS[0], 21),
    ]
    articles = seg("\n\n".join(page) + "\n").articles
    assert articles[-1].title == "持续深化传统产业绿色转型（专题深思）"
    assert articles[-1].byline == "焦豪"
    # a notice closed by brackets stays its paragraph's last line, over the headline of the notice
    page = [
        *wrap(FARM[0], 24),
        "各位读者，本版“大家谈”“暖闻热评”“中国道路中国",
        "梦”“来论”等栏目长期征稿，欢迎赐稿，请勿一稿多投。",
        "本版邮箱：rmrbpl@peopledaily.cn（来稿请注明栏目名）",
        "欢迎赐稿",
        *wrap(BOOKS[0], 24),
    ]
    titles = [a.title for a in seg("\n".join(page) + "\n").articles]
    assert "欢迎赐稿" in titles


def test_a_kicker_and_tagged_headline_printed_under_the_body_they_head_are_no_paragraph_lines():
    """A blank line after every line, the stack under its body: the kicker (a phrase with no mark
    that ends a sentence) and the headline closed by its column tag were read as the last lines of
    the paragraph above them."""
    kicker = "４０ 条公交专线累计运送菜农 ３０ 万人次、农产品 １４００ 余吨"  # wider than the column
    headline = "坐上惠农公交专线去卖菜（暖相册）"
    # the paragraph's last line is a full one (as wide as the column): nothing ends the paragraph there
    assert len(wrap(FARM[1], 18)[-1]) == 18
    page = [*wrap(BOOKS[1], 18), *wrap(FARM[1], 18), kicker, headline, "版式设计：张丹峰"]
    (article,) = seg("\n\n".join(page) + "\n").articles
    assert (article.kicker, article.title) == ("40条公交专线累计运送菜农30万人次、农产品1400余吨", headline)
    assert "".join(article.paragraphs) == BOOKS[1] + FARM[1]
    # the decision itself, on a paragraph that ran on into both lines
    from baokan.segment.blocks import _tagged_headline_run_in

    lines = split_lines(page_lines("\n".join([*wrap(FARM[1], 18), kicker, headline]) + "\n"))
    assert _tagged_headline_run_in(lines) == 2
    assert _tagged_headline_run_in(lines[:-2] + lines[-1:]) == 1  # the headline alone
    assert _tagged_headline_run_in(lines[:-2] + lines[-2:-1]) == 0  # no headline: the kicker alone
    broken = split_lines(page_lines("\n".join([*wrap(FARM[1], 18), "城市书房点亮市民夜生活，", headline]) + "\n"))
    assert _tagged_headline_run_in(broken) == 0
    # a line broken off mid-sentence (a comma at its end) over such a headline stays in its paragraph
    page = [*wrap(BOOKS[0], 21), *wrap(FARM[0], 21), "城市书房点亮市民夜生活，", headline, *wrap(BOOKS[1], 21)]
    assert all(a.kicker is None for a in seg("\n\n".join(page) + "\n").articles)


def test_an_intertitle_wrapped_where_its_column_ends_stays_in_its_article():
    """An intertitle too long for a narrow column wraps at the column's measure (its first line
    as wide as the body's, a word broken across the lines): its second line is no evidence of a
    headline stack, and the report goes on under it."""
    page = [
        "以青春之我",
        "创青春中国",
        "本报记者  杨昊",
        "挑大梁、当主角、显身",
        "手。在科技创新前沿，广大",
        "青年已成为当之无愧的主力",
        "军。看航天，卫星组网，研",
        "制团队平均年龄31岁；探月",
        "取壤，关键测控岗位负责人",
        "平均年龄 33岁；空间站建站",
        "，实 验 舱 总 装 团 队 平 均 年",
        "龄33岁……以青春赋能创新",
        "，中国正从全球科技参与者",
        "、贡献者向开拓者、引领者",
        "加速转变。",
        "扎根一线：向下深耕，在广",
        "袤大地书写无悔青春",
        "把理想的种子播撒在国",
        "家最需要的土壤里，青春才",
        "能绽放出最耀眼的光芒。",
        "河 北 某 县 某 乡 某 村 ，果 蔬",
        "大棚里西红柿长势喜人。村",
        "党支部书记兼村委会主任正",
        "向客人介绍村里的农业产业",
        "情况。",
    ]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.title == "以青春之我创青春中国"
    assert "扎根一线：向下深耕，在广袤大地书写无悔青春" in art.paragraphs


def test_a_name_that_finishes_the_word_a_full_line_broke_off_is_no_byline():
    """`江力量` under an intertitle run to its column's end (`…贡献黑龙`) reads as a name (江 is a
    surname), but it ends the word `黑龙江` that the body prints: the line's tail, not a new
    article's byline."""
    a = "黑龙江牢记总书记重要嘱托，坚决扛起维护国家安全政治责任，建好建强国家重要商品粮生产基地，守好祖国北大门。"
    b = "习近平总书记强调，要在维护国家国防安全、粮食安全、生态安全中积极履职尽责。全面推进现代化强省建设。"
    inter = "以强烈的政治担当维护国家安全，为长治久安贡献黑龙"
    page = ["全面贯彻总体国家安全观", "许  勤", *wrap(a * 2, 24), inter, "江力量", *wrap(b, 24)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.byline == "许勤"
    assert inter + "江力量" in art.paragraphs


def test_a_quotation_signed_under_it_opens_the_body_and_is_no_caption():
    page = [
        "就近入托  托起幸福",
        "□ 本报记者 尚嵘峥",
        "《人民日报》（2025年12月10日第04版）",
        "　　发展普惠托育和托幼一体化服务，逐步完善相关制度。",
        "　　——摘自“十五五”规划建议",
        *wrap(FARM[0], 26),
    ]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.captions == []
    assert art.paragraphs[:2] == ["发展普惠托育和托幼一体化服务，逐步完善相关制度。", "——摘自“十五五”规划建议"]


def test_a_charts_source_line_under_an_articles_last_sentence_makes_no_caption():
    last = "“我们会再接再厉，把‘村超’办得更好！”陈开华说。"
    page = ["村超火了", *wrap(FARM[0], 22), last, "数据来源：榕江县文体广电旅游局"]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.captions == [] and art.paragraphs[-1] == last


def test_a_caption_wrapped_onto_a_line_that_ends_with_its_source():
    page = [
        "（新视窗·培育服务消费新增长点）",
        "",
        "图为中国船政文化园一景。福建船政文化管理委",
        "",
        "员会供图",
        "",
        "刘武根",
        "",
        *wrap(FARM[0], 26),
    ]
    assert captions_of(page) == ["图为中国船政文化园一景。福建船政文化管理委员会供图"]


def test_a_caption_finished_on_two_narrow_lines_by_its_source():
    # the caption's measure is narrower than the column: its last two lines end with the source
    caption = ["图为城市书房读书分享会的现", "场。市图书馆城市书房中心供", "图"]
    page = [*wrap(FARM[0], 18), "", caption[0], "", caption[1], "", caption[2], "", *wrap(FARM[1], 18)]
    assert captions_of(page) == ["".join(caption)]
    # lines wider than the caption's are body text that happens to end so
    page = [
        *wrap(FARM[0], 18),
        "",
        caption[0],
        "",
        "场。今年市图书馆城市书房服务中心供",
        "",
        "图",
        "",
        *wrap(FARM[1], 18),
    ]
    assert captions_of(page) == [caption[0]]


def test_a_headline_closed_by_its_column_tag_outweighs_words_shared_with_the_article_above():
    """Two commentaries on one subject, the second's headline closed by its column tag: however
    much their words cohere, no intertitle carries a column's name."""
    more = "城市书房要办好，关键在于用心经营，让城市书房成为市民愿意来、留得住的文化空间。"
    page = ["城市书房点亮市民夜生活", *wrap(BOOKS[0], 22), *wrap(BOOKS[1], 22)]
    page += ["城市书房何以向新而活（人民时评）", *wrap(BOOKS[2], 22), *wrap(more, 22)]
    articles = seg("\n".join(page) + "\n").articles
    assert [(a.title, a.paragraphs) for a in articles] == [
        ("城市书房点亮市民夜生活", BOOKS[:2]),
        ("城市书房何以向新而活（人民时评）", [BOOKS[2], more]),
    ]


def test_a_tagged_headline_too_short_to_open_the_paragraph_under_it_is_its_headline():
    """No blank line and no indent part the headline from the epigraph under it: a paragraph that
    goes on past its first line starts with a full one (less its indent), so a short first line
    closed by a column tag is the headline over the body."""
    headline = "书房不能只开不管（思想纵横）"
    page = [
        "2025年7月3日 星期四",
        "人民日报",
        headline,
        "读书之乐乐何如？绿满窗前草不除。",
        *wrap(BOOKS[0], 17, indent=False),
    ]
    page += wrap(BOOKS[1], 17, indent=False)
    (article,) = seg("\n".join(page) + "\n").articles
    assert article.title == headline
    assert "".join(article.paragraphs).startswith("读书之乐乐何如？")
    # the decision itself
    from baokan.segment.blocks import _tagged_headline_over
    from baokan.segment.model import Block

    lines = split_lines(page_lines("\n".join(page[2:]) + "\n"))
    assert _tagged_headline_over(Block("body", lines, width=17.0))
    # a full first line that ends at a bracket opens the paragraph
    full = split_lines(page_lines("\n".join(["城市书房开放时间延长到十点（试行）", *page[3:]]) + "\n"))
    assert full[0].width >= 17.0 - 2 and not _tagged_headline_over(Block("body", full, width=17.0))


@pytest.mark.parametrize(
    "under", ["本报长春7月2日电（记者郑智文）" + BOOKS[1], "本报记者  郑智文"], ids=["dateline", "byline"]
)
def test_a_headline_run_on_into_the_paragraph_above_a_dateline_or_byline_is_cut_off(under: str):
    """The paragraph above ended its last sentence; the line under that, with no stop and over the
    next article's dateline or byline, is that article's headline (no blank line parts them)."""
    headline = "吉林出台方案培育壮大冰雪装备器材产业"
    assert len(wrap(BOOKS[0], 18)[-1]) == 18  # a full last line: its width does not end the paragraph
    page = ["城市书房点亮市民夜生活", *wrap(BOOKS[0], 18), headline, under, *wrap(FARM[0], 18)]
    titles = [a.title for a in seg("\n".join(page) + "\n").articles]
    assert titles == ["城市书房点亮市民夜生活", headline]


def test_a_paragraphs_last_line_that_breaks_off_or_stops_is_no_headline_over_a_byline():
    from baokan.segment.blocks import _headline_under_last_sentence
    from baokan.segment.model import Block

    def cut(*tail: str) -> int:
        lines = split_lines(page_lines("\n".join([*wrap(BOOKS[0], 17), *tail]) + "\n"))
        return _headline_under_last_sentence(Block("body", lines))

    assert cut("吉林出台方案培育壮大冰雪装备器材产业") == len(wrap(BOOKS[0], 17))
    assert cut("市民纷纷表示，城市书房让生活更美好，") == 0  # a clause broken off
    assert cut("市民纷纷表示城市书房让生活更美好。") == 0  # a sentence
    assert cut("（本报记者付永文、李明）") == 0  # a closing note


def test_text_continued_from_another_page_is_cut_from_the_article_whose_headline_follows_its_body():
    """`（上接第一版）` over a body run, a headline printed after it: the continued text's headline is
    on the page it began on (or printed again after it, when the run is one article). Where the
    headline's words begin and the two parts share little, the run is two articles."""
    continued = [
        *FARM,
        "眼下，田野里的麦苗长势喜人，合作社的农机手们正忙着开展病虫害统防统治，力保夏粮稳产增产。",
        "农技专家提醒，近期气温回升较快，要抓住有利时机追肥浇水，做好田间管理，为丰收打下基础。",
        "夕阳西下，忙碌了一天的农民们陆续收工回家，田埂上不时传来阵阵欢声笑语。",
    ]
    assert len("".join(continued)) >= 300  # no short opening: the continued text goes on for a while
    headline = "城市书房年接待读者一百多万人次"
    page = ["（上接第一版）", "本报记者  付永文", *(ln for p in continued for ln in wrap(p, 22))]
    page += [*(ln for p in BOOKS for ln in wrap(p, 22)), headline]
    articles = seg("\n".join(page) + "\n").articles
    assert [(a.title, a.byline, "".join(a.paragraphs)) for a in articles] == [
        (None, "本报记者 付永文", "".join(continued)),
        (headline, None, "".join(BOOKS)),
    ]
    # the continued article's own headline printed again after it: one article
    page = [
        "（上接第一版）",
        "本报记者  付永文",
        *(ln for p in continued for ln in wrap(p, 22)),
        "抢抓农时推进春耕生产",
    ]
    (article,) = seg("\n".join(page) + "\n").articles
    assert (article.title, "".join(article.paragraphs)) == ("抢抓农时推进春耕生产", "".join(continued))


def test_a_pictures_source_under_a_finished_caption_ends_that_caption():
    # no photographer: the source stays the caption's text (docs/gold-conventions.md), not a headline line
    page = [*wrap(FARM[0], 24), "", "图为城市书房读书分享会现场。", "", "市图书馆供图", ""]
    page += ["市民代表——", "", "城市书房点亮市民夜生活", "", *wrap(BOOKS[0], 24)]
    assert captions_of(page) == ["图为城市书房读书分享会现场。市图书馆供图"]
    titles = [(a.kicker, a.title) for a in seg("\n".join(page) + "\n").articles]
    assert ("市民代表——", "城市书房点亮市民夜生活") in titles


def test_a_credited_caption_of_a_sentences_last_characters_began_on_the_line_above():
    """Under a headline stack and over the next byline nothing else places the caption (no headline
    follows it, no comma or caption stands above it), but no caption is two characters long."""
    from baokan.segment.blocks import _captions_begun_above
    from baokan.segment.model import Block

    lines = split_lines(
        page_lines("（权威发布）\n读者在城市书房里看书学\n习。\n计海新摄\n本报记者  王乐文\n" + BOOKS[0] + "\n")
    )
    tag, head, end, credit, byline, body = lines
    blocks = [
        Block("display", [tag], text=tag.text),
        Block("display", [head], text=head.text),
        Block("caption", [end, credit], text="习。", pieces=["习。"], credit="计海新 摄", photographers=["计海新"]),
        Block("byline", [byline], byline="本报记者 王乐文"),
        Block("body", [body], text=body.text),
    ]
    _captions_begun_above(blocks)
    assert [(b.kind, b.text) for b in blocks[:2]] == [
        ("display", "（权威发布）"),
        ("caption", "读者在城市书房里看书学习。"),
    ]


def test_a_stack_run_into_the_paragraph_under_it_opens_it_no_more():
    """A blank line after every line, the stack under its body: the kicker's lead-in (wider than
    the column) and the headline were read as the first lines of the next article's paragraph."""
    from baokan.segment.blocks import _stack_opens
    from baokan.segment.model import Block

    kicker, headline = "重庆市大渡口区人大常委会——", "把民情联络点建在产业链上"
    lines = split_lines(page_lines("\n".join([kicker, headline, *wrap(BOOKS[0], 12)]) + "\n"))
    assert _stack_opens(Block("body", lines, width=12.0))
    # a paragraph that breaks a line after a dash, in the column's measure, goes on
    running = split_lines(page_lines("\n".join(["城市书房是市民身边的文化客厅——", *wrap(BOOKS[0], 16)]) + "\n"))
    assert not _stack_opens(Block("body", running, width=16.0))
    page = [*wrap(FARM[0], 12), kicker, headline, *wrap(BOOKS[0], 12), *wrap(BOOKS[1], 12)]
    titles = [(a.kicker, a.title) for a in seg("\n\n".join(page) + "\n").articles]
    assert (kicker, headline) in titles


def test_a_caption_line_that_ends_with_its_pictures_source_is_whole():
    # the headline under it (closed by a bracket, as a sentence may be) is not the caption's end
    source_line = "图为城市书房读书分享会现场。市图书馆供图"
    page = [*wrap(FARM[0], 22), source_line, "城市书房点亮市民夜生活（经济新方位）", "本报记者  王乐文"]
    page += wrap(BOOKS[0], 22)
    assert captions_of(page) == [source_line]
    assert "城市书房点亮市民夜生活（经济新方位）" in [a.title for a in seg("\n".join(page) + "\n").articles]


def test_the_speakers_of_a_compilation_of_excerpts_are_paragraphs_of_its_body():
    """`——…论坛发言摘编`: each excerpt under its own phrase, its speaker's office and name. Two or
    more speakers named so make the page a compilation: no excerpt is an article of its own."""
    excerpts = [
        ("建设城市书房服务体系", "市文化和旅游局局长", "王立新", BOOKS[0]),
        ("推动全民阅读深入开展", "市图书馆馆长", "李  明", BOOKS[1]),
        ("让阅读成为生活方式", "市作家协会主席", "张文华", BOOKS[2]),
    ]
    page = ["城市书房点亮市民夜生活", "——全市全民阅读推进会发言摘编"]
    for phrase, office, name, text in excerpts:
        page += [phrase, office, name, *wrap(text, 18)]
    (article,) = seg("\n".join(page) + "\n").articles
    assert (article.title, article.subtitle) == ("城市书房点亮市民夜生活", "——全市全民阅读推进会发言摘编")
    speakers = [office + "".join(name.split()) for _, office, name, _ in excerpts]
    assert all(speaker in article.paragraphs for speaker in speakers)
    assert [p for p in article.paragraphs if p in BOOKS] == BOOKS
    # without the announcement, offices over names sign articles (a theory page's): each its own
    page = []
    for phrase, office, name, text in excerpts:
        page += [phrase, office, name, *wrap(text, 18)]
    assert len(seg("\n".join(page) + "\n").articles) == len(excerpts)


def test_a_reports_summary_points_and_its_dateline_are_one_article():
    """The main points printed under the headline, each opened by a bullet, then the report opening
    with its dateline: the dateline opens no article of its own and stays in its paragraph."""
    points = ["■" + BOOKS[0], "■" + BOOKS[1]]
    page = ["城市书房点亮市民夜生活", *(ln for p in points for ln in wrap(p, 22))]
    page += ["本报北京11月18日电" + FARM[0][:9], *wrap(FARM[0][9:] + FARM[1], 22, indent=False)]
    (article,) = seg("\n".join(page) + "\n").articles
    assert article.title == "城市书房点亮市民夜生活"
    assert article.paragraphs[:2] == points
    assert "".join(article.paragraphs[2:]).startswith("本报北京11月18日电")
