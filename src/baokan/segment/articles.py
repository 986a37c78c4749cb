"""Blocks → articles: body grouping, attachment of headlines, captions and bylines, records.

Bodies: a new article starts at a dateline head, at the first body paragraph after a headline block
(consecutive ``display`` blocks), and where the column width changes between two body paragraphs.
Captions and standalone bylines do not end an article (extraction puts them anywhere).

Attachment: a headline block, a caption and a standalone byline sit between the article before them
and the article after them. Headline blocks and captions go to the one whose body shares more of their
character bigrams (weighted by rarity on the page); when the text does not decide, the side most
headline blocks of the page were attached to by their text decides (titles after bodies on some pages,
before on most), and with no evidence at all the article after. A standalone byline goes to an adjacent
article without a byline of its own, else it stays a page fragment.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from baokan.clean import HAN_RE, clean_headline, clean_text, detect_script
from baokan.records import Article, Author, Caption, Source, article_id

from .blocks import Block, ends_sentence

__all__ = ["Fragment", "assemble"]

_KICKER_END_RE = re.compile(r"(?:强调|指出|表示|要求|提出|说|时|之际|会上|获悉|发现|称|：|:|——|—)$")
_SUBTITLE_RE = re.compile(r"^(?:——|—|－－|--|─)")
_CLAUSE_PUNCT = re.compile(r"[，,。；;]")  # body text, not a headline line


@dataclass(frozen=True, slots=True)
class Fragment:
    """Page material that belongs to no article (kept, never dropped)."""

    text: str
    line_start: int
    line_end: int
    reason: str

    def to_dict(self) -> dict:
        return {"text": self.text, "line_start": self.line_start, "line_end": self.line_end, "reason": self.reason}


@dataclass(slots=True)
class _Art:
    pos: int  # index of its first block
    head: Block | None = None
    body: list[Block] = field(default_factory=list)
    title_units: list[tuple[str, Block, int]] = field(default_factory=list)  # (printed line, block, index)
    captions: list[Block] = field(default_factory=list)
    sbyline: Block | None = None
    flags: list[str] = field(default_factory=list)
    last_pos: int = 0
    seg: int = -1
    bigrams: set[str] = field(default_factory=set)


_Unit = tuple[str, Block, int]  # (printed line, block, index)
_Group = tuple[_Art | None, _Art | None, list[_Unit]]  # headline units between two articles


def _bigrams(text: str) -> list[str]:
    han = "".join(HAN_RE.findall(text))
    return [han[i : i + 2] for i in range(len(han) - 1)]


def _fragment(blocks: list[Block], reason: str) -> Fragment:
    lines = [ln for b in blocks for ln in b.lines]
    text = "\n".join(ln.text for ln in lines)
    return Fragment(text, min(ln.no for ln in lines), max(ln.no for ln in lines), reason)


def _split_headline(pieces: list[str], body: str) -> tuple[str | None, str | None, str | None]:
    """Printed lines of one headline stack → (kicker, title, subtitle).

    A line starting with —— (after the first) starts the subtitle. Of the lines before it, with three
    or more the first is the kicker; with two, the first is the kicker when it ends like one (…强调,
    …时, …：) or is quoted word for word in the body while the two lines together are not; otherwise
    the two lines are one headline broken over two lines.
    """
    if not pieces:
        return None, None, None
    sub_at = None
    for i in range(1, len(pieces)):
        if _SUBTITLE_RE.match(pieces[i]):
            sub_at = i
            break
    main = pieces[:sub_at] if sub_at is not None else pieces
    sub = pieces[sub_at:] if sub_at is not None else []
    kicker_lines: list[str] = []
    if len(main) >= 3:
        kicker_lines, main = main[:1], main[1:]
    elif len(main) == 2:
        first = clean_text(main[0])
        joined = clean_text("".join(main))
        if _KICKER_END_RE.search(first) or (
            len(first) >= 6
            and first in body
            and joined not in body
            and not _continues(first, clean_text(main[1]), body)
        ):
            kicker_lines, main = main[:1], main[1:]
    kicker = clean_headline(kicker_lines) or None
    title = clean_headline(main) or None
    subtitle = clean_headline(sub) or None
    if title is None and kicker is not None:
        title, kicker = kicker, None
    return kicker, title, subtitle


def _continues(first: str, second: str, body: str) -> bool:
    """The second line goes on with the word the first one broke (治疗精神分裂|症将有新药): the
    characters on both sides of the break occur together in the body. A kicker ends its own phrase
    and the headline starts a new one."""
    a = HAN_RE.findall(first[-1:])
    b = HAN_RE.findall(second[:1])
    if not (a and b and (a[0] + b[0]) in body):
        return False
    # …unless the first line is a whole clause of the body (set off by punctuation on both sides)
    return not re.search(r"(?:^|[，。；：！？、“”\n])" + re.escape(first) + r"(?:$|[，。；：！？、“”\n])", body)


def _is_sub(piece: str) -> bool:
    return bool(_SUBTITLE_RE.match(piece.strip()))


def _assign_groups(merged: list[_Group], sim: Callable[[str, _Art], float]) -> list[tuple[int, bool]]:
    """For each headline group (prev, next, units), the split k (units[:k] to prev, the rest to
    next) maximizing total similarity over the page, each article getting at most one stack.

    Returns [(k, prev_already_titled)] per group.
    """
    m = len(merged)
    if not m:
        return []
    sims = []
    for prev, nxt, units in merged:
        sp = [sim(u[0], prev) if prev is not None else 0.0 for u in units]
        sn = [sim(u[0], nxt) if nxt is not None else 0.0 for u in units]
        sims.append((sp, sn))

    def options(j: int, titled: bool) -> list[tuple[float, int]]:
        prev, nxt, units = merged[j]
        sp, sn = sims[j]
        n = len(units)
        subs = [_is_sub(u[0]) for u in units]
        out = []
        for k in range(n + 1):
            score = -2.0 * k if k > 0 and (prev is None or titled) else sum(sp[:k])  # -2k: would become fragments
            if k < n and nxt is None:
                score -= 2.0 * (n - k)
            else:
                score += sum(sn[k:])
            if 0 < k < n and subs[k]:
                score -= 1.0
            if 0 < k < n and subs[k - 1]:
                score += 0.3
            if k < n and subs[k] and k == 0 and n > 1:
                score -= 0.5
            if k > 4 or n - k > 4:
                score -= 0.5
            score += 0.01 * (n - k) / max(n, 1)  # ties: headlines before their body
            out.append((score, k))
        return out

    # Backward DP over (group, whether its prev article already has a headline).
    best: list[dict[bool, tuple[float, int]]] = [dict() for _ in range(m)]
    for j in range(m - 1, -1, -1):
        for titled in (False, True):
            top = None
            for score, k in options(j, titled):
                n = len(merged[j][2])
                nxt_titled = k < n
                if j + 1 < m:
                    chain = merged[j][1] is not None and merged[j + 1][0] is merged[j][1]
                    score += best[j + 1][nxt_titled if chain else False][0]
                if top is None or score > top[0]:
                    top = (score, k)
            best[j][titled] = top  # type: ignore[assignment]
    out = []
    titled = False
    for j in range(m):
        k = best[j][titled][1]
        out.append((k, titled))
        n = len(merged[j][2])
        chain = j + 1 < m and merged[j][1] is not None and merged[j + 1][0] is merged[j][1]
        titled = (k < n) if chain else False
    return out


def _unit_fragment(units: list[_Unit], reason: str) -> Fragment:
    lines = [u[1].lines[u[2]] for u in units]
    return Fragment("\n".join(ln.text for ln in lines), min(ln.no for ln in lines), max(ln.no for ln in lines), reason)


def assemble(blocks: list[Block]) -> tuple[list[_Art], list[Fragment], list[str]]:
    arts: list[_Art] = []
    fragments: list[Fragment] = []
    warnings: list[str] = []
    groups: list[tuple[int, list[Block]]] = []  # (position, display blocks)
    floating: list[tuple[int, Block]] = []  # captions, standalone bylines, credits
    cur: _Art | None = None
    closed = True
    pending_group: list[Block] = []
    gpos = 0

    def flush_group() -> None:
        nonlocal pending_group
        if pending_group:
            groups.append((gpos, pending_group))
            pending_group = []

    for idx, b in enumerate(blocks):
        if b.kind == "display":
            if not pending_group:
                gpos = idx
            pending_group.append(b)
            closed = True
            continue
        flush_group()
        if b.kind == "head":
            cur = _Art(pos=idx, head=b, last_pos=idx)
            arts.append(cur)
            closed = False
        elif b.kind == "body":
            if cur is None or closed or (cur.body and cur.seg != b.seg and _width_change(cur.body[-1], b)):
                cur = _Art(pos=idx, last_pos=idx)
                if blocks[idx - 1].kind == "body" if idx else False:
                    cur.flags.append("split_at_width_change")
                arts.append(cur)
                closed = False
            cur.body.append(b)
            cur.seg = b.seg
            cur.last_pos = idx
        else:
            floating.append((idx, b))
            if b.kind == "sbyline" and idx + 1 < len(blocks) and blocks[idx + 1].kind == "body":
                # A byline line opens the body printed right under it: a new article starts there.
                closed = True
    flush_group()

    # Articles without a body give their material back as fragments.
    kept: list[_Art] = []
    for a in arts:
        if a.body:
            kept.append(a)
        elif a.head is not None:
            fragments.append(_fragment([a.head], "byline_without_body"))
    arts = kept
    if not arts:
        for _, g in groups:
            fragments.append(_fragment(g, "headline_without_body"))
        for _, b in floating:
            reason = {"sbyline": "orphan_byline", "credit": "credit_without_caption"}.get(
                b.kind, f"{b.kind}_without_article"
            )
            fragments.append(_fragment([b], reason))
        fragments.sort(key=lambda f: f.line_start)
        if blocks:
            warnings.append("no article body found on the page")
        return arts, fragments, warnings

    # Bigram statistics for similarity.
    df: Counter[str] = Counter()
    for a in arts:  # character bigram sets, computed once per article
        a.bigrams = _bigram_set(a.body)
        df.update(a.bigrams)
    if len(groups) >= 2 and len(arts) >= 2:
        n_before = len(arts)
        arts = _split_by_headlines(arts, groups, blocks, df)
        if len(arts) != n_before:
            df = Counter()
            for a in arts:
                df.update(a.bigrams)
    N = len(arts)

    def sim(text: str, a: _Art) -> float:
        bgs = _bigrams(text)
        if not bgs:
            return 0.0
        tot = hit = 0.0
        for bg in bgs:
            w = math.log((N + 1) / (df.get(bg, 0) + 0.5)) + 0.1
            tot += w
            if bg in a.bigrams:
                hit += w
        return hit / tot if tot else 0.0

    starts = [a.pos for a in arts]

    def neighbours(pos: int) -> tuple[_Art | None, _Art | None]:
        prev = nxt = None
        for a in arts:
            if a.pos < pos:
                prev = a
            elif a.pos > pos and nxt is None:
                nxt = a
        return prev, nxt

    del starts

    # Headline groups: merge groups with the same neighbours, then split/assign them by a DP.
    merged: list[tuple[_Art | None, _Art | None, list[tuple[str, Block, int]]]] = []
    for pos, g in groups:
        prev, nxt = neighbours(pos)
        units = [(piece, blk, k) for blk in g for k, piece in enumerate(blk.pieces)]
        if merged and merged[-1][0] is prev and merged[-1][1] is nxt:
            merged[-1][2].extend(units)
        else:
            merged.append((prev, nxt, units))
    votes = {"prev": 0, "next": 0}
    for (prev, nxt, units), (k, s_prev_titled) in zip(merged, _assign_groups(merged, sim), strict=False):
        left, right = units[:k], units[k:]
        if left:
            if prev is None or s_prev_titled:
                fragments.append(_unit_fragment(left, "headline_without_article"))
            else:
                prev.title_units = left
                prev.flags.append("title_after_body")
                if nxt is not None:
                    prev.flags.append("attached_by_similarity")
                votes["prev"] += 1
        if right:
            if nxt is None:
                fragments.append(_unit_fragment(right, "headline_without_article"))
            else:
                nxt.title_units = right
                if prev is not None:
                    nxt.flags.append("attached_by_similarity")
                votes["next"] += 1
    page_dir = "prev" if votes["prev"] > votes["next"] else "next"

    # Captions, credits and standalone bylines.
    floating.sort(key=lambda t: t[0])
    pending_credit: list[tuple[int, Block]] = []
    caps: list[tuple[int, Block]] = []
    # Pair a credit alone on its line with the caption just before (or after) it.
    i = 0
    items = floating
    used = set()
    for j, (pos, b) in enumerate(items):
        if b.kind != "credit":
            continue
        partner = None
        for k in (j - 1, j + 1):
            if 0 <= k < len(items) and k not in used:
                pk, pb = items[k]
                if pb.kind == "caption" and pb.credit is None and abs(pk - pos) <= 2:
                    partner = k
                    break
        if partner is not None:
            pb = items[partner][1]
            pb.credit, pb.photographers = b.credit, b.photographers
            pb.lines = sorted(pb.lines + b.lines, key=lambda ln: ln.no)
            used.add(j)
            used.add(partner)
        else:
            pending_credit.append((pos, b))
            used.add(j)
    del i
    for pos, b in items:
        if b.kind == "caption":
            caps.append((pos, b))
    for _pos, b in pending_credit:
        fragments.append(_fragment([b], "credit_without_caption"))

    for pos, b in caps:
        prev, nxt = neighbours(pos)
        inside = prev if (prev is not None and prev.last_pos > pos) else None
        if inside is not None:
            inside.captions.append(b)
            continue
        sp = sim(b.pieces[0], prev) if prev else -1.0
        sn = sim(b.pieces[0], nxt) if nxt else -1.0
        if prev is None and nxt is None:
            fragments.append(_fragment([b], "caption_without_article"))
            continue
        target: _Art | None
        if abs(sp - sn) < 0.1 and prev is not None and nxt is not None:
            target = prev if page_dir == "prev" else nxt
        else:
            target = prev if sp > sn else nxt
        target.captions.append(b)  # type: ignore[union-attr]

    for pos, b in floating:
        if b.kind != "sbyline":
            continue
        prev, nxt = neighbours(pos)
        target = None
        between_next = [x for x in blocks[pos + 1 : nxt.pos]] if nxt else []
        if (
            nxt is not None
            and nxt.head is None
            and nxt.sbyline is None
            and all(x.kind in ("display", "caption", "credit") for x in between_next)
        ):
            target = nxt
        elif (
            prev is not None
            and prev.head is None
            and prev.sbyline is None
            and prev.last_pos < pos
            and all(x.kind in ("display", "caption", "credit") for x in blocks[prev.last_pos + 1 : pos])
        ):
            target = prev
        if target is None:
            fragments.append(_fragment([b], "orphan_byline"))
        else:
            target.sbyline = b

    fragments.sort(key=lambda f: (f.line_start, f.line_end))
    return arts, fragments, warnings


def _bigram_set(body: list[Block]) -> set[str]:
    han = "".join(HAN_RE.findall("".join(b.text for b in body)))
    return set(map(operator.add, han, han[1:]))


def _split_by_headlines(
    arts: list[_Art], groups: list[tuple[int, list[Block]]], blocks: list[Block], df: Counter[str]
) -> list[_Art]:
    """Two articles read as one body (no dateline, byline or width change between them) where a
    headline printed before the body matches its first part and one printed after it matches its
    last part, each far better than the other part: the body is cut between the two parts.

    Pages print headlines before their bodies or after them, not always the same way for every
    article, so an article whose headline comes first can be followed directly by one whose headline
    comes after its body."""
    out: list[_Art] = []
    n_docs = len(arts) + 1
    cache: dict[int, list[list[tuple[str, float]]]] = {}
    for i, a in enumerate(arts):
        prev_end = out[-1].last_pos if out else -1
        next_start = arts[i + 1].pos if i + 1 < len(arts) else len(blocks)
        before = after = None
        for gpos, g in groups:
            if prev_end < gpos < a.pos:
                before = g
            elif a.last_pos < gpos < next_start:
                after = g
                break
        if before is None or after is None or len(a.body) < 2:
            out.append(a)
            continue
        prev_set = out[-1].bigrams if out else set()
        next_set = arts[i + 1].bigrams if i + 1 < len(arts) else set()
        cut = _headline_cut(a, before, after, df, n_docs, prev_set, next_set, cache)
        if cut is None:
            out.append(a)
            continue
        first_block = a.body[cut]
        pos = next(j for j in range(a.pos, a.last_pos + 1) if blocks[j] is first_block)
        second = _Art(pos=pos, body=a.body[cut:], last_pos=a.last_pos, seg=a.seg, flags=["split_by_headlines"])
        a.body = a.body[:cut]
        a.last_pos = next(j for j in range(pos - 1, a.pos - 1, -1) if blocks[j] is a.body[-1])
        a.seg = a.body[-1].seg
        a.bigrams = _bigram_set(a.body)
        second.bigrams = _bigram_set(second.body)
        out.append(a)
        out.append(second)
    return out


_HL_BEFORE = 0.1  # evidence of the headline before the body
_HL_AFTER = 0.35  # … of the headline after it
_HL_SUM = 0.6  # … and of both headlines together
_HL_COHESION = 0.15  # most lexical cohesion across the cut


def _headline_cut(
    a: _Art,
    before: list[Block],
    after: list[Block],
    df: Counter[str],
    n_docs: int,
    prev_set: set[str],
    next_set: set[str],
    cache: dict[int, list[list[tuple[str, float]]]],
) -> int | None:
    """The paragraph index where `a`'s body splits between the headline before it and the one after
    it, or None (see `_split_by_headlines`). A headline line counts for the part of the body whose
    words it shares, beyond what it shares with the other part and with the neighbouring article on
    its side (whose headline it may be)."""

    def unit_bigrams(group: list[Block]) -> list[list[tuple[str, float]]]:
        got = cache.get(id(group))
        if got is not None:
            return got
        texts = [
            p
            for blk in group
            for p in blk.pieces
            if not _SUBTITLE_RE.match(p.strip()) and len(p) <= 32 and not _CLAUSE_PUNCT.search(p)
        ]
        if len(texts) > 1:  # a headline broken over lines, with its neighbours
            texts += [x + y for x, y in itertools.pairwise(texts)]
        units = []
        for t in texts:
            bgs = set(_bigrams(t))
            if len(bgs) >= 3:
                units.append([(bg, math.log(n_docs / (df.get(bg, 0) + 0.5)) + 0.1) for bg in bgs])
        cache[id(group)] = units
        return units

    def frac(unit: list[tuple[str, float]], bag: set[str]) -> float:
        tot = hit = 0.0
        for bg, w in unit:
            tot += w
            if bg in bag:
                hit += w
        return hit / tot

    ua = unit_bigrams(after)
    ua_next = [frac(u, next_set) for u in ua]
    # necessary conditions on the whole body first (a part never shares more than the whole)
    if not any(frac(u, a.bigrams) - fy >= _HL_AFTER for u, fy in zip(ua, ua_next, strict=False)):
        return None
    ub = unit_bigrams(before)
    ub_prev = [frac(u, prev_set) for u in ub]
    if not any(frac(u, a.bigrams) - fw >= _HL_BEFORE for u, fw in zip(ub, ub_prev, strict=False)):
        return None
    body = a.body
    n = len(body)
    sets = [_bigram_set([b]) for b in body]
    weights = _Weights(df, n_docs)
    # prefix / suffix unions
    pre: list[set[str]] = [set()]
    for s in sets:
        pre.append(pre[-1] | s)
    suf: list[set[str]] = [set()] * (n + 1)
    for k in range(n - 1, -1, -1):
        suf[k] = suf[k + 1] | sets[k]

    # Where: the paragraph end with the least lexical cohesion (windows of ~120 characters on each
    # side) among those the headlines support.
    best = None
    for k in range(1, n):
        if not ends_sentence(body[k - 1].text, strong=False):
            continue
        L, R = pre[k], suf[k]
        eb = -1.0
        for u, fw in zip(ub, ub_prev, strict=False):
            fl = frac(u, L)
            if fl >= frac(u, R):
                eb = max(eb, fl - fw)
        ea = max(frac(u, R) - max(frac(u, L), fy) for u, fy in zip(ua, ua_next, strict=False))
        if eb < _HL_BEFORE or ea < _HL_AFTER or eb + ea < _HL_SUM:
            continue
        c = _cohesion(body, sets, k, weights)
        if best is None or c < best[0]:
            best = (c, k)
    return best[1] if best and best[0] <= _HL_COHESION else None


class _Weights(dict):
    """Rarity weight of a bigram on the page (as in `assemble`'s similarity), computed on demand."""

    def __init__(self, df: Counter[str], n_docs: int) -> None:
        super().__init__()
        self.df, self.n = df, n_docs

    def __missing__(self, bg: str) -> float:
        w = self[bg] = math.log(self.n / (self.df.get(bg, 0) + 0.5)) + 0.1
        return w


def _cohesion(body: list[Block], sets: list[set[str]], k: int, weights: _Weights, span: int = 120) -> float:
    """Weighted share of the character bigrams of the text just after paragraph boundary `k` that
    also occur just before it (about `span` characters on each side)."""
    left: set[str] = set()
    j = k - 1
    while j >= 0 and (len(left) < span or j == k - 1):
        left |= sets[j]
        j -= 1
    right: set[str] = set()
    j = k
    while j < len(body) and (len(right) < span or j == k):
        right |= sets[j]
        j += 1
    wl = sum(weights[bg] for bg in left)
    wr = sum(weights[bg] for bg in right)
    if not wl or not wr:
        return 0.0
    both = sum(weights[bg] for bg in left & right)
    return both / min(wl, wr)


def _width_change(a: Block, b: Block) -> bool:
    if not a.width or not b.width:
        return False
    if abs(a.width - b.width) >= 2:
        return True
    # An em apart: the band estimates may be an em off (a loose band explains W − 1 … W + 1.5), but
    # the full lines of one column repeat one exact width, so two clear, different modes part them.
    return bool(a.mode and b.mode and abs(a.mode - b.mode) >= 1)


def build_records(
    arts: list[_Art], *, publication: str, date: str | None, page: int | None, file: str, sha256: str
) -> list[Article]:
    out: list[Article] = []
    seen_ids: set[str] = set()
    for a in arts:
        paragraphs = [b.text for b in a.body if b.text]
        if not paragraphs:
            continue
        kicker = title = subtitle = None
        if a.title_units:
            kicker, title, subtitle = _split_headline([u[0] for u in a.title_units], "".join(paragraphs))
        dateline = byline = None
        authors: list[Author] = []
        if a.head is not None:
            dateline = a.head.head.dateline if a.head.head else None
            byline = a.head.byline
            authors = list(a.head.authors)
        elif a.sbyline is not None:
            byline = a.sbyline.byline
            authors = list(a.sbyline.authors)
        captions = []
        for c in a.captions:
            text = clean_text(c.pieces[0]) if c.pieces else ""
            if text:
                captions.append(Caption(text, c.credit, tuple(c.photographers)))
        flags = list(a.flags)
        if title is None:
            flags.append("no_title")
        if byline is None:
            flags.append("no_byline")
        all_lines = [ln.no for b in a.body for ln in b.lines]
        for part in ([a.head] if a.head else []) + a.captions + ([a.sbyline] if a.sbyline else []):
            all_lines.extend(ln.no for ln in part.lines)
        all_lines.extend(u[1].lines[u[2]].no for u in a.title_units)
        body_line = a.body[0].lines[0].no
        aid = article_id(publication, date, page, file, body_line)
        if aid in seen_ids:  # cannot happen (one body per line), but never emit duplicates
            continue
        seen_ids.add(aid)
        text = "\n".join(paragraphs)
        out.append(
            Article(
                id=aid,
                title=title,
                kicker=kicker,
                subtitle=subtitle,
                dateline=dateline,
                byline=byline,
                authors=authors,
                paragraphs=paragraphs,
                text=text,
                captions=captions,
                source=Source(publication, date, page, file, sha256, min(all_lines), max(all_lines)),
                script=detect_script(text),
                flags=sorted(set(flags), key=flags.index),
            )
        )
    return out
