"""segment.geometry, rule by rule: small pages of positioned lines built by hand, each laid out the
way one rule exists for, and read in the order a reader takes them. Where a rule can be switched
off, the same page read without it comes out in another order: the page exercises that rule.

Units are points; body type is 10 pt on a 14 pt leading; columns are 100 pt wide, 10 pt apart.
"""

from __future__ import annotations

import pytest

import baokan.segment.geometry as geometry
from baokan.layout.model import Box, LayoutPage, TextLine
from baokan.segment.geometry import layout_text, line_gap, reading_order

BODY = 10.0
LEAD = 14.0
WIDTH = 100.0


def column(tag: str, x0: float, y0: float, n: int, *, last_short: bool = False) -> list[TextLine]:
    """`n` body lines `TAG1`, `TAG2`, … of a column at (x0, y0); the last one short when asked."""
    lines = []
    for i in range(n):
        right = x0 + (WIDTH * 0.4 if last_short and i == n - 1 else WIDTH)
        lines.append(TextLine(f"{tag}{i + 1}", Box(x0, y0 + i * LEAD, right, y0 + i * LEAD + BODY), BODY))
    return lines


def headline(text: str, x0: float, y0: float, width: float, size: float = 20.0) -> TextLine:
    return TextLine(text, Box(x0, y0, x0 + width, y0 + size), size)


def page(
    *parts: list[TextLine] | TextLine, images: tuple[Box, ...] = (), height: float = 1000.0, width: float = 400.0
) -> LayoutPage:
    lines = [ln for part in parts for ln in (part if isinstance(part, list) else [part])]
    return LayoutPage(width=width, height=height, unit="pt", lines=lines, images=list(images))


def order(layout: LayoutPage) -> list[str]:
    return [ln.text for part in reading_order(layout) for ln in part]


def test_columns_are_read_left_to_right_whatever_the_file_order() -> None:
    left, right = column("L", 0, 100, 5), column("R", 110, 100, 5)
    interleaved = [ln for pair in zip(left, right, strict=True) for ln in pair]  # an OCR engine's row order
    assert order(page(interleaved)) == [ln.text for ln in left + right]


def test_a_headline_across_its_columns_comes_before_them() -> None:
    layout = page(headline("HEAD", 0, 60, 210), column("L", 0, 100, 5), column("R", 110, 100, 5))
    assert order(layout) == ["HEAD", *(f"L{i}" for i in range(1, 6)), *(f"R{i}" for i in range(1, 6))]


def test_headlines_side_by_side_head_their_own_columns() -> None:
    """Two articles side by side, headlines on one row: cut across first, both headlines would
    come before both bodies (`_heads_with_bodies` keeps each headline with its column)."""
    layout = page(
        headline("HA", 0, 60, 90), headline("HB", 110, 60, 90), column("A", 0, 100, 4), column("B", 110, 100, 4)
    )
    assert order(layout) == ["HA", "A1", "A2", "A3", "A4", "HB", "B1", "B2", "B3", "B4"]


def test_a_short_headline_over_the_first_column_still_heads_the_second(monkeypatch: pytest.MonkeyPatch) -> None:
    """Article A: a short headline over its first column, its body in two columns. Under it, B in
    the first column and C (with a headline of its own) in the second. The gutter runs down the
    whole page, past A's headline: `_join_headed` puts the top of the second column (A's second
    column) with the first, so A is read whole before B and C."""
    layout = page(
        headline("HA", 20, 60, 60),
        column("A", 0, 100, 4),
        column("a", 110, 100, 4),
        headline("HB", 20, 180, 60),
        column("B", 0, 220, 3),
        headline("HC", 130, 180, 60),
        column("C", 110, 220, 3),
    )
    expected = ["HA", "A1", "A2", "A3", "A4", "a1", "a2", "a3", "a4", "HB", "B1", "B2", "B3", "HC", "C1", "C2", "C3"]
    assert order(layout) == expected
    monkeypatch.setattr(geometry, "_join_headed", lambda cols, em, h_gap: cols)
    assert order(layout) != expected  # without the rule, A's second column is read after B


def test_a_lower_headline_short_of_the_first_column_still_heads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Article C's headline is centred over its second and third columns and does not reach its
    first, which lies under article A in the first column: the gutter runs down the whole page.
    `_join_headed` (its lower-down stretch) puts C's first column with C, read after C's headline."""
    layout = page(
        headline("HA", 10, 60, 80),
        column("A", 0, 100, 6),
        headline("HB", 120, 60, 190),
        column("B", 110, 100, 3),
        column("b", 220, 100, 3),
        headline("HC", 130, 200, 170),
        column("C", 0, 240, 3),
        column("c", 110, 240, 3),
        column("k", 220, 240, 3),
    )
    expected = [
        "HA", *(f"A{i}" for i in range(1, 7)), "HB", "B1", "B2", "B3", "b1", "b2", "b3",
        "HC", "C1", "C2", "C3", "c1", "c2", "c3", "k1", "k2", "k3",
    ]  # fmt: skip
    assert order(layout) == expected
    monkeypatch.setattr(geometry, "_headed_lower_down", lambda headed, plain, em, h_gap: [])
    assert order(layout) != expected


def test_a_column_running_on_below_its_neighbour_stays_with_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first column of an article runs on below the second, its last paragraph set off by
    extra space: the strip across the page there cuts the article's row, and `_runs_on_below`
    puts the lines under the first column back with their row, so they are read before the second
    column."""
    tail = [
        TextLine(f"A{i}", Box(0, 100 + (i - 1) * LEAD + 6, WIDTH, 100 + (i - 1) * LEAD + 6 + BODY), BODY)
        for i in (5, 6)
    ]
    layout = page(headline("HA", 0, 60, 210), column("A", 0, 100, 4), tail, column("a", 110, 100, 3))
    expected = ["HA", "A1", "A2", "A3", "A4", "A5", "A6", "a1", "a2", "a3"]
    assert order(layout) == expected
    monkeypatch.setattr(geometry, "_runs_on_below", lambda rows, v_gap, em: rows)
    assert order(layout) != expected


def test_headlines_side_by_side_under_a_wide_one_head_their_own_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under an article whose headline runs across both columns (so no gutter runs down the
    page), two articles side by side: `_heads_with_bodies` joins their row of headlines to the
    row of bodies under it, which the cut down then keeps apart; cut across, both headlines
    would come before both bodies."""
    layout = page(
        headline("HX", 0, 60, 210),
        column("X", 0, 100, 2),
        column("x", 110, 100, 2),
        headline("HA", 0, 160, 90),
        headline("HB", 110, 160, 90),
        column("A", 0, 200, 3),
        column("B", 110, 200, 3),
    )
    expected = ["HX", "X1", "X2", "x1", "x2", "HA", "A1", "A2", "A3", "HB", "B1", "B2", "B3"]
    assert order(layout) == expected
    monkeypatch.setattr(geometry, "_heads_with_bodies", lambda rows, em, v_gap: rows)
    assert order(layout) != expected


def test_header_and_footer_bands_are_read_first_and_last() -> None:
    """A footer line under the first column is not that column's end (it would part a paragraph
    running on to the next column): the bands are read apart."""
    footer = TextLine("FOOT", Box(0, 975, 60, 985), 8.0)
    header = TextLine("HEADER", Box(150, 10, 250, 20), 8.0)
    layout = page(footer, column("L", 0, 100, 5), column("R", 110, 100, 5), header)
    texts = order(layout)
    assert texts[0] == "HEADER" and texts[-1] == "FOOT"
    assert texts[1:-1] == [*(f"L{i}" for i in range(1, 6)), *(f"R{i}" for i in range(1, 6))]
    hints = layout_text(layout).hints
    assert hints[1].band == "header" and hints[max(hints)].band == "footer"


def test_a_full_stop_hung_in_the_gutter_does_not_close_it() -> None:
    left = column("L", 0, 100, 5)
    # the third line ends with a full-width full stop printed past the margin, into the gutter
    hung = left[2]
    left[2] = TextLine("L3。", Box(hung.box.x0, hung.box.y0, hung.box.x1 + BODY, hung.box.y1), BODY)
    assert order(page(left, column("R", 110 + 2, 100, 5))) == [
        *(ln.text for ln in left),
        *(f"R{i}" for i in range(1, 6)),
    ]


def test_the_usual_line_gap_is_measured() -> None:
    lines = column("L", 0, 100, 8)
    assert line_gap(lines, BODY) == pytest.approx(LEAD - BODY)


def test_text_runs_on_from_one_column_to_the_next_without_a_blank_line() -> None:
    """A paragraph that fills the first column to its margin continues at the top of the next:
    no blank line between them. A column whose last line is short ends its paragraph there."""
    runs_on = layout_text(page(column("L", 0, 100, 4), column("R", 110, 100, 4))).text.splitlines()
    assert "" not in runs_on
    ends = layout_text(page(column("L", 0, 100, 4, last_short=True), column("R", 110, 100, 4))).text.splitlines()
    assert ends[4] == ""


def test_an_indented_first_line_keeps_its_indent() -> None:
    lines = column("L", 0, 100, 4)
    first = lines[0]
    lines[0] = TextLine("L1", Box(first.box.x0 + 2 * BODY, first.box.y0, first.box.x1, first.box.y1), BODY)
    assert layout_text(page(lines)).text.splitlines()[0] == "  L1"


def test_small_type_under_a_photo_is_hinted_as_a_caption() -> None:
    photo = Box(0, 100, 100, 180)
    caption = TextLine("图为……", Box(0, 184, 100, 192), 8.0)
    text = layout_text(page(caption, column("R", 110, 100, 6), images=(photo,)))
    (line,) = [n for n, hint in text.hints.items() if text.text.splitlines()[n - 1] == "图为……"]
    assert text.hints[line].caption
    assert not any(h.caption for n, h in text.hints.items() if n != line)


def _group_items(size: float) -> dict[str, float]:
    """The evidence about a three-character line in `size` type between two paragraphs of body."""
    from baokan.segment import stacks
    from baokan.segment.blocks import build_blocks
    from baokan.segment.lines import page_lines, split_lines

    para = "春耕时节田间地头一派繁忙景象农民们抢抓农时翻地播种施肥处处是忙碌的身影。"
    lines, y = [], 100.0
    for text in (para[:10], para[10:20], para[20:30], para[30:]):
        lines.append(TextLine(text, Box(0, y, WIDTH if len(text) == 10 else 40, y + BODY), BODY))
        y += LEAD
    lines.append(TextLine("谁之过", Box(20, y + 10, 20 + 3 * size, y + 10 + size), size))
    y += size + 30
    for text in (para[:10], para[10:20], para[20:30], para[30:]):
        lines.append(TextLine(text, Box(0, y, WIDTH if len(text) == 10 else 40, y + BODY), BODY))
        y += LEAD
    laid = layout_text(page(lines))
    raw = page_lines(laid.text)
    blocks = build_blocks(split_lines(raw, laid.hints, 0, len(raw)))
    ((start, end),) = stacks._groups(blocks)
    assert blocks[start].text == "谁之过"
    return stacks.group_evidence(blocks, start, end, stacks.PageWords(blocks)).items


def test_a_line_in_display_type_is_a_headline_whatever_else_it_looks_like() -> None:
    # half as large again as the body: no intertitle is set so; a short line between paragraphs of
    # one article's words would otherwise be taken for one
    items = _group_items(2.1 * BODY)
    assert items["display_type"] == 8.0 and "large_type" not in items
    assert sum(items.values()) > 0
    # a little larger than the body: headline type, weighed with the rest
    items = _group_items(1.35 * BODY)
    assert items["large_type"] == 4.0 and "display_type" not in items
    assert sum(items.values()) <= 0  # here outweighed: the words around it are one article's


def test_a_headline_right_under_a_column_opens_the_next_row() -> None:
    """An article's columns, the left one running longer; the next article's headline, narrow and
    centred, right under that column's end: a column running on would be read with its row, a
    headline opens the row under it (its article's columns come after all of the row above)."""
    above = [headline("HEAD", 0, 60, 210), column("L", 0, 100, 6), column("R", 110, 100, 4)]
    head = headline("NEXT", 20, 100 + 6 * LEAD + 6, 60)
    below = [column("A", 0, 100 + 6 * LEAD + 40, 3), column("B", 110, 100 + 6 * LEAD + 40, 3)]
    assert order(page(*above, head, *below)) == [
        "HEAD",
        *(f"L{i}" for i in range(1, 7)),
        *(f"R{i}" for i in range(1, 5)),
        "NEXT",
        "A1", "A2", "A3", "B1", "B2", "B3",
    ]  # fmt: skip


def test_a_last_column_past_the_end_of_a_centred_headline_stays_with_its_article() -> None:
    """Two rows of articles. Below: an article over four columns under a headline centred over
    the first three (it does not reach the fourth), and beside it the next article, its headline
    over its one column, starting higher. The gutter between the third and fourth columns runs
    down the whole page; the fourth column, level with the article's body, is still its own."""
    top = [headline("X", 0, 60, 320), *(column(f"{t}x", x, 100, 3) for t, x in (("P", 0), ("Q", 110), ("R", 220)))]
    top += [headline("Y", 330, 60, 210), column("Sx", 330, 100, 3), column("Tx", 440, 100, 3)]
    below = [headline("A", 40, 200, 250), *(column(t, x, 240, 4) for t, x in (("P", 0), ("Q", 110), ("R", 220)))]
    below += [column("S", 330, 240, 4), headline("B", 450, 200, 80), column("T", 440, 228, 6)]
    layout = page(*top, *below, width=560.0)
    got = order(layout)
    a = got.index("A")
    assert got[a : a + 17] == ["A", *(f"{t}{i}" for t in "PQRS" for i in range(1, 5))]
    b = got.index("B")
    assert got[b : b + 7] == ["B", *(f"T{i}" for i in range(1, 7))]


def test_a_column_under_a_photo_goes_to_the_article_whose_body_it_is_level_with() -> None:
    """Between two articles, a column under a photo, its top level with the body of the article
    on its right and a little lower than the one on its left: the right one's first column (its
    headline, centred over the three, does not reach it)."""
    left = [headline("L", 0, 60, 210), column("P", 0, 100, 6), column("Q", 110, 100, 6)]
    photo = Box(220, 108, 320, 150)
    middle = column("C", 220, 160, 4)
    right = [headline("R", 340, 60, 190), column("S", 330, 108, 6), column("T", 440, 108, 6)]
    layout = page(*left, middle, *right, images=(photo,), width=560.0)
    got = order(layout)
    assert got[:13] == ["L", *(f"P{i}" for i in range(1, 7)), *(f"Q{i}" for i in range(1, 7))]
    assert got[13:] == ["R", "C1", "C2", "C3", "C4", *(f"S{i}" for i in range(1, 7)), *(f"T{i}" for i in range(1, 7))]


def test_last_columns_past_centred_headlines_stay_with_their_articles_in_every_row() -> None:
    """Two rows of the same layout: an article over four columns under a headline centred over
    the first three, beside a one-column article starting higher; between the rows, on the
    right, an article across the last two columns (no gutter runs down between them). Each
    fourth column is its own article's, the first row's too."""
    parts: list[list[TextLine] | TextLine] = []
    for row, y in (("", 60.0), ("2", 300.0)):
        parts += [headline(f"X{row}", 40, y, 250), headline(f"Y{row}", 450, y, 80)]
        parts += [column(f"{t}{row}-", x, y + 40, 3) for t, x in (("P", 0), ("Q", 110), ("R", 220), ("U", 330))]
        parts.append(column(f"V{row}-", 440, y + 28, 6))
    parts += [headline("W", 340, 180, 200), column("W1-", 330, 220, 3), column("W2-", 440, 220, 3)]
    layout = page(*parts, width=560.0)
    got = order(layout)
    for row in ("", "2"):
        x = got.index(f"X{row}")
        assert got[x : x + 13] == [f"X{row}", *(f"{t}{row}-{i}" for t in "PQRU" for i in range(1, 4))]
        y = got.index(f"Y{row}")
        assert got[y : y + 7] == [f"Y{row}", *(f"V{row}-{i}" for i in range(1, 7))]


def test_an_intertitle_wrapped_onto_a_name_like_line_is_no_byline() -> None:
    """An intertitle a point larger than the body, wrapped: its second line (`和颜色`) reads as a
    name, but it runs on from the unfinished line right above it, in the same type."""
    from baokan.segment import segment_layout

    p1 = "铺粗泥层涂白土层打磨平整淡墨勾线矿物颜料上色沥粉贴箔完成一幅壁画十几道工序环环相扣。"
    p2 = "经历了上百次失败和经验积累刘子群终于掌握了彩塑壁画的整套传统工艺让壁画重新焕发光彩。"
    lines, y = [headline("精研技艺让千年壁画会呼吸", 0, 60, 240)], 100.0
    for para in (p1, "", p2):
        if not para:  # the intertitle, in 11 pt, over two lines
            for text in ("反复试验，还原壁画质感", "和颜色"):
                lines.append(TextLine(text, Box(0, y, 11.0 * len(text), y + 11.0), 11.0))
                y += 15.0
            continue
        for k in range(0, len(para), 12):
            text = para[k : k + 12]
            lines.append(TextLine(text, Box(0, y, 10.0 * len(text), y + BODY), BODY))
            y += LEAD
    result, _ = segment_layout(page(lines), publication="测试报", file="p.xml", sha256="0" * 64)
    (art,) = result.articles
    assert art.authors == []
    assert art.paragraphs == [p1, "反复试验，还原壁画质感和颜色", p2]


def test_a_subtitle_a_point_larger_than_the_body_does_not_set_where_the_body_starts() -> None:
    """Under a row of two articles, a headline centred over five columns (not reaching the first),
    a subtitle in type a point larger than the body and a byline under it, then the body. The
    first column, under the other article of its column, starts level with the body, not with
    the subtitle: it is this article's."""
    above = [headline("A", 0, 60, 100), column("A-", 0, 100, 12), headline("C", 160, 60, 330)]
    above += [column(f"C{t}-", x, 100, 10) for t, x in (("Q", 110), ("R", 220), ("S", 330), ("T", 440))]
    head = [headline("B", 160, 340, 220), TextLine("——副题", Box(230, 372, 300, 382.4), 10.4)]
    head.append(TextLine("作者", Box(250, 390, 272, 401), 11.0))
    body = [column(f"{t}-", x, 420, 4) for t, x in (("P", 0), ("Q", 110), ("R", 220), ("S", 330), ("T", 440))]
    layout = page(*above, *head, *body, width=560.0)
    got = order(layout)
    b = got.index("B")
    assert got[b : b + 3 + 20] == ["B", "——副题", "作者", *(f"{t}-{i}" for t in "PQRST" for i in range(1, 5))]


def test_an_intertitle_wrapped_into_the_next_column_is_no_byline() -> None:
    """An intertitle in body type at the foot of a column, wrapped: its end (`查研究`) tops the next
    column and reads as a name, but it runs on from the unfinished line that ends the column."""
    from baokan.segment import segment_layout

    p1 = "科技是第一生产力产业是国民经济基石推动科技创新和产业创新深度融合关系新质生产力发展全局。"
    p2 = "西湖大学是一所社会力量举办国家重点支持的新型高等学校于二〇一八年正式获教育部批准设立。"
    lines, y = [headline("推动科技创新和产业创新融合", 0, 60, 210)], 100.0
    for k in range(0, len(p1), 10):
        text = p1[k : k + 10]
        lines.append(TextLine(text, Box(0, y, 10.0 * len(text), y + BODY), BODY))
        y += LEAD
    lines.append(TextLine("注重问题导向，扎实调", Box(10, y, 110 - 10, y + BODY), BODY))
    lines.append(TextLine("查研究", Box(110, 100, 140, 100 + BODY), BODY))
    y = 100.0 + LEAD
    for k in range(0, len(p2), 10):
        text = p2[k : k + 10]
        x0 = 120 if k == 0 else 110
        lines.append(TextLine(text, Box(x0, y, x0 + 10.0 * len(text), y + BODY), BODY))
        y += LEAD
    result, _ = segment_layout(page(lines), publication="测试报", file="p.xml", sha256="0" * 64)
    (art,) = result.articles
    assert art.authors == []
    assert art.paragraphs == [p1, "注重问题导向，扎实调查研究", p2]


def test_a_column_short_of_a_centred_headline_with_a_subtitle_joins_its_article() -> None:
    """A short headline over the first column; beside it a headline centred over the other three
    columns, not reaching the first of them, with a subtitle a point larger than the body under
    it and a byline. That first column starts level with the body under them (and a point higher
    than the body under the short headline), not with the subtitle: it is the centred headline's,
    read after its byline, not before its headline."""
    heads = [headline("HA", 20, 60, 60), headline("HB", 220, 60, 100)]
    heads += [TextLine("——副题", Box(235, 84, 305, 94.4), 10.4), TextLine("作者", Box(259, 98, 281, 109), 11.0)]
    cols = [column("A", 0, 126, 6), *(column(t, x, 125, 6) for t, x in (("P", 110), ("Q", 220), ("R", 330)))]
    layout = page(*heads, *cols, width=440.0)
    got = order(layout)
    assert got[:7] == ["HA", *(f"A{i}" for i in range(1, 7))]
    assert got[7:] == ["HB", "——副题", "作者", *(f"{t}{i}" for t in "PQR" for i in range(1, 7))]


def test_a_body_line_ending_in_an_imprint_word_is_no_masthead() -> None:
    """Near the top of the page, a body line that ends in 委员会 (`斯艾利斯市议会预算和财政委员会`)
    runs on from the unfinished line above it: it is body text, not a publisher's imprint."""
    from baokan.segment import segment_layout

    texts = ["岁末来临，阿根廷首都布宜诺", "斯艾利斯市议会预算和财政委员会", "的成员应召来到议会的一间大厅。"]
    lines, y = [headline("学生审议市预算", 20, 60, 140)], 100.0
    for k, text in enumerate(texts):
        x0 = 20.0 if k == 0 else 0.0
        lines.append(TextLine(text, Box(x0, y, x0 + 10.0 * len(text), y + BODY), BODY))
        y += LEAD
    result, _ = segment_layout(page(lines), publication="测试报", file="p.xml", sha256="0" * 64)
    (art,) = result.articles
    assert art.subtitle is None
    assert art.paragraphs == ["".join(texts)]
    assert not [f for f in result.fragments if f.kind == "furniture"]


def test_a_column_past_a_centred_headline_joins_it_after_the_column_between_has() -> None:
    """A headline centred over five columns reaches only the second and third; another article
    under it across the first four, its headline also over the second and third. The fourth
    column joins the first headline's group whole; the top of the fifth, over a third article's
    headline, joins that same group next (its neighbour is now the joined group, not the empty
    place the fourth left), so it is read with its article, not after the one below."""
    upper = [column(t, x, 100, 6) for t, x in (("P", 0), ("Q", 110), ("R", 220), ("S", 330))]
    lower = [column(f"C{k}-", x, 240, 3) for k, x in enumerate((0, 110, 220, 330), start=1)]
    layout = page(
        headline("HA", 115, 60, 200),
        *upper,
        headline("HC", 115, 200, 200),
        *lower,
        column("T", 440, 100, 3),
        headline("HB", 450, 160, 80),
        column("U", 440, 200, 4),
        width=560.0,
    )
    got = order(layout)
    a_body = [f"{t}{i}" for t in "PQRST" for i in range(1, 7 if t != "T" else 4)]
    assert got[: 1 + len(a_body)] == ["HA", *a_body]


def test_a_column_past_a_centred_headline_joins_it_after_the_column_between_gave_its_top() -> None:
    """An article over four columns under a headline centred over the first two; under it, one
    article across the first two columns and one in each of the last two, headlines of their
    own. Gutters run down the whole page beside the third and the fourth column. The third gives
    its top to the headline's group and keeps its own article below; the top of the fourth,
    level with the same body, follows it into that group (not left to the article under the
    third, whose headline is far lower), so the first article is read whole, in column order."""
    upper = [column(t, x, 100, 6) for t, x in (("P", 0), ("Q", 110), ("R", 220))] + [column("S", 330, 100, 4)]
    layout = page(
        headline("HA", 20, 60, 170),
        *upper,
        headline("HB", 20, 200, 170),
        column("B", 0, 240, 3),
        column("b", 110, 240, 3),
        headline("HC", 230, 200, 80),
        column("C", 220, 240, 3),
        headline("HD", 340, 200, 80),
        column("D", 330, 240, 3),
        width=440.0,
    )
    got = order(layout)
    a_body = [f"{t}{i}" for t in "PQRS" for i in range(1, 7 if t != "S" else 5)]
    assert got[: 1 + len(a_body)] == ["HA", *a_body]
    assert got[1 + len(a_body) :] == [
        "HB", "B1", "B2", "B3", "b1", "b2", "b3", "HC", "C1", "C2", "C3", "HD", "D1", "D2", "D3",
    ]  # fmt: skip


def test_a_kicker_under_a_column_that_holds_a_photo_stays_with_its_headline() -> None:
    """A headline centred over the second and third columns heads the first too, which opens
    with a photo and its caption; under that column, another article's kicker and headline. The
    kicker is in small type, as a caption is, but it is not right under the photo (the row above
    it holds the photo and the column's text under it): it stays with its headline instead of
    going with the first column's top to the article above."""
    caption = TextLine("cap", Box(0, 155, WIDTH, 163), 8.0)
    layout = page(
        headline("HA", 130, 60, 180),
        caption,
        column("P", 0, 167, 6),
        column("Q", 110, 100, 6),
        column("R", 220, 100, 6),
        TextLine("K", Box(10, 275, 80, 283), 8.0),
        headline("HB", 10, 290, 80, size=16.0),
        column("B", 0, 320, 3),
        headline("HC", 130, 290, 180),
        column("C", 110, 320, 3),
        column("c", 220, 320, 3),
        images=(Box(0, 100, WIDTH, 150),),
    )
    got = order(layout)
    assert got[got.index("K") + 1] == "HB"
    assert got[got.index("HB") + 1 :][:3] == ["B1", "B2", "B3"]


def test_a_kicker_in_nearly_body_type_under_a_column_stays_with_its_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A headline centred over the second and third columns heads the first too; under that
    column, the next article's kicker, set a little smaller than the body (close enough to pass
    for it), right over its headline. The first column's top goes to the article above, the
    kicker does not: it is read right before its headline."""
    kicker = [TextLine(f"K{i + 1}", Box(10, 185 + i * 12, 90, 194 + i * 12), 9.0) for i in range(2)]
    layout = page(
        headline("HA", 130, 60, 180),
        column("A", 0, 100, 5),
        column("a", 110, 100, 5),
        column("b", 220, 100, 5),
        *kicker,
        headline("HB", 10, 216, 80, size=16.0),
        column("B", 0, 245, 3),
        headline("HC", 130, 216, 180),
        column("C", 110, 245, 3),
        column("c", 220, 245, 3),
        width=330.0,
    )
    expected = ["K1", "K2", "HB", "B1", "B2", "B3"]
    got = order(layout)
    assert got[got.index("K1") :][:6] == expected
    monkeypatch.setattr(geometry, "_kicker_over", lambda texts, below, em: False)
    got = order(layout)
    assert got[got.index("K1") :][:6] != expected  # without the rule the kicker goes with the column above


def test_a_kicker_in_a_type_of_its_own_is_a_kicker_however_it_wraps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long kicker in a narrow column, set a little smaller than the body, over the next
    headline: wrapped, it reads like a paragraph, and its last line (`常供电`) like a name. Every
    line of it in one type of its own, right over a headline in large type: the headline's kicker."""
    import baokan.segment.blocks as blocks
    from baokan.segment import segment_layout

    body = "科技是第一生产力产业是国民经济基石推动科技创新和产业创新深度融合关系新质生产力发展全局。"
    lines, y = [headline("推动科技创新", 0, 60, 100)], 100.0
    for k in range(0, len(body), 10):
        lines.append(TextLine(body[k : k + 10], Box(0, y, 10.0 * len(body[k : k + 10]), y + BODY), BODY))
        y += LEAD
    y += 20
    for text in ("云南独龙江乡灾后全面恢复正", "常供电"):
        lines.append(TextLine(text, Box(0, y, 7.5 * len(text), y + 7.5), 7.5))
        y += 10
    lines.append(headline("科技赋能送光明", 0, y + 4, 100, size=16.0))
    y += 30
    lines.append(TextLine("本报记者 张驰", Box(20, y, 90, y + 11), 11.0))
    y += 18
    for k in range(0, len(body), 10):
        lines.append(TextLine(body[k : k + 10], Box(0, y, 10.0 * len(body[k : k + 10]), y + BODY), BODY))
        y += LEAD

    def kickers() -> list[str | None]:
        result, _ = segment_layout(page(lines), publication="测试报", file="p.xml", sha256="0" * 64)
        return [art.kicker for art in result.articles]

    assert kickers() == [None, "云南独龙江乡灾后全面恢复正常供电"]
    monkeypatch.setattr(blocks, "_kickers_in_their_own_type", lambda found: None)
    assert kickers() != [None, "云南独龙江乡灾后全面恢复正常供电"]


def test_a_kicker_in_its_own_type_at_a_columns_edge_is_no_run_on_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next article's kicker, in a type of its own a point larger than the body, set at the
    left edge of the middle column a little under the row above (an OCR engine's or ALTO's
    boxes leave less white above it than a PDF's glyphs do): it is no line of that column
    running on below its neighbours, and is read right before its headline."""
    layout = page(
        headline("HA", 0, 60, 320),
        *(column(t, x, 100, 6) for t, x in (("P", 0), ("Q", 110), ("R", 220))),
        TextLine("KB", Box(110, 190, 200, 201), 11.0),
        headline("HB", 20, 210, 280),
        *(column(t, x, 240, 3) for t, x in (("B", 0), ("b", 110), ("c", 220))),
        width=330.0,
    )
    expected = ["KB", "HB", "B1"]
    got = order(layout)
    assert got[got.index("KB") :][:3] == expected
    monkeypatch.setattr(geometry, "_in_own_type", lambda texts, em: False)
    got = order(layout)
    assert got[got.index("KB") :][:3] != expected


def test_a_first_column_under_a_photo_follows_its_article_two_groups_away() -> None:
    """Article C's headline is centred over its last two columns; its second column lies under
    article B, its first under a photo and its caption, under article A. The gutters run down the
    whole page. C's group takes its second column lower down (`_headed_lower_down`), then hands
    C on to the group left of that one: the first column, photo and caption too, is C's."""
    layout = page(
        headline("HA", 10, 60, 80),
        column("A", 0, 100, 5),
        headline("HB", 120, 60, 80),
        column("B", 110, 100, 5),
        headline("HD", 230, 60, 190),
        column("D", 220, 100, 5),
        column("d", 330, 100, 5),
        headline("HC", 250, 200, 150),
        TextLine("cap", Box(0, 284, WIDTH, 292), 8.0),
        column("C", 0, 300, 4),
        column("E", 110, 240, 4),
        column("F", 220, 240, 4),
        column("G", 330, 240, 4),
        images=(Box(0, 240, WIDTH, 280),),
        width=440.0,
    )
    got = order(layout)
    c = got.index("HC")
    assert got[c : c + 18] == ["HC", "cap", *(f"{t}{i}" for t in "CEFG" for i in range(1, 5))]


def test_a_column_past_a_hole_is_no_part_of_the_stretch_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Article A over three columns, its headline over the first two; the third column stops
    short, and far below it (a hole of white space) runs the first column of article B, whose
    headline is centred over the two columns right of it. The third column's top goes with A; the
    text under the hole is B's, read after B's headline, not A's last lines."""
    layout = page(
        headline("HA", 20, 60, 170),
        *(column(t, x, 100, 5) for t, x in (("P", 0), ("Q", 110), ("R", 220))),
        headline("HC", 20, 400, 170),
        *(column(t, x, 440, 4) for t, x in (("C", 0), ("c", 110))),
        headline("HB", 350, 400, 190, size=20.0),
        *(column(t, x, 430, 4) for t, x in (("B", 220), ("b", 330), ("k", 440))),
        headline("HD", 350, 60, 190),
        *(column(t, x, 100, 3) for t, x in (("D", 330), ("d", 440))),
        width=550.0,
    )
    expected = ["HB", *(f"{t}{i}" for t in "Bbk" for i in range(1, 5))]
    got = order(layout)
    assert got[got.index("HB") : got.index("HB") + 13] == expected
    # the hole alone ends the stretch (the white is also level with B's headline, which ends it too)
    monkeypatch.setattr(geometry, "_headline_level_with_gap", lambda *args: False)
    got = order(layout)
    assert got[got.index("HB") : got.index("HB") + 13] == expected
    monkeypatch.setattr(geometry, "_HOLE", 1000.0)
    got = order(layout)
    assert got[got.index("HB") : got.index("HB") + 13] != expected


def test_a_column_between_two_level_headlines_is_not_the_one_column_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two articles side by side, their headlines level, their bodies starting level: A over one
    column, its headline centred over it; B over three, its headline centred over them but printed
    over the middle one only. The column between them is as level with either body; a headline is
    centred over its whole article, so A's is whole and the column is B's first."""
    layout = page(
        headline("HA", 20, 60, 60),
        column("A", 0, 100, 5),
        headline("HB", 230, 60, 80),
        *(column(t, x, 100, 5) for t, x in (("P", 110), ("Q", 220), ("R", 330))),
        width=440.0,
    )
    expected = ["HA", *(f"A{i}" for i in range(1, 6)), "HB", *(f"{t}{i}" for t in "PQR" for i in range(1, 6))]
    assert order(layout) == expected
    monkeypatch.setattr(geometry, "_one_column_article", lambda headed, em: False)
    assert order(layout) != expected


def test_a_column_between_level_headlines_goes_to_the_article_centring_says_it_is_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As above, but a gutter runs down the whole page past B's headline: the articles under the
    two left columns and under B's last three have headlines across their columns, so the page
    parts into those two groups of columns, the column between in the left one, with A. B's
    headline is centred over its four columns, the column between included, and A's over its one
    column alone: the column between is B's first, not a run-on of A."""
    layout = page(
        headline("HA", 20, 60, 60),
        column("A", 0, 100, 20),
        headline("HB", 250, 60, 150),
        *(column(t, x, 100, 5) for t, x in (("P", 110), ("Q", 220), ("R", 330), ("S", 440))),
        headline("HE", 240, 200, 280),
        *(column(t, x, 240, 3) for t, x in (("e", 220), ("f", 330), ("g", 440))),
        headline("HC", 40, 400, 140),
        column("c", 0, 440, 3),
        column("d", 110, 440, 3),
        width=550.0,
    )
    b = ["HB", *(f"{t}{i}" for t in "PQRS" for i in range(1, 6))]
    got = order(layout)
    assert got[got.index("HB") : got.index("HB") + len(b)] == b
    assert got[got.index("A20") + 1] != "P1"
    monkeypatch.setattr(geometry, "_column_between_level_headlines", lambda *args: [])
    got = order(layout)
    assert got[got.index("A20") + 1] == "P1"


def test_an_article_that_took_a_lower_stretch_of_the_column_beside_takes_the_next_ones_too() -> None:
    """Article E's headline, centred over five columns, is printed over the third alone, under
    article A across the first three; the fourth and fifth columns open with articles of their own
    (B, C) and run on below them, level with E's body. The fourth column's lower stretch is E's
    (the gutter ran past the headline); so is the fifth's, two groups away from the headline: the
    fourth gave its stretch to E, whose columns run on past it (PKU seed 23 p. 16)."""
    layout = page(
        headline("HA", 20, 60, 280),
        *(column(t, x, 100, 6) for t, x in (("a", 0), ("b", 110), ("c", 220))),
        headline("HB", 345, 60, 70),
        column("P", 330, 100, 8),
        headline("HC", 455, 60, 70),
        column("Q", 440, 100, 8),
        headline("HE", 225, 250, 90),
        *(column(t, x, 290, 3) for t, x in (("e", 0), ("f", 110), ("g", 220), ("h", 330), ("k", 440))),
        width=550.0,
    )
    got = order(layout)
    e = ["HE", *(f"{t}{i}" for t in "efghk" for i in range(1, 4))]
    assert got[got.index("HE") : got.index("HE") + len(e)] == e
    assert got[got.index("Q8") + 1 :] == []


def test_an_article_that_took_the_top_of_the_column_on_its_left_takes_the_one_left_of_that_too() -> None:
    """A headline centred over five columns is printed over the middle one alone; the two columns
    on its left run on below into articles of their own. Their tops, level with its body, are its
    first columns: the second column gave its top to the article on its right, which is handed on
    to the first (PKU seed 23 p. 11: the first column was read as an article with no headline)."""
    layout = page(
        headline("H", 225, 60, 90),
        *(column(t, x, 100, 4) for t, x in (("a", 0), ("b", 110), ("c", 220), ("d", 330), ("e", 440))),
        headline("HL", 20, 180, 60),
        column("L", 0, 220, 3),
        headline("HM", 130, 180, 60),
        column("M", 110, 220, 3),
        width=550.0,
    )
    got = order(layout)
    article = ["H", *(f"{t}{i}" for t in "abcde" for i in range(1, 5))]
    assert got[got.index("H") : got.index("H") + len(article)] == article


def test_columns_side_by_side_that_run_on_below_their_photos_join_their_row() -> None:
    """Two articles side by side, each opening its first column with a photo and its caption, the
    text of that column under them past a strip of white that runs across the page (the second
    columns end higher). An article across the page under them blocks the gutter between the two,
    so the page is cut across first: the texts under the photos, one row, each run on below their
    own column, join the row above and are read in their articles (PKU seed 22 p. 1: the two were
    read after both articles, as one article with no headline)."""
    layout = page(
        headline("HA", 20, 60, 180),
        TextLine("图为甲", Box(0, 184, 60, 193), 9.0),
        column("A", 0, 210, 3),
        column("a", 110, 100, 5),
        headline("HB", 240, 60, 180),
        TextLine("图为乙", Box(220, 184, 280, 193), 9.0),
        column("B", 220, 212, 3),
        column("b", 330, 100, 5),
        headline("HD", 100, 290, 240),
        *(column(t, x, 330, 3) for t, x in (("c", 0), ("d", 110), ("e", 220), ("f", 330))),
        images=(Box(0, 100, 100, 180), Box(220, 100, 320, 180)),
        width=440.0,
    )
    a = ["HA", "图为甲", "A1", "A2", "A3", *(f"a{i}" for i in range(1, 6))]
    b = ["HB", "图为乙", "B1", "B2", "B3", *(f"b{i}" for i in range(1, 6))]
    assert order(layout)[: len(a) + len(b)] == a + b


def test_a_column_top_stretch_ends_at_white_level_with_a_headline_beside_it() -> None:
    """A column of its own (a gutter runs down past the headlines beside it) holds the last line
    of the article across the page above and, after white space, the last column of the next
    article, whose headline beside it does not reach it. The white is level with that headline:
    the stretch that runs on from the article above ends there (PKU seed 21 p. 39: the column
    was read as the article above's; the white, six ems, is no hole of fifteen)."""
    em, h_gap = BODY, 4.0 + geometry.H_GAP * BODY
    col = [*column("u", 220, 100, 1, last_short=True), *column("c", 220, 180, 4)]
    beside = [headline("HB", 130, 140, 60), *column("b", 110, 180, 4)]
    assert [ln.text for ln in geometry._top_stretch(col, em, h_gap)] == ["u1", "c1", "c2", "c3", "c4"]
    assert [ln.text for ln in geometry._top_stretch(col, em, h_gap, beside)] == ["u1"]


def test_a_lower_stretch_stops_at_the_next_articles_kicker() -> None:
    """The stretch of a column that a headline beside it heads, lower down, runs on in body type;
    the next article's kicker, a point larger than the body and over its headline, is not in it
    (PKU-like page of seed 304, p. 12: the kicker went with the stretch and was read as the next
    headline's elsewhere on the page)."""
    em, h_gap = BODY, 4.0 + geometry.H_GAP * BODY
    headed = [headline("HB", 130, 140, 60), *column("b", 110, 180, 4)]
    plain = [
        *column("z", 0, 100, 2),  # the end of the article above
        *column("d", 0, 180, 4),
        TextLine("KC", Box(10, 244, 90, 254.5), 10.5),
        headline("HC", 10, 266, 80, 16.0),
        *column("g", 0, 300, 3),
    ]
    stretch = geometry._headed_lower_down(headed, plain, em, h_gap)
    assert [ln.text for ln in stretch] == ["d1", "d2", "d3", "d4"]


def test_kickers_side_by_side_stay_with_their_headlines() -> None:
    """Two articles side by side under one across the page, each with a kicker over its headline,
    the kickers on one row of their own: the page is cut across first (the article above blocks
    the gutter between the two), and a row of kickers read across put both kickers before both
    headlines, where they were read as one kicker of the first (dev seed 315 p. 5). The kicker row
    joins the headline row, each kicker in its headline's stack."""
    layout = page(
        headline("HT", 100, 60, 240),
        *(column(t, x, 100, 4) for t, x in (("s", 0), ("t", 110), ("u", 220), ("v", 330))),
        TextLine("KA", Box(40, 172, 160, 182.5), 10.5),
        headline("HA", 20, 196, 180),
        TextLine("KB", Box(280, 172, 340, 182.5), 10.5),
        headline("HB", 240, 196, 180),
        *(column(t, x, 230, 3) for t, x in (("a", 0), ("b", 110), ("c", 220), ("d", 330))),
        width=440.0,
    )
    got = order(layout)
    assert got[got.index("KA") :] == [
        "KA",
        "HA",
        "a1",
        "a2",
        "a3",
        "b1",
        "b2",
        "b3",
        "KB",
        "HB",
        "c1",
        "c2",
        "c3",
        "d1",
        "d2",
        "d3",
    ]


def test_a_column_between_level_headlines_may_open_with_a_photo() -> None:
    """As in the page before, the column between the two level headlines is B's by centring, here
    opening with a photo and its caption, its text under them (PKU seed 26 p. 28: the column was
    read as A's, its top being a photo's and its first text a caption's)."""
    em, h_gap = BODY, 4.0 + geometry.H_GAP * BODY
    photo = TextLine("", Box(110, 100, 210, 150), BODY)
    headed = [
        headline("HB", 216, 60, 218),
        *(ln for t, x in (("Q", 220), ("R", 330), ("S", 440)) for ln in column(t, x, 100, 8)),
    ]
    plain = [
        headline("HA", 20, 60, 60),
        *column("A", 0, 100, 20),
        photo,
        TextLine("图为", Box(110, 154, 170, 163), 9.0),
        *column("P", 110, 180, 3),
    ]
    stretch = geometry._headed_lower_down(headed, plain, em, h_gap)
    assert sorted(ln.text for ln in stretch) == sorted(["", "图为", "P1", "P2", "P3"])


def test_a_column_between_level_headlines_is_weighed_against_its_headlines_own_columns() -> None:
    """B's headline, centred over the column between A and B and B's two columns, is printed over
    B's first; beside it, level, C's headline heads the last column. B's own columns are those
    under it, not C's: with C's column counted, B's headline looked centred over nothing and the
    column between stayed with A (PKU seed 28 p. 16)."""
    layout = page(
        headline("HT", 60, 60, 200),
        *(column(t, x, 100, 4) for t, x in (("t", 0), ("u", 110), ("v", 220))),
        headline("HU", 380, 60, 220),
        *(column(t, x, 100, 4) for t, x in (("w", 330), ("x", 440), ("y", 550))),
        headline("HA", 40, 200, 130),
        *(column(t, x, 240, 6) for t, x in (("a", 0), ("b", 110), ("P", 220))),
        headline("HB", 332, 200, 96),
        *(column(t, x, 240, 6) for t, x in (("Q", 330), ("R", 440))),
        headline("HC", 570, 200, 70),
        column("S", 550, 240, 6),
        width=660.0,
    )
    got = order(layout)
    assert got[got.index("HB") :] == [
        "HB",
        *(f"{t}{i}" for t in "PQR" for i in range(1, 7)),
        "HC",
        *(f"S{i}" for i in range(1, 7)),
    ]


def test_a_stretch_one_group_took_from_the_other_is_not_taken_back() -> None:
    """Two groups side by side: the column between A and B lies level with both bodies, and each
    group's headline row holds its bodies (no white under the headlines). The right group takes
    the column (nearest B's headline); the left group, weighed next, must not take it back (nearest
    A's headline too) — it did, and the column went with A (PKU seed 28 p. 16)."""
    left = [headline("HA", 40, 200, 130), *column("a", 0, 224, 6), *column("b", 110, 224, 6), *column("P", 220, 224, 6)]
    right = [
        headline("HB", 332, 200, 96),
        *column("Q", 330, 224, 6),
        *column("R", 440, 224, 6),
        headline("HC", 570, 200, 70),
        *column("S", 550, 224, 6),
    ]
    groups = geometry._join_headed([left, right], BODY, 4.0 + geometry.H_GAP * BODY)
    assert [sorted({ln.text for ln in g if ln.text.startswith("P")}) for g in groups] == [
        [],
        [f"P{i}" for i in range(1, 7)],
    ]


def test_a_lower_stretch_level_with_two_bodies_waits_for_the_right_when_the_left_is_one_column() -> None:
    """A column runs on below the article above it into a stretch level with the bodies of two
    articles beside it: on its left one column under a headline centred over it, on its right two
    under a headline centred over them and the stretch. The left article is whole; the stretch is
    the right one's (PKU seed 13 p. 9: it was given to the left, whose turn came first)."""
    left = [headline("HL", 20, 200, 60), *column("L", 0, 240, 6)]
    between = [*column("M", 110, 100, 3), *column("P", 110, 240, 6)]
    right = [headline("HR", 225, 200, 90), *column("Q", 220, 240, 6), *column("R", 330, 240, 6)]
    groups = geometry._join_headed([left, between, right], BODY, 4.0 + geometry.H_GAP * BODY)
    assert [sorted({ln.text[0] for ln in g if ln.text}) for g in groups] == [["H", "L"], ["M"], ["H", "P", "Q", "R"]]


def test_ocr_lines_on_a_page_with_photo_boxes_are_read_as_a_pdf_page() -> None:
    """Rules that weigh photos are off for OCR results without photo boxes (a hole in a column may
    be a photo there). hOCR gives its photos (ocr_photo): its lines carry scores, but the page is
    read as a PDF page is (PKU seed 23 as hOCR: body CER 0.46% against 0.04% as PDF)."""
    import dataclasses

    heads = [headline("HA", 20, 60, 60), headline("HB", 230, 60, 80)]
    cols = [column("A", 0, 100, 5), *(column(t, x, 100, 5) for t, x in (("P", 110), ("Q", 220), ("R", 330)))]
    lines = [dataclasses.replace(ln, score=0.95) for ln in [*heads, *(ln for col in cols for ln in col)]]
    expected = ["HA", *(f"A{i}" for i in range(1, 6)), "HB", *(f"{t}{i}" for t in "PQR" for i in range(1, 6))]
    with_photo = LayoutPage(width=440.0, height=1000.0, unit="px", lines=lines, images=[Box(0, 300, 100, 380)])
    assert order(with_photo) == expected
    without = LayoutPage(width=440.0, height=1000.0, unit="px", lines=lines, images=[])
    assert order(without) != expected


def test_a_kicker_starting_left_of_the_column_above_is_no_run_on_of_it() -> None:
    """Under an article's three columns, the next article's kicker, centred over the last two, sits
    under the third column and starts in the gutter left of it: a column that runs on below its
    neighbours starts at its own left edge, so the kicker opens a row of its own and the columns
    above are still read one after the other, not line by line across."""
    layout = page(
        headline("HA", 0, 60, 320),
        column("L", 0, 100, 5),
        column("M", 110, 100, 5),
        column("R", 220, 100, 5),
        TextLine("KB", Box(214, 180, 318, 190.5), 10.5),
        headline("HB", 160, 200, 120),
        column("P", 110, 234, 3),
        column("Q", 220, 234, 3),
    )
    body = [f"{t}{i}" for t in "LMR" for i in range(1, 6)]
    assert order(layout) == ["HA", *body, "KB", "HB", "P1", "P2", "P3", "Q1", "Q2", "Q3"]


def test_a_subtitle_right_over_the_body_does_not_set_where_the_body_starts() -> None:
    """As above, with no byline: the subtitle, a point larger than the body, sits right over the
    body's first line. The body starts at that line (the subtitle is in another type), so the
    column short of the centred headline, level with it, is still that headline's."""
    heads = [headline("HA", 20, 60, 60), headline("HB", 220, 60, 100)]
    heads.append(TextLine("——副题", Box(235, 82, 305, 92.4), 10.4))
    cols = [column("A", 0, 101, 6), *(column(t, x, 100, 6) for t, x in (("P", 110), ("Q", 220), ("R", 330)))]
    layout = page(*heads, *cols, width=440.0)
    got = order(layout)
    assert got[:7] == ["HA", *(f"A{i}" for i in range(1, 7))]
    assert got[7:] == ["HB", "——副题", *(f"{t}{i}" for t in "PQR" for i in range(1, 7))]


def test_a_line_going_on_with_a_paragraph_is_no_caption_whatever_its_words() -> None:
    """A body paragraph whose second line happens to start with 图为 (the paragraph describes a
    photo): set right under the first line, at the column's edge, in body type, it goes on with
    the paragraph and is no caption."""
    from baokan.segment import segment_layout

    texts = ["党员积极投入抢险救灾工作。", "图为6月30日，党员志愿者进", "行清淤。"]
    lines, y = [headline("全力推进灾后重建", 0, 60, 160)], 100.0
    for k, text in enumerate(texts):
        x0 = 20.0 if k == 0 else 0.0
        lines.append(TextLine(text, Box(x0, y, x0 + 10.0 * len(text), y + BODY), BODY))
        y += LEAD
    result, _ = segment_layout(page(lines), publication="测试报", file="p.xml", sha256="0" * 64)
    (art,) = result.articles
    assert art.captions == []
    assert art.paragraphs == ["".join(texts)]


def test_a_column_gives_its_top_and_a_lower_stretch_to_the_headlines_beside_it() -> None:
    """Three articles over the last two columns, their headlines not reaching the first column;
    in the first column the top of the first one, then an article of its own (HB), then the
    first column of the last one (HC). The top joins HA's group, and what is left lower down,
    level with HC's body, joins it too: it is read after HC, not after HB."""
    layout = page(
        headline("HA", 120, 60, 200),
        column("A", 0, 100, 5),
        column("a", 110, 100, 5),
        column("b", 220, 100, 5),
        headline("HB", 0, 180, 100),
        column("B", 0, 220, 5),
        headline("HD", 120, 180, 200),
        column("D", 110, 220, 5),
        column("d", 220, 220, 5),
        headline("HC", 130, 300, 180),
        column("C", 0, 340, 3),
        column("c", 110, 340, 3),
        column("e", 220, 340, 3),
        width=330.0,
    )
    got = order(layout)
    assert got[got.index("HB") : got.index("HB") + 6] == ["HB", *(f"B{i}" for i in range(1, 6))]
    assert got[got.index("HC") :] == ["HC", *(f"{t}{i}" for t in "Cce" for i in range(1, 4))]


def test_the_body_under_a_headline_is_looked_for_under_its_own_span_first() -> None:
    """Two articles side by side at the top of a column group, the second's body starting an em
    lower; a column beside the group starts level with that body. The body under the second
    headline is the one under its own span, not the first article's beside it (which starts
    higher): the column joins the group and is read with its article, before the one below."""
    layout = page(
        headline("HA", 0, 60, 210),
        column("A", 0, 100, 4),
        column("a", 110, 100, 4),
        headline("HB", 240, 60, 180),
        column("B", 220, 110, 4),
        column("b", 330, 110, 4),
        column("E", 440, 110, 4),
        headline("HD", 100, 200, 230),
        *(column(t, x, 240, 3) for t, x in (("P", 0), ("Q", 110), ("R", 220), ("S", 330))),
        headline("HC", 440, 200, 100),
        column("C", 440, 240, 3),
        width=560.0,
    )
    got = order(layout)
    b = got.index("HB")
    assert got[b : b + 13] == ["HB", *(f"{t}{i}" for t in "BbE" for i in range(1, 5))]


def test_a_column_under_its_own_article_gives_a_lower_stretch_to_the_first_headline_beside_it() -> None:
    """The first column holds an article of its own (HB) and, lower down, the first column of the
    article whose short headline (HC) is the first headline of the group beside it. That lower
    stretch, level with HC's body and under text that ends above HC, joins HC's group: it is not
    the group's top stretch (the case the first headline's top row is left to)."""
    layout = page(
        headline("HB", 0, 60, 100),
        column("B", 0, 100, 5),
        headline("HA", 230, 60, 190),
        column("a", 110, 100, 5),
        column("b", 220, 100, 5),
        column("c", 330, 100, 5),
        headline("HC", 120, 200, 80),
        column("C", 0, 240, 3),
        column("D", 110, 240, 3),
        column("E", 220, 240, 3),
        width=440.0,
    )
    got = order(layout)
    c = got.index("HC")
    assert got[c : c + 10] == ["HC", *(f"{t}{i}" for t in "CDE" for i in range(1, 4))]
