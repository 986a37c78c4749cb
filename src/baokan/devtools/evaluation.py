"""Score a segmenter's article records against gold segmentations.

Gold: one gold JSON in the format of `tests/fixtures/seed_gold.json` (``source``, ``publication``,
``articles``, ``fragments``) or a directory searched recursively for ``*.gold.json`` (as written by
`scripts/gen_pages.py`). A gold page's date and page number come from the raw page it describes
(``<gold dir>/<source>``, by the metadata rules of `baokan.pages`) when that folder layout or sidecar
gives them; otherwise they are unknown and match anything.

Predictions: article records (schema/article.schema.json) from a JSONL/JSONL.gz/Parquet file, a
release folder, or a directory searched recursively for such files. A record belongs to the gold page
whose ``source.file`` is the same file name and whose publication/date/page agree where both are known.

Metrics (micro-averaged over all pages):

- articles: on each page, gold and predicted articles are paired greedily by body overlap, best
  first; a pair counts when ``IoU = LCS(gold, pred) / (|gold| + |pred| − LCS)`` of their ``text``
  (paragraphs joined by ``\\n``) is at least the threshold (0.5). Precision = pairs / predicted
  articles, recall = pairs / gold articles, F1.
- title / kicker / subtitle / dateline / byline accuracy: exact string equality (null = null) over the
  paired gold articles. author accuracy: the exact list of ``{name, role}``. A gold article with
  ``orphan_byline_accepted`` also accepts that byline (and its authors) in place of none.
- paragraphs: exact paragraph strings, multiset-matched per page over all articles → P/R/F1.
- body CER: Levenshtein distance of paired texts, plus the full length of unpaired gold texts,
  divided by the total gold text length (spurious predicted articles do not count here; they lower
  article precision).
- captions accuracy: exact caption lists over the paired gold articles; caption F1: exact caption
  objects ``(text, credit, photographers)`` multiset-matched per page.

Edit distance and LCS use `rapidfuzz` when installed (``pip install baokan[dev]``) and an exact
bit-parallel pure-Python implementation otherwise; both give identical numbers.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from baokan.errors import InputError, UsageError

__all__ = [
    "EvalResult",
    "GoldPage",
    "PageScore",
    "evaluate",
    "evaluate_paths",
    "gold_as_records",
    "lcs_length",
    "levenshtein",
    "load_gold",
    "load_predictions",
    "match_articles",
    "overlap_iou",
    "render_text",
]

DEFAULT_THRESHOLD = 0.5

# ------------------------------------------------------------------------------ string distances


def _lcs_py(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, Allison–Dix / Hyyrö)."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def _levenshtein_py(a: str, b: str) -> int:
    """Levenshtein distance (Myers / Hyyrö bit-parallel)."""
    if not a:
        return len(b)
    if not b:
        return len(a)
    if len(a) < len(b):
        a, b = b, a
    m = len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = full, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & full) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


try:  # pragma: no cover - depends on the environment
    from rapidfuzz.distance import Indel as _Indel
    from rapidfuzz.distance import Levenshtein as _Lev

    def levenshtein(a: str, b: str) -> int:
        """Levenshtein distance (insertions, deletions, substitutions of one character each)."""
        return int(_Lev.distance(a, b))

    def lcs_length(a: str, b: str) -> int:
        """Length of the longest common subsequence of two strings."""
        return (len(a) + len(b) - int(_Indel.distance(a, b))) // 2

    BACKEND = "rapidfuzz"
except ImportError:  # pragma: no cover
    levenshtein = _levenshtein_py
    lcs_length = _lcs_py
    BACKEND = "python"


def overlap_iou(a: str, b: str) -> float:
    """Character overlap of two texts: LCS / (|a| + |b| − LCS); 1.0 for two empty texts."""
    if not a and not b:
        return 1.0
    common = lcs_length(a, b)
    return common / (len(a) + len(b) - common)


def match_articles(
    gold_texts: list[str], pred_texts: list[str], threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one pairing by overlap, best first; pairs with IoU ≥ threshold as (gi, pi, iou)."""
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold_texts):
        for pi, p in enumerate(pred_texts):
            # cheap upper bound: IoU ≤ min/max length ratio
            lo, hi = sorted((len(g), len(p)))
            if hi and lo / hi < threshold:
                continue
            iou = overlap_iou(g, p)
            if iou >= threshold:
                candidates.append((iou, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for iou, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, iou))
    return sorted(pairs)


# ------------------------------------------------------------------------------ loading


@dataclass
class GoldPage:
    file: str
    publication: str
    date: str | None
    page: str | None
    articles: list[dict[str, Any]]
    fragments: list[str]
    path: str

    def accepts(self, source: dict[str, Any]) -> bool:
        """Whether a predicted record's `source` can describe this page."""
        if source.get("file") != self.file:
            return False
        pub = source.get("publication")
        if pub and self.publication and pub != "unknown" and pub != self.publication:
            return False
        if self.date is not None and source.get("date") is not None and source.get("date") != self.date:
            return False
        return not (self.page is not None and source.get("page") is not None and source.get("page") != self.page)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"invalid JSON: {exc}") from exc


def _gold_page(path: Path) -> GoldPage:
    data = _read_json(path)
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("articles"), list)
        or not isinstance(data.get("source"), str)
    ):
        raise InputError(str(path), "not a gold file: expected an object with 'source' and 'articles'")
    for i, a in enumerate(data["articles"]):
        if not isinstance(a, dict) or not isinstance(a.get("paragraphs"), list):
            raise InputError(str(path), f"not a gold file: articles[{i}] has no 'paragraphs' list")
    publication = data.get("publication") or "unknown"
    date = page = None
    try:
        from baokan.pages import resolve_meta

        meta = resolve_meta(path.parent / data["source"], None, None, None)
        if meta.publication in ("unknown", publication):  # else the folder describes another paper
            date, page = meta.date, meta.page
    except Exception:  # page metadata only refines the matching of records to pages
        date = page = None
    return GoldPage(
        file=data["source"],
        publication=publication,
        date=date,
        page=page,
        articles=data["articles"],
        fragments=list(data.get("fragments") or []),
        path=str(path),
    )


def load_gold(path: str | Path) -> list[GoldPage]:
    """Gold pages from one gold JSON file or a directory of ``*.gold.json`` files."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no such file or directory")
    files = sorted(p.rglob("*.gold.json")) if p.is_dir() else [p]
    if not files:
        raise UsageError(f"{p}: no *.gold.json files in this directory")
    return [_gold_page(f) for f in files]


_PRED_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".parquet")


def _pred_files(p: Path) -> list[Path]:
    from baokan.recordio import is_release_dir

    if p.is_file() or is_release_dir(p):
        return [p]
    out: list[Path] = []
    for f in sorted(p.rglob("*")):
        if f.is_file() and f.name.lower().endswith(_PRED_SUFFIXES):
            out.append(f)
    return out


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Article records from a record file, a release folder or a directory of record files."""
    from baokan.recordio import iter_records

    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no such file or directory")
    if not p.is_dir() and not p.is_file():
        raise UsageError(f"{p}: not a record file or directory")
    files = _pred_files(p)
    if not files:
        raise UsageError(f"{p}: no .jsonl/.jsonl.gz/.parquet record files in this directory")
    records: list[dict[str, Any]] = []
    for f in files:
        for rec in iter_records(f):
            if rec.error is not None:
                raise InputError(rec.file, rec.error, rec.line)
            if not isinstance(rec.data, dict) or not isinstance(rec.data.get("source"), dict):
                raise InputError(rec.file, "not an article record (no 'source' object)", rec.line)
            records.append(rec.data)
    return records


# ------------------------------------------------------------------------------ scoring


def _text(article: dict[str, Any]) -> str:
    if isinstance(article.get("text"), str) and article["text"]:
        return article["text"]
    return "\n".join(article.get("paragraphs") or [])


def _authors(a: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(x.get("name"), x.get("role")) for x in a.get("authors") or []]


def _orphan_authors(byline: str) -> list[tuple[str, str | None]]:
    names = byline.replace("本报记者", " ").split()
    return [(n, "记者") for n in names]


def _captions(a: dict[str, Any]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    return [(c.get("text"), c.get("credit"), tuple(c.get("photographers") or [])) for c in a.get("captions") or []]


FIELDS = ("title", "kicker", "subtitle", "dateline", "byline")


@dataclass
class PageScore:
    file: str
    gold_articles: int
    pred_articles: int
    matched: int
    correct: Counter[str] = field(default_factory=Counter)
    para_gold: int = 0
    para_pred: int = 0
    para_tp: int = 0
    cap_gold: int = 0
    cap_pred: int = 0
    cap_tp: int = 0
    edits: int = 0
    gold_chars: int = 0
    pairs: list[tuple[int, int, float]] = field(default_factory=list)


def _score_page(gold: GoldPage, preds: list[dict[str, Any]], threshold: float) -> PageScore:
    gtexts = ["\n".join(a["paragraphs"]) for a in gold.articles]
    ptexts = [_text(p) for p in preds]
    pairs = match_articles(gtexts, ptexts, threshold)
    s = PageScore(gold.file, len(gold.articles), len(preds), len(pairs), pairs=pairs)
    for gi, pi, _ in pairs:
        g, p = gold.articles[gi], preds[pi]
        for f in FIELDS:
            ok = g.get(f) == p.get(f)
            if not ok and f == "byline" and g.get("orphan_byline_accepted") and g.get("byline") is None:
                ok = p.get(f) == g["orphan_byline_accepted"]
            s.correct[f] += ok
        ga, pa = _authors(g), _authors(p)
        ok = ga == pa
        if not ok and g.get("orphan_byline_accepted") and not ga:
            ok = pa == _orphan_authors(g["orphan_byline_accepted"])
        s.correct["authors"] += ok
        s.correct["captions"] += _captions(g) == _captions(p)
    # body characters
    paired = {gi: pi for gi, pi, _ in pairs}
    for gi, gt in enumerate(gtexts):
        s.gold_chars += len(gt)
        s.edits += levenshtein(gt, ptexts[paired[gi]]) if gi in paired else len(gt)
    # paragraphs and captions, multiset per page
    gp = Counter(par for a in gold.articles for par in a["paragraphs"])
    pp = Counter(par for a in preds for par in a.get("paragraphs") or [])
    s.para_gold, s.para_pred, s.para_tp = sum(gp.values()), sum(pp.values()), sum((gp & pp).values())
    gc = Counter(c for a in gold.articles for c in _captions(a))
    pc = Counter(c for a in preds for c in _captions(a))
    s.cap_gold, s.cap_pred, s.cap_tp = sum(gc.values()), sum(pc.values()), sum((gc & pc).values())
    return s


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    pages: list[PageScore]
    unmatched_records: int = 0
    unmatched_files: list[str] = field(default_factory=list)
    threshold: float = DEFAULT_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        """The numbers, as printed by ``--json`` (None where there is nothing to measure)."""
        tot = lambda attr: sum(getattr(p, attr) for p in self.pages)  # noqa: E731
        gold_n, pred_n, matched = tot("gold_articles"), tot("pred_articles"), tot("matched")
        correct: Counter[str] = Counter()
        for p in self.pages:
            correct += p.correct
        ap, ar = _ratio(matched, pred_n), _ratio(matched, gold_n)
        pp, pr = _ratio(tot("para_tp"), tot("para_pred")), _ratio(tot("para_tp"), tot("para_gold"))
        cp, cr = _ratio(tot("cap_tp"), tot("cap_pred")), _ratio(tot("cap_tp"), tot("cap_gold"))
        out: dict[str, Any] = {
            "pages": len(self.pages),
            "gold_articles": gold_n,
            "pred_articles": pred_n,
            "matched_articles": matched,
            "article_precision": ap,
            "article_recall": ar,
            "article_f1": _f1(ap, ar),
        }
        for f in (*FIELDS, "authors", "captions"):
            key = "author_accuracy" if f == "authors" else f"{f}_accuracy"
            out[key] = _ratio(correct[f], matched)
        out.update(
            {
                "paragraph_precision": pp,
                "paragraph_recall": pr,
                "paragraph_f1": _f1(pp, pr),
                "body_cer": _ratio(tot("edits"), tot("gold_chars")),
                "caption_precision": cp,
                "caption_recall": cr,
                "caption_f1": _f1(cp, cr) if (tot("cap_gold") or tot("cap_pred")) else None,
                "unmatched_records": self.unmatched_records,
                "threshold": self.threshold,
            }
        )
        # no captions anywhere and none predicted: a perfect caption score
        if not tot("cap_gold") and not tot("cap_pred"):
            out["caption_precision"] = out["caption_recall"] = out["caption_f1"] = 1.0 if self.pages else None
        return out


def evaluate(
    gold_pages: Iterable[GoldPage], predictions: Iterable[dict[str, Any]], threshold: float = DEFAULT_THRESHOLD
) -> EvalResult:
    """Score predicted article records against gold pages (see the module docstring)."""
    gold_pages = list(gold_pages)
    by_file: dict[str, list[int]] = {}
    for i, g in enumerate(gold_pages):
        by_file.setdefault(g.file, []).append(i)
    per_page: list[list[dict[str, Any]]] = [[] for _ in gold_pages]
    unmatched = 0
    unmatched_files: set[str] = set()
    for rec in predictions:
        src = rec.get("source") or {}
        hits = [i for i in by_file.get(src.get("file"), []) if gold_pages[i].accepts(src)]  # type: ignore[arg-type]
        if len(hits) != 1:
            unmatched += 1
            unmatched_files.add(str(src.get("file")))
            continue
        per_page[hits[0]].append(rec)
    for recs in per_page:
        recs.sort(key=lambda r: r.get("source", {}).get("line_start") or 0)
    scores = [_score_page(g, recs, threshold) for g, recs in zip(gold_pages, per_page, strict=False)]
    return EvalResult(scores, unmatched, sorted(unmatched_files), threshold)


def evaluate_paths(gold: str | Path, pred: str | Path, threshold: float = DEFAULT_THRESHOLD) -> EvalResult:
    return evaluate(load_gold(gold), load_predictions(pred), threshold)


def gold_as_records(
    gold: dict[str, Any], *, date: str | None = None, page: str | None = None, sha256: str = "0" * 64
) -> list[dict[str, Any]]:
    """The article records a perfect segmenter would output for a gold page (for tests and checks).

    Line numbers are not known from the gold: articles get consecutive fake lines.
    """
    from baokan.records import SCHEMA_VERSION, article_id, page_number_of

    out = []
    for i, a in enumerate(gold["articles"], start=1):
        out.append(
            {
                "id": article_id(gold["publication"], date, page, gold["source"], i),
                **{k: a[k] for k in ("title", "kicker", "subtitle", "dateline", "byline")},
                "authors": [dict(x) for x in a["authors"]],
                "paragraphs": list(a["paragraphs"]),
                "text": "\n".join(a["paragraphs"]),
                "captions": [dict(c, photographers=list(c["photographers"])) for c in a["captions"]],
                "source": {
                    "publication": gold["publication"],
                    "date": date,
                    "page": page,
                    "page_number": page_number_of(page),
                    "file": gold["source"],
                    "sha256": sha256,
                    "line_start": i,
                    "line_end": i,
                },
                "script": "simplified",
                "flags": [] if a["title"] else ["no_title"],
                "schema_version": SCHEMA_VERSION,
            }
        )
    return out


def render_text(result: EvalResult) -> str:
    d = result.to_dict()

    def pct(x: float | None) -> str:
        return "  n/a" if x is None else f"{100 * x:5.1f}%"

    lines = [
        f"pages {d['pages']}  gold articles {d['gold_articles']}  predicted {d['pred_articles']}  "
        f"matched {d['matched_articles']} (overlap ≥ {result.threshold:g})",
        f"articles     P {pct(d['article_precision'])}  R {pct(d['article_recall'])}  F1 {pct(d['article_f1'])}",
        f"paragraphs   P {pct(d['paragraph_precision'])}  R {pct(d['paragraph_recall'])}  F1 {pct(d['paragraph_f1'])}",
        f"captions     P {pct(d['caption_precision'])}  R {pct(d['caption_recall'])}  F1 {pct(d['caption_f1'])}",
        f"body CER     {pct(d['body_cer'])}",
        "accuracy over matched articles:",
    ]
    for key in ("title", "kicker", "subtitle", "dateline", "byline", "author", "captions"):
        lines.append(f"  {key:<10} {pct(d[key + '_accuracy'])}")
    if result.unmatched_records:
        shown = ", ".join(result.unmatched_files[:5]) + (" …" if len(result.unmatched_files) > 5 else "")
        lines.append(f"records for no (or more than one) gold page: {result.unmatched_records} ({shown})")
    return "\n".join(lines) + "\n"
