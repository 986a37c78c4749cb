"""Raw page files: bytes → decoded text + page metadata (`RawPage`).

Decoding (`decode_page_bytes`)
------------------------------
Strict decoders are tried first, in this order:

1. a byte-order mark decides: UTF-8 with BOM (``utf-8-sig``), UTF-16 LE/BE, UTF-32 LE/BE;
2. UTF-8 (``utf-8``);
3. GB18030 (``gb18030``, a superset of GBK/GB2312) and Big5 (``big5``, then ``cp950``). Big5 bytes
   very often also decode "successfully" as GB18030 into garbage, so when both decode, the text with
   the larger share of very common Chinese characters (simplified or traditional) wins;
4. near-UTF-8: a file that is UTF-8 except for a few invalid sequences (at most 1 per 1,000
   characters, at least 2 allowed) is decoded with U+FFFD for them and a warning;
5. charset-normalizer's best guess, as a last resort, with a warning; the guess is only accepted
   when it gives plausible Chinese text (mostly CJK, with common characters among them).

A UTF-8 file whose *last* character is cut off (a truncated multibyte sequence at the very end, as
left by a copy or download that stopped early) is accepted: the incomplete character becomes U+FFFD
and `RawPage.warnings` says so. Nothing else is silently repaired.

Files that are not text raise `errors.InputError(path, message)`: a NUL byte in a file that is not
UTF-16/32 (``binary file: NUL byte at offset 123``), many control characters (``binary file: 40
control characters``) or bytes no decoder accepts (``cannot decode: not UTF-8/UTF-16/GB18030/Big5``).
UTF-16 without a BOM is not supported (it is reported as binary: it contains NUL bytes; the message
says when the bytes look like BOM-less UTF-16).
Empty and whitespace-only files decode fine (as ``utf-8``). CRLF and lone CR become LF; a leading
BOM is never part of the text.

Metadata (`resolve_meta`)
-------------------------
Each of publication, date and page is taken from the first of these sources that gives a non-null
value for it:

1. the options (``read_page(path, publication=..., date=..., page=...)``, i.e. the command line);
   a page given as text in memory (`text_page`) has these and the defaults only;
2. a sidecar JSON file next to the page, ``<stem>.meta.json`` (``03.txt`` → ``03.meta.json``) with
   keys ``publication`` (string), ``date`` (``YYYY-MM-DD`` or null), ``page`` (a page label such as
   ``"A3"`` or an integer ≥ 1, or null);
   unknown keys are ignored; invalid JSON or an invalid field raises `InputError` naming the sidecar
   and the field;
3. the folder convention ``<publication>/<YYYY-MM-DD>/<page>.txt``: when the page's folder is named
   like a date, that folder gives the date, its parent folder the publication, and the file stem the
   page label (``03.txt`` → ``3``, ``page-03.txt`` → ``3``, ``A03.txt`` → ``A3``);
4. what the page prints in its header and footer lines (`baokan.segment.furniture`), for the fields
   still missing: the segmenter fills them in (`segment_page`);
5. defaults: publication ``"unknown"``, date None, page None.

Dates must be real calendar dates in ISO form (``2023-04-11``); a page is a label (``3``, ``A3``,
``要闻2``: up to 32 characters, no line breaks) or an integer ≥ 1, which becomes its label. The page
number of a label is `records.page_number_of(label)`. Invalid options raise `errors.UsageError`; an
invalid sidecar or date-named folder raises `InputError`.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import fnmatch
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .errors import InputError, UsageError, no_such_path
from .layout import LayoutPage, detect_format, read_layout
from .records import page_label, page_number_of

__all__ = [
    "PAGE_PATTERN",
    "UNKNOWN_PUBLICATION",
    "PageMeta",
    "RawPage",
    "collect_page_keys",
    "collect_pages",
    "decode_page",
    "decode_page_bytes",
    "find_pages",
    "given_meta",
    "printable_path",
    "read_page",
    "resolve_meta",
    "sidecar_path",
    "text_name",
    "text_page",
]

UNKNOWN_PUBLICATION = "unknown"


@dataclass(frozen=True)
class PageMeta:
    publication: str
    date: str | None
    page: str | None  # the page label

    @property
    def page_number(self) -> int | None:
        return page_number_of(self.page)


@dataclass(frozen=True)
class RawPage:
    path: str
    name: str
    sha256: str
    encoding: str
    text: str
    meta: PageMeta
    warnings: tuple[str, ...] = field(default=())
    layout: tuple[LayoutPage, ...] = ()  # a layout file's pages (PDF, ALTO, hOCR, PaddleOCR); `text` their lines
    key: str = ""  # the file's path below its source root, with the root's name: names it in ids
    size: int = 0  # bytes of the file


# --------------------------------------------------------------------------------------- decoding

# Very common characters: the simplified list plus traditional forms of the frequent ones. The share
# of these among the CJK characters of a decoded text tells real text from mojibake.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
    "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机"
    "当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心"
    "反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程"
    "展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期"
    "根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志"
    "世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每"
    "目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律"
    "叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感"
    "劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片"
    "始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)
_COMMON_TRADITIONAL = (
    "這為個國們來時說會對發動過產種後經進著從與學現實當點業還機關問開體間長頭東電話員處見書車門題應"
    "義萬與於當區強決戰則據處隊給導壓擊濟極聯認權證轉單場帶務達議聲報類離華確張節話傳廣記聽該鐵價嚴"
    "龍飛劃選標寫親效養層專狀廠識屬圓滿縣參紅細調歷構稱準號團勞響約習藝農黨總員邊級統較組計別爭"
)
_COMMON = frozenset(_COMMON_SIMPLIFIED + _COMMON_TRADITIONAL)

_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode's control characters (category Cc: U+0000-U+001F, U+007F-U+009F) but the allowed ones
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF


def _plausibility(text: str) -> float:
    """Share of very common characters among the CJK characters (0 when there are none)."""
    cjk = 0
    common = 0
    for ch in text:
        if _is_cjk(ch):
            cjk += 1
            if ch in _COMMON:
                common += 1
    if cjk == 0:
        # No CJK at all: a pure-ASCII-ish decode is as plausible as it gets; punish PUA/odd symbols.
        odd = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn", "Cc") and ch not in _ALLOWED_CONTROLS)
        return 0.5 if odd == 0 else 0.0
    return common / cjk


def _looks_chinese(text: str) -> bool:
    """Whether a guessed decoding gives plausible Chinese text (used for the last-resort guess)."""
    non_ascii = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    if not non_ascii:
        return False  # pure ASCII would have decoded as UTF-8 already
    cjk = sum(1 for ch in non_ascii if _is_cjk(ch) or 0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF)
    return cjk / len(non_ascii) >= 0.5 and _plausibility(text) >= 0.2


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_problem(text: str) -> str | None:
    """A message when the decoded text looks binary, else None."""
    nul = text.find("\x00")
    if nul >= 0:
        return f"binary file: NUL character at character {nul}"
    bad = len(_CONTROL_RE.findall(text))
    if bad > max(4, len(text) // 200):
        return f"binary file: {bad} control characters in {len(text)} characters"
    return None


_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode(data: bytes, where: str) -> tuple[str, str, list[str]]:
    warnings: list[str] = []

    # 1. BOM-marked Unicode.
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8-sig":
                codec = "utf-8"
            text = _strict(body, codec)
            if text is None:
                if codec == "utf-8":
                    break  # fall through to the UTF-8 handling below (truncation etc.)
                raise InputError(where, f"cannot decode: file starts with a {name} BOM but is not valid {name}")
            problem = _control_problem(text)
            if problem:
                raise InputError(where, problem)
            return _normalize_newlines(text), name, warnings

    # Not UTF-16/32: a NUL byte means binary.
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(where, f"binary file: NUL byte at offset {nul}{_utf16_hint(data)}")

    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if has_bom else data
    utf8_name = "utf-8-sig" if has_bom else "utf-8"

    # 2. UTF-8, including a character cut off at the very end.
    text = _strict(body, "utf-8")
    if text is None:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason == "unexpected end of data" and exc.end == len(body):
                head = _strict(body[: exc.start], "utf-8")
                if head is not None:
                    text = head + "\ufffd"
                    warnings.append(
                        f"truncated UTF-8 sequence at end of file (byte offset {exc.start + (3 if has_bom else 0)}): "
                        "the incomplete character was replaced by U+FFFD"
                    )
    if text is not None:
        problem = _control_problem(text)
        if problem:
            raise InputError(where, problem)
        return _normalize_newlines(text), utf8_name, warnings

    # 3. GB18030 vs Big5.
    chinese = _gb_or_big5(body, where)
    if chinese is not None:
        return _normalize_newlines(chinese[1]), chinese[0], warnings

    # 4. Nearly UTF-8: a few bad sequences.
    lenient = body.decode("utf-8", errors="replace")
    n_bad = lenient.count("\ufffd") - body.count("\ufffd".encode("utf-8"))
    if 0 < n_bad <= max(2, len(lenient) // 1000) and _control_problem(lenient) is None:
        warnings.append(f"{n_bad} invalid UTF-8 sequence(s) replaced by U+FFFD")
        return _normalize_newlines(lenient), utf8_name, warnings

    # 5. Last resort: charset-normalizer.
    guess = _charset_normalizer_guess(body)
    if guess is not None:
        codec, decoded = guess
        if _control_problem(decoded) is None and _looks_chinese(decoded):
            warnings.append(f"encoding guessed by charset-normalizer: {codec}")
            return _normalize_newlines(decoded), codec, warnings

    bad = [ch for ch in lenient if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS]
    if len(bad) > max(4, len(lenient) // 200):
        raise InputError(where, f"binary file: {len(bad)} control characters and undecodable bytes")
    raise InputError(where, "cannot decode: not UTF-8/UTF-16/GB18030/Big5")


def _utf16_hint(data: bytes) -> str:
    """A hint when the bytes read as UTF-16 text without a BOM (which is not accepted: without a
    BOM its byte order is a guess)."""
    for codec, name in (("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")):
        text = _strict(data, codec)
        if text is not None and text.strip() and _control_problem(text) is None and _plausibility(text) >= 0.2:
            return f" (looks like {name} without a byte-order mark: add a BOM or convert to UTF-8)"
    return ""


# Korean (EUC-KR, CP949) and Japanese (EUC-JP, Shift-JIS) pages decode as GB18030 or Big5 without
# an error, into rare characters: in real Chinese text most characters are very common (0.34-0.81
# on the seed page and ../shared/real re-encoded), in such mojibake few are (0.0-0.10 measured).
# Below PLAUSIBLE_CHINESE charset-normalizer's verdict decides; without one, below UNLIKELY_CHINESE
# the page is refused. A page with fewer CJK characters than _JUDGED_CJK is not judged.
PLAUSIBLE_CHINESE = 0.35
UNLIKELY_CHINESE = 0.2
_JUDGED_CJK = 20


def _gb_or_big5(body: bytes, where: str) -> tuple[str, str] | None:
    """(codec, text) of the GB18030 or Big5 decoding that reads most like Chinese; None when
    neither decodes. A decoding that is not plausibly Chinese is an InputError (`_check_chinese`)."""
    candidates: list[tuple[float, int, str, str]] = []
    for order, codec in enumerate(("gb18030", "big5", "cp950")):
        if codec == "cp950" and any(c[2] == "big5" for c in candidates):
            continue
        decoded = _strict(body, codec)
        if decoded is not None and _control_problem(decoded) is None:
            candidates.append((_plausibility(decoded), -order, codec, decoded))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    score, _, codec, decoded = candidates[0]
    _check_chinese(body, decoded, score, codec, where)
    return codec, decoded


def _check_chinese(data: bytes, decoded: str, score: float, codec: str, where: str) -> None:
    """Refuse a GB18030/Big5 decoding that is not plausibly Chinese, naming what the bytes most
    likely are (charset-normalizer's verdict)."""
    if score >= PLAUSIBLE_CHINESE or sum(1 for ch in decoded if _is_cjk(ch)) < _JUDGED_CJK:
        return
    verdict = ""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except ImportError:  # pragma: no cover - it is a dependency
        best = None
    if best is not None and best.encoding is not None:
        if best.language == "Chinese":
            return  # rare characters, but Chinese by the detector's judgement too
        verdict = f"; the bytes read most likely as {best.encoding} ({best.language or 'unknown language'})"
    elif score >= UNLIKELY_CHINESE:
        return
    raise InputError(
        where,
        f"not Chinese text: decoded as {codec} it is mostly rare characters "
        f"({score:.0%} common ones, Chinese text has some {PLAUSIBLE_CHINESE:.0%} or more){verdict}",
    )


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    if best.chaos > 0.3:
        return None
    return best.encoding, str(best)


def decode_page(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Like `decode_page_bytes`, also returning the warnings (e.g. a truncated last character)."""
    text, encoding, warnings = _decode(data, name)
    return text, encoding, tuple(warnings)


def decode_page_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode a raw page: ``(text with LF line ends, encoding name)``.

    Raises `InputError(name, …)` when the bytes are not text. See the module docstring.
    """
    text, encoding, _ = _decode(data, name)
    return text, encoding


# --------------------------------------------------------------------------------------- metadata

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PAGE_STEM_RE = re.compile(r"^(?:page|pg|p|第)?[-_ ]?([A-Za-z]{0,2})[-_ ]?0*(\d{1,3})(?:版|页)?$", re.IGNORECASE)


def _check_date(value: object) -> str | None:
    """The ISO date if valid, else None."""
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _check_page(value: object) -> str | None:
    """The page label of a valid page value (an integer >= 1 or a label), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 1 else None
    if isinstance(value, str) and "\n" not in value and "\r" not in value:
        label = page_label(value)
        return label if label is not None and len(label) <= 32 else None
    return None


def sidecar_path(path: str | PurePath) -> Path:
    """``dir/03.txt`` → ``dir/03.meta.json`` (a file without suffix: ``name.meta.json``)."""
    p = Path(path)
    stem = p.stem if p.suffix else p.name
    return p.with_name(stem + ".meta.json")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose keys are all different (a key given twice would silently keep the last)."""
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


# Reads the sidecar of a page: (where it is, for messages; its bytes), None when there is none.
SidecarReader = Callable[[PurePath], "tuple[str, bytes] | None"]


def _local_sidecar(path: PurePath) -> tuple[str, bytes] | None:
    side = sidecar_path(path)
    if not side.is_file():
        return None
    try:
        return str(side), side.read_bytes()
    except OSError as exc:
        raise InputError(str(side), f"cannot read sidecar: {exc.strerror or exc}") from exc


def _read_sidecar(path: PurePath, reader: SidecarReader = _local_sidecar) -> dict[str, object]:
    found = reader(path)
    if found is None:
        return {}
    where, raw = found
    try:
        obj = json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(where, f"invalid sidecar JSON: {exc}") from exc
    except _DuplicateKey as exc:
        raise InputError(
            where, f"invalid sidecar JSON: duplicate key {json.dumps(exc.key, ensure_ascii=False)}"
        ) from exc
    if not isinstance(obj, dict):
        raise InputError(where, f"invalid sidecar: expected a JSON object, got {type(obj).__name__}")
    out: dict[str, object] = {}
    if "publication" in obj and obj["publication"] is not None:
        pub = obj["publication"]
        if not isinstance(pub, str) or not pub.strip():
            raise InputError(where, f"invalid sidecar field 'publication': {pub!r} (expected a non-empty string)")
        out["publication"] = pub.strip()
    if "date" in obj and obj["date"] is not None:
        date = _check_date(obj["date"])
        if date is None:
            raise InputError(
                where, f"invalid sidecar field 'date': {obj['date']!r} (expected a real date as YYYY-MM-DD, or null)"
            )
        out["date"] = date
    if "page" in obj and obj["page"] is not None:
        page = _check_page(obj["page"])
        if page is None:
            raise InputError(
                where,
                f"invalid sidecar field 'page': {obj['page']!r} (expected a page label such as \"A3\", "
                "an integer >= 1, or null)",
            )
        out["page"] = page
    return out


def _folder_meta(path: PurePath) -> dict[str, object]:
    """Metadata from ``<publication>/<YYYY-MM-DD>/<page>.txt``; {} when the layout does not apply."""
    parent = path.parent
    if not _DATE_RE.match(parent.name):
        return {}
    date = _check_date(parent.name)
    if date is None:
        raise InputError(str(path), f"folder name {parent.name!r} looks like a date but is not a real calendar date")
    out: dict[str, object] = {"date": date}
    pub = printable_path(parent.parent.name)
    if pub and pub not in (".", "..", "/"):
        out["publication"] = pub
    stem = path.stem if path.suffix else path.name
    stem = stem.removesuffix("_res")  # PaddleOCR names its results <image>_res.json
    m = _PAGE_STEM_RE.match(stem)
    if m:
        number = int(m.group(2))
        if number >= 1:
            out["page"] = f"{m.group(1).upper()}{number}"
    return out


def given_meta(
    publication: str | None = None, date: str | None = None, page: str | int | None = None
) -> dict[str, object]:
    """The metadata given as options, checked (`UsageError` for an invalid one): the keys
    publication (stripped), date and page (the label) of those that are not None."""
    if publication is not None and (not isinstance(publication, str) or not publication.strip()):
        raise UsageError(f"invalid publication {publication!r}: expected a non-empty name")
    if date is not None and _check_date(date) is None:
        raise UsageError(f"invalid date {date!r}: expected a real calendar date as YYYY-MM-DD")
    label = None if page is None else _check_page(page)
    if page is not None and label is None:
        raise UsageError(f"invalid page {page!r}: expected a page label such as A3 (or a number >= 1)")
    given: dict[str, object] = {}
    if publication is not None:
        given["publication"] = publication.strip()
    if date is not None:
        given["date"] = date
    if label is not None:
        given["page"] = label
    return given


def resolve_meta(
    path: str | PurePath,
    publication: str | None = None,
    date: str | None = None,
    page: str | int | None = None,
    sidecar: SidecarReader = _local_sidecar,
) -> PageMeta:
    """Page metadata by the precedence in the module docstring: options > sidecar > folder > defaults.
    `sidecar` reads the page's sidecar (a local file next to it by default)."""
    p = path if isinstance(path, PurePath) else Path(path)
    given = given_meta(publication, date, page)
    sources = [given]
    if len(given) < 3:
        sources.append(_read_sidecar(p, sidecar))
    merged: dict[str, object] = {}
    for src in sources:
        for key, value in src.items():
            merged.setdefault(key, value)
    if len(merged) < 3:
        for key, value in _folder_meta(p).items():
            merged.setdefault(key, value)
    return PageMeta(
        publication=str(merged.get("publication", UNKNOWN_PUBLICATION)),
        date=merged.get("date"),  # type: ignore[arg-type]
        page=merged.get("page"),  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------------------- reading


def read_page(
    path: str | Path,
    publication: str | None = None,
    date: str | None = None,
    page: str | int | None = None,
    key: str | None = None,
) -> RawPage:
    """Read one raw page file: decoded text, encoding, sha256 of the bytes and metadata. `key`
    names the file in ids (its path below its source root; the file name when not given).
    A file name that is not UTF-8 is kept with its bytes written as \\xNN (`printable_path`).
    `path` may be an fsspec URI (`s3://…`, see `baokan.pagefs`): the page and its sidecar are then
    read through fsspec."""
    from baokan import pagefs

    if pagefs.is_uri(path):
        uri = str(path)
        fs_path, data = pagefs.read_uri(uri)
        meta = resolve_meta(fs_path, publication, date, page, lambda p: pagefs.read_uri_sidecar(uri, sidecar_path(p)))
        return _page_of_bytes(data, printable_path(uri), fs_path, meta, key)
    p = Path(path)
    where = printable_path(str(p))
    if p.is_dir():
        raise InputError(where, "is a folder, not a page file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(where, f"cannot read: {exc.strerror or exc}") from exc
    return _page_of_bytes(data, where, p, resolve_meta(p, publication, date, page), key)


def _page_of_bytes(data: bytes, where: str, p: PurePath, meta: PageMeta, key: str | None) -> RawPage:
    name = printable_path(p.name)
    sha = hashlib.sha256(data).hexdigest()
    kind = detect_format(data[:65536])
    if kind is not None:
        layout = tuple(read_layout(data, where, kind))
        text = "\n".join(ln.text for lp in layout for ln in lp.lines)
        return RawPage(where, name, sha, kind, text, meta, layout=layout, key=key or name, size=len(data))
    if p.suffix.lower() in LAYOUT_SUFFIXES:
        raise InputError(where, f"a {p.suffix} file that is none of PDF, ALTO XML, hOCR or PaddleOCR JSON")
    text, encoding, warnings = _decode(data, where)
    return RawPage(
        path=where,
        name=name,
        sha256=sha,
        encoding=encoding,
        text=text,
        meta=meta,
        warnings=tuple(warnings),
        key=key or name,
        size=len(data),
    )


def text_name(sha256: str) -> str:
    """The name of a page given as text rather than a file (`text_page`): ``text-`` and the first
    16 hex digits of the sha256 of its UTF-8 bytes, ``.txt``. The same text always gets the same
    name (and its articles the same ids); different texts get different names."""
    return f"text-{sha256[:16]}.txt"


def text_page(
    text: str,
    publication: str | None = None,
    date: str | None = None,
    page: str | int | None = None,
    name: str | None = None,
) -> RawPage:
    """A page held as text in memory: the `RawPage` that `read_page` gives for the file of that
    text in UTF-8 named `name` (the same decoding, newline handling and warnings; sha256 of the
    UTF-8 bytes), with metadata from the options only (no sidecar, no folder convention; the
    segmenter fills what is missing from the page's furniture). `name` names the page in ids and
    in `source.file`; by default `text_name(sha256)`. A text that cannot be encoded in UTF-8 (a
    lone surrogate) or is not text (NUL bytes, many control characters) raises `InputError`;
    invalid options or an empty `name` raise `UsageError`."""
    if not isinstance(text, str):
        raise UsageError(f"a page's text must be a str, not {type(text).__name__}")
    if name is not None and (not isinstance(name, str) or not name.strip() or "\n" in name):
        raise UsageError(f"invalid page name {name!r}: expected a non-empty file name on one line")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = name or "<text>"
        raise InputError(where, f"cannot encode as UTF-8: {exc.reason} at character {exc.start}") from exc
    sha = hashlib.sha256(data).hexdigest()
    where = name or text_name(sha)
    given = given_meta(publication, date, page)
    given_date, given_page = given.get("date"), given.get("page")
    meta = PageMeta(
        publication=str(given.get("publication", UNKNOWN_PUBLICATION)),
        date=given_date if isinstance(given_date, str) else None,
        page=given_page if isinstance(given_page, str) else None,
    )
    decoded, encoding, warnings = _decode(data, where)
    return RawPage(where, where, sha, encoding, decoded, meta, tuple(warnings), key=where)


# --------------------------------------------------------------------------------------- finding

# Page text, PDF e-paper pages, ALTO XML, hOCR and PaddleOCR results (named `<page>_res.json`
# as PaddleOCR names them; a plain `*.json` would take the `.meta.json` sidecars). Alternatives
# are parted by `|`; a source's `pattern` may name its own.
PAGE_PATTERN = "*.txt|*.pdf|*.xml|*.hocr|*_res.json"
LAYOUT_SUFFIXES = (".pdf", ".xml", ".hocr", ".json")


def find_pages(
    path: Path, pattern: str = PAGE_PATTERN, follow_symlinks: bool = False, skip: Path | None = None
) -> Iterator[Path]:
    """The page files of `path`, streamed: the file itself, or the files below a folder whose names
    match `pattern`, in the order of `sorted(folder.rglob(pattern))`, holding one folder's listing
    per level (an archive's millions of paths are never held). Like rglob, symbolic links to
    folders are not followed. `segment` and `build` find their pages here.

    A page file below the folder that is a symbolic link pointing outside it (`page.txt` →
    `/etc/passwd`) is refused with a `UsageError` unless `follow_symlinks`. The folder `skip`
    (resolved; build's output folder when it lies inside a source) is never entered.

    Raises `UsageError` when `path` does not exist and `InputError` naming a folder that cannot be
    listed.
    """
    if path.is_dir():
        root = None if follow_symlinks else path.resolve()
        yield from _walk_sorted(path, pattern, root, skip)
    elif path.exists():
        yield path
    else:
        raise no_such_path(path)


def _walk_sorted(folder: Path, pattern: str, root: Path | None, skip: Path | None = None) -> Iterator[Path]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        raise InputError(str(folder), f"cannot list the folder: {exc.strerror or exc}") from exc
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink():
            if skip is None or Path(entry.path).resolve() != skip:
                yield from _walk_sorted(Path(entry.path), pattern, root, skip)
        elif _matches(entry.name, pattern) and entry.is_file():
            if root is not None and entry.is_symlink():
                _check_link(Path(entry.path), root)
            yield Path(entry.path)


def printable_path(text: str) -> str:
    """A path as text that every output can hold. Python keeps the bytes of a file name that are
    not UTF-8 (a GBK name from a Windows zip) as lone surrogates, which no JSON or UTF-8 output
    takes; they are written as `\\xNN` (`bad\\xff\\xfename.txt`), the rest of the name as it is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def _matches(name: str, pattern: str) -> bool:
    """Whether a file name matches a page pattern: fnmatch patterns parted by `|`."""
    return any(fnmatch.fnmatchcase(name, alternative) for alternative in pattern.split("|"))


def _check_link(page: Path, root: Path) -> None:
    target = page.resolve()
    if not target.is_relative_to(root):
        raise UsageError(
            f"{page} is a symbolic link to {target}, outside the source folder {root}; refusing to read it "
            "(--follow-symlinks, or follow_symlinks = true in a config, reads such links)"
        )


def collect_pages(
    paths: Sequence[str | Path], pattern: str = PAGE_PATTERN, follow_symlinks: bool = False
) -> list[Path]:
    """The page files of the paths given to `segment`, in order, each file once (the first time it
    appears). A folder without page files is a `UsageError`, as is a missing path."""
    return [file for file, _ in collect_page_keys(paths, pattern, follow_symlinks)]


def collect_page_keys(
    paths: Sequence[str | Path], pattern: str = PAGE_PATTERN, follow_symlinks: bool = False
) -> list[tuple[Path, str]]:
    """`collect_pages` with each file's key for ids: `<folder name>/<path below it>` for a file
    found in a folder given (as build names the pages of a source), the file's name for a file
    given itself."""
    seen: set[Path] = set()
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        root = path.resolve() if path.is_dir() else None
        found = 0
        for file in find_pages(path, pattern, follow_symlinks):
            found += 1
            if root is not None:
                below = file.relative_to(path)
                # the walk enters no linked folder: below the resolved root only the file can be a link
                resolved = file.resolve() if file.is_symlink() else root / below
                key = f"{root.name}/{below.as_posix()}"
            else:
                resolved, key = file.resolve(), file.name
            if resolved not in seen:
                seen.add(resolved)
                files.append((file, printable_path(key)))
        if not found:
            raise UsageError(f"{path}: no page files ({pattern.replace('|', ', ')}) in this folder")
    return files
