"""Display groups: headline stacks or intertitles; and a stack's kicker, headline and subtitle.

A *display group* is a run of consecutive ``display`` blocks (short, unpunctuated lines). It is
either a headline stack between two articles (kicker, headline, subtitle, perhaps the headlines of
two articles) or intertitles inside one article's body (小标题, bold in print; by the output
conventions they are body paragraphs). `resolve_display_groups` weighs the evidence for each group
(`group_evidence`, each item named and scored in log-odds units; a positive sum means headline):

- what stands next to it: a byline or a dateline head follows a headline, never an intertitle; a
  line right under a byline opens that body;
- where it stands: at the top or bottom of the page (nothing to be inside of);
- the columns: a different column width before and after it parts two articles;
- the words: the body text just before and just after an intertitle belongs to one article and
  shares its names and terms; across a headline it does not (`cohesion`);
- the words of the group: one that shares far more of its words with the text above it than with
  the text below closes the article above (a headline printed after its body);
- its shape: numbered (`一、`, `（二）`, `1`), a single short line (`烦  恼`), running text (a clause
  inside it) or a speaker's question (`网友：…？`) is an intertitle's; a kicker's ending (`…强调`,
  `…：`) over another line, a gap between two parallel phrases, a subtitle
  line (`——…`) below another line, a column tag (`（人民论坛）`), or two or more lines a stack's;

`split_stack(pieces, body)` then reads one article's stack lines as (kicker, title, subtitle).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from baokan.clean import clean_headline, clean_text

from .bylines import collective_byline, parse_bare_names, writing_body
from .cohesion import Vocabulary, bigram_set
from .furniture import Furniture
from .model import BODY_TYPE, LARGE_TYPE, Block
from .paragraphs import join_lines, lines_block, signs_the_sentence_above
from .punct import (
    ANY_PUNCT_RE,
    DOCUMENT_LABEL_RE,
    KICKER_TAIL_RE,
    SUBTITLE_RE,
    ending_note,
    ends_like_a_kicker,
    ends_sentence,
    filed_note,
)

__all__ = [
    "Evidence",
    "PageWords",
    "group_evidence",
    "line_core",
    "resolve_display_groups",
    "split_stack",
    "too_short_for_a_field",
]

_ANNOUNCES = r"发表[^，。、]{0,12}文章"  # an article published: its name is printed under it
_ANNOUNCES_RE = re.compile(rf"{_ANNOUNCES}$")
_KICKER_END_RE = re.compile(
    r"(?:强调|指出|表示|要求|提出|说|时|之际|会上|获悉|发现|称|：|:|——|—"
    # a document issued, whose content the headline under it gives (`两部门印发通知` / `推动…`), or
    # an article published, whose name it gives (`《求是》杂志发表习近平总书记重要文章` / `在…上的讲话`)
    r"|(?:印发|发布|出台|公布|下发)[^，。、]{0,10}(?:通知|意见|方案|办法|规定|决定|公告|指南|计划)"
    rf"|{_ANNOUNCES})$"
)
_NUMBERED_RE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.]?$|第[一二三四五六七八九十]{1,3}[章节部分])"
)
_CLAUSE_INSIDE_RE = re.compile(r"[，,；;。][^，,；;。]")
_SPEAKER_QUESTION_RE = re.compile(r"^[^：:]{1,8}[：:].+[？?]$")  # 网友：…？ (an interview's question)
_PHRASE_GAP_RE = re.compile(
    r"[\u4e00-\u9fff”」）]{3}(?: {1,3}|\u3000)[“「（\u4e00-\u9fff]{3}"
)  # 夯基蓄势稳中进 步履铿锵勇向前
_COLUMN_TAG_RE = re.compile(r"[（(][^（）()]{2,60}[）)]$")
_TRANSPARENT = frozenset(("caption", "credit"))
_WINDOW = 320  # characters of body text on each side of a group weighed for cohesion (and at the page's typical)
_TYPICAL_SAMPLE = 24  # paragraph boundaries a page's typical cohesion is measured at
_SIDE = 800  # characters of body text on each side a group's own words are looked up in

# Evidence weights (log-odds units; > 0 favours a headline).
W_FOLLOWED_BY_BYLINE = 4.0
W_UNDER_BYLINE = -3.0
W_AFTER_CLOSING_BYLINE = 2.5  # a bracketed byline under body text closed an article: a headline follows
W_PAGE_EDGE = 4.0
W_RUN_EDGE = 2.5
W_WIDTH_CHANGE = 4.0  # above COHESION_CAP: reports on one subject cohere like one article's sections,
# but an intertitle never changes the column's width
W_SUBTITLE_BELOW = 2.5
W_UNDER_CAPTION = 1.5  # a photo's caption closes the stretch above: a headline under it opens the next article
W_COLUMN_TAG = 4.0  # above COHESION_CAP: no intertitle carries a column's name, however its words cohere
W_MULTI_LINE = 1.0
W_KICKER_ABOVE = 1.5
W_KICKER_COLON = 2.5
W_PLACE_LEAD_IN = 1.5  # on top of W_KICKER_COLON: the colon ends a place's name (`内蒙古乌海：`)
W_KICKER_DASH = 0.5
W_MATCHES_ABOVE = 2.0
MATCH_MARGIN = 0.3
W_MATCHES_ONLY_ABOVE = 4.0  # above COHESION_CAP
ONLY_ABOVE = 0.05  # the most of a group's words (weighted) found below it that counts as none
W_PHRASE_GAP = 1.5
W_WIDER_THAN_COLUMN = 3.0
W_NARROW_WRAP = 3.0
W_NUMBERED = -4.0
W_SHORT_LINE = -2.5
# characters: a line this short alone is a section's number or label more likely than a headline.
# Not 6: the tuning days print no headline under 7 characters but only 2 intertitles of 6, while
# the 2001 pages head reports with 5 and 6 (`百年前的中国`, `新世纪故土情`); at 3, 2025 stacks
# suffer (pdgen seed 404 title -0.4)
_SHORT_LINE = 4
W_LEAD_IN = -2.5
W_RUNNING_TEXT = -1.0
W_SPEAKER = -3.0
W_QUESTION = -1.0
W_SIBLING_INTERTITLE = -2.5
# An intertitle cast in the mould of another of the same run (`“一辆车”划清公与私` / `“一栋楼”解码亲与清`):
# 23 of 323 pairs of one article's intertitles on seven tuning days, none of 384 pairs of headlines of
# one page and none of a headline with another article's intertitle.
W_TEMPLATE_SIBLING = -4.0
W_PULL_QUOTE = -4.0
W_LARGE_TYPE = 4.0  # layout input: a line of the group in headline type
# layout input: half as large again as the body: no intertitle is set so (they are the body's size,
# bold, perhaps a point larger), so no other evidence outweighs it but a pull quote's
DISPLAY_TYPE = 1.5
W_DISPLAY_TYPE = 8.0
W_BODY_TYPE = -5.0  # layout input: every line in (about) the body's type: an intertitle
COHESION_PIVOT = 0.2  # cohesion across a group, relative to the page's typical, saying nothing either way
COHESION_SCALE = 0.05  # relative cohesion per unit of evidence
COHESION_FLOOR = 0.03  # the least typical cohesion a page is taken to have
COHESION_CAP = 3.5


@dataclass(slots=True)
class Evidence:
    """The named evidence about one display group (positive: headline; negative: intertitle)."""

    items: dict[str, float]

    @property
    def score(self) -> float:
        return sum(self.items.values())

    @property
    def headline(self) -> bool:
        return self.score > 0


def _groups(blocks: list[Block]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "display":
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind == "display":
            j += 1
        out.append((i, j))
        i = j
    return out


def _neighbour(blocks: list[Block], k: int, step: int) -> Block | None:
    """The nearest block from k in direction `step`, skipping captions, credits and page headers."""
    while 0 <= k < len(blocks):
        b = blocks[k]
        if b.kind in _TRANSPARENT or (
            b.kind == "furniture" and b.furniture and b.furniture.kind in ("header", "footer")
        ):
            k += step
            continue
        return b
    return None


def _furniture_above(blocks: list[Block], start: int) -> tuple[int, Furniture | None]:
    """The block just above the group (past captions) and its furniture, if it is page furniture."""
    k = start - 1
    while k >= 0 and blocks[k].kind in _TRANSPARENT:
        k -= 1
    return k, blocks[k].furniture if k >= 0 and blocks[k].kind == "furniture" else None


def _under_page_furniture(blocks: list[Block], start: int) -> bool:
    """A page's header or footer lines stand just before the group (past captions): a page starts
    there (a compilation of pages read as one text), whatever text the page before ended with."""
    _, f = _furniture_above(blocks, start)
    return f is not None and f.kind in ("header", "footer")


def _after_closing_source_line(blocks: list[Block], start: int) -> bool:
    """A source line (`《人民日报》（…第 03 版）`) printed under body text stands just before the
    group (past captions), or a note of where the report was filed ends the body there
    (`（本报渥太华电）（3）`, on a line of its own or run on after the last sentence): it closed the
    article before, so an article starts here. (Under a byline a source line belongs to the
    article it heads, unless the byline is in brackets and closes a body.) An author's note
    (`（作者为…）`) says less: a headline printed after its body may follow it."""
    k, f = _furniture_above(blocks, start)
    if f is None:
        before = _neighbour(blocks, start - 1, -1)
        return before is not None and before.kind == "body" and filed_note(before.text)
    if f.kind != "source":
        return False
    before = _neighbour(blocks, k - 1, -1)
    if before is not None and before.kind == "byline" and _in_brackets(before):
        return _ends_body(blocks, k - 1)  # `（尚嵘峥）` closing the body, the source line under it
    return before is not None and before.kind == "body"


_RUN_ON_NAMES_RE = re.compile(r"[。！？!?”」]\s*([（(][^（）()]{2,16}[）)])\s*$")


def closing_names(text: str) -> bool:
    """A paragraph closed by its reporters' names in brackets, run on after its last sentence
    (`…处于领先水平。（王比学）`): a brief's byline, which ends the article."""
    found = _RUN_ON_NAMES_RE.search(text)
    return found is not None and parse_bare_names(found.group(1)) is not None


def _ends_body(blocks: list[Block], k: int) -> bool:
    """The byline before the group (at k or before it, past captions) follows body text: it ends
    the article before, and a headline may come next."""
    while k >= 0 and blocks[k].kind in _TRANSPARENT:
        k -= 1
    if k < 0 or blocks[k].kind not in ("byline", "head"):
        return False
    before = _neighbour(blocks, k - 1, -1)
    return before is not None and before.kind == "body" and blocks[k].kind == "byline"


def _in_brackets(block: Block) -> bool:
    """A byline printed whole in brackets (`（赵楠）`, `（记者 张三）`): the form that closes a report."""
    text = "".join(ln.text for ln in block.lines).replace(" ", "")
    return text[:1] in "（(" and text[-1:] in "）)"


def _window_blocks(blocks: list[Block], k: int, step: int, size: int = _WINDOW) -> list[Block]:
    """The body blocks from k in direction `step`, up to `size` characters or the first block
    that is not body text."""
    got: list[Block] = []
    chars = 0
    while 0 <= k < len(blocks) and chars < size:
        b = blocks[k]
        if b.kind in _TRANSPARENT:
            k += step
            continue
        if b.kind != "body":
            break
        got.append(b)
        chars += len(b.text)
        k += step
    return got


def _bag(got: list[Block]) -> set[str]:
    bag: set[str] = set()
    for b in got:
        bag |= bigram_set(b.text)
    return bag


def _window(blocks: list[Block], k: int, step: int, size: int = _WINDOW) -> set[str]:
    """Bigrams of the body text from k in direction `step` (see `_window_blocks`)."""
    return _bag(_window_blocks(blocks, k, step, size))


class PageWords:
    """The page's word statistics, computed on first use: only groups the other evidence leaves
    open need them, and many pages have none."""

    def __init__(self, blocks: list[Block]) -> None:
        self._blocks = blocks
        self._vocab: Vocabulary | None = None
        self._typical: float | None = None
        self._body_text: str | None = None

    @property
    def vocab(self) -> Vocabulary:
        if self._vocab is None:
            self._vocab = Vocabulary(bigram_set(b.text) for b in self._blocks if b.kind == "body")
        return self._vocab

    @property
    def body_text(self) -> str:
        """The page's body paragraphs, without spaces."""
        if self._body_text is None:
            self._body_text = "\n".join("".join(b.text.split()) for b in self._blocks if b.kind == "body")
        return self._body_text

    @property
    def typical(self) -> float:
        if self._typical is None:
            self._typical = page_cohesion(self._blocks, self.vocab)
        return self._typical


def group_evidence(blocks: list[Block], start: int, end: int, words: PageWords) -> Evidence:
    """Evidence that blocks[start:end] (display blocks) are a headline stack rather than intertitles."""
    group = blocks[start:end]
    items: dict[str, float] = {}
    after = _neighbour(blocks, end, 1)
    before = _neighbour(blocks, start - 1, -1)
    if after is not None and after.kind in ("byline", "head"):
        items["followed_by_byline"] = W_FOLLOWED_BY_BYLINE
    if before is not None and before.kind in ("byline", "head"):
        if not _ends_body(blocks, start - 1):
            items["under_byline"] = W_UNDER_BYLINE
        elif before.kind == "byline" and _in_brackets(before):
            items["after_closing_byline"] = W_AFTER_CLOSING_BYLINE
    elif before is not None and before.kind == "body" and ending_note(before.text):
        items["after_closing_note"] = W_AFTER_CLOSING_BYLINE  # `（作者为…）`, `（本文由…编辑）`: the article ended
    elif before is not None and before.kind == "body" and closing_names(before.text):
        items["after_closing_names"] = W_AFTER_CLOSING_BYLINE
    if start > 0 and blocks[start - 1].kind in _TRANSPARENT and before is not None and before.kind == "body":
        items["under_caption"] = W_UNDER_CAPTION
    if (
        before is None
        or (before.kind == "furniture" and before.furniture and before.furniture.kind == "marker")
        or _under_page_furniture(blocks, start)
    ):
        items["page_start"] = W_PAGE_EDGE
    elif _after_closing_source_line(blocks, start):
        items["after_source_line"] = W_PAGE_EDGE
    if after is None or (after.kind == "furniture" and after.furniture and after.furniture.kind != "marker"):
        items["page_end"] = W_PAGE_EDGE
    elif after.kind == "display":
        items["run_end"] = W_RUN_EDGE  # only another headline follows (past a caption): nothing to be inside of
    if before is not None and before.kind == "display":
        items["run_start"] = W_RUN_EDGE
    texts = [b.text for b in group]
    if any(_NUMBERED_RE.match(t) for t in texts):
        items["numbered"] = W_NUMBERED
    if len(group) == 1:
        only = group[0]
        if len(only.lines) == 1 and not only.wide:
            n = len(only.text)
            if n <= _SHORT_LINE or (only.lines[0].justified and n <= 10):
                items["short_line"] = W_SHORT_LINE
        if only.text.endswith(("——", "—", "：", ":")):
            items["lead_in"] = W_LEAD_IN  # a kicker's ending with no headline under it: a lead-in line
        if _SPEAKER_QUESTION_RE.match(only.text):
            items["speaker_question"] = W_SPEAKER
        elif only.text.endswith(("？", "?")):
            items["question"] = W_QUESTION
        clauses = len(_CLAUSE_INSIDE_RE.findall(_COLUMN_TAG_RE.sub("", only.text)))
        if clauses:
            items["running_text"] = W_RUNNING_TEXT * min(clauses, 3)
    if any(SUBTITLE_RE.match(t) for t in texts[1:]):
        items["subtitle_below"] = W_SUBTITLE_BELOW
    if any(_COLUMN_TAG_RE.search(t) for t in texts) or (len(texts) >= 2 and _COLUMN_TAG_RE.search("".join(texts))):
        items["column_tag"] = W_COLUMN_TAG
    if len(group) >= 2 and not _wrapped_at_the_measure(group):
        items["multi_line"] = W_MULTI_LINE
    if len(group) >= 2:
        kicker_ends = [t for t in texts[:-1] if _KICKER_END_RE.search(t)]
        if any(t.endswith(("：", ":")) for t in kicker_ends):
            items["kicker_above"] = W_KICKER_COLON
            if _place_lead_in(texts[0]):
                items["place_lead_in"] = W_PLACE_LEAD_IN
        elif any(not t.endswith(("——", "—")) for t in kicker_ends):
            items["kicker_above"] = W_KICKER_ABOVE
        elif kicker_ends:
            items["kicker_above"] = W_KICKER_DASH  # intertitles come in pairs ending so too
    if _narrow_wrap(group):
        items["narrow_wrap"] = W_NARROW_WRAP
    if _pull_quote(texts, words):
        items["pull_quote"] = W_PULL_QUOTE  # printed wide and large like a headline: its width says nothing
    elif any(b.wide for b in group):
        items["wider_than_column"] = W_WIDER_THAN_COLUMN  # body text never runs past its column
    if any(_PHRASE_GAP_RE.search(p) for b in group for p in b.pieces if not b.lines[0].justified):
        items["phrase_gap"] = W_PHRASE_GAP
    _type_evidence(group, items)
    _word_evidence(blocks, start, end, words, items)
    return Evidence(items)


_GRID_LINES = 3


def _in_grid(lines: list[str], i: int) -> bool:
    """Lines i and i+1 lie in a run of at least three lines of exactly one length: a headline
    wrapped to its measure (`“家国情，每个人心中的` / `乡”主题感读暨《乡愈》` / `第二次印刷出版座谈会举`
    / `办`); a kicker and a headline of one length are two lines, not three."""
    sizes = [len(x.replace(" ", "")) for x in lines]
    if sizes[i] != sizes[i + 1]:
        return False
    lo, hi = i, i + 1
    while lo > 0 and sizes[lo - 1] == sizes[i]:
        lo -= 1
    while hi + 1 < len(sizes) and sizes[hi + 1] == sizes[i]:
        hi += 1
    return hi - lo + 1 >= _GRID_LINES


def _wrapped_at_the_measure(group: list[Block]) -> bool:
    """Lines of one phrase wrapped where the column ends, as an intertitle runs in its column
    (`扎根一线：向下深耕，在广` / `袤大地书写无悔青春`): every line but the last as wide as the body's
    lines and ending on a character or a comma. More lines than one say nothing of a headline."""
    lines = [ln for b in group for ln in b.lines]
    W = max((b.width for b in group), default=0.0)
    return (
        len(lines) >= 2
        and W > 0
        and all(x.width >= W - 0.5 for x in lines[:-1])
        and all(_is_han(x.text.rstrip()[-1:]) or x.text.rstrip()[-1:] in "，、" for x in lines[:-1])
        and _is_han(lines[1].text.lstrip()[:1])
    )


def _narrow_wrap(group: list[Block]) -> bool:
    """A line of the group wraps its last character or two onto the next line (`丰富表达彰显汉语魅` /
    `力`) well short of the body's column: it is set in a headline's own narrower measure, where an
    intertitle would run on in the column."""
    lines = [ln for b in group for ln in b.lines]
    W = max((b.width for b in group), default=0.0)
    return W > 0 and any(
        a.width <= W - 4 and len(line_core(b.text).strip()) <= 2 and not KICKER_TAIL_RE.search(a.text)
        for a, b in itertools.pairwise(lines)
    )


def _type_evidence(group: list[Block], items: dict[str, float]) -> None:
    """Type sizes, where a layout file gives them: a headline stack has its title in large type;
    an intertitle is printed about the size of the body (bold, perhaps a point larger)."""
    hints = [ln.hint for b in group for ln in b.lines]
    if not hints or any(h is None for h in hints):
        return
    top = max(h.size for h in hints if h is not None)
    if top >= DISPLAY_TYPE and "pull_quote" not in items:
        items["display_type"] = W_DISPLAY_TYPE
    elif top >= LARGE_TYPE:
        items["large_type"] = W_LARGE_TYPE
    elif top < BODY_TYPE:
        items["body_type"] = W_BODY_TYPE


_PULL_QUOTE_MIN = 16  # characters: shorter phrases (a headline's) may well recur in a body


def _pull_quote(texts: list[str], words: PageWords, clause_end: bool = False) -> bool:
    """A sentence of the body printed again, large, as a pull quote (`市民为城市而“战”，没有商业炒作，
    …`): clauses that the body prints word for word (with `clause_end`, ending where a clause of
    the body ends: a headline that the lede repeats runs on into the lede's next words)."""
    text = "".join("".join(t.split()) for t in texts).rstrip("。")
    if len(text) < _PULL_QUOTE_MIN or not _CLAUSE_INSIDE_RE.search(text):
        return False
    body = words.body_text
    if text.endswith("”") and any(text[:-1] + end in body for end in ("。”", "！”", "？”")):
        return True  # a quotation printed large without the stop it has in the body
    if not clause_end:
        return text in body
    at = body.find(text)
    while at >= 0:
        end = at + len(text)
        if end == len(body) or body[end] in _CLAUSE_EDGE:
            return True
        at = body.find(text, at + 1)
    return False


def _word_evidence(blocks: list[Block], start: int, end: int, words: PageWords, items: dict[str, float]) -> None:
    """The columns and the words on both sides of a group inside one run of body text. The words
    are weighed only when the other evidence leaves the decision open: they are the costly part."""
    left_blocks = _window_blocks(blocks, start - 1, -1)
    right_blocks = _window_blocks(blocks, end, 1)
    if not (left_blocks and right_blocks):
        return
    a, b = left_blocks[0], right_blocks[0]
    if a.width and b.width and abs(a.width - b.width) >= 2:
        items["width_change"] = W_WIDTH_CHANGE
    score = sum(items.values())
    if score > COHESION_CAP or score <= -(COHESION_CAP + W_MATCHES_ABOVE):
        return  # the words could not turn the decision: cohesion moves it by COHESION_CAP at most
    vocab = words.vocab
    relative = vocab.cohesion(_bag(left_blocks), _bag(right_blocks)) / max(words.typical, COHESION_FLOOR)
    items["cohesion"] = max(-COHESION_CAP, min(COHESION_CAP, (COHESION_PIVOT - relative) / COHESION_SCALE))
    score = sum(items.values())
    if not -W_MATCHES_ONLY_ABOVE < score <= 0:
        return  # the words of the group could not turn the decision any more
    text = "".join(x.text for x in blocks[start:end])
    above = vocab.similarity(text, _window(blocks, start - 1, -1, _SIDE))
    if above < MATCH_MARGIN:
        return  # no margin over what is below (similarities are >= 0): that window need not be read
    below = vocab.similarity(text, _window(blocks, end, 1, _SIDE))
    if above - below >= MATCH_MARGIN and below <= ONLY_ABOVE and text.count("“") == text.count("”"):
        # an intertitle's words come back in the section it heads; a headline printed under its
        # article's body shares none with the next article: that outweighs any cohesion. (Not a
        # quotation left open: a paragraph's first line, `“新修订的…` / `…的关注，…。”孙晋表示`.)
        items["matches_only_above"] = W_MATCHES_ONLY_ABOVE
    elif above - below >= MATCH_MARGIN and score > -W_MATCHES_ABOVE:
        items["matches_above"] = W_MATCHES_ABOVE  # the headline of the article it closes


def page_cohesion(blocks: list[Block], vocab: Vocabulary) -> float:
    """The median cohesion across the boundaries between consecutive body paragraphs of the page:
    how much one article's neighbouring stretches share on this page (most such boundaries are
    inside an article)."""
    bounds = [k for k in range(1, len(blocks)) if blocks[k].kind == "body" and blocks[k - 1].kind == "body"]
    step = max(1, len(bounds) // _TYPICAL_SAMPLE)
    values = []
    for k in bounds[::step]:
        left = _window(blocks, k - 1, -1)
        right = _window(blocks, k, 1)
        values.append(vocab.cohesion(left, right))
    values.sort()
    return values[len(values) // 2] if values else 0.0


def resolve_display_groups(blocks: list[Block]) -> None:
    """Turn intertitle groups into body paragraphs and institution lines under a headline into
    bylines; headline stacks stay ``display``. Modifies `blocks` in place."""
    _pull_quotes_to_body(blocks)
    _document_labels_to_body(blocks)
    _displays_matching_to_body(blocks, _SALUTATION_RE)  # a speech's salutation: its first paragraph
    _displays_matching_to_body(blocks, _PHOTO_REPORT_RE)  # a photo report's credit: its last paragraph
    _attributions_to_body(blocks)
    _section_numbers_to_body(blocks)
    _echoed_labels_to_body(blocks)
    _ending_notes_to_body(blocks)
    groups = _groups(blocks)
    if not groups:
        return
    words = PageWords(blocks)
    heads: list[tuple[int, int, Evidence]] = []
    for start, end in groups:
        ev = group_evidence(blocks, start, end, words)
        if not ev.headline:
            for b in blocks[start:end]:
                b.kind = "body"
            continue
        heads.append((start, end, ev))
    weak = {start for start, end, ev in heads if ev.score < WEAK_HEADLINE and _plain_phrase(blocks[start:end])}
    plain = {start for start, end in groups if blocks[start].kind == "body" and _plain_phrase(blocks[start:end])}
    weak_siblings = {  # before any turns body
        start
        for start, end, _ev in heads
        if start in weak and _weak_sibling(blocks, start, weak, plain) and _sections_cohere(blocks, start, end, words)
    }
    opening: list[tuple[int, int, Evidence]] = []
    for start, end, ev in heads:
        if ev.score < WEAK_HEADLINE and _under_a_short_opening(blocks, start):
            ev.items["short_opening_above"] = W_SHORT_OPENING
            if not ev.headline:
                for b in blocks[start:end]:
                    b.kind = "body"
                continue
        opening.append((start, end, ev))
    heads = opening
    # a group that turns body may be the sibling that settles another: judge again until none turns
    changed = True
    while changed:
        changed = False
        intertitle_forms = _intertitle_forms(blocks, groups)
        templates = _intertitle_shapes(blocks, groups, _template)
        still: list[tuple[int, int, Evidence]] = []
        for start, end, ev in heads:
            mould = _template(blocks[start:end])
            if (
                "template_sibling" not in ev.items
                and mould is not None
                and _sibling_in_run(blocks, start, end, mould, templates)
                and _turns_body(blocks, start, end, ev, "template_sibling", W_TEMPLATE_SIBLING)
            ):
                changed = True
                continue
            if (
                "sibling_intertitle" not in ev.items
                and _has_sibling(blocks, start, end, intertitle_forms, start in weak_siblings)
                and _turns_body(blocks, start, end, ev, "sibling_intertitle", W_SIBLING_INTERTITLE)
            ):
                changed = True
                continue
            still.append((start, end, ev))
        heads = still
    for start, end, _ev in heads:
        _institution_byline(blocks, start, end)
    # an intertitle wrapped at its column's measure is one paragraph (from the last: indices hold)
    for start, end in reversed(groups):
        group = blocks[start:end]
        if end - start >= 2 and all(b.kind == "body" for b in group) and _wrapped_at_the_measure(group):
            blocks[start:end] = [lines_block(group[0], "body", [ln for b in group for ln in b.lines])]


def _turns_body(blocks: list[Block], start: int, end: int, ev: Evidence, item: str, weight: float) -> bool:
    """Weigh one more item of evidence; where the group is then no headline, its blocks turn
    body text and True is returned."""
    ev.items[item] = weight
    if ev.headline:
        return False
    for b in blocks[start:end]:
        b.kind = "body"
    return True


W_SHORT_OPENING = -2.0
SHORT_OPENING = 80  # characters: an article's body before a weak headline that cannot be all of it


def _under_a_short_opening(blocks: list[Block], start: int) -> bool:
    """The body text between an article's opening (its headline, byline or dateline) and this group
    is a line or two (`（一）` / `百年变局之下，…是人间正道。`): no article ends that soon, so the
    group is an intertitle of the article going on."""
    size = 0
    k = start - 1
    while k >= 0 and blocks[k].kind in ("body", "caption", "credit"):
        if blocks[k].kind == "body":
            size += len(blocks[k].text)
        k -= 1
    return size > 0 and size < SHORT_OPENING and k >= 0 and blocks[k].kind in ("display", "byline", "head")


def _has_sibling(
    blocks: list[Block], start: int, end: int, forms: dict[int, tuple[str, ...]], weak_sibling: bool
) -> bool:
    """The group is one of a run's intertitles: an intertitle of its form (or of its last line's,
    an intertitle under a higher one, or of its first line's, an intertitle over a paragraph's
    first line read as a headline's) stands in the same run, or it is a weak one-phrase headline
    next to another."""
    own = [_form(blocks[start:end])]
    if end - start >= 2:  # its last line (under a higher intertitle) or its first (over a paragraph's first line)
        own += [_form(blocks[end - 1 : end]), _form(blocks[start : start + 1])]
    return weak_sibling or any(f is not None and _sibling_in_run(blocks, start, end, f, forms) for f in own)


def _document_labels_to_body(blocks: list[Block]) -> None:
    """The name of a document quoted whole, set on its own line over it (`贺信` over `值此…`): the
    first line of the quotation in the body, never a line of the headline above it."""
    for k, b in enumerate(blocks):
        if _display_over_body(blocks, k, DOCUMENT_LABEL_RE):
            b.kind = "body"


def _display_over_body(blocks: list[Block], k: int, pattern: re.Pattern[str]) -> bool:
    """Block k is a display line that `pattern` matches (its spaces aside), with body text under it."""
    b = blocks[k]
    return (
        b.kind == "display"
        and pattern.match("".join(b.text.split())) is not None
        and k + 1 < len(blocks)
        and blocks[k + 1].kind == "body"
    )


def _echoed_labels_to_body(blocks: list[Block]) -> None:
    """A word alone under a headline closed by its column tag, which the body under it opens with
    (`…（二十四节气二十四问）` / `小雪` / `小雪是二十四节气的…`), labels that body: its first
    paragraph, as the corpus keeps it, not the headline's last word."""
    for k in range(1, len(blocks) - 1):
        b, above, under = blocks[k], blocks[k - 1], blocks[k + 1]
        word = "".join(b.text.split())
        if (
            b.kind == "display"
            and len(b.lines) == 1
            and 2 <= len(word) <= 4
            and all(map(_is_han, word))
            and under.kind == "body"
            and under.text.startswith(word)
            and above.kind == "display"
            and ends_in_column_tag(above.text)
        ):
            b.kind = "body"


# A speech's or a letter's address to its audience (`青年朋友们，同学们，同志们：`, `各位代表：`)
_ADDRESSEE = r"(?:[\u4e00-\u9fff]{1,8}们|各位[\u4e00-\u9fff]{1,6}|亲爱的[\u4e00-\u9fff]{1,8})"
_SALUTATION_RE = re.compile(rf"^(?:{_ADDRESSEE}[，、,]?)+[：:]$")


# The credit that closes a photo report (`闻  昭  施  芳摄影报道`): its last line, never a headline.
_PHOTO_REPORT_RE = re.compile(r"^[\u4e00-\u9fff、]{2,16}摄影报道$")


def _attributions_to_body(blocks: list[Block]) -> None:
    """A dashed line alone under a paragraph that ended its sentence (`——中车株洲所党委书记、董事长
    李东林代表`, under the words it attributes; `——编者` under an editor's note) signs what is above
    it; a subtitle stands under its headline, never right under body text."""
    for k in range(1, len(blocks)):
        if signs_the_sentence_above(blocks, k):
            blocks[k].kind = "body"


def photo_report_credit(text: str) -> bool:
    """`text` is the credit that closes a photo report (`朱佩娴  霍亚平摄影报道`)."""
    return _PHOTO_REPORT_RE.match("".join(text.split())) is not None


def _displays_matching_to_body(blocks: list[Block], pattern: re.Pattern[str]) -> None:
    """Display blocks that `pattern` matches (their spaces aside) are body text, never a headline."""
    for b in blocks:
        if b.kind == "display" and pattern.match("".join(b.text.split())):
            b.kind = "body"


_SECTION_NUMBER_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]$")


def _section_numbers_to_body(blocks: list[Block]) -> None:
    """A section's number alone on its line over body text (`（一）`, the first of a commentary's
    parts, under its headline and byline) numbers a section of the body, not the end of the
    headline above it: where a headline line stands right above it, only if that one is closed by
    its column tag (`…（人民观点）`; a series' number wrapped off its headline stays with it)."""
    for k, b in enumerate(blocks):
        if _display_over_body(blocks, k, _SECTION_NUMBER_RE) and (
            k == 0 or blocks[k - 1].kind != "display" or ends_in_column_tag(blocks[k - 1].text)
        ):
            b.kind = "body"


_NOTE_LINES = 4  # display lines a note broken at its brackets may take


def _ending_notes_to_body(blocks: list[Block]) -> None:
    """A note that ends an article, broken into display lines by its brackets (`（作者为湖南省社会科学院`
    / `（湖南省人民政府发展研究中心）` / `研究员）`): one paragraph, the body's last, not a headline.
    The first of its blocks takes the others' lines."""
    k = 0
    while k < len(blocks):
        if blocks[k].kind != "display" or not blocks[k].text.lstrip().startswith(("（", "(")):
            k += 1
            continue
        end, text = k, ""
        while end < len(blocks) and blocks[end].kind == "display" and end - k < _NOTE_LINES:
            text += blocks[end].text
            end += 1
            if ending_note(text):
                note = blocks[k]  # takes the others' lines, as the blocks module merges a block into another
                for b in blocks[k + 1 : end]:
                    note.lines = note.lines + b.lines
                    note.pieces = note.pieces + b.pieces
                note.kind, note.text = "body", join_lines(note.lines)
                del blocks[k + 1 : end]
                break
        k += 1


def _pull_quotes_to_body(blocks: list[Block]) -> None:
    """A display block that repeats a sentence of the body word for word is a pull quote, even
    where it stands next to a headline (the group's other lines are judged without it); not over
    a dashed subtitle or a column tag alone, which only a headline has (`“城市不仅要有高度，更要有
    温度”` / `——习近平总书记…`, a saying the article quotes, printed as its headline)."""
    if not any(b.kind == "display" for b in blocks):
        return
    words = PageWords(blocks)
    for k, b in enumerate(blocks):
        if b.kind == "display" and _pull_quote([b.text], words, clause_end=True) and not _over_subtitle(blocks, k):
            b.kind = "body"


def _over_subtitle(blocks: list[Block], k: int) -> bool:
    """The display block after block k opens with a subtitle's dash or is a column tag alone
    (`“选择了当警察，就是选择了奉献”` / `（权威发布）`): what only a headline has under it."""
    if k + 1 >= len(blocks) or blocks[k + 1].kind != "display":
        return False
    text = "".join(blocks[k + 1].text.split())
    return SUBTITLE_RE.match(text) is not None or _COLUMN_TAG_RE.fullmatch(text) is not None


def _form(group: list[Block]) -> tuple[str, ...] | None:
    """The shape of a group with a kicker's ending (`教育科技人才一起抓——` over `合力打造高水平人才高地`,
    or a lone `强化政策引领，开辟产业发展“新航道”——`): the ending of each line but the last of two or
    more, or of the only one."""
    heads = group[:-1] if len(group) >= 2 else group
    ends = tuple(next((e for e in ("——", "—", "：", ":") if b.text.endswith(e)), "") for b in heads)
    if any(ends):
        return (str(len(group)), *ends)
    if len(group) == 1 and _clause_pair(group[0].text):
        return ("1", "，")
    if len(group) == 1 and _NAMED_PHRASE_RE.match("".join(group[0].text.split())):
        return ("1", "名：")
    return None


# `摘星楼：新地标重塑景区格局`: a thing's name, a colon, what it does; an article's intertitles in a run
_NAMED_PHRASE_RE = re.compile(r"^[^：:，。；！？（）()]{2,10}[：:][^：:。；！？（）()]{4,24}$")


def _clause_pair(text: str) -> bool:
    """Two clauses parted by a comma, with no closing mark and no column tag (`让创新起主导作用，孕育
    文化产业新的增长点`): the shape a commentary gives all of its intertitles."""
    t = "".join(text.split())
    return (
        t.count("，") == 1
        and not t.endswith("，")
        and not ends_sentence(t, strong=False)
        and not _COLUMN_TAG_RE.search(t)
    )


def _intertitle_forms(blocks: list[Block], groups: list[tuple[int, int]]) -> dict[int, tuple[str, ...]]:
    """The form (`_form`) of every group already judged an intertitle, and of every short one-line
    paragraph that ends no sentence (an intertitle the paragraphs stage kept in the body), by its
    first block's index."""
    return _intertitle_shapes(blocks, groups, _form)


_Shape = TypeVar("_Shape")


def _intertitle_shapes(
    blocks: list[Block], groups: list[tuple[int, int]], shape: Callable[[list[Block]], _Shape | None]
) -> dict[int, _Shape]:
    """`shape` of every group already judged an intertitle and of every one-line paragraph short
    enough for one that ends no sentence, by its first block's index (where it has one)."""
    out: dict[int, _Shape] = {}
    for start, end in groups:
        if blocks[start].kind == "body" and (found := shape(blocks[start:end])) is not None:
            out[start] = found
    for k, b in enumerate(blocks):
        if k in out or b.kind != "body" or len(b.lines) != 1 or len(b.text) > _INTERTITLE_MAX:
            continue
        if not ends_sentence(b.text, strong=False) and (found := shape([b])) is not None:
            out[k] = found
    return out


_INTERTITLE_MAX = 30  # characters: the longest one-line paragraph looked at as an intertitle


def _template(group: list[Block]) -> tuple[object, ...] | None:
    """The mould of a one-line group: its length and each mark of punctuation with its place
    (`“一辆车”划清公与私`: 10, `“` at 0, `”` at 4). None for a group of more lines, one without a
    mark inside, or one closed by a column tag, which headlines share."""
    if len(group) != 1 or len(group[0].lines) != 1:
        return None
    t = "".join(group[0].text.split())
    marks = tuple((k, ch) for k, ch in enumerate(t) if _is_punct(ch))
    if len(t) < 6 or not any(k < len(t) - 1 for k, _ in marks) or _COLUMN_TAG_RE.search(t):
        return None
    return (len(t), *marks)


def _sibling_in_run(
    blocks: list[Block], start: int, end: int, form: tuple[object, ...], forms: Mapping[int, tuple[object, ...]]
) -> bool:
    """An intertitle of the same form stands in the same run of body text (no headline, byline or
    page furniture between): one article's intertitles share their form, so this group is another."""
    for k, step in ((start - 1, -1), (end, 1)):
        while 0 <= k < len(blocks) and blocks[k].kind in ("body", "caption", "credit"):
            if forms.get(k) == form:
                return True
            k += step
    return False


WEAK_HEADLINE = 2.0  # a group taken for a headline on less evidence than this is a weak one


def _plain_phrase(group: list[Block]) -> bool:
    """One phrase (on a line, or wrapped onto a second): no punctuation at its end, no column tag,
    no clause inside."""
    if len(group) != 1 or len(group[0].lines) > 2:
        return False
    t = "".join(group[0].text.split())
    return 6 <= len(t) <= 24 and t[-1].isalnum() and not _COLUMN_TAG_RE.search(t) and "，" not in t


SECTIONS_COHERE = 0.5  # cohesion of the whole text on both sides of a group, relative to the page's typical
_WHOLE_RUN = 1 << 62  # characters: a `_window` that takes a run of body text whole


def _sections_cohere(blocks: list[Block], start: int, end: int, words: PageWords) -> bool:
    """The whole run of body text above the group and the whole run below share words as an
    article's stretches do: sections of one article under its intertitles, not two reports that
    a weak headline parts (`沙特告别预算赤字` between a report from Belgrade and one from Xinjiang),
    whose words the short windows of `cohesion` could not tell apart."""
    above = _window(blocks, start - 1, -1, _WHOLE_RUN)
    below = _window(blocks, end, 1, _WHOLE_RUN)
    relative = words.vocab.cohesion(above, below) / max(words.typical, COHESION_FLOOR)
    return relative >= SECTIONS_COHERE


def _weak_sibling(blocks: list[Block], start: int, weak: set[int], plain: set[int]) -> bool:
    """Another weak one-phrase headline, or a one-phrase line already judged an intertitle, stands
    in the same run of body text (no byline, dateline, other headline or furniture between): a
    series of such lines is one article's intertitles, each of which the words alone made look
    like a headline."""
    for k, step in ((start - 1, -1), (start + 1, 1)):
        while 0 <= k < len(blocks) and blocks[k].kind in ("body", "caption", "credit"):
            if k in plain:
                return True
            k += step
        if k in weak:
            return True
    return False


def _institution_byline(blocks: list[Block], start: int, end: int) -> None:
    """The last line of a headline stack that names an institution (`中共中央党史和文献研究院`) is the
    article's byline, printed under the headline. Alone, such a line is a byline too when the
    institution is one that writes (a research institute, an editorial office, a survey team): no
    headline is only such a name, and an article printing its headline after its body has its
    byline over the body."""
    last = blocks[end - 1]
    if end - start < 2 and (len(last.lines) > 1 or writing_body(last.text) is None):
        return
    name = collective_byline(last.text)
    if name is not None:
        last.kind = "byline"
        last.byline = name


# ------------------------------------------------------------------------------ stack → fields

_OPENERS = "（(“‘「『《"
_CLOSERS_OF = {"（": "）", "(": ")", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}

# Evidence that the break after a stack line parts two fields (log-odds; < 0: the line wraps on).
B_KICKER_TAIL = 3.0
B_KICKER_VERB = 1.5
B_SUBTITLE_NEXT = 3.0
B_TAG_END = 1.0
B_UNCLOSED = -4.0
B_WORD_GOES_ON = -2.5
B_WORD_MAYBE = -0.5
B_PUNCT_BREAK = 0.7
B_OPENS_QUOTE = 1.0
B_QUOTED_IN_BODY = 1.5
B_CLAUSE_OF_BODY = 2.5
B_LONGER_NEXT = 1.3
B_WRAP_SHAPE = -0.6
B_GRID = -1.5  # inside a run of three or more lines of one length: one field set to a measure
B_PARALLEL = -0.8
B_VERB_PAIR = -2.0  # two halves of a headline, each opening with a verb (`_verb_pair`)
B_WIDER_THAN_NEXT_FIELD = 2.0
B_TAG_LINE = -3.0
# A document printed whole is dated on a line of its own under its headline (`中共中央关于加强新时代
# 审判工作的意见` / `（2025年2月8日）`): 人民日报 sets the date as the headline's subtitle, where a
# column tag alone on a line closes its headline. Under a dashed subtitle the date is that subtitle's
# (`——在…大会上的致词` / `（2025年7月2日）`).
B_DATE_LINE = 3.0
_DATE_LINE_RE = re.compile(r"^[（(]\d{4}年\d{1,2}月(?:\d{1,2}日)?[^（）()]{0,12}[）)]$")
B_COMMA_END = -2.5
B_GAP_BELOW = 1.0
B_TINY_FIELD = -2.0
B_FUNCTION_WORD_END = -2.0
# a line ending in a word that binds to what follows (a modifier's 的, a conjunction, a preposition)
# ends no kicker: the field goes on over the break
# and a word that wants its complement, which no headline, kicker or subtitle ends with (0 of the 173
# fields of the tuning days, 0 of 233 Sogou and PKU headlines): `2025年我国康养市场规模预计` / `达9.5万亿元`
# (`向` ends a noun too: `…为主攻方向`, `导向`, `动向`, the one field of 299 on seven days that ended so)
_FUNCTION_WORD_END_RE = re.compile(
    r"[\u4e00-\u9fff](?:的|和|与|及|同|对|把|将|在|从|(?<![方导趋动取意去风志纵横])向|被|以|为了"
    r"|预计|预期|有望|正在|已经|即将|进一步|同比|环比|超过|达到)$"
)
# What goes on with the subject of the line above (0 of the tuning days' 173 stack fields opens so)
_PREDICATE_START_RE = re.compile(r"^(?:预计|预期|同比|环比|达到|超过|已经|即将|有望|正在|[达超]\d)")
# A number broken over a narrow column's lines (`…连续10` / `年奔赴…`, `…连续` / `10年奔赴…`): the
# break is inside one field, whatever else the lines say. Figures with their unit or the word
# counting them are one phrase; no field of the tuning days ends before its own figure's unit.
B_SPLIT_NUMBER = -4.0
# A document's name broken over lines (`中共中央办公厅国务院办公厅关于进一步保障和改善民生` /
# `着力解决群众急难愁盼的意见`): `关于` opens it, the kind of document closes it, one field between.
B_DOCUMENT_NAME = -4.0
# A line opening with a province's name (`促进产业发展、结构优化` / `吉林提升养老服务水平`): 6 of 100
# headlines under a kicker open so on twelve tuning days, against 10 of 5,566 places inside a field.
B_PLACE_OPENS = 2.0
# A line naming who or where before a colon and going on (`山西忻州：坚持以文塑旅、以旅彰文`,
# `许国璋：以身许国全气节`, an institution's `江西司法警官职业学院：多措并` / `举…`) opens a headline: 8
# headlines of twelve tuning days; 6 of eleven later days' (2 with names of 9-12 characters), no
# kicker or subtitle. The headline goes on over the break under it.
B_NAMED_LEAD = -1.5
_NAMED_LEAD_RE = re.compile(r"^[^：:，。]{2,12}[：:][^：:]")
_DOCUMENT_END_RE = re.compile(
    r"(?:意见|通知|决定|办法|规定|条例|方案|规划|纲要|报告|公告|通告|批复|决议|细则|规则|指引|清单|目录)(?:[（(][^（）()]*[）)])?$"
)
_DIGITS = "0123456789０１２３４５６７８９"
_UNIT_START = "年月日天周个位名家项条次亿万千百元岁米倍户人件座所处台辆吨届场批类种余多%％"
_COUNTING_WORD_END_RE = re.compile(r"(?:连续|累计|共计|第|逾|近)$")


def splits_number(a: str, b: str) -> bool:
    """The break between lines `a` and `b` falls inside a figure: between digits, between a
    figure and its unit, or between a counting word and its figure."""
    last, first = a.rstrip()[-1:], b.lstrip()[:1]
    if not last or not first:
        return False
    if last in _DIGITS and (first in _DIGITS or first in _UNIT_START):
        return True
    return first in _DIGITS and bool(_COUNTING_WORD_END_RE.search(a.rstrip()))


B_PRIOR = -0.4  # a break is a wrap unless the lines say otherwise
P_FIELD = -0.4  # prior against each kicker or subtitle (fewer fields unless the lines say so)
P_SUBTITLE_NO_DASH = -0.8
P_DASH_IN_KICKER = -5.0
P_TITLE_DASH = -3.0
# A column tag `（一线见闻）` ends the headline: in 人民日报 of the tuning days 75 of 116 headlines
# end with one, none of 43 kickers and one of 14 subtitles (a date, after a dash).
P_TAG_OUTSIDE_TITLE = -5.0
# A headline's own words (without its column tag) are short: over 24 characters in 4 of 116
# headlines of the tuning days, against 32 of 43 kickers joined with their headline (odds of about
# 20 to 1, so the penalty outweighs two lines of one length, which a wrap would also give). Counted
# from the title's first line to the stack's end, so that a long stack is cut into kicker and
# headline, never into headline and an undashed subtitle on this evidence.
_LONG_TITLE_PENALTIES = ((28, -3.0), (24, -2.5))


def _title_length_prior(lines: list[str]) -> float:
    size = len(_core_text("".join(lines)))
    return next((penalty for longer_than, penalty in _LONG_TITLE_PENALTIES if size > longer_than), 0.0)


# How a subtitle of a report or a series ends (`…大会侧记`, `…一线观察`, `…的启示`, `…冷思考①`):
# 6 of 14 subtitles of the tuning days, no kicker (of 43) and no headline (of 116). A speech printed
# whole is named in its subtitle (`——在…大会上的讲话（2025年7月2日）`, the date a tag). An occasion
# written for (`——写在中国共产党成立一百零四周年之际`): 2 of 45 subtitles of twelve days, no kicker
# or headline.
_SUBTITLE_END_RE = re.compile(
    r"(?:侧记|观察|启示|纪实|综述|述评|札记|手记|调查|访谈|思考|讲话|致辞|致词|发言|演讲|贺词|之际|[①-⑳])$"
)
P_SUBTITLE_WORD = 2.0
# A leader named as attending or presiding, under a front page's headline (`蔡奇出席开幕会`, `李强
# 主持会议`): a subtitle without a dash, as 人民日报 prints it under a report of a meeting.
_ATTENDING = ("出席", "主持", "参加")
P_ATTENDED = 3.0  # outweighs the priors against an undashed subtitle and the break's
_ATTENDED_RE = re.compile(
    rf"^[\u4e00-\u9fff]{{2,3}}(?:、[\u4e00-\u9fff]{{2,3}})*(?:{'|'.join(_ATTENDING)})[\u4e00-\u9fff]{{0,8}}$"
)


def _subtitle_worded(lines: list[str]) -> bool:
    return bool(lines) and bool(_SUBTITLE_END_RE.search(_core_text("".join(lines))))


def _core_text(text: str) -> str:
    return _COLUMN_TAG_RE.sub("", text.replace(" ", ""))


_DATE_TAG_RE = re.compile(r"[（(]\s*\d{4}\s*年[^（）()]*[）)]$")  # (justified lines space it out)


def ends_in_column_tag(text: str) -> bool:
    """The text ends with a column tag (`…（人民时评）`; not a date in brackets)."""
    return bool(_COLUMN_TAG_RE.search(text)) and not _DATE_TAG_RE.search(text)


def _unclosed_at_end(text: str) -> bool:
    depth: list[str] = []
    for ch in text:
        if ch in _CLOSERS_OF:
            depth.append(_CLOSERS_OF[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
    return bool(depth)


def line_core(text: str) -> str:
    """A stack line without its column tag, or the start of one wrapped onto the next line."""
    cut = min((text.find(c) for c in "（(" if c in text), default=-1)
    return text[:cut] if cut > 0 else text


_PHRASE_MAX = 9  # characters: the longest phrase of a headline set as one of two parallel lines


def _parallel(a: str, b: str) -> bool:
    """Two short phrases of one headline set on two lines (`科技赋能送光明` / `“孤岛”灯亮暖民心`):
    about the same length, the first without a closing punctuation mark."""
    ca, cb = line_core(a), line_core(b)
    return (
        4 <= len(ca) <= _PHRASE_MAX
        and 4 <= len(cb) <= _PHRASE_MAX
        and abs(len(ca) - len(cb)) <= 3
        and ca[-1] not in "，。；：、——"
        and cb[-1] not in "，、,"  # a line ending with a comma goes on: no pair's end
    )


# Verbs that open each half of a two-part headline (`激发民间投资活力` / `促进民营经济高质量发展`,
# `加快迈向全面智能化` / `塑造能源电力生产力新质态`: 塑造 to 培养 added from the winter days, where
# titles run so and no kicker of 28 days does); a
# kicker opens with who or where (`辽宁沈阳…`, `两部门…`), not with one of these.
_HEADLINE_VERB_PAIRS = (
    "激发促进推动加快加强强化深化坚持服务守护共建弘扬保护持续深入提升完善优化打造构建推进落实筑牢夯实守好下好"
    "用好做好答好走好织密擦亮激活释放培育壮大助力赋能引领凝聚汇聚厚植锚定聚焦书写奋进创造坚定开创谱写共绘携手"
    "激扬点亮守住筑就绘就跑出扛起担起塑造实现扎实增强提高健全巩固拓展把握坚守维护统筹培养"
)
_HEADLINE_VERBS = frozenset(_HEADLINE_VERB_PAIRS[k : k + 2] for k in range(0, len(_HEADLINE_VERB_PAIRS), 2))


# Adverbs set before a headline half's verb (`积极推动高效能治理` / `更好促进高水平安全和高质量发展`)
_VERB_ADVERBS = frozenset(("积极", "更好", "全面", "切实", "大力", "着力", "不断", "奋力", "合力", "共同"))


def _past_adverb(core: str) -> str:
    """The line's words from its verb on, past one adverb before it."""
    return core[2:] if core[:2] in _VERB_ADVERBS and core[2:4] in _HEADLINE_VERBS else core


def _verb_pair(a: str, b: str) -> bool:
    """Two halves of one headline, each opening with a verb of `_HEADLINE_VERBS`, set on two lines
    (`激发民间投资活力` / `促进民营经济高质量发展（…）`): however unequal their lengths, one field. Not
    where the first line holds two halves itself, a verb opening its second half (`推动保护创新强化科技
    赋能`, a kicker over `保护好、传承好、弘扬好长江文化`; a verb inside one phrase, `深入贯彻落实…`, is
    no half), or either line a punctuation mark."""
    ca, cb = _past_adverb(line_core(a).strip()), _past_adverb(line_core(b).strip())
    return (
        ca[:2] in _HEADLINE_VERBS
        and cb[:2] in _HEADLINE_VERBS
        and 4 <= len(ca) <= 14
        and 4 <= len(cb) <= 14
        and _PHRASE_GAP_RE.search(ca) is None
        and _PHRASE_GAP_RE.search(cb) is None
        and ANY_PUNCT_RE.search(ca) is None
        and ANY_PUNCT_RE.search(cb) is None
        and not any(ca[k : k + 2] in _HEADLINE_VERBS and abs(2 * k - len(ca)) <= 2 for k in range(2, len(ca) - 1))
    )


def _wrapped_tail(lines: list[str], i: int) -> bool:
    """lines[i] is what a wider line above it wrapped onto (`天津大学星火支教队连续10年` /
    `奔赴四川珙县`), not the first of two phrases set as a pair with the next line: the line above
    is wider than the lines on both sides of it (a kicker in smaller type than its headline), and
    the next line is no balanced pair with it (`托起一老一小` / `稳稳的幸福` is one)."""
    if i < 1 or i + 1 >= len(lines) or _balanced_pair(lines[i], lines[i + 1]):
        return False
    above = _core_len(lines[i - 1])
    return above >= _core_len(lines[i]) + 4 and above >= _core_len(lines[i + 1]) + 3


def _core_len(line: str) -> int:
    """The characters of a line's core (`line_core`), spaces not counted."""
    return len(line_core(line).replace(" ", ""))


def _balanced_pair(a: str, b: str) -> bool:
    """Two parallel phrases of one headline set as a pair (`科技赋能送光明` / `“孤岛”灯亮暖民心`):
    as many ideographs each, give or take one, and no clause break inside. A line wrapped off a
    longer one (`奔赴四川珙县` / `为山里娃点亮求知梦`, `达9.5万亿元` / `康养旅居，“慢游”`) is no such pair."""
    ha, hb = (sum(map(_is_han, line_core(x))) for x in (a, b))
    return _parallel(a, b) and abs(ha - hb) <= 1 and not any(c in a + b for c in "，,；;")


def _dash_opens_subtitle(above: list[str], below: list[str]) -> bool:
    """A dash alone between the stack lines `above` and `below` opens a subtitle (see
    `_merge_dashes`)."""
    if not above or ends_in_column_tag("".join(above)) or _subtitle_worded(below):
        return True
    if _PHRASE_GAP_RE.search(above[-1]):
        return True  # a headline's two phrases set apart: 61 of 345 headlines, 4 of 100 kickers
    longer_below = len(_core_text("".join(below))) > len(_core_text("".join(above)))
    return longer_below and not ends_in_column_tag("".join(below))


def _merge_dashes(lines: list[str]) -> list[str]:
    """A kicker's closing dash wrapped onto a line of its own (`…刘子群` / `——`, `…刘子群—` / `—`)
    goes back to the kicker's line; a subtitle's leading dash set apart (after a headline ending
    with its column tag, perhaps wrapped over lines, or of two phrases set apart, or over a line
    worded as a subtitle: `（评论员观察）` / `——` / `人工智能热的冷思考①`, or over more words than
    stand above it) goes on to the subtitle's. Kickers and subtitles both outrun their headline (53
    of 57 kickers closed by a dash on 28 tuning days, 47 of 55 dashed subtitles): the dash goes
    with the longer side, unless a column tag closes what follows: the headline."""
    out: list[str] = []
    carry = ""
    for k, x in enumerate(lines):
        if re.fullmatch(r"[—－-]{1,2}", x):
            after = lines[k + 1] if k + 1 < len(lines) else ""
            if after and _dash_opens_subtitle(out, lines[k + 1 :]):
                carry = x
            elif out:
                out[-1] += x
            else:
                out.append(x)
            continue
        out.append(carry + x)
        carry = ""
    return out


_CLAUSE_EDGE = frozenset("，。；：！？、“”\n")


def _whole_clause(clause: str, body: str) -> bool:
    """`clause` stands in `body` set off by punctuation (or the body's ends) on both sides."""
    start = body.find(clause)
    while start >= 0:
        end = start + len(clause)
        if (start == 0 or body[start - 1] in _CLAUSE_EDGE) and (end == len(body) or body[end] in _CLAUSE_EDGE):
            return True
        start = body.find(clause, start + 1)
    return False


def break_evidence(lines: list[str], i: int, body: str) -> float:
    """Evidence that the break after lines[i] parts two fields of a stack (kicker | title |
    subtitle) rather than wrapping one of them onto the next line."""
    a, b = lines[i], lines[i + 1]
    score = B_PRIOR
    if _joining_dash(a, b):
        score += B_WORD_GOES_ON  # `广西—` / `埃塞俄比亚经贸合作交流会…`: one name joined to the next
    elif KICKER_TAIL_RE.search(a):
        score += B_KICKER_TAIL
    elif _KICKER_END_RE.search(a):
        score += B_KICKER_VERB
    if SUBTITLE_RE.match(b):
        score += B_SUBTITLE_NEXT
    if _COLUMN_TAG_RE.search(a):
        score += B_TAG_END
    if _unclosed_at_end("".join(lines[: i + 1])):
        score += B_UNCLOSED
    if _core_len(b) <= 2 and not KICKER_TAIL_RE.search(a):
        score += B_TINY_FIELD  # no kicker, headline or subtitle is one or two characters long
    if a[-1] in "，,、":
        score += B_COMMA_END  # no kicker, headline or subtitle ends with a comma
    elif _FUNCTION_WORD_END_RE.search(a):
        score += B_FUNCTION_WORD_END  # `当好新就业形态劳动者的` / `“娘家人”`: the phrase goes on
    elif _PREDICATE_START_RE.match(b):
        score += B_FUNCTION_WORD_END  # `2025年我国康养市场规模` / `预计达9.5万亿元`: its subject is above
    if splits_number(a, b):
        score += B_SPLIT_NUMBER
    if _inside_document_name(lines, i):
        score += B_DOCUMENT_NAME
    if _NAMED_LEAD_RE.match(a.replace(" ", "")) and not SUBTITLE_RE.match(b):
        score += B_NAMED_LEAD  # `江西：算好卫生健康“民生账”` / `擦亮百姓生活“幸福成色”`: one headline
    if _PLACE_START_RE.match(b.lstrip()) and _core_len(b) >= _FIELD_MIN and not _FUNCTION_WORD_END_RE.search(a):
        score += B_PLACE_OPENS  # (a place alone, `四川珙县`, is where the line above goes: `…奔赴`)
    if _PHRASE_GAP_RE.search(b) and not _PHRASE_GAP_RE.search(a) and not _parallel(a, b):
        if _one_more_phrase(a, b):
            score += B_PARALLEL  # `遵循规律` / `优化内容  加强交流`: one list of phrases, wrapped
        else:
            score += B_GAP_BELOW  # parallel phrases set apart: the headline's line
    if _DATE_LINE_RE.match(b.replace(" ", "")) and not any(SUBTITLE_RE.match(x) for x in lines[: i + 1]):
        score += B_DATE_LINE  # (and its headline, a document's name, is long: no prior on its length)
    elif b[:1] in "（(":
        score += B_TAG_LINE  # a column tag set on a line of its own follows its headline
    score += _body_word_evidence(a, b, body)
    ca, cb = line_core(a), line_core(b)
    la, lb = len(a.replace(" ", "")), len(b.replace(" ", ""))
    if _verb_pair(a, b):
        score += B_VERB_PAIR
    elif _parallel(a, b) and not _wrapped_tail(lines, i):
        score += B_PARALLEL
    elif lb > la + 2:
        score += B_LONGER_NEXT  # a line of one field is never wider than the full line before it
    elif abs(la - lb) <= 1:
        score += B_WRAP_SHAPE  # two full lines of one field
    if _in_grid(lines, i):
        score += B_GRID
    if i + 2 < len(lines) and _balanced_pair(b, lines[i + 2]) and len(ca) > len(cb) + 3:
        score += B_WIDER_THAN_NEXT_FIELD  # the next two lines are one field, set narrower
    return score


def _body_word_evidence(a: str, b: str, body: str) -> float:
    """What the article's body says of the break between stack lines `a` and `b`: a clause it
    prints whole ends a field, words it prints across the break go on, a phrase it quotes that the
    next line does not continue ends one; and the marks at the break (a quotation opening the next
    line starts a field)."""
    score = 0.0
    last, first = a[-1:], b[:1]
    ca_clean = clean_text(line_core(a))
    # (not where the body reads on across the break: `…就业能力提升` / `“双千”计划`, the body quoting
    # the whole headline, sets the first line off by the quote that opens the second)
    paired = _pair_in_body(ca_clean, b, body, _parallel(a, b))
    whole_clause = (
        len(ca_clean) >= 4 and _whole_clause(ca_clean, body) and not _runs_on_in_body(a, b, body) and not paired
    )
    if whole_clause:
        score += B_CLAUSE_OF_BODY  # a clause the body prints whole: a kicker, whatever follows
    elif _is_han(last) and _is_han(first):
        if (a[-2:] + first) in body or (last + b[:2]) in body:
            score += B_WORD_GOES_ON
        elif (last + first) in body:
            score += B_WORD_MAYBE
    elif (_is_punct(last) or _is_punct(first)) and _runs_on_in_body(a, b, body):
        score += B_WORD_GOES_ON  # `…主题感读暨《乡愈》` / `第二次印刷出版座谈会举办`: the body reads on across it
    elif (_is_punct(last) or _is_punct(first)) and not _parallel(a, b):
        score += B_PUNCT_BREAK
    if first in "“《「" and not _parallel(a, b):
        score += B_OPENS_QUOTE
    if (
        not whole_clause
        and not paired
        and len(ca_clean) >= 6
        and ca_clean in body
        and clean_text(a + b[:2]) not in body
    ):
        # a whole phrase the body repeats, which the next line does not continue (its first words:
        # a headline wrapped mid-word may end in other words than the body's, `举办` for `举行`)
        score += B_QUOTED_IN_BODY
    return score


def _one_more_phrase(a: str, b: str) -> bool:
    """Line `a` is a phrase as long as each of the phrases set apart on line `b` (`遵循规律` /
    `优化内容  加强交流`): the first of one list of parallel phrases, wrapped over two lines."""
    phrases = b.split()
    size = len(a.strip())
    return len(phrases) >= 2 and size <= _PHRASE_MAX and all(abs(len(p) - size) <= 1 for p in phrases)


def _joining_dash(a: str, b: str) -> bool:
    """Line `a` ends with a single dash after a name too short for a kicker's subject (`广西—`,
    `中国—`), and `b` goes on with words: the dash joins two names (`广西—埃塞俄比亚…`), where a
    kicker's closing dash is doubled and follows a subject of six characters or more."""
    t = a.replace(" ", "")
    return t.endswith("—") and not t.endswith("——") and len(t) - 1 < _FIELD_MIN and _is_han(b.lstrip()[:1])


def _inside_document_name(lines: list[str], i: int) -> bool:
    """The break after lines[i] falls inside a document's name: a line up to it opens the name
    with `关于`, none from there to the break closes it, and a line after it does (`…的意见`)."""
    opened = next((j for j in range(i, -1, -1) if "关于" in lines[j]), None)
    if opened is None or any(_DOCUMENT_END_RE.search(x) for x in lines[opened : i + 1]):
        return False
    return any(_DOCUMENT_END_RE.search(x) for x in lines[i + 1 :])


def _pair_in_body(clause: str, b: str, body: str, parallel: bool) -> bool:
    """The body prints `clause` and the next line's first words as one pair, parted at most by a
    pause mark (`在发展中固安全、在安全中谋发展`): two halves of one headline, which the body quotes
    whole; after a comma only where the lines are `parallel` (`在发展中固安全，在安全中谋发展`: a
    body may run on from a kicker into its headline's words after a comma too)."""
    head = clean_text(line_core(b))[:4]
    if len(head) != 4:
        return False
    marks = "、，," if parallel else "、"
    at = body.find(clause)
    while at >= 0:
        after = at + len(clause)
        if body.startswith(head, after) or (body[after : after + 1] in marks and body.startswith(head, after + 1)):
            return True
        at = body.find(clause, at + 1)
    return False


_HAN_PAIR_AT_END_RE = re.compile(r"[\u4e00-\u9fff]{2}[^\u4e00-\u9fff\s]*$")
_HAN_PAIR_AT_START_RE = re.compile(r"^[^\u4e00-\u9fff\s]*[\u4e00-\u9fff]{2}")


def _runs_on_in_body(a: str, b: str, body: str) -> bool:
    """The body prints the words on both sides of a break at a mark of punctuation as one run:
    two ideographs and the marks before the break, the marks and two ideographs after it."""
    before = _HAN_PAIR_AT_END_RE.search(clean_text(a))
    after = _HAN_PAIR_AT_START_RE.match(clean_text(b))
    return before is not None and after is not None and (before.group() + after.group()) in body


def _is_punct(ch: str) -> bool:
    return bool(ch) and not ch.isalnum() and not ch.isspace()


def _is_han(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


# How kickers differ from headlines in 人民日报 (35 kickers, 101 headlines of the tuning days): a
# kicker opens with a province or city (54% against 12%), holds figures (17% against 3%), rarely
# quotes (14% against 38%). Log likelihood ratios, halved to stay modest.
def _place_lead_in(text: str) -> bool:
    """A short lead-in naming a province's place or body, ending with a colon (`内蒙古乌海：`,
    `浙江诸暨公安：`): a report's kicker. Running text lets a colon end what someone said or found
    (`他表示：`, `记者了解到：`), not a place's name alone."""
    t = "".join(text.split())
    return t.endswith(("：", ":")) and len(t) <= _PLACE_LEAD_IN_MAX and _PLACE_START_RE.match(t) is not None


_PLACE_LEAD_IN_MAX = 12  # characters, the colon included
_PLACE_START_RE = re.compile(
    "^(?:北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|"
    "贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|香港|澳门|台湾)"
)
K_PLACE = 0.75
K_FIGURES = 0.85
K_QUOTES = -0.5


def _kicker_likeness(text: str) -> float:
    score = 0.0
    if _PLACE_START_RE.match(text) and not _short_field([text]):
        score += K_PLACE  # a kicker that opens with a place (not a place alone: that opens the headline)
    if any(ch.isdigit() for ch in text):
        score += K_FIGURES
    if "“" in text:
        score += K_QUOTES
    return score


# No kicker of the tuning days (43) ends with a question or an exclamation; a headline may open
# with one (`别上当！` / `守好自己的钱袋子`).
P_KICKER_EXCLAIMS = -2.0
# A title that announces an article (`《求是》杂志发表习近平总书记重要文章`) is the kicker over the
# article's name (`在庆祝…大会上的讲话`), which is the title, however a speech's name reads as a subtitle.
P_ANNOUNCING_TITLE = -3.0

# No kicker, headline or subtitle of the tuning days is shorter than six characters but one kicker
# ending with a colon (`张军：`): a place name alone over the rest (`福建闽清` / `全力推进水质提升
# 攻坚年行动`) begins the headline.
_FIELD_MIN = 6
P_SHORT_FIELD = -2.0


def _short_field(lines: list[str]) -> bool:
    return len(line_core("".join(lines)).replace(" ", "").lstrip("—").strip("“”‘’")) < _FIELD_MIN


def too_short_for_a_field(lines: list[str]) -> bool:
    """The lines hold fewer than `_FIELD_MIN` characters of words and do not end as a kicker does
    (`张军：`, `铁凝强调`): too few for a kicker, headline or subtitle of their own."""
    return (
        _short_field(lines)
        and not ends_like_a_kicker(lines[-1])
        and not _SPEAKER_KICKER_RE.match("".join("".join(lines).split()))
    )


# who spoke, and the verb of saying, over what was said (`铁凝强调` / `依法推动职业教育…`)
_SPEAKER_KICKER_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:强调|指出|表示)$")


def split_stack(pieces: list[str], body: str, one_size: bool = False) -> tuple[str | None, str | None, str | None]:
    """Printed lines of one headline stack → (kicker, title, subtitle).

    Every way of cutting the lines into kicker lines, title lines and subtitle lines is scored by
    the evidence at each break (`break_evidence`: a kicker's ending `——`/`：`/`…强调`, a subtitle's
    leading `——`, a column tag ending the title, an open bracket or quote, a word going on across
    the break, a next line longer than a wrapped one could be) plus small priors; the best wins.
    `one_size`: a layout file prints every line in one type size, which a kicker over its headline
    would not share, so a long headline is not cut for its length.
    """
    lines = _merge_dashes([p.strip() for p in pieces if p.strip()])
    if not lines:
        return None, None, None
    n = len(lines)
    breaks = [break_evidence(lines, i, body) for i in range(n - 1)]
    tagged = [ends_in_column_tag("".join(lines[: i + 1])) for i in range(n)]  # a column tag closes on line i
    dated = [_DATE_LINE_RE.match(x.replace(" ", "")) is not None for x in lines] + [False]
    announcing = [_ANNOUNCES_RE.search(_core_text(x)) is not None for x in lines]  # a title never ends so
    attended = [False] * (n + 1)
    if any(verb in "".join(lines[-2:]) for verb in _ATTENDING):  # (a cheap look first: most stacks have none)
        attended[:n] = [_ATTENDED_RE.match(_core_text("".join(lines[b:]))) is not None for b in range(n)]
    best: tuple[float, int, int] | None = None
    for a in range(n):  # kicker = lines[:a]
        for b in range(a + 1, n + 1):  # title = lines[a:b], subtitle = lines[b:]
            score = 0.0
            for i, ev in enumerate(breaks):
                score += ev if i + 1 in (a, b) else -ev
            if a:
                score += P_FIELD + _kicker_likeness("".join(lines[:a]))
                if any(SUBTITLE_RE.match(x) for x in lines[:a]):
                    score += P_DASH_IN_KICKER
                if too_short_for_a_field(lines[:a]):
                    score += P_SHORT_FIELD
                if lines[a - 1].rstrip()[-1:] in "！？!?":
                    score += P_KICKER_EXCLAIMS
                if lines[a].lstrip()[:1] in "（(":
                    score += P_TAG_OUTSIDE_TITLE  # a column tag alone is no headline: it follows its headline
            if (a or b < n) and _short_field(lines[a:b]):
                score += P_SHORT_FIELD
            if b < n and _short_field(lines[b:]):
                score += P_SHORT_FIELD
            if b < n:
                score += P_FIELD
                if not SUBTITLE_RE.match(lines[b]):
                    score += P_SUBTITLE_NO_DASH
            if SUBTITLE_RE.match(lines[a]):
                score += P_TITLE_DASH
            if announcing[b - 1]:
                score += P_ANNOUNCING_TITLE
            if any(tagged[:a]) or (b < n and not SUBTITLE_RE.match(lines[b]) and any(tagged[b:])):
                score += P_TAG_OUTSIDE_TITLE
            if attended[b]:
                score += P_ATTENDED  # (a meeting's headline is long: no prior on its length)
            elif _subtitle_worded(lines[b:]):
                score += P_SUBTITLE_WORD + (0.0 if one_size else _title_length_prior(lines[a:b]))
            elif not one_size and (b == n or not (SUBTITLE_RE.match(lines[b]) or dated[b])):
                # the title runs to the stack's end, or to its column tag, which ends it
                end = next((i + 1 for i in range(a, n) if tagged[i]), n)
                score += _title_length_prior(lines[a:end])
            elif _subtitle_worded(lines[:a]) or (b < n and _subtitle_worded(lines[a:b])):
                score -= P_SUBTITLE_WORD  # a subtitle's ending is read as a kicker's or a title's
            if best is None or score > best[0]:
                best = (score, a, b)
    assert best is not None
    _, a, b = best
    kicker = clean_headline(lines[:a]) or None
    title = clean_headline(lines[a:b]) or None
    subtitle = clean_headline(lines[b:]) or None
    return kicker, title, subtitle


TITLE_SIZE_SHARE = 0.9  # a stack line in at least this share of the largest type is headline type
ONE_SIZE = 1.05  # lines whose type sizes differ by less than this ratio are set in one type


def split_stack_by_size(pieces: list[str], sizes: list[float]) -> tuple[str | None, str | None, str | None] | None:
    """Printed lines of one headline stack with their type sizes (layout input) → (kicker, title,
    subtitle): the run of lines in the largest type is the title, smaller lines above it the kicker,
    below it the subtitle. Every line in one large type is one headline (a kicker or subtitle is
    set in a type of its own; a subtitle in the headline's type opens with its dash). None when
    the sizes do not settle it (one size for every line that opens with a dash or is not large,
    or the largest type in two runs): the text's evidence decides then (`split_stack`)."""
    if len(pieces) != len(sizes) or len(pieces) < 2:
        return None
    top = max(sizes)
    big = [i for i, size in enumerate(sizes) if size >= TITLE_SIZE_SHARE * top]
    first, last = big[0], big[-1]
    one_large = len(big) == len(pieces) and min(sizes) >= LARGE_TYPE and max(sizes) <= ONE_SIZE * min(sizes)
    if one_large and not any(SUBTITLE_RE.match(p.strip()) for p in pieces):
        return None, clean_headline(pieces) or None, None
    if last - first + 1 != len(big) or len(big) == len(pieces):
        return None
    kicker = clean_headline(pieces[:first]) or None
    title = clean_headline(pieces[first : last + 1]) or None
    subtitle = clean_headline(pieces[last + 1 :]) or None
    return kicker, title, subtitle
