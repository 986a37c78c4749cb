"""Segmentation rules on small hand-made pages (layouts other than the seed's)."""

from __future__ import annotations

import itertools

import pytest

from baokan.segment import segment_text
from baokan.segment.bylines import parse_bare_names, parse_byline_head, parse_standalone_byline, split_credit


def seg(text: str):
    return segment_text(text, publication="测试报", date="2023-04-11", page=2, file="p.txt", sha256="0" * 64)


def wrap(text: str, width: int, indent: bool = True) -> list[str]:
    """Print a paragraph in a column of `width` characters: first line two short (the indent), no
    line starting with closing punctuation, last line short."""
    out: list[str] = []
    cap = width - 2 if indent else width
    i = 0
    while i < len(text):
        take = cap
        while i + take < len(text) and text[i + take] in "，。、；：！？”":
            take += 1
        out.append(text[i : i + take])
        i += take
        cap = width
    while len(out) > 1 and len(out[-1]) > width - 2:
        out[-2], out[-1] = out[-2] + out[-1][0], out[-1][1:]
    return out


P1 = "春耕时节，田间地头一派繁忙景象。农民们抢抓农时，翻地、播种、施肥，处处是忙碌的身影，处处是希望的田野。"
P2 = "今年，全县共落实粮食播种面积二十万亩，新建高标准农田三万亩，为全年粮食丰收打下了坚实基础，群众信心满满。"
P3 = "县农业农村局组织技术人员深入田间，手把手指导农民科学种田，推广良种良法，确保春播工作顺利进行，取得实效。"
P4 = "城市书房的灯光每晚都亮到十点，附近的居民下班后常来这里看书学习，孩子们也在这里写作业，气氛十分安静温馨。"
P5 = "据介绍，全市已建成城市书房五十余家，藏书超过三十万册，年接待读者一百多万人次，成为市民身边的文化客厅。"


def test_title_before_body_with_kicker_subtitle_and_dateline():
    lines = [
        "全县上下抢抓农时",
        "春耕生产热火朝天",
        "——我县扎实推进春季农业生产",
        "本报北京4月9日电 （记者 王政、刘温馨） " + P1[:8],
    ]
    lines += wrap(P1[8:], 16, indent=False) + wrap(P2, 16) + wrap(P3, 16)
    res = seg("\n\n".join(lines) + "\n")
    assert len(res.articles) == 1
    a = res.articles[0]
    assert a.title == "春耕生产热火朝天"
    assert a.kicker == "全县上下抢抓农时"
    assert a.subtitle == "——我县扎实推进春季农业生产"
    assert a.dateline == "本报北京4月9日电"
    assert a.byline == "本报北京4月9日电（记者 王政、刘温馨）"
    assert [(x.name, x.role) for x in a.authors] == [("王政", "记者"), ("刘温馨", "记者")]
    assert a.paragraphs == [P1, P2, P3]
    assert "title_after_body" not in a.flags
    assert a.source.line_start == 1


def test_two_articles_titles_before_bodies_and_width_change():
    page = ["春耕生产热火朝天", "□ 本报记者 张  强", *wrap(P1, 16), *wrap(P2, 16), *wrap(P3, 16)]
    page += ["城市书房点亮市民夜生活", "本报讯 （记者 韩笑 实习生 李", "琦） " + P4[:14]]
    page += wrap(P4[14:], 24, indent=False) + wrap(P5, 24)
    res = seg("\n".join(page))
    assert [a.title for a in res.articles] == ["春耕生产热火朝天", "城市书房点亮市民夜生活"]
    a, b = res.articles
    assert a.byline == "本报记者 张强" and [(x.name, x.role) for x in a.authors] == [("张强", "记者")]
    assert a.dateline is None
    assert a.paragraphs == [P1, P2, P3]
    assert b.byline == "本报讯（记者 韩笑 实习生 李琦）"
    assert [(x.name, x.role) for x in b.authors] == [("韩笑", "记者"), ("李琦", "实习生")]
    assert b.paragraphs == [P4, P5]
    assert not res.fragments


def test_untitled_articles_split_where_column_width_changes():
    page = wrap(P1, 16) + wrap(P2, 16) + wrap(P3, 16) + wrap(P4 + P5, 28) + wrap(P5 + P4, 28)
    res = seg("\n\n".join(page))
    assert [a.paragraphs for a in res.articles] == [[P1, P2, P3], [P4 + P5, P5 + P4]]
    assert all("no_title" in a.flags and "no_byline" in a.flags for a in res.articles)


def test_in_body_subhead_is_a_paragraph():
    page = ["春耕生产热火朝天", *wrap(P1 + P2, 18), *wrap(P2 + P3, 18), "  烦  恼", *wrap(P3 + P1, 18)]
    res = seg("\n".join(page))
    assert len(res.articles) == 1
    assert res.articles[0].paragraphs == [P1 + P2, P2 + P3, "烦恼", P3 + P1]


def test_caption_with_credit_on_its_own_line_and_orphan_credit():
    page = ["城市书房点亮市民夜生活", *wrap(P4, 20), *wrap(P5, 20)]
    page += ["图为市民在城市书房看书学习。", "记者 王益炜 摄"]
    res = seg("\n\n".join(page))
    (a,) = res.articles
    assert [(c.text, c.credit, c.photographers) for c in a.captions] == [
        ("图为市民在城市书房看书学习。", "记者 王益炜 摄", ("王益炜",))
    ]
    res = seg("\n".join([*wrap(P4, 20), "记者 王益炜 摄"]))
    assert [f.reason for f in res.fragments] == ["credit_without_caption"]


def test_headline_attached_by_similarity_across_positions():
    # Seed-like: each headline printed after its body.
    page = wrap(P1, 16) + wrap(P2, 16) + ["春耕时节田间地头抢农时"]
    page += ["本报讯 （记者 高茜） " + P4[:6], *wrap(P4[6:], 16, indent=False), *wrap(P5, 16)]
    page += ["城市书房成为市民文化客厅"]
    res = seg("\n\n".join(page))
    assert [a.title for a in res.articles] == ["春耕时节田间地头抢农时", "城市书房成为市民文化客厅"]
    assert all("title_after_body" in a.flags for a in res.articles)


def test_nothing_on_the_page_is_an_article():
    res = seg("□ 本报记者 刘少伟\n\n")
    assert res.articles == [] and [f.reason for f in res.fragments] == ["orphan_byline"]
    assert seg("").articles == [] and seg("").fragments == []


def test_dateline_heads():
    h = parse_byline_head("本报讯 （记者 高茜） 实干开新")
    assert (h.dateline, h.byline, [a.name for a in h.authors]) == ("本报讯", "本报讯（记者 高茜）", ["高茜"])
    h = parse_byline_head("新华社北京4月9日电 今天上午")
    assert (h.dateline, h.byline, h.authors) == ("新华社北京4月9日电", "新华社北京4月9日电", [])
    h = parse_byline_head("本报讯 （记者 付永文 通讯员\n卫海平 解德智） 蓝图")
    assert [(a.name, a.role) for a in h.authors] == [("付永文", "记者"), ("卫海平", "通讯员"), ("解德智", "通讯员")]
    h = parse_byline_head("本报北京\n4月9日电（记者 王政） 今天")
    assert h.dateline == "本报北京4月9日电"
    assert parse_byline_head("本报记者从市里获悉") is None


def test_standalone_bylines():
    assert parse_standalone_byline("□ 本报记者 刘少伟")[0] == "本报记者 刘少伟"
    assert parse_standalone_byline("本报记者  金  歆")[0] == "本报记者 金歆"
    _by, authors = parse_standalone_byline("记者 王芳 通讯员 李明 张强")
    assert [(a.name, a.role) for a in authors] == [("王芳", "记者"), ("李明", "通讯员"), ("张强", "通讯员")]
    assert parse_standalone_byline("记者从市里获悉，今年") is None
    assert parse_standalone_byline("记者 侯利军 摄") is None
    # a news site's reporter beside the paper's own
    _by, authors = parse_standalone_byline("本报记者  吕绍刚 人民网记者 何  蒨")
    assert (_by, [(a.name, a.role) for a in authors]) == (
        "本报记者 吕绍刚 人民网记者 何蒨",
        [("吕绍刚", "记者"), ("何蒨", "记者")],
    )
    # 洪 and 巨 are surnames; a minority people's name of four characters follows its role unjoined
    # (`阿尔达克`), but four such characters alone on a line stay a place (`巴基斯坦`)
    assert parse_standalone_byline("本报记者  洪秋婷")[0] == "本报记者 洪秋婷"
    assert parse_standalone_byline("本报记者  巨云鹏")[0] == "本报记者 巨云鹏"
    assert parse_standalone_byline("本报记者 阿尔达克")[0] == "本报记者 阿尔达克"
    assert parse_bare_names("巴基斯坦") is None
    # a name set apart from its role by spaces is the reporter's, whatever its first character
    # (`本报记者  琼达卓嘎`); running text that opens with a role word is not
    assert parse_standalone_byline("本报记者  琼达卓嘎")[0] == "本报记者 琼达卓嘎"
    assert parse_standalone_byline("记者眼前一亮") is None
    # a pen name alone under a commentary's tagged headline need not open with a surname (`尔  冬`);
    # a label standing there (`引言`, `贺信`) is no name
    for label, authors in (("晓  熠", [("晓熠", None)]), ("引言", []), ("贺信", [])):
        page = ["城市书房点亮市民夜生活（快评）", label, *wrap(P1, 20), *wrap(P2, 20)]
        (art,) = seg("\n".join(page) + "\n").articles
        assert [(a.name, a.role) for a in art.authors] == authors
    # ... also where the headline's tag wrapped onto a line of its own (`…（话说新` / `农村）`)
    page = ["“桃花村”为什么这样美（话说新", "农村）", "晓熠", *wrap(P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.byline) == ("“桃花村”为什么这样美（话说新农村）", "晓熠")
    # a commentator's name set solid under the tagged headline, its surname a less common one (`代`)
    page = ["承包稳预期,信心地", "里来（人民时评）", "代志新", *wrap(P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.byline) == ("承包稳预期，信心地里来（人民时评）", "代志新")
    assert parse_bare_names("丘  岳") == ["丘岳"] and parse_bare_names("暨佩娟") == ["暨佩娟"]
    # a word the body opens with is a label there, no pen name (`小雪` / `小雪是二十四节气的…`)
    first = "小雪是二十四节气的第二十个节气。" + P1
    page = ["“瑞雪”缘何“兆丰年”（二十四节气二十四问）", "", "小雪", "", *wrap(first, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.authors, art.paragraphs) == ("“瑞雪”缘何“兆丰年”（二十四节气二十四问）", [], ["小雪", first])
    # who drew the cartoon under a byline (`洪琥绘`) is a credit, not one more reporter
    assert parse_bare_names("洪琥绘") is None and parse_bare_names("方静玉摄") is None
    page = ["城市书房点亮市民夜生活", "本报记者  颜  珂", "洪琥绘", *wrap(P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert [(a.name, a.role) for a in art.authors] == [("颜珂", "记者")]
    page = ["广东医疗机构试点免陪照护服务（探访）", "", "本报记者", "", "洪秋婷", "", *wrap(P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert [(a.name, a.role) for a in art.authors] == [("洪秋婷", "记者")] and art.paragraphs == [P1, P2]


def test_credits():
    assert split_credit("图为座谈现场。 记者 王益炜 摄") == ("图为座谈现场。", "记者 王益炜 摄", ["王益炜"])
    assert split_credit("图为座谈现场。记者王益炜摄") == ("图为座谈现场。", "记者 王益炜 摄", ["王益炜"])
    assert split_credit("王益炜 侯利军 摄")[1:] == ("王益炜 侯利军 摄", ["王益炜", "侯利军"])
    assert split_credit("图为座谈现场。")[1] is None
    # a photo agency after the credit stays with it (人民日报 prints `周  亮摄（人民视觉）`)
    assert split_credit("游客在景区参观。 罗京来摄（影像中国）") == (
        "游客在景区参观。",
        "罗京来 摄（影像中国）",
        ["罗京来"],
    )
    page = ["城市书房点亮市民夜生活", "本报记者  付永文", *wrap(P1, 20), "游客在景区参观打卡。", "周  亮摄（人民视觉）"]
    (art,) = seg("\n".join([*page, *wrap(P2, 20)]) + "\n").articles
    assert [(c.text, c.credit) for c in art.captions] == [("游客在景区参观打卡。", "周亮 摄（人民视觉）")]
    assert art.paragraphs == [P1, P2]
    # a photo set's credit (`以上图片均为…摄`) is a credit alone: its words are no caption
    assert split_credit("以上图片均为本报记者  张三摄") == ("", "本报记者 张三 摄", ["张三"])
    assert split_credit("以上图片均为曾俊荣摄") == ("", "曾俊荣 摄", ["曾俊荣"])
    page = ["城市书房点亮市民夜生活", "本报记者  付永文", *wrap(P1, 20), "图①：游客在景区参观打卡。"]
    page += ["图②：市民在城市书房阅读。", "以上图片均为本报记者  张三摄", *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert [(c.text, c.credit) for c in art.captions] == [
        ("图①：游客在景区参观打卡。", None),
        ("图②：市民在城市书房阅读。", "本报记者 张三 摄"),
    ]


def test_running_text_broken_after_she_is_not_a_credit():
    # …中国著名摄|影师…: "names" glued to the words before them and to 摄, without a role
    assert split_credit("这个世界才会变得更加美好。在影片拍摄过程中，中国著名摄")[1] is None
    assert split_credit("图为会场。王伟摄")[1] is None
    assert split_credit("李晓摄")[1:] == ("李晓 摄", ["李晓"])  # the whole line: set apart
    assert split_credit("图为会场。 王伟 李四摄")[1:] == ("王伟 李四 摄", ["王伟", "李四"])


def test_dateline_inside_running_text_stays_a_paragraph():
    # A body quoting another dispatch: no bracketed byline, same column, after a finished paragraph.
    quoted = "本报厦门1月2日电记者郅振璞报道：" + P3
    cited = "据新华社开罗1月1日电（记者邵杰）" + P5
    page = ["春耕生产热火朝天", "本报讯 （记者 王政） " + P1[:8], *wrap(P1[8:] + P2, 22, indent=False)]
    page += wrap(P2 + P3, 22) + wrap(quoted, 22) + wrap(P4 + P1, 22) + wrap(cited, 22) + wrap(P4, 22)
    res = seg("\n".join(page))
    assert len(res.articles) == 1
    a = res.articles[0]
    assert a.byline == "本报讯（记者 王政）"
    assert a.paragraphs == [P1 + P2, P2 + P3, quoted, P4 + P1, cited, P4]


def test_dateline_after_a_headline_or_at_a_column_change_opens_an_article():
    body = wrap(P1 + P2, 22) + wrap(P2 + P3, 22)
    page = [*body, "城市书房点亮市民夜生活", "本报讯 " + P4[:10], *wrap(P4[10:] + P5, 22, indent=False), *wrap(P5, 22)]
    res = seg("\n".join(page))
    assert [a.paragraphs for a in res.articles] == [[P1 + P2, P2 + P3], [P4 + P5, P5]]
    assert res.articles[1].dateline == "本报讯"
    page = [*body, "本报讯 " + P4[:20], *wrap(P4[20:] + P5, 30, indent=False), *wrap(P5 + P4, 30)]
    res = seg("\n".join(page))
    assert [a.paragraphs for a in res.articles] == [[P1 + P2, P2 + P3], [P4 + P5, P5 + P4]]
    # Same column, but reporters named in brackets (broken over two lines): a new article.
    page = [*body, "本报北京2月23日讯 （记者 吕桂炜 实", "习生 莫秀）" + P4[:14], *wrap(P4[14:] + P5, 22, indent=False)]
    res = seg("\n".join(page + wrap(P5, 22)))
    assert [a.paragraphs for a in res.articles] == [[P1 + P2, P2 + P3], [P4 + P5, P5]]
    assert res.articles[1].byline == "本报北京2月23日讯（记者 吕桂炜 实习生 莫秀）"


def test_column_label_like_a_byline_is_an_in_body_subhead():
    assert parse_standalone_byline("记 者 手 记") is None
    assert parse_standalone_byline("记者  手记") is None
    page = ["春耕生产热火朝天", "本报讯 （记者 王政） " + P1[:8], *wrap(P1[8:] + P2, 22, indent=False)]
    page += ["记 者 手 记", *wrap(P3 + P4, 22)]
    res = seg("\n".join(page))
    assert len(res.articles) == 1
    assert res.articles[0].paragraphs == [P1 + P2, "记者手记", P3 + P4]


def test_standalone_byline_over_a_body_opens_an_article_in_the_same_column():
    page = ["春耕生产热火朝天", *wrap(P1 + P2, 22), *wrap(P2 + P3, 22)]
    page += ["本报记者 李雅萍", *wrap(P4 + P5, 22), *wrap(P5 + P4, 22), "城市书房点亮市民夜生活"]
    res = seg("\n".join(page))
    assert [a.paragraphs for a in res.articles] == [[P1 + P2, P2 + P3], [P4 + P5, P5 + P4]]
    assert res.articles[1].byline == "本报记者 李雅萍" and res.articles[0].byline is None


def test_headline_on_one_full_width_line_after_its_body():
    # A headline as wide as the column, printed after its body, then an untitled article in the same
    # column: the headline ends no sentence and the line after it is a paragraph's first line.
    head = "全县农民抢抓农时春耕播种热火朝天"
    assert len(head) == 16
    page = ["□ 本报记者 张  强", *wrap(P1, 16), *wrap(P2, 16), *wrap(P3, 16), head, *wrap(P4, 16), *wrap(P5, 16)]
    res = seg("\n\n".join(page) + "\n")
    assert [(a.title, a.paragraphs) for a in res.articles] == [(head, [P1, P2, P3]), (None, [P4, P5])]
    assert res.articles[0].byline == "本报记者 张强"


def test_headline_stack_printed_as_one_block_of_lines_is_not_a_paragraph():
    # kicker, a headline as wide as the column (with a space) and a subtitle after the body: no line
    # has punctuation and the last one ends short without a stop, so they are not running text.
    kicker, title, sub = (
        "田间地头一派繁忙景象农民抢抓农时",
        "全县春耕生产热火朝天 高标准农田建设提速",
        "——县农业农村局深入田间指导",
    )
    page = wrap(P1, 20) + wrap(P2, 20) + wrap(P3, 20) + [kicker, title, sub]
    page += ["本报讯 （记者 韩笑） " + P4[:10], *wrap(P4[10:], 24, indent=False), *wrap(P5, 24)]
    res = seg("\n\n".join(page) + "\n")
    a, b = res.articles
    assert (a.kicker, a.title, a.subtitle) == (kicker, title, sub)
    assert a.paragraphs == [P1, P2, P3] and b.paragraphs == [P4, P5]


def test_two_line_headline_broken_inside_a_word_is_one_headline():
    from baokan.segment.stacks import split_stack as _split_headline

    body = "专家介绍，治疗精神分裂症的新药已进入临床试验。该药物副作用小，患者依从性好。"
    # the break splits 分裂症, which the body prints together: one headline
    assert _split_headline(["治疗精神分裂", "症将有新药"], body) == (None, "治疗精神分裂症将有新药", None)
    # a whole clause of the body over a headline is a kicker, even when the break reads on
    body2 = "会上，专家介绍了治疗进展，医院将发展新药。"  # 展新 occurs, but across words
    assert _split_headline(["专家介绍了治疗进展", "新药将上市"], body2) == ("专家介绍了治疗进展", "新药将上市", None)
    # … but not a line the body reads on from across the break: the body quotes the whole headline
    # and its opening quote only seems to set the first line off
    body3 = "2日，记者从教育部获悉：教育部加快推进就业能力提升“双千”计划，面向高校毕业生开展培训。"
    lines = ["教育部加快推进就业能力提升", "“双千”计划"]
    assert _split_headline(lines, body3) == (None, "教育部加快推进就业能力提升“双千”计划", None)


def test_a_column_tag_ends_the_headline_never_a_kicker_or_subtitle():
    from baokan.segment.stacks import split_stack

    body = "嘀、嘀、嘀……6月9日上午，一辆满载新收获小麦的货车开进了粮食烘干中心。"
    # the second line opens a quote (evidence of a new field), but its column tag says headline
    lines = ["江苏太仓，一个县级市有30座烘干中心", "“机械城堡”为小麦智能", "“控水”（三夏进行时）"]
    assert split_stack(lines, body) == (lines[0], "“机械城堡”为小麦智能“控水”（三夏进行时）", None)
    # the tag wrapped over two lines closes on the last one: still the headline's
    wrapped = ["安全上网，促进青少年", "“数字健康”（国际视", "点）"]
    _, title, subtitle = split_stack(wrapped, body)
    assert title is not None and title.endswith("“数字健康”（国际视点）") and subtitle is None
    # a date in brackets closes a dashed subtitle
    dated = ["青春建功新时代", "——在全国青联全体会议上的致词（2025年7月2日）"]
    assert split_stack(dated, body) == (None, dated[0], dated[1])


def test_a_document_s_name_over_lines_is_one_headline_from_its_about_to_its_kind():
    from baokan.segment.stacks import split_stack

    # `关于` opens the name and `…的意见` closes it: no break between is a kicker's end
    lines = ["市委办公室市政府办公室关于进一步推进全民阅读", "着力建设书香城市的实施意见"]
    assert split_stack(lines, "为进一步推进全民阅读，现提出如下意见。") == (None, "".join(lines), None)
    lines = ["市委办公室市政府办公室关于进一步推进", "全民阅读着力建设书香城市", "的实施意见"]
    assert split_stack(lines, "为进一步推进全民阅读，现提出如下意见。") == (None, "".join(lines), None)
    # a kicker over such a name is still one
    lines = ["全市公共文化服务再添新举措", "市委办公室市政府办公室关于推进城市书房建设的意见"]
    assert split_stack(lines, "为推进城市书房建设，现提出如下意见。") == tuple([*lines, None])


def test_a_line_opening_with_a_province_and_going_on_opens_the_headline():
    from baokan.segment.stacks import split_stack

    body = "近日，浙江召开全省城市书房建设推进会。"
    lines = ["推动文旅融合、业态升级", "浙江打造城市书房新样板"]
    assert split_stack(lines, body) == tuple([*lines, None])
    # a place alone is where the line above goes
    lines = ["天津大学星火支教队连续10年奔赴", "四川珙县"]
    assert split_stack(lines, body) == (None, "".join(lines), None)


def test_a_line_naming_where_before_a_colon_opens_a_headline_that_goes_on():
    from baokan.segment.stacks import split_stack

    lines = ["浙江湖州：推动城市书房提质扩面", "打造十分钟阅读服务圈"]
    assert split_stack(lines, "近日，湖州召开全市城市书房建设推进会。") == (None, "".join(lines), None)
    # an institution's longer name, the headline wrapped in the middle of a word
    lines = ["江西司法警官职业学院：多措并", "举构筑数智司法人才培养新高地"]
    assert split_stack(lines, "") == (None, "".join(lines), None)


def test_a_subtitle_over_a_caption_and_its_credit_stays_the_headline_s():
    """`——写在…之际` printed right over a photo's caption and credit: a subtitle, not the
    caption's first line."""
    page = ["城市书房点亮市民夜生活", "——写在全民阅读活动开展二十周年之际", "市民在城市书房阅读。", "张  强摄"]
    page += ["本报记者  付永文", *wrap(P4 + P5, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.subtitle) == ("城市书房点亮市民夜生活", "——写在全民阅读活动开展二十周年之际")
    assert [c.text for c in art.captions] == ["市民在城市书房阅读。"]


def test_a_dash_alone_between_a_headline_of_two_phrases_or_over_an_occasion_opens_the_subtitle():
    from baokan.segment.stacks import split_stack

    body = "近日，全市城市书房建设推进会召开。"
    lines = ["守护书香  点亮城市", "——", "全市开展城市书房建设活动"]
    assert split_stack(lines, body) == (None, "守护书香 点亮城市", "——全市开展城市书房建设活动")
    lines = ["城市书房点亮市民夜生活", "——", "写在全民阅读活动开展二十周年之际"]
    assert split_stack(lines, body) == (None, lines[0], "——写在全民阅读活动开展二十周年之际")
    # otherwise the dash goes with the longer side: kickers and subtitles outrun their headline
    lines = ["建设书香城市", "——", "市委市政府推进全民阅读的部署在基层引发热烈反响"]
    assert split_stack(lines, body) == (None, lines[0], "——" + lines[2])
    lines = ["市图书馆古籍修复师张强", "——", "让古籍焕新颜"]
    assert split_stack(lines, body) == ("市图书馆古籍修复师张强——", lines[2], None)
    # unless a column tag closes the lines under it: that is the headline
    lines = ["市图书馆古籍修复师张强", "——", "精研技艺，让千年古籍“活起来”（工匠绝活）"]
    assert split_stack(lines, body) == ("市图书馆古籍修复师张强——", lines[2], None)


def test_a_single_dash_after_a_short_name_joins_it_to_the_next_line():
    from baokan.segment.stacks import split_stack

    lines = ["浙江—", "新西兰城市书房合作交", "流会在杭州举行"]
    assert split_stack(lines, "近日，浙江—新西兰城市书房合作交流会举行。") == (None, "".join(lines), None)
    # a kicker's closing dash, doubled after its subject, still ends the kicker
    lines = ["全国政协委员张甘霖——", "让城市书房成为文化客厅"]
    assert split_stack(lines, "近日，全国政协委员张甘霖来到城市书房。") == tuple([*lines, None])


def test_a_dashed_line_under_a_finished_paragraph_signs_it_and_is_no_subtitle():
    """`——中车株洲所党委书记、董事长李东林代表` under the words it attributes: the article goes on."""
    page = ["城市书房点亮市民夜生活", *wrap(P4, 20), "——市图书馆馆长张强代表", "（本报记者付永文、李明）"]
    page += [*wrap(P5, 20), *wrap(P1, 20)]
    arts = seg("\n".join(page) + "\n").articles
    assert not any((a.title or "").startswith("——") or a.subtitle for a in arts)
    assert "——市图书馆馆长张强代表" in arts[0].paragraphs
    # the next article's headline right under it is no part of it: the signature ends its article
    page = ["城市书房点亮市民夜生活", *wrap(P4, 20), "——市图书馆馆长张强代表", "春耕生产热火朝天", *wrap(P1, 20)]
    arts = seg("\n".join(page) + "\n").articles
    assert [(a.title, a.paragraphs[-1]) for a in arts] == [
        ("城市书房点亮市民夜生活", "——市图书馆馆长张强代表"),
        ("春耕生产热火朝天", P1),
    ]
    # under its headline a dashed line is still the subtitle
    page = [*wrap(P1 + P2, 20), "城市书房点亮市民夜生活", "——市图书馆建设纪实", "本报记者  付永文", *wrap(P4 + P5, 20)]
    assert seg("\n".join(page) + "\n").articles[-1].subtitle == "——市图书馆建设纪实"


def test_two_parallel_halves_the_body_quotes_as_one_pair_are_one_headline():
    from baokan.segment.stacks import split_stack

    # `在发展中固安全` / `在安全中谋发展（…）`, quoted whole by the body: not a kicker the body quotes
    body = "要坚持“在书香中育新人，在新人中传书香”，让阅读成为城市的生活方式。"
    lines = ["在书香中育新人", "在新人中传书香（书香中国）"]
    assert split_stack(lines, body) == (None, "".join(lines), None)
    # a kicker the body runs on from into its headline's words after a comma stays a kicker
    body = "推动城市书房融入现代生活、展现时代光彩，让全民阅读在城市里更加蔚然成风。"
    lines = ["融入现代生活", "展现时代光彩", "让全民阅读在城市里更加蔚然成风"]
    assert split_stack(lines, body) == ("融入现代生活展现时代光彩", lines[2], None)


def test_a_photo_report_s_closing_credit_stays_with_the_report():
    """`闻  昭  施  芳摄影报道` under a photo report, a caption between, a headline after: the credit is
    the report's last paragraph, not a kicker of the next headline nor an article of its own."""
    report = [*wrap(P1, 20), "图为市民在城市书房阅读。", "张  强  李  明摄影报道"]
    page = ["城市书房点亮市民夜生活", *report, "全县农民抢抓农时春耕忙", "本报记者  付永文", *wrap(P4 + P5, 20)]
    res = seg("\n".join(page) + "\n")
    assert [a.kicker for a in res.articles] == [None, None]
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "全县农民抢抓农时春耕忙"]
    assert res.articles[0].paragraphs[-1] == "张强李明摄影报道"


def test_a_list_of_parallel_phrases_wrapped_over_two_lines_is_one_kicker():
    from baokan.segment.stacks import split_stack

    # `遵循规律` / `优化内容  加强交流`: the first line is one more phrase of the list set apart below
    lines = ["坚持守正", "勇于创新  务求实效", "让城市书房成为市民身边的文化客厅"]
    assert split_stack(lines, "近日，全市城市书房建设推进会召开。") == ("坚持守正勇于创新 务求实效", lines[2], None)


def test_a_document_dated_on_its_own_line_takes_the_date_as_its_subtitle():
    from baokan.segment.stacks import split_stack

    body = "为加强新时代社区图书馆工作，现提出如下意见。"
    # the date under a document's name is the headline's subtitle, not a column tag closing it
    lines = ["关于加强新时代社区图书馆", "建设工作的意见", "（2025年3月8日）"]
    assert split_stack(lines, body) == (None, "关于加强新时代社区图书馆建设工作的意见", "（2025年3月8日）")
    # the name is long, as documents' names are: no kicker is cut off it for its length
    long_name = ["国务院办公厅关于健全城乡社区图书馆", "公共服务体系推动全民阅读深入开展的意见", "（2025年3月8日）"]
    assert split_stack(long_name, body) == (None, "".join(long_name[:2]), long_name[2])
    # a justified line spaces the date out: still a date, never a headline of its own
    spaced = ["关于加强新时代社区图书馆建设工作的意见", "（2025 年 3 月 8 日）"]
    assert split_stack(spaced, body) == (None, spaced[0], "（2025年3月8日）")
    # under a dashed subtitle the date is that subtitle's last line
    speech = ["青春建功新时代", "——在全国青联全体会议上的致词", "（2025年7月2日）"]
    assert split_stack(speech, body) == (None, speech[0], "——在全国青联全体会议上的致词（2025年7月2日）")


def test_intertitles_cast_in_one_mould_stay_in_the_body_where_the_subject_changes():
    """A commentary's intertitles share a mould (`“一辆车”…` / `“一栋楼”…` / `“一张表”…`): where the
    words change across one of them, it still opens a section of one article, not a new article."""
    cars = "机关公务用车统一编号管理，每辆车配一张加油卡，加油记录实时推送，车辆行驶轨迹全程留痕，公车私用无处藏身。"
    cars2 = "司机师傅说，加油卡和车牌号一一对应，油费账单按月公示，车辆出入登记清清楚楚，大家用车都更加规范自觉了。"
    house = "老洋房修缮后改作社区服务站，楼里开设老年食堂、理发室和托育点，居民端着饭碗说说笑笑，楼道里满是烟火气。"
    house2 = "街坊邻里常来楼里喝茶聊天，社区干部在一楼设了接待窗口，居民诉求当场登记，限时答复，小楼成了连心桥。"
    form = "村务公开栏贴着一张清单，低保评定、项目资金、集体收入逐项列明，村民扫码就能查看明细，账目一目了然。"
    form2 = "村干部每月对照清单逐项核对，群众有疑问随时可问，清单越晒越明白，村民心里越来越亮堂，干劲越来越足。"
    page = ["风清气正的干事氛围更加浓厚", "本报记者  张  洋", *wrap(cars, 21), "“一辆车”划清公与私"]
    page += [*wrap(cars2, 21), *wrap(cars, 21), "“一栋楼”解码亲与清", *wrap(house, 21), *wrap(house2, 21)]
    page += ["“一张表”看清虚与实", *wrap(form, 21), *wrap(form2, 21)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["风清气正的干事氛围更加浓厚"]
    assert "“一栋楼”解码亲与清" in res.articles[0].paragraphs


def test_a_template_is_a_one_line_group_s_length_and_marks():
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _template

    def block(text: str) -> Block:
        return Block("display", [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    assert _template([block("“一辆车”划清公与私")]) == _template([block("“一栋楼”解码亲与清")])
    assert _template([block("“一辆车”划清公与私")]) != _template([block("“一辆车”划清公与私德")])
    # no mark inside, a column tag (headlines share those) or a single mark at the end: no mould
    assert _template([block("为经济建设提供法治保障")]) is None
    assert _template([block("地方美食如何香飘四海（纵横）")]) is None
    assert _template([block("青春如何不负？")]) is None


def test_a_stack_in_one_large_type_is_one_headline():
    """Layout input: every line of a stack in one large type is one headline, though the text
    alone would cut it (a new line opening with a quote reads like a new field); a subtitle in
    that type still opens with its dash, and smaller type above is still a kicker."""
    from baokan.segment.stacks import split_stack, split_stack_by_size

    lines = ["以“应普尽普”促文物", "“应保尽保”落到实处（人民时", "评）"]
    title = "以“应普尽普”促文物“应保尽保”落到实处（人民时评）"
    assert split_stack(lines, "文物普查是一项基础性工作。", one_size=True)[1] != title  # what the text says
    assert split_stack_by_size(lines, [2.5, 2.5, 2.45]) == (None, title, None)
    dashed = ["青春建功新时代", "——在全国青联全体会议上的致词"]
    assert split_stack_by_size(dashed, [2.5, 2.5]) is None  # the text's evidence decides
    assert split_stack_by_size(["引题一行", *lines], [1.2, 2.5, 2.5, 2.5]) == ("引题一行", title, None)
    assert split_stack_by_size(["正文一样的字号", "两行"], [1.0, 1.0]) is None  # not large: not settled


def test_a_headline_group_is_not_cut_before_its_tail_or_tag_or_after_a_comma():
    # The previous article's headline after its body, then the next one's before its body: the
    # group is parted between them, never inside `…饭菜` / `香（暖相册）` (the tail is one character
    # and a tag), before a tag set on its own line, or after a line ending with a comma.
    def page(stack: list[str]) -> str:
        return "\n\n".join([*wrap(P1, 14), *wrap(P2, 14), *stack, *wrap(P4, 14), *wrap(P5, 14)]) + "\n"

    for first, second in (
        (["田间地头农民饭菜", "香（暖相册）"], ["城市书房灯光亮到十点"]),
        (["全县农民抢抓农时播种", "（一线见闻）"], ["城市书房灯光亮到十点"]),
        (["全县农民抢抓农时，"], ["播种施肥忙（一线见闻）", "城市书房灯光亮到十点"]),
    ):
        res = seg(page(first + second))
        titles = [a.title for a in res.articles]
        assert all(t is None or "香（" not in t or t.startswith("田间") for t in titles), titles
        assert not any(t and (t.startswith("（") or t.startswith("香") or t.startswith("播种")) for t in titles), titles


def test_a_credited_caption_begun_on_the_line_before_is_one_caption():
    cap = "山东省青岛市李沧区职工子女爱心托育中心，老师带领孩子们阅读绘本。"
    page = [
        *wrap(P1, 18),
        "陈晓红",
        cap[:18],
        cap[18:] + " 张  鹰 摄",
        "□ 本报记者 孟祥夫",
        *wrap(P4, 18),
        *wrap(P5, 18),
    ]
    res = seg("\n\n".join(page) + "\n")
    captions = [c for a in res.articles for c in a.captions]
    assert [(c.text, c.credit) for c in captions] == [(cap, "张鹰 摄")]
    assert all(cap[:6] not in p for a in res.articles for p in a.paragraphs)
    # a headline over a credited caption stays a headline: it is narrower than the caption's line
    head = "全县农民抢抓农时"
    page = [*wrap(P1, 18), head, "为区域汽车产业带来了前所未有的发展机遇。 张三 摄", *wrap(P4, 18)]
    res = seg("\n\n".join(page) + "\n")
    assert [c.text for a in res.articles for c in a.captions] == ["为区域汽车产业带来了前所未有的发展机遇。"]


def test_a_credited_caption_begun_on_a_line_ending_with_a_comma_is_one_caption_inside_an_article():
    # the body goes on under the photo, so no headline follows the caption; the line over it ends
    # with a comma, which no paragraph ends with: it is the caption's first line
    page = ["城市书房点亮市民夜生活", "本报记者  付永文", *wrap(P1, 20), "7月2日，在浙江省杭州市上城区，"]
    page += ["游客在景区参观打卡。", "本报记者  张三摄", *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert [(c.text, c.credit) for c in art.captions] == [
        ("7月2日，在浙江省杭州市上城区，游客在景区参观打卡。", "本报记者 张三 摄")
    ]
    assert art.paragraphs == [P1, P2]


def test_a_credited_caption_begun_on_two_lines_read_as_one_block_is_one_caption():
    # a blank line after every line: the caption's first two lines make one block (read as a
    # headline of two lines), its last line and the credit the caption; a headline follows
    from baokan.segment.blocks import _captions_begun_above
    from baokan.segment.model import Block, Line

    def block(kind: str, *texts: str) -> Block:
        lines = [Line(no=0, text=t, width=float(len(t)), lead=0, justified=False) for t in texts]
        return Block(kind, lines, text="".join(texts), pieces=[texts[0]])

    cap = "山东省青岛市李沧区职工子女爱心托育中心，老师带领孩子们阅读绘本。"
    credited = block("caption", cap[28:], "张  鹰摄")
    credited.credit = "张鹰 摄"
    blocks = [block("body", P1), block("display", cap[:14], cap[14:28]), credited, block("display", "全县农民抢抓农时")]
    _captions_begun_above(blocks)
    assert [b.kind for b in blocks] == ["body", "caption", "display"]
    assert blocks[1].pieces == [cap] and len(blocks[1].lines) == 4  # three of the caption, the credit
    # a two-line headline whose first line ends a phrase stays a headline
    blocks = [block("body", P1), block("display", "全县农民抢抓农时", cap[14:28]), credited, block("display", "春耕")]
    _captions_begun_above(blocks)
    assert [b.kind for b in blocks] == ["body", "display", "caption", "display"]


def test_a_long_column_tag_on_its_own_line_stays_with_its_headline_a_note_ends_the_body():
    head, tag = "惠民保险岂能摊派给基层干部", "（干部状态新观察·为基层减负赋能）"
    note = "（作者为浙江工业大学中国住房研究院院长）"
    page = [*wrap(P1, 18), *wrap(P2, 18), note, head, tag, "□ 本报记者 张  强", *wrap(P4, 18), *wrap(P5, 18)]
    res = seg("\n\n".join(page) + "\n")
    assert [a.title for a in res.articles] == [None, head + tag]
    assert res.articles[0].paragraphs[-1] == note and res.articles[1].paragraphs == [P4, P5]


def test_where_a_report_was_filed_closes_its_body_and_heads_nothing():
    # 人民日报 of 2001 ends a correspondent's report with where it was filed and its number in a
    # series; printed right over the next headline, it is no kicker of it
    head, note = "以制度促提高", "（本报渥太华电）（3）"
    page = [*wrap(P1, 18), *wrap(P2, 18), note, head, "□ 本报记者 张  强", *wrap(P4, 18), *wrap(P5, 18)]
    res = seg("\n\n".join(page) + "\n")
    assert [(a.kicker, a.title) for a in res.articles] == [(None, None), (None, head)]
    assert res.articles[0].paragraphs[-1] == note


def test_a_letter_quoted_whole_keeps_its_signature_date_and_dispatch_line_and_the_report_after_it():
    # 习近平 / 2025年7月2日 / （新华社北京7月2日电） end the letter; the report printed right after it,
    # with its own dateline, is the same article (人民日报 prints a letter and the report of it as one)
    letter = ["值此大会召开之际，我代表党中央，向全国各族各界青年致以热烈的祝贺和诚挚的问候。", P1]
    page = [*wrap(letter[0], 20), *wrap(letter[1], 20), "习近平", "２０２５年７ 月２ 日", "（新华社北京７ 月 ２日电）"]
    page += ["本报北京7月2日电 （记者 李昌禹） " + P4[:8], *wrap(P4[8:], 20, indent=False), *wrap(P5, 20)]
    res = seg("\n\n".join(page) + "\n")
    (art,) = res.articles
    assert art.paragraphs[2:5] == ["习近平", "2025年7月2日", "（新华社北京7月2日电）"]
    assert art.paragraphs[5:] == ["本报北京7月2日电（记者李昌禹）" + P4, P5]


def test_a_letter_spaced_dateline_is_a_dateline():
    head = "本 报 雄 安 6 月 11 日 电 （ 记 者 张 志 锋 ）　6"
    body = "\n".join([head, *wrap("月10日，" + P4, 20, indent=False)])
    res = seg("\n\n".join([*wrap(P1, 20), "雄安人工智能产业园正式开园", body]) + "\n")
    art = res.articles[-1]
    assert (art.title, art.dateline) == ("雄安人工智能产业园正式开园", "本报雄安6月11日电")
    assert [(a.name, a.role) for a in art.authors] == [("张志锋", "记者")]
    assert art.paragraphs[0].startswith("6月10日，")
    # the body's first words spaced out with it, a comma among them
    head = "本 报 天 津 6 月 11 日 电 （ 记 者 龚 相 娟 ）  近 日 ， 202"
    body = "\n".join([head, *wrap("5年" + P4, 20, indent=False)])
    res = seg("\n\n".join([*wrap(P1, 20), "京津冀深化汽车产业协同发展", body]) + "\n")
    art = res.articles[-1]
    assert (art.title, art.dateline) == ("京津冀深化汽车产业协同发展", "本报天津6月11日电")
    assert art.paragraphs[0].startswith("近日，2025年")


def test_a_pull_quote_next_to_a_headline_is_body_text_and_a_headline_the_lede_repeats_is_not():
    quote = "城市书房的灯光每晚都亮到十点，附近的居民下班后常来这里看书学习"
    head = "全县农民抢抓农时春耕忙"
    page = [*wrap(P4, 18), *wrap(P5, 18), quote[:18], quote[18:], head, "□ 本报记者 张  强", *wrap(P1, 18)]
    res = seg("\n\n".join(page) + "\n")
    assert [a.title for a in res.articles] == [None, head]
    assert quote in res.articles[0].paragraphs
    # a headline line whose words the lede prints, running on (`…主题感读暨《乡愈》` / `第二次…`)
    kicker = "城市书房的灯光每晚都亮到十点，附近的居民"
    lede = kicker + "常来这里看书学习，孩子们也在这里写作业，气氛十分安静温馨。"
    page = [*wrap(P1, 18), kicker, head, "□ 本报记者 张  强", *wrap(lede, 18), *wrap(P5, 18)]
    res = seg("\n\n".join(page) + "\n")
    art = res.articles[-1]
    assert (art.kicker, art.title, art.paragraphs[0]) == (kicker, head, lede)


def test_a_saying_the_body_quotes_is_the_headline_over_a_dashed_subtitle():
    """A quotation printed as a headline (`“…，…”`) repeats the body's words as a pull quote does,
    but a dashed subtitle under it says headline."""
    saying = "“书房不仅要有书香，更要有温度”"
    lede = f"“让城市书房成为市民身边的文化客厅”{saying[:-1]}。”" + P4
    page = [*wrap(P1 + P2, 21), saying, "——城市书房建设的一线观察", "本报记者  张  强", *wrap(lede, 21), *wrap(P5, 21)]
    res = seg("\n".join(page) + "\n")
    art = res.articles[-1]
    assert (art.title, art.subtitle) == (saying, "——城市书房建设的一线观察")
    assert saying not in res.articles[0].paragraphs
    # so does a column tag set alone under it
    page = [*wrap(P1 + P2, 21), saying, "（权威发布）", "本报记者  张  强", *wrap(lede, 21), *wrap(P5, 21)]
    art = seg("\n".join(page) + "\n").articles[-1]
    assert art.title == saying + "（权威发布）"


def test_a_subtitle_is_told_by_its_ending_even_without_a_dash():
    from baokan.segment.stacks import split_stack

    body = "6月10日至11日，2025年中国网络文明大会在安徽省合肥市举办。"
    for title, sub in (
        ("弘扬文明风尚 共建精神家园", "2025年中国网络文明大会侧记"),
        ("给予“踉跄奔跑”更多信心耐心（评论员观察）", "人工智能热的冷思考①"),
    ):
        assert split_stack([title, sub], body)[1:] == (title, sub)


def test_a_note_in_brackets_ends_its_paragraph_even_as_wide_as_the_column():
    note = ["（作 者 单 位 ：中 国 社 会 科 学", "院民族学与人类学研究所、中国", "社会科学院大学社会与民族学院）"]
    head = ["宁夏精耕细作壮大特色", "优势产业（奋勇争先，", "决战决胜“十四五”）"]
    page = [*wrap(P1, 14), *wrap(P2, 14), *note, *head, "本报记者  徐元锋  张  文", *wrap(P4, 14), *wrap(P5, 14)]
    res = seg("\n\n".join(page) + "\n")
    first, second = res.articles
    assert first.paragraphs[-1].endswith("民族学院）")
    assert second.title == "宁夏精耕细作壮大特色优势产业（奋勇争先，决战决胜“十四五”）"


def test_a_long_stack_is_cut_into_kicker_and_headline_rather_than_read_as_one_headline():
    from baokan.segment.stacks import split_stack

    # equally wide lines with no evidence at the break: the length of a headline decides
    lines = ["累计盘活资产超36万件，节约资金20亿余元", "公物仓全国“一张网”建设加快推进（厉行节约", "反对浪费）"]
    assert split_stack(lines, "")[:2] == (lines[0], "公物仓全国“一张网”建设加快推进（厉行节约反对浪费）")
    # a short two-line headline stays one
    assert split_stack(["治疗精神分裂", "症将有新药"], "")[1] == "治疗精神分裂症将有新药"
    # the title ends at its column tag: a box printed under it does not make it long
    lines2 = ["“温暖1厘米”背后的治", "理之变（暖闻热评）", "【关键词】“温暖1厘米”"]
    assert split_stack(lines2, "")[:2] == (None, "“温暖1厘米”背后的治理之变（暖闻热评）")
    # a layout file that prints every line in one type size: no kicker is cut off for length
    assert split_stack(lines, "", one_size=True)[:2] == (None, "".join(lines))


def test_a_charts_source_line_is_a_credit_never_a_headline():
    head = "公物仓全国一张网建设加快推进"
    page = [*wrap(P1, 18), "数据来源：国家机关事务管理局", head, "□ 本报记者 张  强", *wrap(P4, 18), *wrap(P5, 18)]
    res = seg("\n\n".join(page) + "\n")
    assert [a.title for a in res.articles] == [None, head]
    assert all("数据来源" not in p for a in res.articles for p in a.paragraphs)
    assert any(f.text == "数据来源：国家机关事务管理局" for f in res.fragments)


def test_a_dash_alone_on_its_line_goes_to_the_kicker_above_or_the_subtitle_below():
    from baokan.segment.stacks import split_stack

    # after a headline's column tag, or over a line worded as a subtitle: the subtitle's dash
    got = split_stack(["给予“踉跄奔跑”更多信", "心耐心（评论员观察）", "——", "人工智能热的冷思考①"], "")
    assert got == (None, "给予“踉跄奔跑”更多信心耐心（评论员观察）", "——人工智能热的冷思考①")
    # ... a column tag wrapped over two lines
    lines = ["促进民营经济高质量发展（调查研究", "凝聚共识）", "——", "全国工商联开展二〇二五年度重点考察调研"]
    assert split_stack(lines, "")[2] == "——全国工商联开展二〇二五年度重点考察调研"
    # otherwise the kicker's closing dash wrapped onto a line of its own
    got = split_stack(["山西晋城壁画彩塑匠人刘子群", "——", "精研技艺，让千年壁画“会呼吸”（工匠绝活）"], "")
    assert got == ("山西晋城壁画彩塑匠人刘子群——", "精研技艺，让千年壁画“会呼吸”（工匠绝活）", None)


def flush(text: str, width: int, indent: int = 0) -> list[str]:
    """Print a paragraph on a strict grid: every line but the last exactly `width` characters, a
    closing mark never starting a line (the character before it goes down with it: that line is one
    short), the first line `indent` characters short."""
    out: list[str] = []
    cap, i = width - indent, 0
    while i < len(text):
        take = min(cap, len(text) - i)
        while i + take < len(text) and text[i + take] in "，。、；：！？”）":
            take -= 1
        out.append(text[i : i + take])
        i += take
        cap = width
    return out


def test_on_a_strict_grid_a_sentence_ending_an_em_short_ends_its_paragraph():
    # lines of 18: the first paragraph's last line ends a sentence one character short of the column,
    # where a closing mark could not have pushed it down; the next paragraph starts flush, unindented
    first = (P1 + P2)[:52] + "。"
    lines = [*flush(first, 18), *flush(P3 + P4, 18)]
    assert [len(x) for x in flush(first, 18)] == [18, 18, 17]
    res = seg("公物仓全国一张网建设加快推进\n\n" + "\n".join(lines) + "\n")
    (art,) = res.articles
    assert art.paragraphs == [first, P3 + P4]
    # where full lines run past the column now and then (hanging punctuation), a line one short of
    # the others says nothing: it stays in its paragraph
    hung = [lines[0], lines[1] + "，", lines[2], *lines[3:]]
    res = seg("公物仓全国一张网建设加快推进\n\n" + "\n".join(hung) + "\n")
    assert len(res.articles[0].paragraphs) == 1


def test_a_headline_wider_than_its_column_is_a_headline_even_worded_as_a_question():
    # a line wider than the column, whatever its commas and question mark make of its wording
    head = "业主私搭“花园”，物业有权清理吗？（以案说法）"
    # (the two bodies share their words, so that nothing but the width tells the headline apart)
    page = [*flush(P4 + P5, 19), "", head, *flush(P5 + P4, 19)]
    res = seg("\n".join(["城市书房成为市民的文化客厅", *page]) + "\n")
    assert [a.title for a in res.articles] == ["城市书房成为市民的文化客厅", head]
    assert res.articles[1].paragraphs == [P5 + P4]


def test_on_a_strict_grid_the_column_is_as_wide_as_its_full_lines_not_an_em_less():
    # full lines of 18, some of 17 where a closing mark could not start the next line: the column
    # is 18 wide, so the first paragraph's last line, two short and ending a sentence, ends it
    def cut(text: str, widths: list[int]) -> list[str]:
        starts = [sum(widths[:k]) for k in range(len(widths))]
        assert sum(widths) == len(text)
        return [text[s : s + w] for s, w in zip(starts, widths, strict=True)]

    first = P1 + P2.replace("坚实", "更坚实")
    second = P4 + P5
    lines = [*cut(first, [18, 17, 18, 17, 18, 16]), *cut(second, [18, 17, 18, 17, 18, 18, len(second) - 106])]
    res = seg("春耕时节田间地头一派繁忙\n\n" + "\n".join(lines) + "\n")
    assert res.articles[0].paragraphs == [first, second]


def test_photos_of_one_credit_each_keep_their_caption_and_a_narrow_caption_is_whole():
    # two one-sentence captions (the first as wide as the column), then the credit they share,
    # over the headline: two captions
    page = ["太仓一处烘干中心的工作人员正在调整烘干机水分设置。", "装载机将小麦铲入烘干机进料口。", "计海新 摄"]
    page += ["“机械城堡”为小麦智能“控水”", "本报记者  王伟健", *wrap(P1 + P2, 26), *wrap(P3 + P4, 26)]
    res = seg("\n\n".join(page) + "\n")
    (art,) = res.articles
    assert [(c.text, c.credit) for c in art.captions] == [
        ("太仓一处烘干中心的工作人员正在调整烘干机水分设置。", None),
        ("装载机将小麦铲入烘干机进料口。", "计海新 摄"),
    ]
    # a caption wrapped over four lines of a narrow column, over its credit, is one caption
    # (under a headline, as a photo is printed, not under a paragraph of the body)
    cap = ["江苏省宿迁市宿豫区下相街", "道陆桥社区江山苑小区党群", "微家托育园，小朋友在老师"]
    cap += ["的陪伴下做游戏。", "徐江海 摄"]
    page = ["城市书房点亮市民文化生活（文化观察）", *cap, "本报记者  王伟健", *wrap(P4, 12), *wrap(P5, 12)]
    res = seg("\n\n".join(page) + "\n")
    assert [(c.text, c.credit) for c in res.articles[0].captions] == [("".join(cap[:4]), "徐江海 摄")]
    # a headline printed after its body, its subtitle under it, then the last line of a caption
    # whose beginning is printed elsewhere: a line shorter than the one under it is no wrapped line
    # of the caption, and the headline stays a headline
    head, sub = "区域协同创新迸发澎湃活力", "——粤港澳大湾区建设国际科技创新中心一线观察"
    page = [*wrap(P1, 20), *wrap(P2, 20), f"{head}\n{sub}", "建设国际科技创新中心。\n本报记者  王国雪摄"]
    page += ["城市书房点亮市民文化生活", *wrap(P4, 20)]
    res = seg("\n\n".join(page) + "\n")
    assert res.articles[0].title == head
    assert [c.text for a in res.articles for c in a.captions] == ["建设国际科技创新中心。"]


def test_a_speech_is_named_in_the_subtitle_under_a_dash_set_apart():
    from baokan.segment.stacks import split_stack

    # `——` alone on its line over a subtitle wrapped over two lines that names the speech: the
    # dash opens the subtitle, whatever the subtitle's first line says on its own
    lines = [
        "在新征程上书写为",
        "中国式现代化挺膺担当的青春篇章",
        "——",
        "在青年联合会全体会议和学生联合会",
        "代表大会上的致词（2025年7月2日）",
    ]
    body = "让我们奋力书写为中国式现代化挺膺担当的青春篇章！"
    assert split_stack(lines, body) == (
        None,
        "在新征程上书写为中国式现代化挺膺担当的青春篇章",
        "——在青年联合会全体会议和学生联合会代表大会上的致词（2025年7月2日）",
    )


def test_a_headline_stack_wrapped_in_a_narrow_column_with_its_tag_and_subtitle_is_a_stack():
    # no blank line, every line as wide as the column, a question mark and brackets inside: still a
    # headline closed by its column tag over a subtitle opened by `——`
    stack = [
        "国产家电能否进入高端",
        "市场？（中国消费向新",
        "而行·稳外贸扩消费）",
        "——山东青岛海信集团抢",
        "抓“换新”机遇的启示",
    ]
    page = [*stack, "本报记者  王  沛", *wrap(P4, 10), *wrap(P5, 10)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.title == "国产家电能否进入高端市场？（中国消费向新而行·稳外贸扩消费）"
    assert art.subtitle == "——山东青岛海信集团抢抓“换新”机遇的启示"
    assert art.paragraphs == [P4, P5]


def test_a_column_tag_alone_on_its_line_parts_a_headline_from_the_next_stacks_kicker():
    # no blank lines, a headline wider than the narrow column, its tag on a line of its own and the
    # next article's kicker under it: read as one paragraph, they were an untitled article
    page = [*wrap(P1, 13), "本报记者  姚雪青", "江苏淮安市专项整治向基层摊派商业保险任务等", "问题"]
    page += [
        "惠民商业保险推销，岂能派给基层干部？",
        "（干部状态新观察·为基层减负赋能）",
        "张军：",
        "深入贯彻落实党中央决策部署",
    ]
    page += [
        "持续加强新时代审判工作",
        "本报北京7月21日电   最高人民法院院长张军21日在全国大法官研讨班开班式上强调，要深入贯彻落实。",
    ]
    arts = seg("\n".join([*page, *wrap(P4, 13)]) + "\n").articles
    assert [(a.kicker, a.title) for a in arts] == [
        (
            "江苏淮安市专项整治向基层摊派商业保险任务等问题",
            "惠民商业保险推销，岂能派给基层干部？（干部状态新观察·为基层减负赋能）",
        ),
        ("张军：", "深入贯彻落实党中央决策部署持续加强新时代审判工作"),
    ]
    # a bracketed note on its line in running text stays in its paragraph
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.paragraphs import headline_stack

    lines = split_lines(page_lines("他说，今年的收成很好。\n（记者 王沛）\n下一步将继续推进。"))
    assert not headline_stack(lines, 13.0)


def test_a_question_headline_run_on_to_the_last_paragraph_is_parted_by_its_column_tag():
    # no blank lines, the paragraph's last line fills the column and ends a sentence: the headline
    # under it was read as the paragraph's last line, its column tag as a paragraph of its own
    ending = [
        "下一步，联盟将系统布局从技术研发到产业落地的全链条生态体",
        "系，其中产业基金目标规模100亿元，首期募资20亿元，重点支持AI",
        "造、智慧城市等垂直场景应用，助力技术从实验室加速走向产业化。",
    ]
    stack = [
        "国产家电能否进入高端市场？",
        "（中国消费向新而行·稳外贸扩消费）",
        "——山东青岛海信集团抢抓“换新”机遇的启示",
    ]
    page = ["广东成立人工智能与机器人产业联盟", "本报记者  贺林平", *ending, *stack, "本报记者  王沛", *wrap(P4, 30)]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs[-1].endswith("走向产业化。")
    assert (second.title, second.subtitle) == ("".join(stack[:2]), stack[2]) and second.paragraphs == [P4]


def test_a_kicker_and_headline_read_as_one_paragraph_over_their_column_tag_are_a_stack():
    # a blank line after every line (pdfminer): the kicker's two lines and the headline, too long
    # for the column to pass as a headline line, were one body paragraph, and the column tag under
    # them took the article as its headline
    lines = ["新修订的反不正当竞争法回应“内卷式”", "竞争、网络不正当竞争行为等新问题——", "保护公平竞争   激发市场活力"]
    lines += ["（坚持和完善人民代表大会制", "度）", "本报记者  倪  弋", *wrap(P4, 18), *wrap(P5, 18)]
    page = [
        "城市书房点亮市民夜生活",
        "",
        *[x for p in wrap(P1, 18) for x in (p, "")],
        *[x for p in lines for x in (p, "")],
    ]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs == [P1]
    assert second.kicker == "新修订的反不正当竞争法回应“内卷式”竞争、网络不正当竞争行为等新问题——"
    assert second.title == "保护公平竞争 激发市场活力（坚持和完善人民代表大会制度）"


def test_a_stack_printed_after_its_body_is_parted_from_the_sentence_under_it():
    # no blank lines: the headline closed by its tag, the dashed subtitle and a caption under them
    # were one paragraph of body text ending in a sentence
    from baokan.segment.blocks import build_blocks
    from baokan.segment.lines import page_lines, split_lines

    stack = ["活态传承激发新活力（现场评论）", "——写好人文经济学的大文章③"]
    page = [*wrap(P5, 20), *wrap(P1, 20), "（下转第九版）", *stack, "王启腾在养殖基地撒饵料喂鱼。", "习近平的青春观"]
    blocks = build_blocks(split_lines(page_lines("\n".join([*page, "新华社记者  张三", *wrap(P4, 20)]) + "\n")))
    marker = next(k for k, b in enumerate(blocks) if b.kind == "furniture")
    assert [(b.kind, b.text) for b in blocks[marker + 1 : marker + 4]] == [
        ("display", stack[0]),
        ("display", stack[1]),
        ("body", "王启腾在养殖基地撒饵料喂鱼。"),
    ]


def test_a_header_set_one_item_per_line_mid_page_is_furniture():
    # date, weekday, paper, bare page number and section each on a line of their own, between two
    # articles (a compilation of pages read as one text): furniture, not an article `55` titled `星期四`
    header = ["2025年7月3日", "星期四", "人民日报", "55", "文化"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4, 18), *header, "", "抢抓农时推进春耕生产", "", *wrap(P1, 18)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "抢抓农时推进春耕生产"]
    assert [a.paragraphs for a in res.articles] == [[P4], [P1]]
    assert [f.text for f in res.fragments if f.reason == "furniture"] == header


def test_an_editors_note_read_with_a_headline_line_is_the_body_it_opens():
    from baokan.segment.blocks import _section_labels_to_body
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.model import Block
    from baokan.segment.paragraphs import lines_block

    page = ["中共中央党史和文献研究院", "编者按：今年7月3日是李克强同志", "诞辰70周年。本报今天刊发纪念文章。"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    like = Block("display", lines)
    blocks = [lines_block(like, "display", lines[:2]), lines_block(like, "body", lines[2:])]
    _section_labels_to_body(blocks)
    assert [(b.kind, b.text) for b in blocks] == [
        ("display", "中共中央党史和文献研究院"),  # (the institution's byline: see `stacks`)
        ("body", "编者按：今年7月3日是李克强同志诞辰70周年。本报今天刊发纪念文章。"),
    ]


def test_an_introductions_label_under_a_headline_is_the_bodys_first_paragraph():
    # `引言` (or `导语`) alone under the headline, set with it: a paragraph of the body, as the
    # corpus keeps it, not the headline's last words
    for label in ("引言", "导  语"):
        page = ["杭州余杭", label, *wrap(P1, 18), *wrap(P2, 18)]
        (art,) = seg("\n".join(page) + "\n").articles
        assert (art.title, art.paragraphs) == ("杭州余杭", ["".join(label.split()), P1, P2])


def test_a_paragraph_goes_on_over_a_running_footer_under_a_letter_spaced_line():
    # a page break inside a paragraph: the line over the footer is spaced out to the column (a
    # paragraph's last line never is); the one under it is not indented
    body = wrap(P4 + P5, 18)
    foot = "人民日报  2025.06.12  第14版"

    def page(over_foot: str) -> str:
        lines = ["城市书房点亮市民夜生活", *wrap(P1, 18), body[0], " ".join(over_foot), foot, *body[2:]]
        return "\n\n".join(lines) + "\n"

    res = seg(page(body[1]))
    (art,) = res.articles
    assert art.paragraphs == [P1, P4 + P5]
    assert [f.text for f in res.fragments if f.reason == "furniture"] == [foot]
    # a line that ends its sentence ends its paragraph there
    assert len(seg(page(body[1][:-1] + "。")).articles[0].paragraphs) == 3


def test_a_headline_closed_by_its_column_tag_read_with_a_caption_over_a_credit_stays_a_headline():
    from baokan.segment.blocks import _captions_over_credits
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.model import Block
    from baokan.segment.paragraphs import lines_block

    page = ["守护国门边境　服务开放发展（权威发布）", "装载机将小麦铲入烘干机进料口。", "计海新摄"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    credit = Block("credit", lines[2:], credit="计海新 摄", photographers=["计海新"])
    blocks = [lines_block(credit, "body", lines[:2]), credit]
    _captions_over_credits(blocks)
    assert [(b.kind, b.text) for b in blocks] == [
        ("display", "守护国门边境服务开放发展（权威发布）"),  # (spaces in headlines: see `clean_headline`)
        ("caption", "装载机将小麦铲入烘干机进料口。"),
    ]
    assert blocks[1].photographers == ["计海新"]


def test_headline_like_lines_over_a_turn_marker_are_the_body_the_page_cut():
    cut = ["欧盟——", "严控用户年龄权限", "限制电子产品使用"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4, 24), *wrap(P5, 24), "", *[x for c in cut for x in (c, "")]]
    page += ["（下转第一版）", "抢抓农时推进春耕生产", "", *wrap(P1, 24), *wrap(P2, 24)]
    res = seg("\n".join(page) + "\n")
    assert [(a.kicker, a.title, a.paragraphs) for a in res.articles] == [
        (None, "城市书房点亮市民夜生活", [P4, P5, *cut]),
        (None, "抢抓农时推进春耕生产", [P1, P2]),
    ]


def test_a_kicker_headline_and_column_tag_run_on_to_a_last_paragraph_are_the_next_stack():
    # no blank lines: the stack follows the sentence that ends the article before; the kicker, one
    # phrase with no punctuation (no paragraph ends so), goes with the headline under it
    stack = ["江苏淮安市专项整治向基层摊派商业保险任务等问题", "惠民商业保险推销，岂能派给基层干部？"]
    stack += ["（干部状态新观察·为基层减负赋能）"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4 + P5, 24), *stack, "", "本报记者 姚雪青"]
    res = seg("\n".join([*page, *wrap(P1, 24), *wrap(P2, 24)]) + "\n")
    assert [(a.kicker, a.title, a.paragraphs) for a in res.articles] == [
        (None, "城市书房点亮市民夜生活", [P4 + P5]),
        (stack[0], stack[1] + stack[2], [P1, P2]),
    ]
    # a note's first line is no kicker
    from baokan.segment.blocks import _kicker_run_in
    from baokan.segment.lines import page_lines, split_lines

    lines = split_lines(page_lines("（作者为四川省遂宁市大英县委宣传部\n干部）\n"))
    assert not _kicker_run_in(lines[:1])


def test_a_headline_like_line_with_a_semicolon_is_running_text():
    from baokan.segment.blocks import _semicolon_lines_to_body
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.model import Block
    from baokan.segment.paragraphs import lines_block

    page = ["甘肃启动河西走廊国家遗产线路建设", "提笔忘字，话到嘴边却失语；转身就忘事，眼"]
    page += ["镜戴着却要到处找……这些现象，而今出现在青少年群体中。"]
    page += ["培养人才，资源共享；聚力引智，共建“生态圈”——", "广东以才引才、以才聚才，汇聚研发人员超158万人。"]
    lines = split_lines(page_lines("\n".join(page) + "\n"))
    like = Block("display", lines)
    kinds = ["display", "display", "body", "display", "body"]
    blocks = [lines_block(like, kind, [line]) for kind, line in zip(kinds, lines, strict=True)]
    _semicolon_lines_to_body(blocks)
    assert [(b.kind, b.text) for b in blocks] == [
        ("display", page[0]),
        ("body", page[1] + page[2]),  # the paragraph's first line, its sentence going on under it
        ("body", page[3]),  # an intertitle ending with its dash stays a paragraph of its own
        ("body", page[4]),
    ]


def test_a_leader_attending_under_a_meetings_headline_is_its_subtitle():
    from baokan.segment.stacks import split_stack

    body = "值此全国青联第十四届委员会全体会议召开之际，我代表党中央，向大会表示热烈的祝贺！"
    kicker = "习近平致信祝贺全国青联十四届全委会召开强调"
    head = ["坚定正确政治方向深化改革创新", "在党的旗帜下奋进新征程创造新业绩"]
    assert split_stack([kicker, *head, "蔡奇出席开幕会"], body) == (kicker, "".join(head), "蔡奇出席开幕会")
    assert split_stack(["全国生态环境保护大会在京召开", "丁薛祥出席并讲话"], body)[1:] == (
        "全国生态环境保护大会在京召开",
        "丁薛祥出席并讲话",
    )
    # alone, such a line is the headline
    assert split_stack(["李强出席中国—东盟领导人会议"], body) == (None, "李强出席中国—东盟领导人会议", None)


def test_a_research_institute_alone_over_a_body_is_its_byline():
    # a page printing headlines after their bodies: the institution's byline opens the body
    page = ["中共中央党史和文献研究院", "", *wrap(P4, 18), *wrap(P5, 18), "", "城市书房点亮市民夜生活", ""]
    page += ["——纪念城市书房开放十周年", "", "本报记者 王沛", "", *wrap(P1, 18), *wrap(P2, 18)]
    page += ["", "抢抓农时推进春耕生产"]
    res = seg("\n".join(page) + "\n")
    assert [(a.title, a.byline) for a in res.articles] == [
        ("城市书房点亮市民夜生活", "中共中央党史和文献研究院"),
        ("抢抓农时推进春耕生产", "本报记者 王沛"),
    ]


def test_a_party_committee_under_a_headline_is_its_byline():
    """`外交部党委` under a commentary's headline signs it; a headline about a committee is no name."""
    from baokan.segment.bylines import collective_byline

    assert collective_byline("外交部党委") == "外交部党委" and collective_byline("教育部党组") == "教育部党组"
    assert collective_byline("加强基层党委") is None
    page = ["城市书房点亮市民夜生活（深入学习贯彻习近平新时代中国特色社会主义思想）", "文化和旅游部党组"]
    (art,) = seg("\n".join([*page, *wrap(P4 + P5, 20)]) + "\n").articles
    assert (art.title, art.byline) == (page[0], "文化和旅游部党组")


def test_a_note_that_ends_an_article_is_evidence_for_the_headline_under_it():
    import baokan.segment.stacks as stacks
    from baokan.segment.blocks import build_blocks
    from baokan.segment.lines import page_lines, split_lines

    def evidence(note: str) -> dict[str, float]:
        page = [
            "抢抓农时推进春耕生产",
            "",
            *wrap(P1, 20),
            *wrap(P2, 20),
            note,
            "",
            "福建闽清",
            "全力推进春耕生产攻坚年行动",
        ]
        blocks = build_blocks(split_lines(page_lines("\n".join([*page, *wrap(P2 + P1, 14)]) + "\n")))
        words = stacks.PageWords(blocks)
        (start, end) = stacks._groups(blocks)[-1]
        assert blocks[start].text == "福建闽清"
        return stacks.group_evidence(blocks, start, end, words).items

    closing = stacks.W_AFTER_CLOSING_BYLINE
    assert evidence("（作者为本报评论员）")["after_closing_note"] == closing
    assert evidence("（本文由人民论坛杂志社组稿，人民日报社理论部编辑）")["after_closing_note"] == closing
    assert "after_closing_note" not in evidence("（据新华社电）")  # a source inside a report ends nothing


def test_a_kicker_is_never_cut_from_the_headline_under_it_between_two_articles():
    from baokan.segment.articles import _Art, _split_options
    from baokan.segment.model import Block

    pieces = ["全国政协委员张甘霖——", "以务实之策护一泓碧水", "（履职故事）"]
    units = [(piece, Block("display", [], text=piece), k) for k, piece in enumerate(pieces)]
    # the kicker's words match the article before best, the headline's the one after
    options = _split_options((_Art(pos=0), _Art(pos=9), units), ([1.0, 0.0, 0.0], [0.0, 0.3, 0.3]), False)
    best = max(options)[1]
    assert best in (0, 3)  # the whole stack to one side


def test_a_two_line_question_over_its_column_tag_alone_is_a_headline():
    head = ["业主私搭“花园”，", "物业有权清理吗？", "（以案说法）"]
    page = ["城市书房点亮市民夜生活", *wrap(P4 + P5, 13), *head, *wrap(P1 + P2, 13)]
    res = seg("\n\n".join(page) + "\n")
    assert [(a.title, a.paragraphs) for a in res.articles] == [
        ("城市书房点亮市民夜生活", [P4 + P5]),
        ("".join(head), [P1 + P2]),
    ]


def test_a_salutation_under_a_stack_printed_after_its_body_opens_the_next_body():
    # no subtitle ends with a colon: the speech's salutation is the first paragraph under the stack
    salutation = "青年朋友们，同学们，同志们："
    page = [*wrap(P1, 18), "", "江苏太仓，一个县级市有30座烘干中心——", "", "城市书房点亮市民夜生活（追梦路上）"]
    page += [salutation, *wrap(P4, 18), *wrap(P5, 18), "", "抢抓农时推进春耕生产"]
    res = seg("\n".join(page) + "\n")
    assert [(a.title, a.subtitle) for a in res.articles] == [
        ("城市书房点亮市民夜生活（追梦路上）", None),
        ("抢抓农时推进春耕生产", None),
    ]
    assert res.articles[1].paragraphs == [salutation, P4, P5]


def test_a_footer_broken_into_lines_from_its_bare_page_number_is_furniture():
    # a page's foot under the last article, one item a line from its page number (`09` / `理论`):
    # neither a headline `09理论` nor a headline stuck to the one over the last article
    footer = ["09", "理论", "人民日报", "2025年06月12日", "星期四", "责任编辑：张志锋"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4, 18), "", "抢抓农时推进春耕生产", "", *wrap(P1, 18)]
    page += ["", *wrap(P2, 18), "", *[x for item in footer for x in (item, "")], *wrap(P5, 18)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "抢抓农时推进春耕生产"]
    assert [f.text for f in res.fragments if f.reason == "furniture"][:2] == ["09", "理论"]


def test_a_sentence_wrapped_onto_a_line_of_its_own_between_articles_is_a_caption_not_an_article():
    cap = ["城市书房里的不少市民们正在安静地读书看报和学英", "语。"]  # (set wider than the column)
    page = ["城市书房点亮市民夜生活", "", *wrap(P4, 18), "", *cap, "", "抢抓农时推进春耕生产", "", *wrap(P1, 18)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "抢抓农时推进春耕生产"]
    assert [c.text for a in res.articles for c in a.captions] == ["城市书房里的不少市民们正在安静地读书看报和学英语。"]
    # the short last line of a paragraph stays in its paragraph
    res = seg("\n".join(["城市书房点亮市民夜生活", "", *wrap(P4 + "大家都很喜欢这里。", 18)]) + "\n")
    assert res.articles[0].paragraphs == [P4 + "大家都很喜欢这里。"] and not res.articles[0].captions


def test_a_lone_sentence_at_the_top_of_a_page_over_a_headline_is_a_caption():
    page = ["市民在城市书房看书学习。", "", "城市书房点亮市民夜生活", "", *wrap(P4, 18), *wrap(P5, 18)]
    res = seg("\n".join(page) + "\n")
    (art,) = res.articles
    assert art.title == "城市书房点亮市民夜生活" and [c.text for c in art.captions] == ["市民在城市书房看书学习。"]
    # under a continuation marker it is the end of a paragraph carried over: text of its own
    page = ["（上接第一版）", "市民在城市书房看书学习。", "", "城市书房点亮市民夜生活", "", *wrap(P4, 18)]
    res = seg("\n".join(page) + "\n")
    assert any("市民在城市书房看书学习。" in a.paragraphs for a in res.articles)
    assert not [c for a in res.articles for c in a.captions]


def test_a_lone_sentence_over_a_credited_caption_it_shares_a_word_with_is_the_first_caption_of_the_set():
    # a photo set printed after an article and over the next headline: its first caption has no
    # credit of its own, and shares a word with the credited one
    caps = ["市民在城市书房看书学习。", "孩子们在城市书房写作业。  记者 李华晨 摄"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4, 18), "", *caps, "", "抢抓农时推进春耕生产", "", *wrap(P1, 18)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "抢抓农时推进春耕生产"]
    assert [(c.text, c.credit) for a in res.articles for c in a.captions] == [
        ("市民在城市书房看书学习。", None),
        ("孩子们在城市书房写作业。", "记者 李华晨 摄"),
    ]
    # a last sentence that shares no word with the photo's caption stays its article's text
    page[page.index(caps[0])] = "大家都说这里很好。"
    res = seg("\n".join(page) + "\n")
    assert res.articles[0].paragraphs[-1] == "大家都说这里很好。"
    assert [c.text for a in res.articles for c in a.captions] == ["孩子们在城市书房写作业。"]


def test_a_caption_that_is_only_a_sentences_last_characters_takes_the_line_broken_off_above():
    # `王坛镇乐龄中心食堂的工作人员在准备配` read as a headline line, `送的餐食。` as a caption of its own
    # (a lone sentence under a headline): one caption; a credited caption under a headline is the
    # caption of the photo under it, and the headline stays
    from baokan.segment.blocks import _caption_tails_wrapped
    from baokan.segment.model import Block, Line

    def block(kind: str, text: str, credit: str | None = None) -> Block:
        b = Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)
        b.pieces, b.credit = [text], credit
        return b

    for credit, joined in ((None, True), ("记者 李华晨 摄", False)):
        head = block("display", "市民在城市书房里安安静静地看书学")
        blocks = [block("body", P4), head, block("caption", "习。", credit)]
        _caption_tails_wrapped(blocks)
        assert [b.kind for b in blocks] == (["body", "caption"] if joined else ["body", "display", "caption"])
        if joined:
            assert blocks[1].text == blocks[1].pieces[0] == "市民在城市书房里安安静静地看书学习。"
            assert len(blocks[1].lines) == 2


def test_a_note_with_brackets_inside_wrapped_over_two_lines_ends_the_body_above_the_next_headline():
    note = ["（作者为湖南省社会科学院（湖南省人民政府发展研究中心）", "研究员）"]
    head = ["从“五位一体”总体布局把握习近平法治思想的原创性贡献", "（习近平法治思想学习贯彻众论）"]
    page = ["城市书房点亮市民夜生活", "", *wrap(P4 + P5, 32), *note, "", *head, "", *wrap(P1, 32)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", "".join(head)]
    assert res.articles[0].paragraphs[-1] == "".join(note)


def test_a_wrapped_note_with_the_next_headline_right_under_it_ends_the_body_above():
    # no blank line parts `（作者为…地` / `质勘查中心陕西总队职工）` from the headline under it: the
    # note's last line closes it, and the headline is the next article's
    note = ["（作者为中国建筑材料工业地", "质勘查中心陕西总队职工）"]
    head = "暑假安排不妨合理“留白”（纵横）"
    for width in (13, 14, 16):  # (in a column of 13 or 14 the note's first line fills it)
        page = ["城市书房点亮市民夜生活", "", *wrap(P4 + P5, width), *note, head, "", "刘永明", *wrap(P1, width)]
        res = seg("\n".join(page) + "\n")
        assert [a.title for a in res.articles] == ["城市书房点亮市民夜生活", head]
        assert res.articles[0].paragraphs[-1] == "".join(note)
        assert [(x.name, x.role) for x in res.articles[1].authors] == [("刘永明", None)]


def test_a_line_ending_in_a_word_that_binds_to_what_follows_ends_no_kicker():
    # `当好新就业形态劳动者的` / `“娘家人”（一线手记）`: a modifier's 的 goes on over the break, even
    # where the body quotes the headline's first words whole
    from baokan.segment.stacks import split_stack

    body = "工会组织要当好新就业形态劳动者的“娘家人”。当好新就业形态劳动者的“娘家人”，就要努力实现应建尽建。"
    lines = ["当好新就业形态劳动者的", "“娘家人”（一线手记）"]
    assert split_stack(lines, body) == (None, "当好新就业形态劳动者的“娘家人”（一线手记）", None)
    # a kicker over a quoted headline still is one
    lines = ["全国总工会发布新就业形态劳动者权益保障办法", "“娘家人”守护快递小哥"]
    assert split_stack(lines, body)[0] == "全国总工会发布新就业形态劳动者权益保障办法"
    # `向` ending a noun (`方向`, `导向`) binds to nothing: a kicker over its headline
    body = "在推进城市书房建设的方向上，全市持续发力，让更多市民就近读书。"
    lines = ["以“十分钟阅读圈”为主攻方向", "全市城市书房建设提速扩面"]
    assert split_stack(lines, body) == tuple([*lines, None])


def test_a_stack_broken_after_a_mark_the_body_reads_on_across_is_one_field():
    # `…主题感读暨《乡愈》` / `第二次印刷出版座谈会举办`: the lead prints `《乡愈》第二次印刷` as one run,
    # so the break after the closing mark is a wrap, not a kicker's end
    from baokan.segment.stacks import split_stack

    lines = ["“家国情，", "每个人心中的乡”主题感读暨《乡愈》", "第二次印刷出版座谈会举办"]
    body = "6月11日，“家国情，每个人心中的乡”主题感读暨《乡愈》第二次印刷出版座谈会在北京举行。"
    assert split_stack(lines, body) == (None, "".join(lines), None)
    # where the body does not read on across it, the lines may still be a kicker and a title
    assert split_stack(lines, "6月11日，座谈会在北京举行。")[1] == "第二次印刷出版座谈会举办"


def test_no_kicker_headline_or_subtitle_is_shorter_than_six_characters():
    from baokan.segment.stacks import split_stack

    # a headline's last words wrapped onto the line of its column tag are not a headline of their own
    lines = ["暑假安排不妨合理", "“留白”（纵横）"]
    assert split_stack(lines, "") == (None, "暑假安排不妨合理“留白”（纵横）", None)
    lines = ["中小学生出行高峰来临，警惕", "安全风险（民生一线·暑期安全要当心）"]
    assert split_stack(lines, "") == (None, "".join(lines), None)
    # a place alone (`福建闽清  全力推进…`, set apart by a gap) opens the headline: it is no kicker,
    # though a kicker may open with a place
    lines = ["福建闽清", "全力推进水质提升攻坚年行动"]
    assert split_stack(lines, "") == (None, "".join(lines), None)
    # quotation marks add no words: `“应保尽保”` is four characters, no headline of its own
    lines = ["以“应普尽普”促文物", "“应保尽保”（人民时评）"]
    assert split_stack(lines, "") == (None, "".join(lines), None)


def test_the_words_after_a_dateline_are_never_taken_into_a_caption():
    # (found by test_fragment_pages: the words share the dateline's printed line, which a caption
    # taking them in would print a second time)
    text = "本报讯 （记者 高茜） 实干开新\n" * 4 + "\n化中阳篇章。"
    res = seg(text)
    assert [a.paragraphs for a in res.articles][-1] == ["实干开新", "化中阳篇章。"]
    assert not [c for a in res.articles for c in a.captions]


def test_a_two_line_paragraph_set_apart_by_blank_lines_is_not_an_intertitle_over_a_line():
    # `习近平总书记为广大青年` is as short as a phrase and `树立标杆、赠予其箴言。` as a first line, but
    # the blank line after them says the two are one paragraph
    lines = [
        "青春，应该在哪里用力、",
        "对谁用情、如何用心？",
        "",
        "习近平总书记为广大青年",
        "树立标杆、赠予其箴言。",
        "",
    ]
    page = ["青春由磨砺而出彩", "", *wrap(P1, 13), "", *lines, *wrap(P2, 13), "", *wrap(P3, 13)]
    res = seg("\n".join(page) + "\n")
    assert "习近平总书记为广大青年树立标杆、赠予其箴言。" in res.articles[0].paragraphs


def test_a_quoted_exclamation_closed_by_a_column_tag_is_a_headline_not_a_sentence():
    head = ["勇救4名落水者后，军人张伟跪求母亲：", "“让我再救一个！”（援手）"]
    page = [*wrap(P4, 18), "", *head, "", "本报记者  王  沛", *wrap(P1, 18), *wrap(P2, 18)]
    res = seg("\n".join(page) + "\n")
    art = res.articles[-1]
    assert (art.kicker, art.title) == (head[0], head[1]) and art.paragraphs == [P1, P2]
    # a quoted exclamation closed by a note is a paragraph's end
    from baokan.segment.lines import page_lines
    from baokan.segment.paragraphs import is_display

    lines = page_lines("他说：“我们一定能把这件事办好！”\n（记者 王沛）")
    assert not is_display(lines, "他说：“我们一定能把这件事办好！”（记者王沛）", False, 18.0)


def test_a_byline_whose_names_the_extractor_put_on_lines_of_their_own_is_one_byline():
    head = ["发挥历史文化在城市更新中的作用（专题深思）", ""]
    for names, byline in (
        (["张继焦", "", "周子翔"], "张继焦 周子翔"),
        (["本报记者 徐元锋", "", "张", "", "文", "", "秦瑞杰"], "本报记者 徐元锋 张文 秦瑞杰"),
        (["李", "", "斌"], "李斌"),  # one name set one character per line
        (["■ 何", "", "娟"], "何娟"),  # ... after a byline's marker
        (["◎齐", "", "骥"], "齐骥"),  # ... any of the markers bylines open with
        (["◎新", "", "言"], "新言"),  # ... where a pen name need open with no surname
        (["林", "", "晨 李", "", "晶"], "林晨 李晶"),  # two padded names broken at their wide gaps
        (["刘", "", "畅 崔明太"], "刘畅 崔明太"),  # ... and a name of three after the first
        (["本报记者 王乐文 方敏 毕", "京津"], "本报记者 王乐文 方敏 毕京津"),  # a name wrapped after its surname
    ):
        res = seg("\n".join([*head, *names, *wrap(P4, 18), *wrap(P5, 18)]) + "\n")
        (art,) = res.articles
        assert art.byline == byline and art.paragraphs == [P4, P5]


def test_names_under_an_authors_note_are_two_bylines_one_ending_an_article_one_opening_the_next():
    from baokan.segment.blocks import build_blocks
    from baokan.segment.lines import page_lines, split_lines

    page = [*wrap(P4, 18), "（作者为本报江苏分社记者）", "", "姚雪青", "", "程  诚", *wrap(P1, 18)]
    blocks = build_blocks(split_lines(page_lines("\n".join(page) + "\n")))
    assert [b.byline for b in blocks if b.kind == "byline"] == ["姚雪青", "程诚"]


def test_a_byline_over_the_headline_printed_after_its_body_and_end_marker_is_that_articles():
    page = [*wrap(P4, 18), *wrap(P5, 18), "（下转第二版）", "", "本报记者  张天培", "", "城市书房点亮市民夜生活", ""]
    page += ["抢抓农时推进春耕生产", "", "本报记者  王  沛", *wrap(P1, 18), *wrap(P2, 18)]
    res = seg("\n".join(page) + "\n")
    assert [(a.title, a.byline) for a in res.articles] == [
        ("城市书房点亮市民夜生活", "本报记者 张天培"),
        ("抢抓农时推进春耕生产", "本报记者 王沛"),
    ]


def test_a_column_tag_alone_is_never_the_headline_even_under_a_clause_the_body_repeats():
    from baokan.segment.stacks import split_stack

    lines = [
        "努力让人民住上更好的房子",
        "（深入学习贯彻习近平新时代中国特色社会主义思想·学习",
        "《习近平经济文选》第一卷专家谈）",
    ]
    body = "推动住房发展必须坚持以人民为中心的发展思想，努力让人民住上更好的房子。"
    assert split_stack(lines, body) == (None, "".join(lines), None)


def test_a_quoted_documents_name_over_it_is_its_first_paragraph_not_a_headline_line():
    page = ["习近平致信祝贺全国青联全委会召开", "", "坚定正确政治方向 在党的旗帜下奋进新征程", "", "贺信", ""]
    page += [*wrap("值此大会召开之际，我代表党中央表示祝贺！" + P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.title == "坚定正确政治方向 在党的旗帜下奋进新征程" and art.paragraphs[0] == "贺信"
    # read as a display line (in a stack printed without blank lines), it goes to the body as well
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import resolve_display_groups

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    blocks = [block("display", "坚定正确政治方向"), block("display", "贺信"), block("body", P1)]
    resolve_display_groups(blocks)
    assert [b.kind for b in blocks] == ["display", "body", "body"]


def test_a_line_opened_by_a_dash_is_never_a_kicker():
    from baokan.segment.stacks import split_stack

    for lines in (
        ["——从三起案件揭秘非法集资犯罪骗术", "别上当守好自己的钱袋子"],
        ["——人工智能热的冷思考", "给予踉跄奔跑更多信心耐心"],
    ):
        assert split_stack(lines, "")[0] is None


def test_a_headline_wrapped_in_a_box_narrower_than_its_body_is_the_title():
    # a long headline with its column tag, wrapped over lines of eight characters between bodies
    # of 17 and 19 (no blank lines): no full stop, so one headline over its byline, not an
    # untitled paragraph of its own
    head = ["以人民城市理念引", "领人民城市建设（", "深入学习贯彻习近", "平新时代中国特色", "社会主义思想·学"]
    head += ["习《习近平经济文", "选》第一卷专家谈）"]
    page = [*wrap(P1 + P3, 17), *head, "林  晨  李晶", *wrap(P4 + P5, 19)]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == [None, "".join(head)]
    assert res.articles[1].paragraphs == [P4 + P5]
    # the same lines in a column as narrow as the body's are body text
    res = seg("\n".join([*wrap(P1, 8), "", *head, "", *wrap(P4, 8)]) + "\n")
    assert all(a.title is None for a in res.articles)


def test_captions_printed_apart_at_the_top_of_a_page():
    stack = ["山区乡镇灾后全面恢复正常供电", "科技赋能送光明  “孤岛”灯亮暖民心", "本报记者  张  驰"]
    # two captions without a credit, each wrapped over two lines, over a headline
    caps = ["社区食堂的工作人员正在为", "老人准备午餐。", "村里的老年食堂，老人们围", "坐在桌前吃饭。"]
    (art,) = seg("\n".join([*caps, *stack, *wrap(P4, 16), *wrap(P5, 16)]) + "\n").articles
    assert [c.text for c in art.captions] == ["".join(caps[:2]), "".join(caps[2:])]
    assert art.title == "科技赋能送光明 “孤岛”灯亮暖民心" and art.paragraphs == [P4, P5]
    # a caption wrapped over three lines over its credit, first on the page
    cap = ["浙江省杭州市西湖区文新街道和平路社区", "老年人日间照料服务中心，志愿者和老人"]
    cap += [" 一起剪纸贴窗花。", "周  亮 摄"]
    (art,) = seg("\n\n".join([*cap, *stack, *wrap(P4, 18)]) + "\n").articles
    assert [(c.text, c.credit) for c in art.captions] == [("".join(x.strip() for x in cap[:3]), "周亮 摄")]
    # a credit set solid (`周亮摄`) is a credit, not the byline of 周亮摄
    res = seg("\n".join(["志愿者和老人一起剪纸贴窗花。", "周亮摄", *stack, *wrap(P4, 16)]) + "\n")
    assert [a.authors[0].name for a in res.articles] == ["张驰"]
    assert [(c.text, c.credit) for c in res.articles[0].captions] == [("志愿者和老人一起剪纸贴窗花。", "周亮 摄")]


def test_a_captions_first_lines_set_apart_by_blank_lines_are_its_beginning():
    # a blank line after every line (pdfminer): a caption's first line, breaking off mid-word, is
    # a paragraph of its own over the caption's last line and its credit
    top = ["测试报", "2023年4月11日", " 星期二", "第2版", "民主政治", "本版责编：张文豪  校对：张文豪"]
    c1 = ["浙江省杭州市西湖区文新街道和平路社区老年人日间照料服务中", "心，志愿者和老人一起剪纸贴窗花。", "周亮摄"]
    stack = ["全国政协委员热议——", "托起“一老一小”稳稳的幸福（议政）", "本报记者  孟祥夫"]
    page = "\n\n".join([*top, *c1, *stack, *wrap(P4 + P5, 19), *wrap(P1 + P2, 19)]) + "\n"
    (art,) = seg(page).articles
    assert [(c.text, c.credit) for c in art.captions] == [("".join(c1[:2]), "周亮 摄")]
    assert art.title == "托起“一老一小”稳稳的幸福（议政）"


def test_a_header_set_one_item_per_line_after_a_headline_stays_out_of_it():
    # the page's header printed after the last article, one item per line: the paper's name over
    # the date, a bare page number over the section's name over the editors
    header = ["人民日报", "2023年4月11日", "星期二", "24", "民主政治", "责任编辑：乔栋  曹怡晴"]
    cap = ["浙江省杭州市西湖区文新街", "道和平路社区老年人日间照", "料服务中心，志愿者和老人"]
    cap += ["一起剪纸贴窗花。", "周  亮摄"]
    page = [*wrap(P4, 26), "", *wrap(P5, 26), "", "城市书房点亮市民文化生活", "", "（文化观察）", "", *cap, ""]
    page += [x for item in header for x in (item, "")]
    res = seg("\n".join(page) + "\n")
    (art,) = res.articles
    assert art.title == "城市书房点亮市民文化生活（文化观察）"
    assert [c.text for c in art.captions] == ["".join(cap[:4])]
    fields = [f.fields for f in res.fragments if f.kind == "furniture"]
    assert {"publication": "人民日报", "type": "header"} in fields
    assert {"section": "民主政治", "type": "header"} in fields


def test_a_page_number_over_a_section_over_a_header_of_weak_items_opens_the_header():
    # `48` / `民主政治` / `人民日报` / `2025年06月12日` / `星期四`, each on a line of its own (pdfminer):
    # the number is the page's, not an intertitle's, though no item under it is strong furniture
    header = ["48", "民主政治", "人民日报", "2025年06月12日", "星期四"]
    page = [x for item in header for x in (item, "")]
    page += ["全国政协委员张甘霖——", "以务实之策护一泓碧水（履职故事）", "", "本报记者 白光迪", "", *wrap(P4, 20)]
    res = seg("\n".join(page) + "\n")
    (art,) = res.articles
    assert (art.kicker, art.title) == ("全国政协委员张甘霖——", "以务实之策护一泓碧水（履职故事）")
    fields = [f.fields for f in res.fragments if f.kind == "furniture"]
    assert {"page_label": "48", "type": "footer"} in fields
    assert {"section": "民主政治", "type": "header"} in fields


def test_a_kicker_and_headline_of_one_length_are_not_one_long_headline():
    from baokan.segment.stacks import split_stack

    # two lines of 12 and 13 characters and a column tag: two full lines of one headline would
    # look the same, but a headline of 25 characters is rare and a kicker over its headline is not
    lines = ["多措并举应对旱情不利影响", "河南夏粮产量将保持总体稳定", "（一线见闻）"]
    assert split_stack(lines, "") == ("多措并举应对旱情不利影响", "河南夏粮产量将保持总体稳定（一线见闻）", None)


def test_where_a_picture_came_from_is_never_a_headline():
    # the source of a picture without a photographer (`…供图`, `…资料室提供`) on a line of its own
    # at the top of the page, over the body whose headline is printed after it
    top = ["2023年4月10日，城市书房迎来第一批读者。", "市城市书房管理中心供图", "读者在城市书房里看书学习。"]
    top += ["《城市画报》资料室提供", "徐骏绘（新华社发）"]  # ... or who drew it
    page = ["第 6 版", "政治", *top, *wrap(P1 + P2, 21), *wrap(P3, 21), "春耕正当时  田野绘新景（一线见闻）"]
    res = seg("\n".join(page) + "\n")
    assert [a.title for a in res.articles] == ["春耕正当时 田野绘新景（一线见闻）"]
    assert res.articles[0].paragraphs[: len(top)] == top


def test_a_photo_sets_source_is_never_a_headline():
    source = "以上图片均为市城市书房管理中心提供"
    page = ["城市书房点亮市民夜生活", *wrap(P4, 21), "读者在城市书房里看书学习。", source, *wrap(P5, 21)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.title == "城市书房点亮市民夜生活" and source in art.paragraphs


def test_intertitles_naming_things_with_a_colon_are_siblings_even_under_a_higher_intertitle():
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _has_sibling, _intertitle_forms

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    # `新馆开放，焕新体验` over `阅览室：新空间重塑读书格局` reads like a kicker over a headline, but
    # the run of body text holds more `名称：…` intertitles: it is one of them, under a higher one
    blocks = [block("display", "新馆开放，焕新体验"), block("display", "阅览室：新空间重塑读书格局"), block("body", P1)]
    blocks += [block("body", "自习区：安静角落打造学习新体验"), block("body", P2)]
    forms = _intertitle_forms(blocks, [(0, 2)])
    assert _has_sibling(blocks, 0, 2, forms, weak_sibling=False)
    # a name with a colon that ends a sentence, or a headline with a column tag, is no such form
    blocks[3] = block("body", "自习区：安静角落打造学习新体验。")
    assert not _has_sibling(blocks, 0, 2, _intertitle_forms(blocks, [(0, 2)]), weak_sibling=False)
    # an intertitle over a paragraph's first line (`联动优化，产品矩阵协同升级` / `升级后的葛仙村夜游产品`,
    # which goes on as `矩阵具有以下三大特点。`) is judged by its first line's form too
    blocks = [block("body", "新品迭出，焕新体验"), block("body", P1), block("display", "联动优化，产品矩阵协同升级")]
    blocks += [block("display", "升级后的葛仙村夜游产品"), block("body", "矩阵具有以下三大特点。")]
    assert _has_sibling(blocks, 2, 4, _intertitle_forms(blocks, [(2, 4)]), weak_sibling=False)


def test_a_weak_one_phrase_headline_in_a_run_with_intertitles_of_one_phrase_is_one_too():
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _weak_sibling

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    # `完善关于虚假评价、恶意退货等行为的规定` (taken for a headline on weak evidence) and, further
    # down the same run of body text, `强化对“内卷式”竞争的依法治理` (already judged an intertitle)
    blocks = [block("body", P1), block("display", "完善关于虚假评价、恶意退货等行为的规定"), block("body", P2)]
    blocks += [block("body", "强化对“内卷式”竞争的依法治理"), block("body", P3)]
    assert _weak_sibling(blocks, 1, weak={1}, plain={3})
    # a byline between: another article's intertitle says nothing about this line
    blocks.insert(3, Block("byline", blocks[0].lines, byline="本报记者 倪弋"))
    assert not _weak_sibling(blocks, 1, weak={1}, plain={4})


def test_a_headline_wrapped_to_its_measure_is_one_headline():
    from baokan.segment.stacks import split_stack

    # three lines of one length and a one-character tail: one headline set to a measure, though
    # the body repeats its first lines word for word (and then says `举行` for its last word)
    lines = ["“家国情，每个人心中的", "乡”主题感读暨《乡愈》", "第二次印刷出版座谈会举", "办"]
    body = "6月11日，“家国情，每个人心中的乡”主题感读暨《乡愈》第二次印刷出版座谈会在北京举行。"
    assert split_stack(lines, body) == (None, "".join(lines), None)
    assert split_stack(lines, "") == (None, "".join(lines), None)


def test_a_kicker_lead_in_run_on_to_the_last_paragraph_opens_the_stack_below():
    # a blank line after every line: the last line of the article before ends a sentence and the
    # kicker (`内蒙古乌海：`, `重庆市大渡口区人大常委会——`) was read into its paragraph
    ending = ["组织部副部长周元元说，未来将继续提升", "服务效能，将更多服务送到群众家门口。"]
    for kicker, title in (
        ("内蒙古乌海：", "“流动办公桌”破解基层办事难题"),
        ("重庆市大渡口区人大常委会——", "把民情联络点建在产业链上"),
    ):
        page = ["城市书房点亮市民夜生活", "本报记者  付永文", *ending, kicker, title, "本报记者  王  沛", *wrap(P4, 18)]
        first, second = seg("\n\n".join(page) + "\n").articles
        assert first.paragraphs[-1].endswith("送到群众家门口。")
        assert (second.kicker, second.title) == (kicker, title)
    # a paragraph that ends with a colon and other marks is running text
    from baokan.segment.blocks import _kicker_end_alone

    assert not _kicker_end_alone("他说，具体措施如下：") and not _kicker_end_alone("——")


def test_a_short_line_under_a_kicker_pairs_with_the_line_below_only_if_the_two_match():
    # two lines of as many ideographs under a long line are the two phrases of one headline set
    # narrower (`科技赋能送光明` / `“孤岛”灯亮暖民心`); a short line that does not match the next is
    # the line above's wrapped tail
    from baokan.segment.stacks import split_stack

    assert split_stack(["云南独龙江乡灾后全面恢复正常供电", "科技赋能送光明", "“孤岛”灯亮暖民心"], "") == (
        "云南独龙江乡灾后全面恢复正常供电",
        "科技赋能送光明“孤岛”灯亮暖民心",
        None,
    )
    kicker = ["内蒙古鄂尔多斯推动能源生产和生态", "修复有机结合"]
    title = ["采煤沉陷区结出甜果", "子（经济聚焦·关注", "资源型城市转型）"]
    body = "当地坚持生态修复与能源开发并重，采煤沉陷区里种上了成片的杏树。"
    assert split_stack([*kicker, *title], body) == ("".join(kicker), "".join(title), None)


def test_a_headline_line_broken_after_an_enumeration_comma_stays_in_its_stack():
    page = ["测试报 2023年4月11日", "星期二 10 理论", "", "推动保护创新  强化科技赋能", "保护好、传承好、"]
    page += ["弘扬好长江文化", "", "郑自立", *wrap(P4, 25), *wrap(P5, 25)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.kicker, art.title) == ("推动保护创新 强化科技赋能", "保护好、传承好、弘扬好长江文化")
    assert art.paragraphs == [P4, P5]
    # the stack's first line, under the page header
    page = ["测试报 2023年4月11日", "星期二 10 国际", "", "欧盟、澳大利亚、", "巴西探索加强未成年人社交媒体使用管理——"]
    page += ["安全上网，", "促进青少年“数字健康”", "", "本报记者  郑自立", *wrap(P4, 25), *wrap(P5, 25)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.kicker == "欧盟、澳大利亚、巴西探索加强未成年人社交媒体使用管理——"
    assert art.paragraphs == [P4, P5]
    # ... under the last sentence of the article before
    page = [*wrap(P1, 25), "", "欧盟、澳大利亚、", "", "巴西探索加强未成年人社交媒体使用管理——", ""]
    page += ["安全上网，促进青少年“数字健康”", "", "本报记者  郑自立", *wrap(P4, 25), *wrap(P5, 25)]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs == [P1]
    assert second.kicker == "欧盟、澳大利亚、巴西探索加强未成年人社交媒体使用管理——"
    # ... under an author's note, or run on to the last paragraph (no blank lines on the page)
    kicker = ["新修订的反不正当竞争法回应“内卷式”竞争、", "网络不正当竞争行为等新问题——"]
    ending = [  # the last line fills the column: only the comma says the paragraph ended above
        "夕阳西下，纪念园渐渐安静下来。程星回到办公室，翻开笔",
        "记本，记录下当天走访时村民对红色旅游发展的建议：开发红军",
        "粮体验餐、修复革命遗址间的古道、创作红安民歌现代版……",
        "“我将积极履职，努力发挥人大代表作用，积极推动红色旅",
        "游融合发展，讲好老区故事，让红色基因代代相传。”程星说。",
    ]
    note = ["  （作者为湖南省社会科学院（湖南省人民政府发展研究中", "心）研究员）"]
    for above in (ending, [*wrap(P1, 27), *note]):
        page = ["红色旅游带火大别山老区", "本报记者  付永文", *above, *kicker]
        page += ["保护公平竞争  激发市场活力（坚持和完善人民代表大会制度）", "本报记者  倪  弋", *wrap(P4, 27)]
        first, second = seg("\n".join(page) + "\n").articles
        assert first.title == "红色旅游带火大别山老区" and not any("新修订" in p for p in first.paragraphs)
        assert second.kicker == "".join(kicker) and second.paragraphs == [P4]


def test_a_weak_headline_right_under_an_articles_first_lines_is_an_intertitle():
    from baokan.segment.model import Block, Line
    from baokan.segment.stacks import _under_a_short_opening

    def block(kind: str, text: str) -> Block:
        return Block(kind, [Line(no=0, text=text, width=float(len(text)), lead=0, justified=False)], text=text)

    # headline, byline, `（一）` and one sentence: no article ends that soon
    blocks = [block("display", "开放合作 互利共赢 和合共生（人民观点）"), block("byline", "本报评论部")]
    blocks += [block("body", "（一）"), block("body", "百年变局之下，人类命运与共，和合共生是人间正道。")]
    blocks += [block("display", "以“供应链”打造“共赢链”——"), block("body", P1)]
    assert _under_a_short_opening(blocks, 4)
    blocks[3:4] = [block("body", P1), block("body", P2)]  # an article of its own before it
    assert not _under_a_short_opening(blocks, 5)


def test_captions_between_an_articles_closing_note_and_the_next_headline():
    caps = ["社区食堂的工作人员正在为", "老人准备午餐。", "村里的老年食堂，老人们围", "坐在桌前吃饭。"]
    page = ["城市书房点亮市民文化生活", "本报记者  王伟健", *wrap(P4, 16), *wrap(P5, 16), "（作者单位：市图书馆）"]
    page += [*caps, "老年食堂  暖意浓浓饭菜香", "（暖相册）", "本报记者  张  驰", *wrap(P1, 16), *wrap(P2, 16)]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs[-1] == "（作者单位：市图书馆）" and not first.captions
    assert [c.text for c in second.captions] == ["".join(caps[:2]), "".join(caps[2:])]
    assert second.paragraphs == [P1, P2]


def test_a_letter_spaced_dateline_broken_before_its_dispatch_word():
    page = ["司法部公布新修订的《法律援助投诉处理办", "", "法》", "", "本 报 北 京 6 月 11 日", ""]
    page += [" 电　（ 记 者 张  璁 ）　日", "", "前，司法部公布新修订的《", "", "法律援助投诉处理办法》，", ""]
    page += ["自2025年6月15日起施行。", "", *[x for line in wrap(P4, 12) for x in (line, "")]]
    (art,) = seg("\n".join(page) + "\n").articles
    assert art.dateline == "本报北京6月11日电"
    assert [a.name for a in art.authors] == ["张璁"]
    assert art.paragraphs[0] == "日前，司法部公布新修订的《法律援助投诉处理办法》，自2025年6月15日起施行。"


def test_captions_apart_after_a_closing_byline_or_page_furniture():
    stack = ["海南小伙扎根广东茂名农村——", "村里来了个养鱼创业的年轻人（追梦路上）", "本报记者  李  纵"]
    # after a commentary's byline printed under its body (it ends that article)
    page = ["城市书房点亮市民文化生活（快评）", *wrap(P4, 24), *wrap(P5, 24), "本报记者  刘军国"]
    page += ["王启腾在养殖基地撒饵料喂鱼。", *stack, *wrap(P1, 24), *wrap(P2, 24)]
    first, second = seg("\n\n".join(page) + "\n").articles
    assert [a.name for a in first.authors] == ["刘军国"] and not first.captions
    assert [c.text for c in second.captions] == ["王启腾在养殖基地撒饵料喂鱼。"]
    # under a page footer, over a headline that page furniture parts from its body
    page = [*wrap(P4, 24), "- 3 -", "王启腾在养殖基地撒饵料喂鱼。", stack[1], "人民日报  2023年4月11日"]
    page += [*wrap(P1, 24), *wrap(P2, 24)]
    res = seg("\n".join(page) + "\n")
    assert [c.text for a in res.articles for c in a.captions] == ["王启腾在养殖基地撒饵料喂鱼。"]


def test_a_headline_set_apart_by_a_blank_line_is_no_captions_first_line():
    # blank lines part blocks on this page: the headline after the body, a blank line, then a
    # credited caption beginning a sentence of its own
    page = [*wrap(P4, 20), "", *wrap(P5, 20), "", "全市城市书房点亮市民文化夜生活", ""]
    page += ["读者在书房里看书学习。 冯晓秀摄", "", "□ 本报记者  窦  皓", "", *wrap(P1, 20), "", *wrap(P2, 20)]
    res = seg("\n".join(page) + "\n")
    assert "全市城市书房点亮市民文化夜生活" in [a.title for a in res.articles]
    assert [c.text for a in res.articles for c in a.captions] == ["读者在书房里看书学习。"]


def test_a_speechs_salutation_is_its_first_paragraph():
    page = [*wrap(P1, 26), "吉林出台方案培育壮大冰雪装备器材产业", "青年朋友们，同学们，", "同志们："]
    page += [*wrap(P4, 12), *wrap(P5, 12)]
    res = seg("\n".join(page) + "\n")
    assert "青年朋友们，同学们，同志们：" not in [a.title for a in res.articles]
    assert any(a.paragraphs[:2] == ["青年朋友们，同学们，同志们：", P4] for a in res.articles)


def test_a_caption_between_a_headline_and_the_byline_opening_its_article():
    page = ["守护国门边境", "服务开放发展", "（权威发布）", "读者在城市书房里看书学习。", "本报记者  王伟健"]
    page += [*wrap(P4, 12), *wrap(P5, 12)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert [c.text for c in art.captions] == ["读者在城市书房里看书学习。"]
    assert art.paragraphs == [P4, P5] and [a.name for a in art.authors] == ["王伟健"]
    # … also with the photo set's other caption, credited, between them and the byline
    page2 = [*page[:4], "村里的老年食堂，老人们在吃饭。 章勇涛 摄", *page[4:]]
    (art,) = seg("\n".join(page2) + "\n").articles
    assert [c.text for c in art.captions] == ["读者在城市书房里看书学习。", "村里的老年食堂，老人们在吃饭。"]
    # right under a headline and over body text, a short sentence is the article's first paragraph
    (art,) = seg("\n".join([*page[:3], "读者在城市书房里看书学习。", *wrap(P4, 12)]) + "\n").articles
    assert art.paragraphs[0] == "读者在城市书房里看书学习。" and not art.captions


def test_a_headline_under_the_source_line_that_closes_the_article_before():
    # a compilation page: every article ends with the line naming the issue it was printed in, no
    # blank lines anywhere; the short line under it opens the next article, it is no intertitle
    source = "《人民日报》（2001年01月01日第 03 版）"
    page = ["冬春农田水利建设加快", *wrap(P1, 20), *wrap(P2, 20), source, "城市书房点亮夜读"]
    page += [*wrap(P4, 20), *wrap(P5, 20), source]
    first, second = seg("\n".join(page) + "\n").articles
    assert (first.title, first.paragraphs) == ("冬春农田水利建设加快", [P1, P2])
    assert (second.title, second.paragraphs) == ("城市书房点亮夜读", [P4, P5])
    # under a byline the source line belongs to the article it heads: the body goes on under it
    page2 = ["冬春农田水利建设加快", "本报记者  王伟健", source, *wrap(P1, 20), "农民增收", *wrap(P2, 20)]
    (art,) = seg("\n".join(page2) + "\n").articles
    assert art.paragraphs == [P1, "农民增收", P2]
    # under body text (past a photo's caption) it closes the article even when no headline follows
    page3 = [*wrap(P1, 20), *wrap(P2, 20), "田间地头一派繁忙景象。　记者 叶娜 摄", source, *wrap(P4, 20), *wrap(P5, 20)]
    assert [a.paragraphs for a in seg("\n".join(page3) + "\n").articles] == [[P1, P2], [P4, P5]]
    # under a commentator's name in brackets that closes a body, it closes the article too
    page4 = ["冬春农田水利建设加快", *wrap(P1, 20), *wrap(P2, 20), "（尚嵘峥）", source, "城市书房点亮夜读"]
    page4 += [*wrap(P4, 20), source]
    first, second = seg("\n".join(page4) + "\n").articles
    assert (first.byline, first.paragraphs) == ("尚嵘峥", [P1, P2])
    assert (second.title, second.paragraphs) == ("城市书房点亮夜读", [P4])


def test_reporters_run_into_the_dateline_head_with_bao_dao():
    # 人民日报 and many papers into the 2000s: `本报北京12月31日讯记者吴坤胜报道：` opens the body
    h = parse_byline_head("本报哈尔滨12月31日电记者董伟、胡斌、夏珺报道：今天的北国冰城")
    assert (h.dateline, h.byline) == ("本报哈尔滨12月31日电", "本报哈尔滨12月31日电 记者 董伟、胡斌、夏珺 报道：")
    assert [(a.name, a.role) for a in h.authors] == [("董伟", "记者"), ("胡斌", "记者"), ("夏珺", "记者")]
    h = parse_byline_head("本报太原2000年12月31日电 记者 安\n洋报道：今天上午")
    assert (h.dateline, [a.name for a in h.authors]) == ("本报太原2000年12月31日电", ["安洋"])
    h = parse_byline_head("本报北京1月1日讯新华社记者秦杰、本报记者赵川东报道：乐音飞扬")
    assert [a.name for a in h.authors] == ["秦杰", "赵川东"]
    # a reporter who learnt something is running text, not a credit
    h = parse_byline_head("本报讯记者李丽辉从国家工商行政管理局获悉：各地")
    assert (h.byline, h.authors, h.consumed) == ("本报讯", [], 3)
    page = ["冬春农田水利建设加快", *wrap("本报讯记者王霞光报道：" + P1, 20), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.dateline, [a.name for a in art.authors], art.paragraphs) == ("本报讯", ["王霞光"], [P1, P2])
    assert art.byline == "本报讯 记者 王霞光 报道："  # as printed: nothing of the head is lost
    # … also when the line breaks inside the reporters' names
    head = "本报北京1月1日讯记者王霞光报道："
    page = ["冬春农田水利建设加快", head[:13], *wrap(head[13:] + P1, 20, indent=False), *wrap(P2, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.dateline, [a.name for a in art.authors], art.paragraphs) == ("本报北京1月1日讯", ["王霞光"], [P1, P2])


def test_a_run_in_dispatch_inside_running_text_stays_a_paragraph():
    # `…电记者张文报道：` names its reporter, but run into the text: in the same column, after a
    # finished paragraph, it is a body quoting another dispatch (only brackets open an article there)
    quoted = "本报厦门1月2日电记者张文报道：" + P3
    page = ["春耕生产热火朝天", "本报讯 （记者 王政） " + P1[:8], *wrap(P1[8:] + P2, 22, indent=False)]
    page += wrap(P2 + P3, 22) + wrap(quoted, 22) + wrap(P4 + P1, 22)
    (art,) = seg("\n".join(page)).articles
    assert art.paragraphs == [P1 + P2, P2 + P3, quoted, P4 + P1]
    assert [a.name for a in art.authors] == ["王政"]


def test_a_dateline_broken_inside_its_date_is_one_head():
    page = ["冬春农田水利建设加快", "本报太原2000年12月31", "日电（记者 安洋） " + P1[:6]]
    page += [*wrap(P1[6:], 14, indent=False), *wrap(P2, 14)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.dateline, [a.name for a in art.authors]) == ("本报太原2000年12月31日电", ["安洋"])
    assert art.paragraphs == [P1, P2]


def test_a_headline_over_a_byline_heads_the_body_under_it_not_the_one_above():
    # the second headline shares words with the end of the first article's body (`民营经济`,
    # `高质量发展`), and would be taken for a headline printed after that body; the byline under
    # it says it heads what follows
    a1 = "公平竞争是市场经济的基础原则，健全完善反不正当竞争法律制度，是构建全国统一大市场的重要举措。"
    a2 = "新修订的法律回应了网络不正当竞争等新问题，为经营主体营造稳定公平透明可预期的环境。"
    a3 = "促进民营经济高质量发展，离不开公平竞争的市场环境，民营经济高质量发展需要法治保障。"
    a4 = "民营企业家表示，新法施行后，民营经济高质量发展的信心更足了，公平竞争的环境更好了。"
    b1 = "小小阀门，有多少品类？球阀、蝶阀、调节阀、轴流阀，走进位于吴忠市的仪表公司，展厅里琳琅满目。"
    b2 = "近年来，公司累计攻克近百项行业难题，开发六十多项控制阀新产品，阀门远销多个国家和地区。"
    page = ["保护公平竞争 激发市场活力", "本报记者  倪弋", *wrap(a1, 20), *wrap(a2, 20), *wrap(a3, 20)]
    page += [
        *wrap(a4, 20),
        "小小阀门创新多",
        "（促进民营经济高质量发展）",
        "本报记者  焦思雨",
        *wrap(b1, 20),
        *wrap(b2, 20),
    ]
    first, second = seg("\n".join(page) + "\n").articles
    assert (first.title, first.paragraphs) == ("保护公平竞争 激发市场活力", [a1, a2, a3, a4])
    assert (second.title, second.paragraphs) == ("小小阀门创新多（促进民营经济高质量发展）", [b1, b2])


def test_a_headline_and_its_column_tag_run_on_to_a_full_last_line_head_the_next_article():
    # no blank lines; the paragraph's last line fills the column and ends a sentence, so nothing
    # parts the headline under it, which reaches past the column, nor the tag under that
    last = ["下一步，联盟将系统布局从技", "术研发到产业落地的全链条生态体", "系，重点支持核心技术研发，同时"]
    last += ["推动智慧城市等垂直场景应用，助", "力技术从实验室加速走向产业化。"]
    page = ["广东省机器人产业联盟成立", "本报记者  罗艾桦", *wrap(P4, 15), *last]
    page += ["买新能源车，看“价格”更看“价值”", "（经济时评）", "□曹怡晴", *wrap(P1, 15), *wrap(P2, 15)]
    first, second = seg("\n".join(page) + "\n").articles
    assert first.paragraphs == [P4, "".join(last)]
    assert (second.title, [a.name for a in second.authors]) == (
        "买新能源车，看“价格”更看“价值”（经济时评）",
        ["曹怡晴"],
    )
    assert second.paragraphs == [P1, P2]


def test_a_headline_wrapped_in_a_narrow_column_over_a_dateline_is_its_headline():
    # four lines of a narrow column with no stop, right over the dateline that opens the article
    head = ["“家国情，每个人心中的", "乡”主题感读暨《乡愈》", "第二次印刷出版座谈会举", "办"]
    page = ["责任编辑：袁博霞", "", "电话：010-65364791", "", *head, ""]
    page += ["本报北京6月11日电 （陈娟）" + P4[:4], *wrap(P4[4:], 13, indent=False), *wrap(P5, 13)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, [a.name for a in art.authors]) == ("".join(head), ["陈娟"])
    assert art.paragraphs == [P4, P5]


def test_a_line_opening_with_a_label_in_black_brackets_is_body_not_a_subtitle():
    # `【关键词】…` under a headline and its tag is the body's first section, not a subtitle
    page = ["“温暖1厘米”背后的治理之变", "（暖闻热评）", "", "【关键词】“温暖1厘米”"]
    page += [*wrap("【事件】" + P4, 20, indent=False), *wrap(P5, 20), "尚嵘峥"]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.subtitle) == ("“温暖1厘米”背后的治理之变（暖闻热评）", None)
    assert art.paragraphs == ["【关键词】“温暖1厘米”", "【事件】" + P4, P5]


def test_a_photo_sets_uncredited_caption_wrapped_evenly_over_two_lines_is_its_caption():
    # a closing byline, then a photo set: an uncredited caption broken over two lines of a narrow
    # box (`…的工作人` / `员在…餐食。`) and a credited one; the headline of their article follows
    page = ["科技赋能送光明", "", *wrap(P1, 26), "", *wrap(P2, 26), "", "本报记者张  驰", ""]
    page += ["王坛镇乐龄中心食堂的工作人", "", "员在准备配送的餐食。", "", "舒村村老年食堂，用餐的老人露出笑", ""]
    page += ["容。  章勇涛摄", "", "老年食堂  暖意浓浓饭菜香（暖相册）", "", "◎本报记者  刘军国", ""]
    page += [*wrap(P4, 14), "", *wrap(P5, 14)]
    first, second = seg("\n".join(page) + "\n").articles
    assert (first.title, [a.name for a in first.authors]) == ("科技赋能送光明", ["张驰"])
    assert [a.name for a in second.authors] == ["刘军国"]
    assert [c.text for c in second.captions] == [
        "王坛镇乐龄中心食堂的工作人员在准备配送的餐食。",
        "舒村村老年食堂，用餐的老人露出笑容。",
    ]


def test_a_headline_short_of_the_measure_read_with_a_caption_over_a_credit_stays_a_headline():
    # a caption's first line that stops short of the column's measure without a mark to end on is
    # no wrapped line of the caption: it is the headline printed over it
    from baokan.segment.blocks import _captions_over_credits
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.model import Block
    from baokan.segment.paragraphs import lines_block

    def read(top: str) -> list[tuple[str, str]]:
        lines = split_lines(page_lines("\n".join([top, "最难忘一湾碧水。", "汤鹏娟摄"]) + "\n"))
        credit = Block("credit", lines[2:], credit="汤鹏娟 摄", photographers=["汤鹏娟"])
        body = lines_block(credit, "body", lines[:2])
        body.width = 16.0
        blocks = [body, credit]
        _captions_over_credits(blocks)
        return [(b.kind, b.text) for b in blocks]

    assert read("“绿富美”里有良法") == [("display", "“绿富美”里有良法"), ("caption", "最难忘一湾碧水。")]
    # at the measure, or ending on a mark, the line is the caption's first
    assert read("浙江湖州南太湖新区的湿地公园") == [("caption", "浙江湖州南太湖新区的湿地公园最难忘一湾碧水。")]
    assert read("“绿富美”里有良法，") == [("caption", "“绿富美”里有良法，最难忘一湾碧水。")]


def test_a_headline_where_the_column_changes_heads_a_report_on_the_same_subject() -> None:
    # two reports of one theme share most of their words, so the text on both sides of the
    # headline coheres like one article's; the column's width changing under it still parts them
    for width in (13, 16):
        page = [*wrap(P1, width), *wrap(P2, width), *wrap(P3, width), "弱国屈辱千般痛"]
        page += [*wrap(P2, 24), *wrap(P3, 24), *wrap(P1, 24), "与新世纪同行"]
        first, second = seg("\n".join(page) + "\n").articles
        assert (first.title, first.paragraphs) == ("弱国屈辱千般痛", [P1, P2, P3])
        assert (second.title, second.paragraphs) == ("与新世纪同行", [P2, P3, P1])


def test_a_one_line_paragraph_under_a_headline_goes_with_the_column_below() -> None:
    # `新世纪的钟声已经敲响。` under the headline printed after the first body is as wide as a first
    # line of that narrow column (two ems short), but it opens the next article's wider column
    for width, blanks in itertools.product((13, 14, 16), ("\n", "\n\n")):
        lead = "新世纪的钟声已经敲响。".ljust(width - 2, "好")
        lead = lead[:-2] + "好。" if not lead.endswith("。") else lead
        page = [*wrap(P1, width), *wrap(P2, width), *wrap(P3, width), "弱国屈辱千般痛", lead]
        page += [*wrap(P4, 24), *wrap(P5, 24), *wrap(P2, 24), "与新世纪同行"]
        first, second = seg(blanks.join(page) + "\n").articles
        assert (first.title, first.paragraphs) == ("弱国屈辱千般痛", [P1, P2, P3])
        assert (second.title, second.paragraphs) == ("与新世纪同行", [lead, P4, P5, P2])


def test_a_headlines_wrapped_end_stays_with_it_between_two_stacks() -> None:
    # one group of display lines between two bodies: the first article's kicker and headline
    # (wrapped, `事难题` its last three characters) printed after its body, then the next one's
    # headline and column tag; the short line shares no words with either body
    a1 = "一套桌椅和一面条幅组成的“流动办公桌”，走进社区和企业，乌海市把政务服务送到群众身边，群众少跑腿。"
    a2 = "今年3月以来，乌海市乌达区在街道社区推行“流动办公桌”，干部带着政策和表格上门，帮办代办各类事项。"
    b1 = "最近，有两则关于调查研究的新闻，引发关注、引人深思，值得各级干部认真对照，查找差距，改进作风。"
    b2 = "调查研究是谋事之基、成事之道，没有调查就没有发言权，更没有决策权，调研要沉下去、实起来。"
    stack = ["内蒙古乌海：", "“流动办公桌”破解基层办", "事难题", "两则新闻看调研", "（人民论坛）"]
    for width in (18, 20, 24):
        page = [*wrap(a1, width), *wrap(a2, width), *stack, *wrap(b1, width), *wrap(b2, width)]
        first, second = seg("\n".join(page) + "\n").articles
        assert (first.kicker, first.title) == ("内蒙古乌海：", "“流动办公桌”破解基层办事难题")
        assert (second.kicker, second.title) == (None, "两则新闻看调研（人民论坛）")
        assert (first.paragraphs, second.paragraphs) == ([a1, a2], [b1, b2])


def test_a_first_line_under_a_headline_goes_with_the_wider_column_below() -> None:
    # `城市书房的灯光每晚都亮到十点，` opens the second article two ems short of its 16 column (its
    # comma hanging), as wide as a full line of the 14 column above the headline: it is no line of
    # that column, nor a headline
    for blanks in ("\n", "\n\n"):
        page = ["春耕生产热火朝天", *wrap(P1, 14), *wrap(P2, 14), *wrap(P3, 14), "全力推进灾后重建"]
        page += [*wrap(P4, 16), *wrap(P5, 16), *wrap(P4, 16)]
        first, second = seg(blanks.join(page) + "\n").articles
        assert (first.title, first.paragraphs) == ("春耕生产热火朝天", [P1, P2, P3])
        assert (second.kicker, second.title, second.paragraphs) == (None, "全力推进灾后重建", [P4, P5, P4])


def test_a_byline_after_a_continuation_marker_closes_the_article_above() -> None:
    # the first part of a report ends with its continuation marker, and its byline follows it;
    # the next article opens with its headline and a dateline of its own
    page = ["公物仓全国“一张网”建设加快推进", *wrap(P1, 16), *wrap(P2, 16), "（下转第9版）", "■ 本报记者  沈童睿"]
    page += ["城市书房点亮市民夜生活", "本报讯 （记者 韩笑） " + P4[:6], *wrap(P4[6:], 16, indent=False), *wrap(P5, 16)]
    for blanks in ("\n", "\n\n"):
        first, second = seg(blanks.join(page) + "\n").articles
        assert (first.title, [(a.name, a.role) for a in first.authors]) == (
            "公物仓全国“一张网”建设加快推进",
            [("沈童睿", "记者")],
        )
        assert first.paragraphs == [P1, P2]
        assert [(a.name, a.role) for a in second.authors] == [("韩笑", "记者")]


def test_a_kicker_of_two_phrases_over_a_headline_listing_with_enumeration_commas() -> None:
    # `强化科技赋能` / `保护好、传承好、` measure alike, but a line ending with an enumeration comma
    # goes on: it opens the headline's list, it closes no pair of phrases with the line above
    from baokan.segment.stacks import split_stack

    lines = ["推动保护创新", "强化科技赋能", "保护好、传承好、", "弘扬好长江文化"]
    assert split_stack(lines, P1 + P2) == ("推动保护创新强化科技赋能", "保护好、传承好、弘扬好长江文化", None)


def test_a_stack_read_as_a_paragraph_ending_with_a_comma_under_the_page_header() -> None:
    # a kicker of two phrases and the headline's first line, ending with an enumeration comma,
    # read as one paragraph over the headline's last line: no paragraph ends with a comma
    page = ["第3版", "理论", "人民日报", "本版责编：李家鼎　刘玮航"]
    page += ["推动保护创新  强化科技赋能", "保护好、传承好、", "弘扬好长江文化", "郑自立", *wrap(P1, 14), *wrap(P2, 14)]
    for blanks in ("\n", "\n\n"):
        (art,) = seg(blanks.join(page) + "\n").articles
        assert (art.kicker, art.title) == ("推动保护创新 强化科技赋能", "保护好、传承好、弘扬好长江文化")
        assert ([a.name for a in art.authors], art.paragraphs) == (["郑自立"], [P1, P2])


def test_a_phrase_wider_than_the_column_over_a_first_line_is_a_paragraph_of_its_own():
    # `“流动办公桌”破解基层办事难题` over `一套桌椅和一面条幅组成`: a headline two ems wider than the
    # column's full lines (not yet "wide"), no blank line around it, over a paragraph's first line
    def wrap(text: str, first: int, full: int) -> list[str]:
        out = [text[:first]]
        text = text[first:]
        while text:
            out.append(text[:full])
            text = text[full:]
        return out

    before = (
        "社区在每个小区设立议事角，居民有事就近反映，问题当场登记，能办的当场办结，不能当场办结的限期答复"
        "并公开进度。半年来，议事角共收集意见四百余条，办结率超过九成，居民满意度明显提升。"
    )
    body = (
        "一张桌子和几把椅子组成的流动服务点，如今经常出现在城区的广场、商场和居民小区门口，"
        "收集群众诉求，把服务送到家门口。"
    )
    after = (
        "今年春天以来，服务点共受理供水、停车、加装电梯等问题三百多件，其中大部分已经协调解决，其余正在按计划"
        "推进。工作人员每周汇总一次，逐条回访，直到问题解决为止。"
    )
    head = "流动服务点化解城区居民急难愁盼事"
    lines = ["城市治理如何更精细", *wrap(before, 12, 14), "某某市某某区：", head]
    lines += [*wrap(body, 12, 14), *wrap(after, 12, 14)]
    paragraphs = [p for a in seg("\n".join(lines) + "\n").articles for p in a.paragraphs]
    assert head in paragraphs
    assert body in paragraphs


def test_a_line_inside_a_bracket_the_line_above_opened_is_no_byline():
    # `国产家电能否进入高` / `端市场？（中国消费` / `向新而行·稳外贸扩` / `消费）`: the third line looks like two
    # names set apart by a middle dot, but the column tag opened above is still open
    head = ["新能源车如何走得", "更远？（聚焦产业", "向新而行·稳中求", "进）"]
    body = (
        "今年以来，我国新能源汽车产销两旺，出口持续增长，产业链供应链韧性进一步增强。记者近日走访多家企业，"
        "看到新车型接连下线，研发投入不断加大，海外订单稳步增加。业内人士表示，技术进步和市场开拓相互促进，"
        "正在推动产业迈向更高水平。"
    )
    lines = [*head, "", *[body[k : k + 14] for k in range(0, len(body), 14)]]
    result = seg("\n".join(lines) + "\n")
    assert [a.title for a in result.articles] == ["".join(head)]
    assert not [f for f in result.fragments if f.kind == "orphan_byline"]


def test_an_undashed_line_under_a_headline_closed_by_its_column_tag_opens_the_body():
    # 人民日报 prints no subtitle under a tagged headline without its dash: the question under it
    # is the commentary's first paragraph (`“潮商场”成青年“心头好”（快评）` / `商场是什么样的？`)
    page = ["城市书房点亮夜读（快评）", "书房里都有谁？", "", *wrap(P4, 20), "", *wrap(P5, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.subtitle) == ("城市书房点亮夜读（快评）", None)
    assert art.paragraphs == ["书房里都有谁？", P4, P5]
    # … a dashed line there is its subtitle
    page[1] = "——书房里都有谁"
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.subtitle, art.paragraphs) == ("城市书房点亮夜读（快评）", "——书房里都有谁", [P4, P5])


def test_a_writing_institution_under_a_subtitle_is_the_byline_not_the_subtitles_end():
    # the subtitle and the institution that wrote the article were read as one display paragraph
    page = ["为党和人民事业奋斗终身", "——纪念李克强同志诞辰70周年", "中共中央党史和文献研究院"]
    (art,) = seg("\n\n".join([*page, *wrap(P4, 17), *wrap(P5, 17)]) + "\n").articles  # a blank line after every line
    assert (art.title, art.subtitle) == ("为党和人民事业奋斗终身", "——纪念李克强同志诞辰70周年")
    assert (art.byline, art.paragraphs) == ("中共中央党史和文献研究院", [P4, P5])


def test_an_authors_note_in_the_next_columns_width_stays_with_the_article_it_ends():
    # the column segments part before the note (set to the width of the column that follows): the
    # note opens no article, the headline after it still goes to the body it ends, and the body
    # after the headline is measured against the article's last paragraph, not the note
    from baokan.segment.articles import assemble
    from baokan.segment.model import Block, Line

    def block(kind: str, no: int, text: str, seg: int, width: float) -> Block:
        line = Line(no=no, text=text, width=width, lead=0, justified=False)
        return Block(kind, [line], text=text, seg=seg, width=width, mode=width, pieces=[text])

    note = "（作者为浙江工业大学中国住房和房地产研究院院长）"
    blocks = [block("body", 1, P1, 0, 27.0), block("body", 2, P2, 0, 27.0), block("body", 3, note, 1, 25.0)]
    blocks += [block("display", 4, "城市书房点亮夜读（专家谈）", 1, 25.0), block("body", 5, P4, 1, 25.0)]
    arts, _fragments, _warnings = assemble(blocks)
    assert [[b.text for b in a.body] for a in arts] == [[P1, P2, note], [P4]]
    # … and a body after the note in another width than the article's is another article's
    blocks = [*blocks[:3], block("body", 4, P4, 1, 25.0)]
    arts, _fragments, _warnings = assemble(blocks)
    assert [[b.text for b in a.body] for a in arts] == [[P1, P2, note], [P4]]


def test_a_headline_left_with_one_short_paragraph_by_a_width_change_gets_its_body_back():
    # the lead set to the headline's width, the body in another: no article is one short paragraph,
    # so the untitled part after the cut is the same article's
    from baokan.segment.articles import assemble
    from baokan.segment.model import Block, Line

    def block(kind: str, no: int, text: str, seg: int, width: float) -> Block:
        line = Line(no=no, text=text, width=width, lead=0, justified=False)
        return Block(kind, [line], text=text, seg=seg, width=width, mode=width, pieces=[text])

    lead = "历史的演进中，总有一些充满意义的细节。"
    blocks = [block("display", 1, "答好“亲”与“清”这道考题（人民论坛）", 0, 27.0), block("body", 2, lead, 0, 27.0)]
    blocks += [block("body", 3, P1, 1, 30.0), block("body", 4, P2, 1, 30.0)]
    arts, _fragments, _warnings = assemble(blocks)
    assert [[b.text for b in a.body] for a in arts] == [[lead, P1, P2]]
    # … not with a byline between the parts (it opens an article), nor after a long paragraph, even
    # one that breaks off inside a sentence (the first generator prints an untitled article there)
    with_byline = [*blocks[:2], block("byline", 3, "本报记者 王伟健", 1, 30.0), *blocks[2:]]
    arts, _fragments, _warnings = assemble(with_byline)
    assert [[b.text for b in a.body] for a in arts] == [[lead], [P1, P2]]
    broken = "一则赢得不少点赞。浙江杭州滨江区长河街道骑手驿站利用"
    blocks[1:2] = [block("body", 2, P4, 0, 27.0), block("body", 2, broken, 0, 27.0)]
    arts, _fragments, _warnings = assemble(blocks)
    assert [[b.text for b in a.body] for a in arts] == [[P4, broken], [P1, P2]]


def test_a_kicker_ending_with_its_dash_over_a_headline_after_the_last_sentence_is_a_stack_not_a_caption():
    # a stack printed after its body, right over a credited caption, no blank lines: the kicker and
    # the headline are neither the last paragraph's end nor the caption's beginning
    kicker, title, caption = (
        "重庆市大渡口区人大常委会——",
        "把民情联络点建在产业链上",
        "贴近产业助推发展。　戴琦  冯文摄",
    )
    page = [*wrap(P1, 14), *wrap(P2, 14), kicker, title, caption]
    page += ["本报北京7月2日电（记者 李昌禹）" + P4[:6], *wrap(P4[6:], 14, indent=False), *wrap(P5, 14)]
    res = seg("\n".join(page) + "\n")
    assert res.articles[0].paragraphs == [P1, P2]
    assert [(a.kicker, a.title) for a in res.articles if a.title] == [(kicker, title)]
    assert [c.text for a in res.articles for c in a.captions] == ["贴近产业助推发展。"]


def test_a_line_ending_in_a_word_that_wants_its_complement_ends_no_field():
    # `2025年我国康养市场规模预计` / `达9.5万亿元`: a kicker wrapped after `预计` goes on over the
    # break; the headline under it is set in larger type, on shorter lines
    from baokan.segment.stacks import split_stack

    body = "今年以来，康养旅居持续升温。"
    lines = ["2025年我国康养市场规模预计", "达9.5万亿元", "康养旅居，“慢游”", "撬动大市场（大数据", "观察）"]
    assert split_stack(lines, body) == (
        "2025年我国康养市场规模预计达9.5万亿元",
        "康养旅居，“慢游”撬动大市场（大数据观察）",
        None,
    )


def test_a_figure_broken_over_a_stacks_lines_stays_in_one_field():
    # `天津大学星火支教队连续` / `10年奔赴四川珙县`, or `…连续10` / `年奔赴…`: a narrow column breaks
    # the kicker inside its figure; the figure, its unit and the word counting it are one phrase
    from baokan.segment.stacks import split_stack, splits_number

    body = "7月，天津大学星火支教队的队员们再次来到四川珙县，为当地孩子们开展支教活动。"
    kicker, title = "天津大学星火支教队连续10年奔赴四川珙县", "为山里娃点亮求知梦"
    broken = (("天津大学星火支教队连续", "10年奔赴四川珙县"), ("天津大学星火支教队连续10", "年奔赴四川珙县"))
    for first, second in broken:
        assert split_stack([first, second, title], body) == (kicker, title, None)
    assert splits_number("增长１２", "％以上") and splits_number("第", "3次") and splits_number("约20", "00人")
    assert not splits_number("跑出加速度", "10项举措落地") and not splits_number("2025", "新春走基层")


def evidence_at(page: list[str], line: str) -> dict[str, float]:
    """The evidence `group_evidence` gives the display line `line` of the page printed as `page`."""
    from baokan.segment.blocks import build_blocks
    from baokan.segment.lines import page_lines, split_lines
    from baokan.segment.stacks import PageWords, group_evidence

    blocks = build_blocks(split_lines(page_lines("\n".join(page) + "\n")))
    at = next(k for k, b in enumerate(blocks) if b.text == line)
    return group_evidence(blocks, at, at + 1, PageWords(blocks)).items


def test_a_display_line_under_a_photo_caption_counts_toward_a_headline():
    # a 2001 page prints reports one after another: a photo's caption (`图为…。` / `吕丽摄`) closes
    # the report above, so a line under it more likely heads the next report than an intertitle
    from baokan.segment.stacks import W_UNDER_CAPTION

    a1 = "提高公正执法水平，是全省各级检察机关素质工程的另一个重要方面，检察机关工作的难点在于经济犯罪。"
    a2 = "去年前9个月，全省检察机关共立案查办贿赂案403件，占立案总数的40％，起诉到法院后，均作有罪判决。"
    b1 = "记者在马尾区检察院采访，发现这里有一项十分特别的制度，每一位干部都要在年底接受群众评议。"
    caption = ["图为检察人员岗位练兵。", "吕丽摄", ""]
    for between, expected in ((caption, {"under_caption": W_UNDER_CAPTION}), ([], {})):
        page = ["提高执法水平是重点", "", *wrap(a1, 14), "", *wrap(a2, 14), "", *between, "以制度促办案质量提高", ""]
        items = evidence_at([*page, *wrap(b1, 14)], "以制度促办案质量提高")
        assert {k: v for k, v in items.items() if k == "under_caption"} == expected
    assert W_UNDER_CAPTION > 0


def test_a_briefs_names_run_on_after_its_last_sentence_close_it():
    # `…处于领先水平。（王比学）`: a 2001 brief ends with its reporter's name in brackets, run on
    # after the last sentence; the line under it heads the next brief
    from baokan.segment.stacks import W_AFTER_CLOSING_BYLINE, closing_names

    assert closing_names("全省监狱劳教系统的各项工作处于领先水平。（王比学）")
    assert closing_names("…叶桂对杨晖。（陈  晨）") and closing_names("……决出四强。”（王平权 张敞国）")
    assert not closing_names("此事引起各方关注（见图）") and not closing_names("会议由他主持。（完）")
    assert not closing_names("会议强调。（新华社）") and not closing_names("（王比学）")
    a1 = "去年以来，全省监狱劳教系统狠抓安全管理，实现了全年无脱逃的目标，各项工作处于领先水平。（王比学）"
    b1 = "今年元旦，城里的广场上锣鼓喧天，几千名群众自发组织起来，用各种文艺形式迎接新世纪的到来。"
    page = ["实现“零指标”的监狱", "", *wrap(a1, 14), "", "广场文化真红火", "", *wrap(b1, 14)]
    assert evidence_at(page, "广场文化真红火").get("after_closing_names") == W_AFTER_CLOSING_BYLINE


def test_a_headline_of_five_or_six_characters_is_not_held_short():
    # the 2001 pages head reports with `百年前的中国`, `新世纪故土情`: only a line of up to four
    # characters alone (a section's number or label) counts against a headline for its length
    from baokan.segment.stacks import W_SHORT_LINE

    a1 = "第一次鸦片战争后，中国近代史上出现了一系列不平等条约，国家主权遭到严重破坏，民族危机日益加深。"
    b1 = "十二月三十日晚上，位于贝尔格莱德老城区的帝国饭店内彩灯闪烁，大厅中央挂着新年横幅。"
    for line, expected in (
        ("新世纪故土情", None),
        ("百年前的中国", None),
        ("谁之过", W_SHORT_LINE),
        ("结语", W_SHORT_LINE),
    ):
        page = ["历史的启示", "", *wrap(a1, 14), "", line, "", *wrap(b1, 14)]
        assert evidence_at(page, line).get("short_line") == expected, line


def test_a_headline_whose_words_only_the_text_above_shares_closes_that_article():
    # a 2001 page prints a report's headline under its body (`浙江海盐广场文化真红火`); reports on
    # one page share their everyday words (负责, 指导, 群众, 开展) and cohere like one article's
    # sections, but an intertitle's words come back in the section it heads, a headline's words
    # under its body do not come back in the next report
    from baokan.segment.stacks import W_MATCHES_ONLY_ABOVE

    a1 = "海盐县广场文化活动由宣传部门负责指导，文化部门负责组织实施，群众参与热情很高，工作开展得有声有色。"
    a2 = "去年以来，海盐县先后举办广场文艺演出二十多场，观众达十多万人次，广场文化成为群众身边的精神家园。"
    b1 = "福建各级检察机关负责指导基层开展工作，深入群众倾听意见，工作作风明显转变，群众满意度不断提高。"
    b2 = "检察机关还开展执法思想大讨论，要求干部负责到底，指导群众依法维权，工作开展得扎实有效。"
    c1 = "海盐县还把广场文化活动开到乡镇社区，各村的文化活动开展得红红火火，群众负责组织，干部负责指导。"
    head = "海盐县广场文化活动红火"
    page = [*wrap(a1, 14), "", *wrap(a2, 14), "", head, "", *wrap(b1, 14), "", *wrap(b2, 14)]
    page += ["", "福建检察机关转变作风"]
    assert evidence_at(page, head).get("matches_only_above") == W_MATCHES_ONLY_ABOVE
    res = seg("\n".join(page) + "\n")
    assert [(a.title, a.paragraphs) for a in res.articles] == [(head, [a1, a2]), ("福建检察机关转变作风", [b1, b2])]
    # its words come back below: an intertitle of the article going on
    assert "matches_only_above" not in evidence_at([*page[: page.index(head) + 2], *wrap(c1, 14)], head)
    # a paragraph's first line opening a quotation it does not close, read as a display line
    quoted = "“海盐县广场文化活动红火"
    page[page.index(head)] = quoted
    assert "matches_only_above" not in evidence_at(page, quoted)


def test_a_sentence_alone_between_two_headline_stacks_is_a_caption():
    # a headline printed under its article's body, then a photo's caption, then the next article's
    # stack: one sentence is no article, and the stack under it is a headline, not an intertitle
    page = [
        *wrap(P4, 14),
        "",
        *wrap(P5, 14),
        "",
        "全市城市书房突破五十家（文化时评）",
        "",
        "王启腾在养殖基地撒饵料喂鱼。",
        "",
        "海南小伙王启腾扎根广东茂名农村——",
        "村里来了个养鱼创业的年轻人（追梦路上）",
        "本报记者 李华",
        "",
        *wrap(P1, 14),
        "",
        *wrap(P2, 14),
    ]
    res = seg("\n".join(page) + "\n")
    assert [(a.title, a.paragraphs) for a in res.articles] == [
        ("全市城市书房突破五十家（文化时评）", [P4, P5]),
        ("村里来了个养鱼创业的年轻人（追梦路上）", [P1, P2]),
    ]
    assert [c.text for c in res.articles[1].captions] == ["王启腾在养殖基地撒饵料喂鱼。"]


def test_a_width_change_in_the_two_lines_ending_a_sentence_does_not_cut_the_article() -> None:
    def cut(text: str, first: int, width: int) -> list[str]:
        return [text[:first]] + [text[i : i + width] for i in range(first, len(text), width)]

    q1 = (
        "入夏以来，这座海滨小城迎来旅游旺季，沙滩上游人如织，"
        "沿街的小吃摊前排起了长队，民宿的预订量比去年同期增长了三成。"
    )
    q2 = (
        "为了让游客玩得舒心，当地新增了两千个停车位，开通了三条旅游专线公交，"
        "还在景区入口设置了志愿服务站，为游客答疑解惑。"
    )
    q3 = "一位来自外地的游客说，这里的海水干净，海鲜新鲜，价格也公道，明年还想带着家人再来住上一周，好好放松一下心情。"
    last = P3 + P5
    # a body 22 wide whose last sentence ends on two lines (21 and 18 characters) that the article
    # under it, set 20 wide, seems to take in
    lines = cut(P4, 20, 22) + cut(P1, 20, 22) + cut(P2, 20, 22)
    lines += [last[:20], last[20:42], last[42:64], last[64:85], last[85:]]
    lines += ["市图书馆馆长李明——", "让书香飘进千家万户", "（文化视点）"]  # its stack, under it
    lines += ["海滨小城旅游旺", *cut(q1, 18, 20), *cut(q2, 18, 20), *cut(q3, 18, 20)]
    res = seg("\n".join(lines) + "\n")
    first = res.articles[0]
    assert first.paragraphs == [P4, P1, P2, last]
    assert "split_at_width_change" not in first.flags
    # more body under the two lines: the width change stands (an article cut off, then another)
    lines[14:18] = cut(q1, 18, 20)
    assert P5 not in seg("\n".join(lines) + "\n").articles[0].text


@pytest.mark.parametrize("sep", ["\n\n", "\n"], ids=["blank-line-after-every-line", "no-blank-lines"])
def test_a_wire_note_wrapped_over_lines_closes_the_article_above(sep: str) -> None:
    # with a blank line after every printed line the note's three lines are read as a headline
    # line, a byline and another headline line
    body = wrap(P1, 16) + wrap(P2, 16)
    note = ["（新华社北京 7 月 1 日电", "记者朱基钗、高蕾、董博婷、", "胡梦雪）"]
    second = ["城市书房亮到十点", "本报记者 王政", *wrap(P4, 16), *wrap(P5, 16)]
    res = seg(sep.join(["春耕生产热火朝天", *body, *note, *second]) + "\n")
    assert [a.title for a in res.articles] == ["春耕生产热火朝天", "城市书房亮到十点"]
    assert [a.byline for a in res.articles] == [None, "本报记者 王政"]
    assert res.articles[0].paragraphs == [P1, P2, "（新华社北京7月1日电记者朱基钗、高蕾、董博婷、胡梦雪）"]
    assert res.articles[1].paragraphs == [P4, P5]


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_dialogues_participants_are_paragraphs_of_its_body(sep: str):
    # `对话人：` and the names under it, each with a role, open the body: no bylines, no subtitle
    listed = ["对话人：", "周珊珊本报评论员", "张双双湖北日报评论员"]
    first, second = "周珊珊：" + P4, "张双双：" + P5
    page = ["城市书房点亮市民文化夜生活", *wrap(P1, 20), *wrap(P2, 20)]
    page += ["“飞雁”缘何变“归雁”", "（连线评论员）", *listed, *wrap(first, 20, indent=False), *wrap(second, 20)]
    res = seg(sep.join(page) + "\n")
    assert [a.title for a in res.articles] == ["城市书房点亮市民文化夜生活", "“飞雁”缘何变“归雁”（连线评论员）"]
    dialogue = res.articles[1]
    assert (dialogue.subtitle, dialogue.authors) == (None, [])
    assert dialogue.paragraphs == [*listed, first, second]


def test_a_line_announcing_an_article_is_the_kicker_over_its_name():
    from baokan.segment.stacks import split_stack

    # a speech's name reads like a subtitle (`——在…大会上的讲话`), but under the line that announces
    # the article it is the article's title
    lines = ["《求是》杂志发表习近平总书记重要文章", "在庆祝中国共产党成立105周年大会上的讲话"]
    assert split_stack(lines, "") == (lines[0], lines[1], None)
    lines = ["王毅在多家媒体发表署名文章", "携手构建更加紧密的命运共同体"]
    assert split_stack(lines, "") == (lines[0], lines[1], None)


def test_a_news_sites_reporter_under_a_headline_is_its_byline():
    page = ["从“老花匠”到“新花农”——", "技艺传承  菊展上新", "人民网记者  武  笑", *wrap(P4 + P5, 20)]
    (art,) = seg("\n".join(page) + "\n").articles
    assert (art.title, art.byline) == ("技艺传承 菊展上新", "人民网记者 武笑")
    assert [(a.name, a.role) for a in art.authors] == [("武笑", "记者")]
