"""Layout input (PDF, ALTO XML, hOCR, PaddleOCR JSON): golden pages of the seed's own articles, the
readers' contracts, and the property that every printed character lands in one field or fragment.

The fixtures are the seed page's hand-checked articles laid out as a five-column page
(`python scripts/gen_layout_pages.py --out DIR --seed 11 --pages 1 --from-seed`), one layout
written in every form; `*.gold.json` beside each is what the page prints. The PDF is the bundled
`data/raw/lvliang-daily-pdf/2023-04-11/01.pdf`. `<form>.expected.jsonl` holds the records the
segmenter gives today (regions and flags too): a change to any of them shows here; rewrite them
with BAOKAN_UPDATE_GOLDEN=1 after checking the difference by eye.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan.clean import conserved_chars, normalize_chars
from baokan.errors import InputError
from baokan.layout import detect_format, read_layout
from baokan.pages import read_page
from baokan.segment import conservation_text, segment_layout, segment_page
from baokan.segment.geometry import layout_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "layout"
PDF = ROOT / "data" / "raw" / "lvliang-daily-pdf" / "2023-04-11" / "01.pdf"
PAGES = {
    "pdf": PDF,
    "alto": FIXTURES / "01.xml",
    "hocr": FIXTURES / "01.hocr",
    "paddle": FIXTURES / "01_res.json",
}
GOLD_OF = {form: FIXTURES / f"{path.name}.gold.json" for form, path in PAGES.items()}
FIELDS = ("title", "kicker", "subtitle", "dateline", "byline", "authors", "paragraphs", "captions")


def _records(form: str) -> list[dict]:
    raw = read_page(PAGES[form], publication="吕梁日报", date="2023-04-11", page="1")
    return [a.to_dict() for a in segment_page(raw).articles]


@pytest.mark.parametrize("form", list(PAGES))
def test_format_is_told_by_content(form: str) -> None:
    assert detect_format(PAGES[form].read_bytes()[:65536]) == form


@pytest.mark.parametrize("form", list(PAGES))
def test_every_article_reads_as_printed(form: str) -> None:
    gold = json.loads(GOLD_OF[form].read_text(encoding="utf-8"))["articles"]
    records = _records(form)
    assert len(records) == len(gold) == 5
    by_first = {r["paragraphs"][0]: r for r in records}
    for want in gold:
        got = by_first[want["paragraphs"][0]]
        for name in FIELDS:
            assert got[name] == want[name], (form, name, want["title"])


@pytest.mark.parametrize("form", list(PAGES))
def test_records_equal_their_golden_file(form: str) -> None:
    golden = FIXTURES / f"{form}.expected.jsonl"
    records = _records(form)
    if os.environ.get("BAOKAN_UPDATE_GOLDEN") == "1":
        golden.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    want = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    assert records == want


@pytest.mark.parametrize("form", list(PAGES))
def test_records_carry_their_regions_on_the_page(form: str) -> None:
    raw = read_page(PAGES[form], publication="吕梁日报")
    (page,) = raw.layout
    for record in _records(form):
        source = record["source"]
        assert source["region_unit"] == page.unit == ("pt" if form == "pdf" else "px")
        assert source["page_index"] == (0 if form == "pdf" else None)
        assert record["regions"], record["title"]
        for box in record["regions"]:
            assert 0 <= box["x0"] < box["x1"] <= page.width + 1 and 0 <= box["y0"] < box["y1"] <= page.height + 1
    # the articles' regions do not overlap: each stretch of column belongs to one article
    boxes = [(r["title"], b) for r in _records(form) for b in r["regions"]]
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1 :]:
            if ta != tb:
                overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                overlap_y = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
                assert overlap_x <= 0 or overlap_y <= 0, (ta, tb)


def test_alto_block_order_is_not_trusted() -> None:
    """ALTO files list their blocks in any order: the reading order comes from the boxes."""
    import re

    data = PAGES["alto"].read_text(encoding="utf-8")
    blocks = re.findall(r"<TextBlock\b.*?</TextBlock>", data, flags=re.S)
    assert len(blocks) > 5
    shuffled = list(blocks)
    random.Random(3).shuffle(shuffled)
    first = data.index(blocks[0])
    last = data.index(blocks[-1]) + len(blocks[-1])
    scrambled = data[:first] + "".join(shuffled) + data[last:]
    a = read_layout(data.encode(), "ordered.xml")[0]
    b = read_layout(scrambled.encode(), "scrambled.xml")[0]
    assert layout_text(a).text == layout_text(b).text


def test_paddle_2x_list_form_reads_like_the_3x_object() -> None:
    doc = json.loads(PAGES["paddle"].read_text(encoding="utf-8"))
    assert set(doc) >= {"rec_texts", "rec_scores"}
    boxes = doc.get("rec_boxes") or [
        [min(p[0] for p in poly), min(p[1] for p in poly), max(p[0] for p in poly), max(p[1] for p in poly)]
        for poly in doc["rec_polys"]
    ]
    legacy = [
        [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]], [text, score]]
        for (x0, y0, x1, y1), text, score in zip(boxes, doc["rec_texts"], doc["rec_scores"], strict=True)
    ]
    new = read_layout(PAGES["paddle"].read_bytes(), "new.json")[0]
    old = read_layout(json.dumps(legacy, ensure_ascii=False).encode(), "old.json")[0]
    assert layout_text(new).text == layout_text(old).text
    assert [ln.score for ln in new.lines] == [ln.score for ln in old.lines]


def test_low_ocr_scores_flag_the_article_and_drop_nothing(tmp_path: Path) -> None:
    doc = json.loads(PAGES["paddle"].read_text(encoding="utf-8"))
    doc["rec_scores"] = [0.5] * len(doc["rec_scores"])
    low = tmp_path / "01_res.json"
    low.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    records = segment_page(read_page(low, publication="吕梁日报")).articles
    assert len(records) == 5 and all("low_ocr_score" in a.flags for a in records)
    assert not any("low_ocr_score" in r["flags"] for r in _records("paddle"))


def test_a_scanned_pdf_page_is_reported_as_such(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan), pagesize=(400, 600))
    c.drawImage(ImageReader(Image.new("L", (40, 60), 200)), 20, 20, width=360, height=560)
    c.showPage()
    c.save()
    raw = read_page(scan, publication="吕梁日报")
    assert [p.kind for p in raw.layout] == ["pdf-scan"]
    result = segment_page(raw)
    assert result.articles == [] and any("scanned page" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("page.xml", b"<?xml version='1.0'?><mets>not alto</mets>"),
        ("page.pdf", b"%PDF-1.4 broken"),
        ("x_res.json", b"{}"),
    ],
)
def test_a_file_of_a_layout_suffix_that_is_no_layout_file_is_refused_by_name(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_page(path, publication="吕梁日报")
    assert str(path) in str(err.value)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31 - 1), form=st.sampled_from(["alto", "hocr", "paddle", "pdf"]))
def test_every_printed_character_lands_in_one_field_or_fragment(seed: int, form: str) -> None:
    """Whatever the layout, no printed character is lost or doubled: the characters of the page
    text (the lines in reading order) are those of the records' fields and the fragments."""
    pytest.importorskip("reportlab")
    from baokan.devtools.layout_writers import alto_xml, hocr_html, paddle_json, pdf_bytes
    from baokan.devtools.layoutgen import lay_out_page, ocr_noise
    from baokan.devtools.seed_layout import seed_articles

    articles = seed_articles(ROOT / "tests" / "fixtures" / "seed_gold.json")
    layout = lay_out_page(seed, articles, publication="吕梁日报", date="2023-04-11", label="第1版")
    rng = random.Random(seed)
    if form == "alto":
        data = alto_xml(layout, layout.items, rng).encode()
    elif form == "hocr":
        data = hocr_html(layout, layout.items).encode()
    elif form == "paddle":
        data = paddle_json(layout, ocr_noise(layout.items, rng), 3).encode()
    else:
        data = pdf_bytes(layout)
    (page,) = read_layout(data, f"generated.{form}")
    result, text = segment_layout(page, publication="吕梁日报", file="generated", sha256="0" * 64)
    assert Counter(conserved_chars(normalize_chars(text))) == Counter(conserved_chars(conservation_text(result)))
    assert len({a.id for a in result.articles}) == len(result.articles)


def test_a_generated_pdf_line_keeps_to_the_measure_its_layout_gave_it() -> None:
    """The layout measures Latin letters and digits at half an em; STSong-Light sets them wider.
    The PDF condenses such a line to its measure (as a typesetter does), so it cannot run into
    the gutter and join two columns."""
    pytest.importorskip("reportlab")
    from baokan.devtools.layout_writers import pdf_bytes
    from baokan.devtools.layoutgen import Item, Layout, text_width

    texts = ["极谋求加入WTO。因为这可以发挥2", "中文一行没有拉丁字母的正文"]
    items = [
        Item(t, 36.0, 100.0 + 20 * k, text_width(t, 9.5), 9.5, 9.5, (0, "paragraph", 0)) for k, t in enumerate(texts)
    ]
    (page,) = read_layout(pdf_bytes(Layout(400.0, 600.0, items)), "generated.pdf")
    got = {ln.text: ln.box for ln in page.lines}
    assert set(got) == set(texts)
    for it in items:
        assert got[it.text].x1 <= it.x + it.w + 0.5
