"""Blocks → articles: bodies, then the headline stacks, captions and bylines attached to them.

`assemble(blocks)` runs these steps, each a function of its own:

1. `_bodies`: a new article starts at a dateline head, at the first body paragraph after a headline
   stack, a byline over a body or a continuation marker (`（上接第一版）`), and where the column width
   changes between two body paragraphs; a source line under body text or a `（下转…）` marker ends one. Captions,
   credits and page headers and footers do not end an article (extraction puts them anywhere).
2. `_split_by_headlines`: two articles read as one body, with a headline before and one after it
   that each match one part of it, are cut where the words change (`_headline_cut`).
3. `_attach_headlines`: each headline stack sits between the article before it and the one after;
   its lines go to the side whose body shares more of their rare bigrams, jointly over the page
   (`_assign_groups`, a DP in which each article gets at most one stack); when the words do not
   decide, the side most stacks of the page were attached to decides.
4. `_attach_captions`: to the article they are printed inside, else the one whose body they match.
5. `_attach_bylines`: a byline printed right after a body and before a headline or another byline
   ends that article (commentaries print the author's name at the end); one over a body opens it.
6. `build_records`: the stack lines → kicker, title, subtitle (`stacks.split_stack`); dateline and
   byline; flags; ids and provenance.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from baokan.clean import clean_text, detect_script
from baokan.records import Article, Author, Caption, Region, Source, article_id

from .cohesion import Vocabulary, bigram_list, bigram_set
from .model import Block, Line
from .punct import (
    CLAUSE_PUNCT_RE,
    SENTENCE_MARK_RE,
    SUBTITLE_RE,
    ending_note,
    ends_like_a_kicker,
    ends_sentence,
    open_brackets,
)
from .stacks import (
    ONE_SIZE,
    SHORT_OPENING,
    ends_in_column_tag,
    line_core,
    photo_report_credit,
    split_stack,
    split_stack_by_size,
    too_short_for_a_field,
)

__all__ = ["Fragment", "assemble", "build_records"]

TITLE_LONG = 40  # characters: a longer title is flagged `title_long`


@dataclass(frozen=True, slots=True)
class Fragment:
    """Page material that belongs to no article (kept, never dropped)."""

    text: str
    line_start: int
    line_end: int
    reason: str
    kind: str = "other"  # furniture, orphan_byline, caption, credit, headline, byline, other
    fields: dict[str, Any] | None = None  # what page furniture says (publication, date, page label…)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "reason": self.reason,
            "kind": self.kind,
        }
        if self.fields:
            out["fields"] = self.fields
        return out


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


_FRAGMENT_KIND = {
    "byline_without_body": "byline",
    "headline_without_body": "headline",
    "headline_without_article": "headline",
    "orphan_byline": "orphan_byline",
    "credit_without_caption": "credit",
    "caption_without_article": "caption",
}


def _fragment(blocks: list[Block], reason: str) -> Fragment:
    lines = [ln for b in blocks for ln in b.lines]
    text = "\n".join(ln.text for ln in lines)
    kind = _FRAGMENT_KIND.get(reason, "other")
    fields = None
    if reason == "furniture":
        kind = "furniture"
        furniture = blocks[0].furniture
        fields = dict(furniture.fields, type=furniture.kind) if furniture is not None else None
    return Fragment(text, min(ln.no for ln in lines), max(ln.no for ln in lines), reason, kind, fields)


def _unit_fragment(units: list[tuple[str, Block, int]], reason: str) -> Fragment:
    lines = [u[1].lines[u[2]] for u in units]
    text = "\n".join(ln.text for ln in lines)
    return Fragment(text, min(ln.no for ln in lines), max(ln.no for ln in lines), reason, _FRAGMENT_KIND[reason])


@dataclass(slots=True)
class _Page:
    """What the steps of `assemble` share."""

    blocks: list[Block]
    arts: list[_Art] = field(default_factory=list)
    groups: list[tuple[int, list[Block]]] = field(default_factory=list)  # (position, display blocks)
    floating: list[tuple[int, Block]] = field(default_factory=list)  # captions, credits, bylines
    fragments: list[Fragment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    vocab: Vocabulary = field(default_factory=lambda: Vocabulary([]))
    page_dir: str = "next"

    def neighbours(self, pos: int) -> tuple[_Art | None, _Art | None]:
        prev = nxt = None
        for a in self.arts:
            if a.pos < pos:
                prev = a
            elif a.pos > pos and nxt is None:
                nxt = a
        return prev, nxt

    def sim(self, text: str, a: _Art) -> float:
        return self.vocab.similarity(text, a.bigrams)


def assemble(blocks: list[Block]) -> tuple[list[_Art], list[Fragment], list[str]]:
    """Articles, fragments and warnings of a page's blocks (see the module docstring)."""
    page = _Page(blocks)
    _bodies(page)
    if not page.arts:
        _nothing_attaches(page)
    else:
        _index_words(page)
        two_headlines = len(page.groups) >= 2 and len(page.arts) >= 2
        if page.groups and (two_headlines or any(_continues(b) for b in blocks)):
            n_before = len(page.arts)
            page.arts = _split_by_headlines(page.arts, page.groups, blocks, page.vocab.df)
            if len(page.arts) != n_before:
                _index_words(page)
        _attach_headlines(page)
        _rejoin_untitled_cuts(page)
        _attach_captions(page)
        _attach_bylines(page)
    page.fragments.sort(key=lambda f: (f.line_start, f.line_end))
    return page.arts, page.fragments, page.warnings


# ------------------------------------------------------------------------------ 1. bodies


def _closes_article(blocks: list[Block], idx: int) -> bool:
    """A continuation marker (`（下转第二版）`, `（上接第一版）`) parts two articles, and so does a
    source line printed under body text (past captions and credits): it closes the article.
    Source lines also stand after a byline, over the body it opens: those part nothing."""
    b = blocks[idx]
    if _marker(b):
        return True
    if b.furniture is None or b.furniture.kind != "source":
        return False
    k = idx - 1
    while k >= 0 and blocks[k].kind in ("caption", "credit"):
        k -= 1
    return k >= 0 and blocks[k].kind == "body"


def _bodies(page: _Page) -> None:
    blocks = page.blocks
    cur: _Art | None = None
    closed = True
    pending: list[Block] = []
    gpos = 0
    for idx, b in enumerate(blocks):
        if b.kind == "display":
            if not pending:
                gpos = idx
            pending.append(b)
            closed = True
            continue
        if pending:
            page.groups.append((gpos, pending))
            pending = []
        if b.kind == "head":
            cur = _Art(pos=idx, head=b, last_pos=idx)
            page.arts.append(cur)
            closed = False
        elif b.kind == "body":
            # A note that only ends an article (`（作者为…）`), set to a width of its own, opens none;
            # the body after it is measured against the article's last paragraph.
            note = ending_note(b.text)
            last = next((x for x in reversed(cur.body) if not ending_note(x.text)), None) if cur else None
            if (
                cur is None
                or closed
                or (
                    last is not None
                    and cur.seg != b.seg
                    and _width_change(last, b)
                    and not note
                    and not _breaks_off_into(last, b, blocks[idx + 1] if idx + 1 < len(blocks) else None)
                )
            ):
                cur = _Art(pos=idx, last_pos=idx)
                if idx and blocks[idx - 1].kind == "body":
                    cur.flags.append("split_at_width_change")
                page.arts.append(cur)
                closed = False
            cur.body.append(b)
            if not note or len(cur.body) == 1:
                cur.seg = b.seg
            cur.last_pos = idx
        elif b.kind == "furniture":
            page.fragments.append(_fragment([b], "furniture"))
            if _closes_article(blocks, idx):
                closed = True
        else:
            page.floating.append((idx, b))
            if b.kind == "byline" and _opens_body(blocks, idx):
                closed = True  # a byline over a body: a new article starts there
    if pending:
        page.groups.append((gpos, pending))
    kept: list[_Art] = []
    for a in page.arts:
        if a.body:
            kept.append(a)
        elif a.head is not None:
            page.fragments.append(_fragment([a.head], "byline_without_body"))
    page.arts = kept


def _opens_body(blocks: list[Block], idx: int) -> bool:
    """A byline directly over body text (skipping captions): it opens that body."""
    for b in blocks[idx + 1 :]:
        if b.kind in ("caption", "credit"):
            continue
        return b.kind == "body"
    return False


def _nothing_attaches(page: _Page) -> None:
    for _, g in page.groups:
        page.fragments.append(_fragment(g, "headline_without_body"))
    for _, b in page.floating:
        reason = {"byline": "orphan_byline", "credit": "credit_without_caption"}.get(
            b.kind, f"{b.kind}_without_article"
        )
        page.fragments.append(_fragment([b], reason))
    if any(b.kind != "furniture" for b in page.blocks):
        page.warnings.append("no article body found on the page")


def _body_bigrams(body: list[Block]) -> set[str]:
    """The bigrams of an article's paragraphs (each paragraph's set is cached)."""
    out: set[str] = set()
    for b in body:
        out |= bigram_set(b.text)
    return out


def _index_words(page: _Page) -> None:
    for a in page.arts:
        a.bigrams = _body_bigrams(a.body)
    page.vocab = Vocabulary(a.bigrams for a in page.arts)


def _breaks_off_into(a: Block, b: Block, after: Block | None) -> bool:
    """Body `a` stops inside a sentence and `b`, under it, is the last body before something else
    (a headline, a byline, the page's end) and too short to be measured (two lines or fewer): `b`
    ends that sentence, whatever width its few lines seem to have. Where more body follows `b`,
    the width change stands: an article cut off inside a sentence, then another."""
    return (
        len(b.lines) <= 2
        and not ends_sentence(a.lines[-1].text, strong=False)
        and (after is None or after.kind != "body")
    )


def _width_change(a: Block, b: Block) -> bool:
    if not a.width or not b.width:
        return False
    if abs(a.width - b.width) >= 2:
        return True
    # An em apart: the band estimates may be an em off (a loose band explains W − 1 … W + 1.5), but
    # the full lines of one column repeat one exact width, so two clear, different modes part them.
    return bool(a.mode and b.mode and abs(a.mode - b.mode) >= 1)


# ------------------------------------------------------------------------------ 2. one body, two headlines


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
        before_end = after_end = 0
        for gpos, g in groups:
            if prev_end < gpos < a.pos:
                before, before_end = g, gpos + len(g)
            elif a.last_pos < gpos < next_start:
                after, after_end = g, gpos + len(g)
                break
        if before is not None and after is not None and _over_a_byline(blocks, before_end):
            # this page prints a byline under its headlines: a headline over one heads what follows
            after = None if _over_a_byline(blocks, after_end) else after
        if (before is None and not _continued(blocks, prev_end, a.pos)) or after is None or len(a.body) < 2:
            out.append(a)
            continue
        prev_set = out[-1].bigrams if out else set()
        next_set = arts[i + 1].bigrams if i + 1 < len(arts) else set()
        if before is not None:
            cut = _headline_cut(a, before, after, df, n_docs, prev_set, next_set, cache)
        else:
            cut = _continued_cut(a, after, _idf_weight(df, n_docs), next_set)
        if cut is None:
            out.append(a)
            continue
        first_block = a.body[cut]
        pos = next(j for j in range(a.pos, a.last_pos + 1) if blocks[j] is first_block)
        second = _Art(pos=pos, body=a.body[cut:], last_pos=a.last_pos, seg=a.seg, flags=["split_by_headlines"])
        a.body = a.body[:cut]
        a.last_pos = next(j for j in range(pos - 1, a.pos - 1, -1) if blocks[j] is a.body[-1])
        a.seg = a.body[-1].seg
        a.bigrams = _body_bigrams(a.body)
        second.bigrams = _body_bigrams(second.body)
        out.append(a)
        out.append(second)
    return out


def _continued(blocks: list[Block], lo: int, hi: int) -> bool:
    """The body starting at block `hi` goes on from another page: a continuation marker (`（上接第一
    版）`) stands over it, past its byline, after block `lo`. Its headline is on the page it began on,
    so a headline printed after it heads another article, whose body is its last part."""
    for b in reversed(blocks[lo + 1 : hi]):
        if b.kind not in ("byline", "caption", "credit"):
            return _continues(b)
    return False


def _continues(b: Block) -> bool:
    """A continuation marker that says the text under it began on another page (`（上接第一版）`)."""
    return _marker(b) and b.furniture is not None and "上接" in str(b.furniture.fields.get("marker", ""))


def _over_a_byline(blocks: list[Block], k: int) -> bool:
    """A standalone byline stands at k (past captions). Under the headline before a body, it says
    the page prints bylines under headlines: then a headline over one heads the article under it,
    it is no headline printed after the body above. (Alone it proves nothing: on pages that print
    headlines after their bodies, the next article's byline or dateline comes right under the
    headline of the one before.)"""
    while k < len(blocks) and blocks[k].kind == "caption":
        k += 1
    return k < len(blocks) and blocks[k].kind == "byline"


def _rejoin_untitled_cuts(page: _Page) -> None:
    """A body cut in two for the headline printed after it (`_split_by_headlines`), or at a change
    of column width right under a headline's short lead (`_short_opening_cut`), whose second part
    got no headline after all (that headline went to the article after it): the cut was wrong, and
    the parts are one article again. So is a photo report's closing credit set apart by a caption."""
    out: list[_Art] = []
    for a in page.arts:
        first = out[-1] if out else None
        cut = (
            "split_by_headlines" in a.flags
            or (first is not None and "split_at_width_change" in a.flags and _short_opening_cut(page.blocks, first, a))
            or (len(a.body) == 1 and photo_report_credit(a.body[0].text))  # parted from its report by a caption
        )
        if first is not None and cut and not a.title_units and not a.head:
            first.body.extend(a.body)
            first.last_pos = a.last_pos
            first.seg = a.seg
            first.bigrams |= a.bigrams
            continue
        out.append(a)
    page.arts = out


def _short_opening_cut(blocks: list[Block], first: _Art, a: _Art) -> bool:
    """`first` is a headline over one short paragraph, which no article is
    (`答好“亲”与“清”这道考题（人民论坛）` / `历史的演进中，总有一些充满意义的细节。`, the lead set to the
    headline's width), and no byline stands between it and `a`. (A cut inside a sentence is not
    joined on that evidence alone: the first generator's pages print an untitled article right
    after one, and the joined text swallowed it.)"""
    last = first.body[-1].text.rstrip()
    if not (first.title_units and len(first.body) == 1 and len(last) < SHORT_OPENING):
        return False
    return not any(b.kind == "byline" for b in blocks[first.last_pos + 1 : a.pos])


_HL_BEFORE = 0.1  # evidence of the headline before the body
_HL_AFTER = 0.35  # … of the headline after it
_HL_SUM = 0.6  # … and of both headlines together
_HL_COHESION = 0.15  # most lexical cohesion across the cut
# characters: the least text of an article continued from another page cut from the text under it
# (a jump page may print the headline again after the continued text: a short opening proves nothing)
_CONTINUED_MIN = 300
_CONTINUED_COHESION = 0.12  # most vocabulary two such parts share


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

    weight = _idf_weight(df, n_docs)

    def unit_bigrams(group: list[Block]) -> list[list[tuple[str, float]]]:
        got = cache.get(id(group))
        if got is None:
            got = cache[id(group)] = _headline_units(group, weight)
        return got

    frac = _weighted_share
    ua = unit_bigrams(after)
    ua_next = [frac(u, next_set) for u in ua]
    # necessary conditions on the whole body first (a part never shares more than the whole)
    if not any(frac(u, a.bigrams) - fy >= _HL_AFTER for u, fy in zip(ua, ua_next, strict=True)):
        return None
    ub = unit_bigrams(before)
    ub_prev = [frac(u, prev_set) for u in ub]
    if not any(frac(u, a.bigrams) - fw >= _HL_BEFORE for u, fw in zip(ub, ub_prev, strict=True)):
        return None
    body = a.body
    sets = [bigram_set(b.text) for b in body]
    pre, suf = _prefix_and_suffix_sets(sets)
    # Where: the paragraph end with the least lexical cohesion (windows of ~120 characters on each
    # side) among those the headlines support.
    best: tuple[float, int] | None = None
    for k in range(1, len(body)):
        if not ends_sentence(body[k - 1].text, strong=False):
            continue
        left, right = pre[k], suf[k]
        eb = -1.0
        for u, fw in zip(ub, ub_prev, strict=True):
            fl = frac(u, left)
            if fl >= frac(u, right):
                eb = max(eb, fl - fw)
        ea = max(frac(u, right) - max(frac(u, left), fy) for u, fy in zip(ua, ua_next, strict=True))
        if eb < _HL_BEFORE or ea < _HL_AFTER or eb + ea < _HL_SUM:
            continue
        c = _cohesion(body, sets, k, weight)
        if best is None or c < best[0]:
            best = (c, k)
    return best[1] if best and best[0] <= _HL_COHESION else None


def _idf_weight(df: Counter[str], n_docs: int) -> Callable[[str], float]:
    """A bigram's weight: rarer on the page, more telling."""

    def weight(bg: str) -> float:
        return math.log(n_docs / (df.get(bg, 0) + 0.5)) + 0.1

    return weight


def _continued_cut(a: _Art, after: list[Block], weight: Callable[[str], float], next_set: set[str]) -> int | None:
    """The paragraph index where the text continued from another page (`_continued`) ends and the
    article whose headline `after` is printed under its body begins, or None. The headline's words
    are missing from all the text above its body's start, so the cut is the last paragraph end
    above which they are as missing as they can be; the two parts must then share little of their
    vocabularies (a long article's parts share much), and the continued part be no short opening
    (a jump page may print the continued article's headline again after it)."""
    units = _headline_units(after, weight)
    if not units:
        return None
    frac = _weighted_share
    beside = [frac(u, next_set) for u in units]
    body = a.body
    pre, suf = _prefix_and_suffix_sets([bigram_set(b.text) for b in body])
    shares = [
        (k, max(frac(u, suf[k]) - max(frac(u, pre[k]), fy) for u, fy in zip(units, beside, strict=True)))
        for k in range(1, len(body))
        if ends_sentence(body[k - 1].text, strong=False)
    ]
    top = max((share for _, share in shares), default=0.0)
    if top < _HL_AFTER:
        return None
    cut = max(k for k, share in shares if share == top)
    if sum(len(b.text) for b in body[:cut]) < _CONTINUED_MIN:
        return None
    return cut if _shared(pre[cut], suf[cut], weight) <= _CONTINUED_COHESION else None


def _prefix_and_suffix_sets(sets: list[frozenset[str]]) -> tuple[list[set[str]], list[set[str]]]:
    """The union of the first k sets and of the sets from k on, for every k."""
    pre: list[set[str]] = [set()]
    for s in sets:
        pre.append(pre[-1] | s)
    suf: list[set[str]] = [set() for _ in range(len(sets) + 1)]
    for k in range(len(sets) - 1, -1, -1):
        suf[k] = suf[k + 1] | sets[k]
    return pre, suf


def _shared(left: set[str], right: set[str], weight: Callable[[str], float]) -> float:
    """Weighted share of the bigrams of the smaller of two texts that the other also has."""
    wl = sum(weight(bg) for bg in left)
    wr = sum(weight(bg) for bg in right)
    return sum(weight(bg) for bg in left & right) / min(wl, wr) if wl and wr else 0.0


def _headline_units(group: list[Block], weight: Any) -> list[list[tuple[str, float]]]:
    """The weighted bigrams of each headline line of a group (and of each two lines joined: a
    headline broken over lines), for lines of three bigrams or more."""
    texts = [
        p
        for blk in group
        for p in blk.pieces
        if not SUBTITLE_RE.match(p.strip()) and len(p) <= 32 and not CLAUSE_PUNCT_RE.search(p)
    ]
    if len(texts) > 1:
        texts += [x + y for x, y in itertools.pairwise(texts)]
    units = []
    for t in texts:
        bgs = set(bigram_list(t))
        if len(bgs) >= 3:
            units.append([(bg, weight(bg)) for bg in bgs])
    return units


def _weighted_share(unit: list[tuple[str, float]], bag: set[str]) -> float:
    """The weighted share of a line's bigrams found in `bag`."""
    tot = hit = 0.0
    for bg, w in unit:
        tot += w
        if bg in bag:
            hit += w
    return hit / tot


def _cohesion(body: list[Block], sets: list[frozenset[str]], k: int, weight: Any, span: int = 120) -> float:
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
    return _shared(left, right, weight)


# ------------------------------------------------------------------------------ 3. headlines


Unit = tuple[str, Block, int]
Merged = tuple[_Art | None, _Art | None, list[Unit]]


def _closes_bracket(before: str, piece: str) -> bool:
    """`piece` closes a bracket the line before it left open (`…（一线见` / `闻）`)."""
    return open_brackets(before) > 0 and piece.rstrip()[-1:] in "）)"


def _is_sub(piece: str) -> bool:
    return bool(SUBTITLE_RE.match(piece.strip()))


def _wrapped_end(piece: str, sub: bool) -> bool:
    """A stack line too short to be a field of its own (`事难题`)."""
    return not sub and too_short_for_a_field([piece])


def _split_options(merged: Merged, sims: tuple[list[float], list[float]], titled: bool) -> list[tuple[float, int]]:
    """Scores of each split k of a group's lines (units[:k] to the article before, the rest to the
    one after): their similarity to each side, less penalties for lines left without an article, for
    a subtitle cut from its headline, a line's wrapped end set apart from it, and for stacks of more
    than four lines."""
    prev, nxt, units = merged
    sp, sn = sims
    n = len(units)
    subs = [_is_sub(u[0]) for u in units]
    open_at = [False] * (n + 1)  # a bracket opened before line k is still open there
    depth = 0
    for k, u in enumerate(units):
        depth = max(0, depth + open_brackets(u[0]))
        open_at[k + 1] = depth > 0
    out = []
    for k in range(n + 1):
        score = -2.0 * k if k > 0 and (prev is None or titled) else sum(sp[:k])
        if k < n and nxt is None:
            score -= 2.0 * (n - k)
        else:
            score += sum(sn[k:])
        if 0 < k < n and subs[k]:
            score -= 1.0
        if 0 < k < n and (open_at[k] or _closes_bracket(units[k - 1][0], units[k][0])):
            score -= 5.0  # never part a column tag wrapped over lines
        if 0 < k < n and len(line_core(units[k][0]).strip()) <= 2 and not subs[k]:
            score -= 5.0  # nor a headline from the character or two it wrapped onto the next line (`香（暖相册）`)
        if 0 < k < n and (units[k][0].lstrip()[:1] in "（(" or units[k - 1][0].rstrip()[-1:] in "，、"):
            score -= 5.0  # nor a headline from its column tag set below it, nor a line ending with a comma
        if 0 < k < n and ends_like_a_kicker(units[k - 1][0]):
            score -= 5.0  # nor a kicker (`全国政协委员张甘霖——`, `浙江诸暨公安：`) from the headline under it
        if 0 < k < n and _wrapped_end(units[k][0], subs[k]) and sn[k] <= sp[k]:
            score -= 1.0  # a few characters no closer to the next article: a line's wrapped end (`事难题`)
        if 0 < k < n and subs[k - 1]:
            score += 0.3
        if 0 < k < n and not open_at[k] and not subs[k] and ends_in_column_tag("".join(u[0] for u in units[:k])):
            score += 1.5  # a column tag ends a headline: the next line starts another stack
        if k < n and subs[k] and k == 0 and n > 1:
            score -= 0.5
        if k > 4 or n - k > 4:
            score -= 0.5
        score += 0.01 * (n - k) / max(n, 1)  # ties: headlines before their body
        out.append((score, k))
    return out


def _assign_groups(page: _Page, merged: list[Merged]) -> list[tuple[int, bool]]:
    """For each headline group (prev, next, units), the split k maximizing total similarity over the
    page, each article getting at most one stack. Returns [(k, prev_already_titled)] per group."""
    m = len(merged)
    if not m:
        return []
    sims = []
    for prev, nxt, units in merged:
        sp = [page.sim(u[0], prev) if prev is not None else 0.0 for u in units]
        sn = [page.sim(u[0], nxt) if nxt is not None else 0.0 for u in units]
        sims.append((sp, sn))

    def chained(j: int) -> bool:
        return j + 1 < m and merged[j][1] is not None and merged[j + 1][0] is merged[j][1]

    # Backward DP over (group, whether its prev article already has a headline).
    best: list[dict[bool, tuple[float, int]]] = [{} for _ in range(m)]
    for j in range(m - 1, -1, -1):
        for titled in (False, True):
            top: tuple[float, int] | None = None
            for score, k in _split_options(merged[j], sims[j], titled):
                if j + 1 < m:
                    score += best[j + 1][(k < len(merged[j][2])) if chained(j) else False][0]
                if top is None or score > top[0]:
                    top = (score, k)
            assert top is not None
            best[j][titled] = top
    out = []
    titled = False
    for j in range(m):
        k = best[j][titled][1]
        out.append((k, titled))
        titled = (k < len(merged[j][2])) if chained(j) else False
    return out


GUESS_MARGIN = 0.15  # a stack matching its article's words by less than this beyond the other side's


def _margin(page: _Page, units: list[Unit], chosen: _Art, other: _Art) -> float:
    """How much better the stack's words match the article it went to than the other neighbour."""
    text = "".join(u[0] for u in units)
    return page.sim(text, chosen) - page.sim(text, other)


def _lead_under_tagged_title(units: list[Unit], art: _Art) -> list[Unit]:
    """A headline closed by its column tag takes no undashed subtitle (none of the tuning days'
    72 such headlines has one): whole display blocks under it, with no dash and with a mark of
    running text, open the body (`“潮商场”成青年“心头好”（快评）` / `商场是什么样的？`). The stack
    lines left are returned."""
    for k in range(1, len(units)):
        if units[k][2] != 0 or not ends_in_column_tag("".join(u[0] for u in units[:k])):
            continue  # (only at a block's first line: a block is moved whole)
        rest = units[k:]
        if (
            any(_is_sub(u[0]) or ends_like_a_kicker(u[0]) for u in rest)
            or rest[-1][2] != len(rest[-1][1].pieces) - 1
            or not any(CLAUSE_PUNCT_RE.search(u[0]) or SENTENCE_MARK_RE.search(u[0]) for u in rest)
        ):
            return units  # (a phrase without a mark there is another article's headline)
        blocks: list[Block] = []
        for u in rest:
            if not blocks or blocks[-1] is not u[1]:
                blocks.append(u[1])
        for b in blocks:
            b.kind = "body"
        art.body[:0] = blocks
        return units[:k]
    return units


def _attach_headlines(page: _Page) -> None:
    """Headline groups with the same neighbours merge; the DP splits and assigns them."""
    merged: list[Merged] = []
    for pos, g in page.groups:
        prev, nxt = page.neighbours(pos)
        units = [(piece, blk, k) for blk in g for k, piece in enumerate(blk.pieces)]
        if merged and merged[-1][0] is prev and merged[-1][1] is nxt:
            merged[-1][2].extend(units)
        else:
            merged.append((prev, nxt, units))
    votes = {"prev": 0, "next": 0}
    for (prev, nxt, units), (k, prev_titled) in zip(merged, _assign_groups(page, merged), strict=True):
        left, right = units[:k], units[k:]
        if left:
            if prev is None or prev_titled:
                page.fragments.append(_unit_fragment(left, "headline_without_article"))
            else:
                prev.title_units = left
                prev.flags.append("title_after_body")
                if nxt is not None:
                    prev.flags.append("attached_by_similarity")
                    if _margin(page, left, prev, nxt) < GUESS_MARGIN:
                        prev.flags.append("headline_guessed")
                votes["prev"] += 1
        if right:
            if nxt is None:
                page.fragments.append(_unit_fragment(right, "headline_without_article"))
            else:
                right = _lead_under_tagged_title(right, nxt)
                nxt.title_units = right
                if prev is not None:
                    nxt.flags.append("attached_by_similarity")
                    if _margin(page, right, nxt, prev) < GUESS_MARGIN:
                        nxt.flags.append("headline_guessed")
                votes["next"] += 1
    page.page_dir = "prev" if votes["prev"] > votes["next"] else "next"


# ------------------------------------------------------------------------------ 4. captions


def _pair_credits(page: _Page) -> list[tuple[int, Block]]:
    """A credit alone on its line joins the caption just before (or after) it; the captions."""
    items = sorted(page.floating, key=lambda t: t[0])
    used: set[int] = set()
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
        used.add(j)
        if partner is None:
            page.fragments.append(_fragment([b], "credit_without_caption"))
            continue
        pb = items[partner][1]
        pb.credit, pb.photographers = b.credit, b.photographers
        pb.lines = sorted(pb.lines + b.lines, key=lambda ln: ln.no)
        used.add(partner)
    return [(pos, b) for pos, b in items if b.kind == "caption"]


def _attach_captions(page: _Page) -> None:
    for pos, b in _pair_credits(page):
        prev, nxt = page.neighbours(pos)
        if prev is not None and prev.last_pos > pos:  # printed inside that article's body
            prev.captions.append(b)
            continue
        if prev is None and nxt is None:
            page.fragments.append(_fragment([b], "caption_without_article"))
            continue
        sp = page.sim(b.pieces[0], prev) if prev else -1.0
        sn = page.sim(b.pieces[0], nxt) if nxt else -1.0
        target: _Art | None
        if abs(sp - sn) < 0.1 and prev is not None and nxt is not None:
            target = prev if page.page_dir == "prev" else nxt
        else:
            target = prev if sp > sn else nxt
        assert target is not None
        target.captions.append(b)


# ------------------------------------------------------------------------------ 5. bylines


def _only(blocks: list[Block], kinds: tuple[str, ...]) -> bool:
    return all(x.kind in kinds or (x.kind == "furniture" and not _marker(x)) for x in blocks)


def _marker(b: Block) -> bool:
    return b.furniture is not None and b.furniture.kind == "marker"


def _attach_bylines(page: _Page) -> None:
    blocks = page.blocks
    for pos, b in page.floating:
        if b.kind != "byline":
            continue
        prev, nxt = page.neighbours(pos)
        between_next = blocks[pos + 1 : nxt.pos] if nxt is not None else []
        next_free = nxt is not None and nxt.head is None and nxt.sbyline is None
        prev_free = prev is not None and prev.head is None and prev.sbyline is None and prev.last_pos < pos
        before_next = nxt is not None and _only(between_next, ("display", "caption", "credit"))
        after_prev = (
            prev is not None
            and prev.last_pos < pos
            and all(x.kind in ("caption", "credit") or _marker(x) for x in blocks[prev.last_pos + 1 : pos])
        )
        headline_between = any(x.kind == "display" for x in between_next)
        target = None
        if prev_free and prev is not None and _over_own_headline(blocks, pos, prev):
            target = prev  # over the headline printed after that article's body (and its end marker)
        elif after_prev and prev_free and (headline_between or not before_next or not next_free):
            target = prev  # printed at the end of the article before (a commentary's author; past its end marker)
        elif before_next and next_free:
            target = nxt
        elif (
            prev_free and prev is not None and _only(blocks[prev.last_pos + 1 : pos], ("display", "caption", "credit"))
        ):
            target = prev
        if target is None:
            page.fragments.append(_fragment([b], "orphan_byline"))
        else:
            target.sbyline = b


def _over_own_headline(blocks: list[Block], pos: int, art: _Art) -> bool:
    """The byline at `pos` stands right over the headline stack that `art` took, printed after its
    body: it is that article's byline."""
    k = pos + 1
    while k < len(blocks) and blocks[k].kind in ("caption", "credit"):
        k += 1
    own = {id(u[1]) for u in art.title_units}
    return k < len(blocks) and blocks[k].kind == "display" and id(blocks[k]) in own


# ------------------------------------------------------------------------------ 6. records


def _paragraphs(body: list[Block]) -> list[str]:
    """The body blocks' texts, a block that goes on with the sentence its predecessor broke off at
    a full line joined to it where the two were parted by a change of column measure, not by
    anything a paragraph's end shows (a full last line without punctuation can end a paragraph:
    a summary under an intertitle)."""
    out: list[str] = []
    prev: Block | None = None
    for b in body:
        if not b.text:
            continue
        if prev is not None and prev.seg != b.seg and _runs_on_into_next(prev):
            out[-1] = clean_text(out[-1] + b.text)
        else:
            out.append(b.text)
        prev = b
    return out


def _runs_on_into_next(b: Block) -> bool:
    """A body block of two lines or more whose last line is full and stops inside a word run: no
    punctuation at all (a paragraph may end on `——` or `、` that leads into the next one)."""
    if len(b.lines) < 2 or not b.mode:
        return False
    last = b.lines[-1]
    return last.width >= b.mode - 0.5 and last.text[-1].isalnum()


def build_records(
    arts: list[_Art],
    *,
    publication: str,
    date: str | None,
    page: str | None,
    page_number: int | None,
    file: str,
    sha256: str,
    page_index: int | None = None,
    region_unit: str | None = None,
    key: str | None = None,
) -> list[Article]:
    """The records of the assembled articles; ids from the page (`key`: the page file's path
    below its source root, `file` when not given) and each body's first line."""
    out: list[Article] = []
    seen_ids: set[str] = set()
    for a in arts:
        paragraphs = _paragraphs(a.body)
        if not paragraphs:
            continue
        kicker = title = subtitle = None
        if a.title_units:
            kicker, title, subtitle = _stack(a, "".join(paragraphs))
        dateline, byline, authors = _credits(a)
        captions = _captions(a)
        flags = list(a.flags)
        if title is None:
            flags.append("no_title")
        elif len(title) > TITLE_LONG:
            flags.append("title_long")
        if byline is None:
            flags.append("no_byline")
        printed = _printed_lines(a)
        all_lines = [ln.no for ln in printed]
        regions = article_regions(printed)
        if _low_ocr_score(printed):
            flags.append("low_ocr_score")
        body_line = a.body[0].lines[0].no
        aid = article_id(publication, date, page, key or file, body_line)
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
                source=Source(
                    publication,
                    date,
                    page,
                    page_number,
                    file,
                    sha256,
                    min(all_lines),
                    max(all_lines),
                    page_index,
                    region_unit if regions else None,
                ),
                regions=list(regions),
                script=detect_script(text),
                flags=sorted(set(flags), key=flags.index),
            )
        )
    return out


def _stack(a: _Art, body: str) -> tuple[str | None, str | None, str | None]:
    """Kicker, title and subtitle of the article's headline stack: by type size where a layout
    file gives sizes that settle it, else by the text's evidence."""
    pieces = [u[0] for u in a.title_units]
    hints = [u[1].lines[u[2]].hint for u in a.title_units]
    sizes = [h.size for h in hints if h is not None]
    sized = bool(sizes) and len(sizes) == len(hints)
    if sized:
        by_size = split_stack_by_size(pieces, sizes)
        if by_size is not None:
            return by_size
    return split_stack(pieces, body, one_size=sized and max(sizes) <= ONE_SIZE * min(sizes))


def _credits(a: _Art) -> tuple[str | None, str | None, list[Author]]:
    """The article's dateline, byline and authors, from its head or its byline alone."""
    if a.head is not None:
        return (a.head.head.dateline if a.head.head else None), a.head.byline, list(a.head.authors)
    if a.sbyline is not None:
        return None, a.sbyline.byline, list(a.sbyline.authors)
    return None, None, []


def _captions(a: _Art) -> list[Caption]:
    captions = []
    for c in a.captions:
        text = clean_text(c.pieces[0]) if c.pieces else ""
        if text:
            captions.append(Caption(text, c.credit, tuple(c.photographers)))
    return captions


def _printed_lines(a: _Art) -> list[Line]:
    """Every raw line the article was built from: body, head, captions, byline and title lines."""
    printed = [ln for b in a.body for ln in b.lines]
    for part in ([a.head] if a.head else []) + a.captions + ([a.sbyline] if a.sbyline else []):
        printed.extend(part.lines)
    printed.extend(u[1].lines[u[2]] for u in a.title_units)
    return printed


LOW_OCR_SCORE = 0.8  # an article whose lines the OCR engine read with less confidence on average


def _low_ocr_score(lines: list[Line]) -> bool:
    scores = [ln.hint.score for ln in lines if ln.hint is not None and ln.hint.score is not None]
    return bool(scores) and sum(scores) / len(scores) < LOW_OCR_SCORE


_MAX_REGIONS = 256


def article_regions(lines: list[Line]) -> tuple[Region, ...]:
    """The boxes of an article's lines (layout input) merged into one region per column stretch:
    lines that overlap across and follow each other down (within two line heights) share one."""
    boxes = sorted(
        (ln.hint.box for ln in lines if ln.hint is not None and ln.hint.box is not None), key=lambda b: (b[0], b[1])
    )
    regions: list[list[float]] = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
        height = y1 - y0
        for r in regions:
            overlap = min(r[2], x1) - max(r[0], x0)
            if overlap > 0.5 * min(r[2] - r[0], x1 - x0) and -height <= y0 - r[3] <= 2 * height:
                r[0], r[1], r[2], r[3] = min(r[0], x0), min(r[1], y0), max(r[2], x1), max(r[3], y1)
                break
        else:
            regions.append([x0, y0, x1, y1])
    regions.sort(key=lambda r: (r[0], r[1]))
    return tuple(Region(*(round(v, 2) for v in r)) for r in regions[:_MAX_REGIONS])
