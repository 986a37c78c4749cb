"""Reprint sets with known clusters, for measuring near-duplicate detection (`baokan.dedup`).

`load_sources(corpora_dir)` reads the 人民日报 articles of `peopledaily-2025/articles_YYYYMMDD.json`
dated May 2025 or later (January–April are reserved for evaluation and never read); `make_reprint_set`
turns them into a set of articles whose clusters are known:

- each chosen original gets 1–4 copies in other papers on the same or later days, each copy made
  by one to three of the transformations a reprint undergoes (`TRANSFORMS`): a new headline; the
  last 1–3 paragraphs trimmed (at least `trim_keeps` paragraphs stay, 2 by default); the byline/dateline replaced (a
  wire or local dateline, a credit line appended); 1% character noise (substitutions, deletions,
  insertions, as OCR and retyping make); paragraphs merged or split;
- distinct articles on the same topic that must NOT join a cluster: follow-up stories that open
  with the original's opening sentences (at most `lead_share` of the original, a fifth by default, and a
  third of the follow-up) and go on with the text of another article of the same section, under a headline
  sharing the original's words;
- every other corpus article is in the set once, unchanged, as a singleton.

`pair_scores(truth, predicted)` gives pair precision and recall of a clustering. Everything is
seeded: the same corpus, seed and size give the same set.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESERVED_BEFORE = "20250501"  # days before this are the evaluation's: never read
PAPERS = ("人民日报", "光明日报", "经济日报", "新华每日电讯", "北京日报", "解放日报", "南方日报", "吕梁日报")
TRANSFORMS = ("headline", "trim", "dateline", "noise", "paragraphs")
_CITIES = ("北京", "上海", "广州", "成都", "武汉", "西安", "杭州", "太原")
_NAMES = ("王晓明", "李静", "张伟", "刘洋", "陈曦", "杨帆", "赵磊", "周婷")
_DATELINE = re.compile(r"^(本报|新华社|人民网|中新社)[^，。：]{0,16}?(电|讯)\s*(（[^）]{0,30}）)?\s*")
_NOISE_CHARS = (
    "的一是在不了有和人这中大为上个国以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
)


@dataclass(frozen=True)
class SourceArticle:
    day: str  # YYYYMMDD
    section: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass
class ReprintArticle:
    id: str
    cluster: str  # the true cluster: the original's id (its own id for a singleton)
    kind: str  # "original", "copy", "follow-up" or "single"
    title: str
    paragraphs: list[str]
    publication: str
    date: str  # YYYY-MM-DD
    page: str
    transforms: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def to_record(self) -> dict[str, Any]:
        """A schema-valid article record (`records.Article`) carrying this article."""
        from baokan.records import Article, Source, page_number_of

        file = _file(self.publication, self.date, self.page)
        return Article(
            id=self.id,
            title=self.title,
            kicker=None,
            subtitle=None,
            dateline=None,
            byline=None,
            authors=[],
            paragraphs=list(self.paragraphs),
            text=self.text,
            captions=[],
            source=Source(
                publication=self.publication,
                date=self.date,
                page=self.page,
                page_number=page_number_of(self.page),
                file=file,
                sha256=hashlib.sha256(file.encode("utf-8")).hexdigest(),
                line_start=1,
                line_end=1 + len(self.paragraphs),
            ),
            script="simplified",
            flags=[],
        ).to_dict()


def _file(publication: str, date: str, page: str) -> str:
    return f"{publication}/{date}/{page}.txt"


def _id(publication: str, date: str, page: str, serial: int) -> str:
    """A schema-valid article id (`records.article_id`), unique by `serial` (its body line)."""
    from baokan.records import article_id

    return article_id(publication, date, page, _file(publication, date, page), serial)


def load_sources(corpora_dir: str | Path) -> list[SourceArticle]:
    """The corpus articles of the days from May 2025 on, in file and list order; [] without them.
    An article whose body (white space aside) an earlier one has is left out: the corpus prints
    a few twice, and a set whose "distinct" articles are copies would have wrong answers."""
    folder = Path(corpora_dir) / "peopledaily-2025"
    out: list[SourceArticle] = []
    bodies: set[str] = set()
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("articles_*.json")):
        day = path.stem.removeprefix("articles_")
        if not re.fullmatch(r"\d{8}", day) or day < RESERVED_BEFORE:
            continue  # reserved for evaluation: not even opened
        for raw in json.loads(path.read_text(encoding="utf-8")):
            paragraphs = tuple(p.replace("\u200b", "").strip() for p in str(raw.get("content", "")).split("\n"))
            paragraphs = tuple(p for p in paragraphs if p)
            title = str(raw.get("title") or "").strip()
            body = re.sub(r"\s+", "", "".join(paragraphs))
            if paragraphs and title and body not in bodies:
                bodies.add(body)
                out.append(SourceArticle(day, str(raw.get("section_name") or ""), title, paragraphs))
    return out


def _date(day: str, plus: int = 0) -> str:
    import datetime as dt

    d = dt.date(int(day[:4]), int(day[4:6]), int(day[6:])) + dt.timedelta(days=plus)
    return d.isoformat()


def _new_headline(title: str, rng: random.Random) -> str:
    core = re.sub(r"（[^）]*）$", "", title)
    options = [
        f"{core}（转载）",
        f"聚焦：{core}",
        core[: max(4, len(core) * 2 // 3)] + "——" + rng.choice(("记者观察", "一线见闻", "综述")),
        f"{rng.choice(_CITIES)}：{core}",
    ]
    return rng.choice(options)


def _trim(paragraphs: list[str], rng: random.Random, keep: int = 2) -> bool:
    cut = min(rng.randint(1, 3), len(paragraphs) - keep)
    if cut < 1:
        return False
    del paragraphs[-cut:]
    return True


def _replace_dateline(paragraphs: list[str], day: str, rng: random.Random) -> None:
    month, mday = int(day[4:6]), int(day[6:])
    city, name = rng.choice(_CITIES), rng.choice(_NAMES)
    head = rng.choice(
        (
            f"新华社{city}{month}月{mday}日电（记者{name}）",
            f"本报讯（记者 {name}）",
            f"据新华社{city}{month}月{mday}日电　",
        )
    )
    first = _DATELINE.sub("", paragraphs[0], count=1)
    paragraphs[0] = head + first
    paragraphs[-1] = paragraphs[-1] + rng.choice(("（据新华社）", f"（{name}）", "（来源：新华社）"))


def _noise(paragraphs: list[str], rng: random.Random, rate: float = 0.01) -> None:
    for k, para in enumerate(paragraphs):
        chars = list(para)
        out: list[str] = []
        for ch in chars:
            if rng.random() >= rate:
                out.append(ch)
                continue
            what = rng.randrange(3)
            if what == 0:
                out.append(rng.choice(_NOISE_CHARS))
            elif what == 1:
                out.extend((ch, rng.choice(_NOISE_CHARS)))
            # what == 2: deleted
        paragraphs[k] = "".join(out) or para


def _reflow(paragraphs: list[str], rng: random.Random) -> None:
    """Merge two neighbouring paragraphs or split one at a sentence end."""
    if len(paragraphs) >= 2 and rng.random() < 0.5:
        k = rng.randrange(len(paragraphs) - 1)
        paragraphs[k : k + 2] = [paragraphs[k] + paragraphs[k + 1]]
        return
    k = rng.randrange(len(paragraphs))
    ends = [m.end() for m in re.finditer("。", paragraphs[k]) if m.end() < len(paragraphs[k])]
    if ends:
        cut = rng.choice(ends)
        paragraphs[k : k + 1] = [paragraphs[k][:cut], paragraphs[k][cut:]]


def make_copy(
    original: ReprintArticle, serial: int, rng: random.Random, transforms: list[str], day: str, keep: int = 2
) -> ReprintArticle:
    paragraphs = list(original.paragraphs)
    title = original.title
    done: list[str] = []
    for name in TRANSFORMS:  # a fixed order: trim before noise, so a trimmed copy is noisy too
        if name not in transforms:
            continue
        if name == "headline":
            title = _new_headline(title, rng)
        elif name == "trim":
            if not _trim(paragraphs, rng, keep):
                continue
        elif name == "dateline":
            _replace_dateline(paragraphs, day, rng)
        elif name == "noise":
            _noise(paragraphs, rng)
        elif name == "paragraphs":
            _reflow(paragraphs, rng)
        done.append(name)
    publication, date, page = rng.choice(PAPERS[1:]), _date(day, rng.randint(0, 3)), str(rng.randint(1, 16))
    return ReprintArticle(
        id=_id(publication, date, page, serial),
        cluster=original.cluster,
        kind="copy",
        title=title,
        paragraphs=paragraphs,
        publication=publication,
        date=date,
        page=page,
        transforms=done,
    )


def _follow_up(
    original: ReprintArticle, other: SourceArticle, serial: int, rng: random.Random, lead_share: float
) -> ReprintArticle:
    """Same event, different text: the original's opening sentences (at most `lead_share` of it
    and a third of the follow-up), then another article's paragraphs; a headline from the
    original's."""
    body = list(other.paragraphs[1:] or other.paragraphs)
    body_chars = sum(len(p) for p in body)
    budget = min(int(sum(len(p) for p in original.paragraphs) * lead_share), body_chars // 2)
    sentences = re.findall(r"[^。！？]+[。！？]?", "".join(original.paragraphs))
    lead = ""
    for sentence in sentences:
        if lead and len(lead) + len(sentence) > budget:
            break
        lead += sentence
    title = original.title[: max(4, len(original.title) // 2)] + rng.choice(("的背后", "再观察", "新进展", "续报"))
    publication, page = rng.choice(PAPERS), str(rng.randint(1, 16))
    date = _date(original.date.replace("-", ""), rng.randint(1, 5))
    new_id = _id(publication, date, page, serial)
    return ReprintArticle(
        id=new_id,
        cluster=new_id,
        kind="follow-up",
        title=title,
        paragraphs=[lead[:budget] or sentences[0], *body],
        publication=publication,
        date=date,
        page=page,
    )


def make_reprint_set(
    sources: list[SourceArticle],
    *,
    seed: int = 0,
    originals: float = 0.6,
    max_copies: int = 4,
    follow_ups: float = 0.3,
    trim_keeps: int = 2,
    lead_share: float = 0.2,
) -> list[ReprintArticle]:
    """The reprint set (shuffled): a share `originals` of the sources with 1–`max_copies` copies
    each, a share `follow_ups` of those originals with a same-topic follow-up made from a source
    article that is in the set nowhere else, and the remaining sources as singletons. A trim
    leaves at least `trim_keeps` paragraphs; a follow-up repeats at most `lead_share` of its
    original (and never more than a third of itself)."""
    rng = random.Random(seed)
    order = list(range(len(sources)))
    rng.shuffle(order)
    n_orig = int(len(sources) * originals)
    chosen, rest = order[:n_orig], order[n_orig:]
    n_follow = min(int(n_orig * follow_ups), len(rest))
    donors, singles = rest[:n_follow], rest[n_follow:]
    out: list[ReprintArticle] = []
    serial = 0

    def next_serial() -> int:
        nonlocal serial
        serial += 1
        return serial

    for k in chosen:
        src = sources[k]
        date, page = _date(src.day), str(rng.randint(1, 20))
        oid = _id(PAPERS[0], date, page, next_serial())
        original = ReprintArticle(oid, oid, "original", src.title, list(src.paragraphs), PAPERS[0], date, page)
        out.append(original)
        for _ in range(rng.randint(1, max_copies)):
            picked = rng.sample(TRANSFORMS, rng.randint(1, 3))
            out.append(make_copy(original, next_serial(), rng, picked, src.day, trim_keeps))
    # each donor's text follows the lead of an original of its section (any original if none)
    by_section: dict[str, list[ReprintArticle]] = {}
    for k, art in zip(chosen, (a for a in out if a.kind == "original"), strict=True):
        by_section.setdefault(sources[k].section, []).append(art)
    originals_list = [a for a in out if a.kind == "original"]
    for donor in donors:
        pool = by_section.get(sources[donor].section) or originals_list
        out.append(_follow_up(rng.choice(pool), sources[donor], next_serial(), rng, lead_share))
    for k in singles:
        src = sources[k]
        date = _date(src.day)
        sid = _id(PAPERS[0], date, "1", next_serial())
        out.append(ReprintArticle(sid, sid, "single", src.title, list(src.paragraphs), PAPERS[0], date, "1"))
    rng.shuffle(out)
    return out


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    true_pairs: int  # pairs in one true cluster
    predicted_pairs: int  # pairs in one predicted cluster
    correct_pairs: int  # pairs in both

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "true_pairs": self.true_pairs,
            "predicted_pairs": self.predicted_pairs,
            "correct_pairs": self.correct_pairs,
        }


def pair_scores(truth: Mapping[str, str], predicted: Mapping[str, str]) -> PairScores:
    """Pair precision and recall of a clustering: over all pairs of ids, those put in one cluster
    by `predicted` against those in one cluster by `truth` (both map id → cluster label)."""
    if set(truth) != set(predicted):
        raise ValueError("truth and prediction must cover the same ids")

    def pairs(counts: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    true_pairs = pairs(Counter(truth.values()))
    predicted_pairs = pairs(Counter(predicted.values()))
    correct = pairs(Counter((truth[i], predicted[i]) for i in truth))
    return PairScores(
        precision=correct / predicted_pairs if predicted_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
    )
