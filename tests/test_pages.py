"""pages.py: decoding raw page bytes and resolving page metadata."""

from __future__ import annotations

import codecs
import hashlib
import json
import random
import re
from pathlib import Path

import pytest

from baokan.errors import InputError, UsageError
from baokan.pages import PageMeta, RawPage, decode_page, decode_page_bytes, read_page, resolve_meta

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "lvliang-daily" / "000_1102c3be27cc357c.txt"
CORPORA = ROOT / ".." / "shared" / "corpora"

SEED_TEXT = SEED.read_text(encoding="utf-8")

TRADITIONAL = (
    "本報訊（記者 陳國華）臺北市政府昨日舉行記者會，說明今年經濟發展與學校教育的計畫。"
    "市長表示，這個計畫會對地方產業帶來新的機會，也將為市民創造更多工作。\n"
    "議會將於下週開會討論，專家認為應當加強對環境問題的關注，並提高預算的透明度。\n"
)


def _sogou_texts() -> list[str]:
    path = CORPORA / "sogou_news_sample.xml"
    if not path.is_file():
        pytest.skip("development corpora absent (../shared/corpora)")
    raw = path.read_text(encoding="utf-8")
    texts = [t for t in re.findall(r"<content>(.*?)</content>", raw, re.S) if len(t) > 200]
    return texts[:20]


# ------------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16-le"),  # Python writes a LE BOM
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
    ],
)
def test_seed_page_decodes_identically_in_every_encoding(encoding: str, expected: str) -> None:
    data = SEED_TEXT.encode(encoding)
    text, name = decode_page_bytes(data, "seed.txt")
    assert text == SEED_TEXT
    assert name == expected


def test_utf16_be_with_bom() -> None:
    data = codecs.BOM_UTF16_BE + SEED_TEXT.encode("utf-16-be")
    assert decode_page_bytes(data, "x") == (SEED_TEXT, "utf-16-be")


def test_big5_round_trips_and_is_not_mistaken_for_gb18030() -> None:
    data = TRADITIONAL.encode("big5")
    # the trap: the same bytes also decode strictly as GB18030, into garbage
    assert data.decode("gb18030") != TRADITIONAL
    text, name = decode_page_bytes(data, "trad.txt")
    assert text == TRADITIONAL
    assert name in ("big5", "cp950")


def test_short_big5_line() -> None:
    line = "這是中華民國的報紙。\n"
    assert decode_page_bytes(line.encode("big5"), "x")[0] == line


def test_corpus_texts_in_gb18030_and_utf16() -> None:
    for t in _sogou_texts():
        t = t.replace("\r\n", "\n")
        for enc in ("gb18030", "utf-16", "utf-8-sig"):
            assert decode_page_bytes(t.encode(enc), "x")[0] == t


@pytest.mark.parametrize(
    "text",
    [
        "【新華社臺北１２月３１日電】（記者 林美玲）２０２２年，臺灣經濟成長率為２．４５％。\n",
        "圖為學生們在圖書館閱讀報紙。 記者 王大明 攝\n",
        "「我們會繼續努力！」他說：「這是大家的責任。」\n" * 5,
    ],
)
def test_more_big5_texts(text: str) -> None:
    assert decode_page_bytes(text.encode("big5"), "x")[0] == text


def test_crlf_and_cr_become_lf() -> None:
    assert decode_page_bytes("一\r\n二\r三\n".encode(), "x")[0] == "一\n二\n三\n"
    assert decode_page_bytes("一\r\n二\r\n".encode("gb18030"), "x")[0] == "一\n二\n"
    assert decode_page_bytes("一\r\n二\r\n".encode("utf-16"), "x")[0] == "一\n二\n"


def test_empty_and_whitespace_only() -> None:
    assert decode_page_bytes(b"", "x") == ("", "utf-8")
    assert decode_page_bytes(b" \n\r\n\t \n", "x")[0] == " \n\n\t \n"
    assert decode_page_bytes(codecs.BOM_UTF8, "x") == ("", "utf-8-sig")


def test_nul_byte_is_binary_with_offset() -> None:
    data = "正文".encode() + b"\x00abc"
    with pytest.raises(InputError) as exc:
        decode_page_bytes(data, "page.txt")
    assert exc.value.path == "page.txt"
    assert "NUL byte at offset 6" in exc.value.message


@pytest.mark.parametrize("seed", range(8))
def test_random_binary_is_rejected(seed: int) -> None:
    r = random.Random(seed)
    data = bytes(r.randrange(256) for _ in range(2000))
    with pytest.raises(InputError) as exc:
        decode_page_bytes(data, "blob.bin")
    assert "binary" in exc.value.message or "cannot decode" in exc.value.message


@pytest.mark.parametrize("seed", range(8))
def test_random_binary_without_nul_is_rejected(seed: int) -> None:
    r = random.Random(seed)
    data = bytes(r.randrange(1, 256) for _ in range(600))
    with pytest.raises(InputError):
        decode_page_bytes(data, "blob.bin")


def test_many_control_characters_are_binary() -> None:
    data = ("正文" + "\x01\x02\x03\x1b" * 20).encode("utf-8")
    with pytest.raises(InputError, match="control characters"):
        decode_page_bytes(data, "x")


def test_the_control_characters_counted_are_unicodes_but_the_allowed_ones() -> None:
    import unicodedata

    from baokan.pages import _ALLOWED_CONTROLS, _CONTROL_RE

    controls = {chr(i) for i in range(0x110000) if unicodedata.category(chr(i)) == "Cc"} - _ALLOWED_CONTROLS
    assert {chr(i) for i in range(0x110000) if _CONTROL_RE.match(chr(i))} == controls


def test_form_feed_and_tabs_are_text() -> None:
    assert decode_page_bytes("第一版\f第二版\t完".encode(), "x")[0] == "第一版\f第二版\t完"


def test_truncated_utf8_at_end_is_replaced_with_warning() -> None:
    data = "本报讯记者".encode()[:-1]
    text, enc, warnings = decode_page(data, "x")
    assert text == "本报讯记\ufffd"
    assert enc == "utf-8"
    assert warnings and "truncated" in warnings[0]


def test_undecodable_bytes_name_the_problem(tmp_path: Path) -> None:
    # valid lead bytes followed by ASCII: neither UTF-8 nor GB18030 nor Big5
    data = (b"\xff\xfe\xfd abc \x80\x81 " * 40)[2:]
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError) as exc:
        read_page(p)
    assert exc.value.path == str(p)
    assert str(p) in str(exc.value)


# ------------------------------------------------------------------------------------ read_page


def test_read_seed_page() -> None:
    page = read_page(SEED)
    assert isinstance(page, RawPage)
    assert page.name == SEED.name
    assert page.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert page.encoding == "utf-8"
    assert page.text == SEED_TEXT
    assert page.meta == PageMeta("吕梁日报", None, None)  # from the sidecar
    assert page.warnings == ()


def test_read_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_page(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_page(tmp_path)


def test_sha256_is_of_raw_bytes(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    data = "一\r\n二".encode("gb18030")
    p.write_bytes(data)
    page = read_page(p)
    assert page.sha256 == hashlib.sha256(data).hexdigest()
    assert page.text == "一\n二"


# ------------------------------------------------------------------------------------ metadata


def _page(folder: Path, name: str, text: str = "正文\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_when_nothing_is_known(tmp_path: Path) -> None:
    p = _page(tmp_path / "misc", "x.txt")
    assert resolve_meta(p, None, None, None) == PageMeta("unknown", None, None)


@pytest.mark.parametrize(
    "stem, label, number", [("03", "3", 3), ("page-03", "3", 3), ("p7", "7", 7), ("12", "12", 12), ("A03", "A3", 3)]
)
def test_folder_convention(tmp_path: Path, stem: str, label: str, number: int) -> None:
    p = _page(tmp_path / "人民日报" / "2001-01-02", f"{stem}.txt")
    meta = read_page(p).meta
    assert meta == PageMeta("人民日报", "2001-01-02", label)
    assert meta.page_number == number


def test_folder_convention_without_page_number(tmp_path: Path) -> None:
    p = _page(tmp_path / "pub" / "2001-01-02", "front.txt")
    assert resolve_meta(p, None, None, None) == PageMeta("pub", "2001-01-02", None)


def test_folder_with_impossible_date(tmp_path: Path) -> None:
    p = _page(tmp_path / "pub" / "2023-02-30", "01.txt")
    with pytest.raises(InputError, match="calendar date"):
        resolve_meta(p, None, None, None)
    # an option wins, so the folder is not consulted for the date... but publication still comes
    # from the folder layout, which is invalid: options for every field avoid it entirely
    assert resolve_meta(p, "x", "2023-02-28", 1) == PageMeta("x", "2023-02-28", "1")


def test_sidecar_beats_folder_and_options_beat_sidecar(tmp_path: Path) -> None:
    p = _page(tmp_path / "folderpub" / "2001-01-02", "03.txt")
    (p.parent / "03.meta.json").write_text(
        json.dumps({"publication": "吕梁日报", "date": "2023-04-11", "page": None}), encoding="utf-8"
    )
    # sidecar: publication + date; page (null there) from the folder
    assert resolve_meta(p, None, None, None) == PageMeta("吕梁日报", "2023-04-11", "3")
    # options win field by field; a page given as a number becomes its label
    assert resolve_meta(p, None, "2023-04-12", None) == PageMeta("吕梁日报", "2023-04-12", "3")
    assert resolve_meta(p, "其他报", None, 5) == PageMeta("其他报", "2023-04-11", "5")
    assert read_page(p, publication="P", date="2020-02-29", page="A2").meta == PageMeta("P", "2020-02-29", "A2")


def test_sidecar_page_label(tmp_path: Path) -> None:
    p = _page(tmp_path, "x.txt")
    (tmp_path / "x.meta.json").write_text(json.dumps({"page": "要闻  2"}), encoding="utf-8")
    meta = read_page(p).meta
    assert (meta.page, meta.page_number) == ("要闻 2", 2)


@pytest.mark.parametrize(
    "content, field",
    [
        ("{not json", "JSON"),
        ("[1, 2]", "object"),
        ('{"date": "2023-13-01"}', "date"),
        ('{"date": "11/04/2023"}', "date"),
        ('{"page": 0}', "page"),
        ('{"page": ""}', "page"),
        ('{"page": "A\\nB"}', "page"),
        ('{"page": true}', "page"),
        ('{"publication": ""}', "publication"),
        ('{"date": "2023-04-11", "date": "2023-04-12"}', 'duplicate key "date"'),  # not the last silently
    ],
)
def test_bad_sidecar_names_file_and_field(tmp_path: Path, content: str, field: str) -> None:
    p = _page(tmp_path, "000_x.txt")
    side = tmp_path / "000_x.meta.json"
    side.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_page(p)
    assert exc.value.path == str(side)
    assert field in exc.value.message


@pytest.mark.parametrize("kwargs", [{"date": "2023-02-29"}, {"date": "20230401"}, {"page": 0}, {"page": -1}])
def test_bad_options_are_usage_errors(tmp_path: Path, kwargs: dict) -> None:
    p = _page(tmp_path, "x.txt")
    with pytest.raises(UsageError):
        read_page(p, **kwargs)


def test_each_page_is_collected_once_under_the_key_of_its_first_mention(tmp_path: Path) -> None:
    """A page reached twice (its folder given twice, the file given beside its folder, a link to
    it inside the folder, the folder through a link) is segmented once, under its first key."""
    from baokan.pages import collect_page_keys

    src = tmp_path / "src"
    (src / "d").mkdir(parents=True)
    (src / "a.txt").write_text("一\n", encoding="utf-8")
    (src / "d" / "b.txt").write_text("二\n", encoding="utf-8")
    (src / "d" / "c.txt").symlink_to(src / "a.txt")  # inside the folder: allowed, the same page as a.txt
    (tmp_path / "via").symlink_to(src)
    keyed = collect_page_keys([src, src / "d" / "b.txt", tmp_path / "via", src])
    assert [(p.relative_to(tmp_path).as_posix(), key) for p, key in keyed] == [
        ("src/a.txt", "src/a.txt"),
        ("src/d/b.txt", "src/d/b.txt"),
    ]
    with pytest.raises(UsageError, match="outside the source folder"):
        collect_page_keys([src / "d"])  # from folder d, c.txt links outside it
    alone = collect_page_keys([src / "d" / "c.txt", src / "d"], follow_symlinks=True)
    assert [key for _, key in alone] == ["c.txt", "d/b.txt"]
