"""Datelines, bylines and photo credits: recognition and parsing.

Forms handled (after character normalization; whitespace may be ASCII spaces or line breaks):

- dateline heads at the start of a line (``据新华社…电`` — "according to Xinhua" — is a citation inside
  a body, never a head), optionally followed by a parenthesized byline and then the
  first words of the body: ``本报讯 （记者 高茜） 实干开新``, ``本报北京4月9日电 （记者 王政、刘温馨）``,
  ``新华社北京4月9日电``; the parenthesis may continue on the next printed lines;
- standalone bylines, a whole line of roles and names: ``□ 本报记者 刘少伟``, ``本报记者  金  歆``,
  ``记者 X 通讯员 Y Z``, ``（记者 X）``;
- photo credits at the end of a caption or on their own line: ``记者 王益炜 摄``.

Names: a name broken over two lines (``李\\n琦``) or padded with spaces (``金  歆``) is one name — runs of
one-character tokens are merged, and a lone one-character token left over joins the name before it.
Roles: 记者, 通讯员, 实习生, 特约记者, 见习记者 (``本报记者`` / ``新华社记者`` count as 记者); a name without a
role before it has role None.

Every ideograph and digit of the input ends up either in the returned byline/credit string or in the
returned remainder: parsing only drops whitespace, markers such as ``□`` and the parentheses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from baokan.records import Author

__all__ = [
    "COLLECTIVE_BYLINES",
    "MARKERS",
    "NEWS_AGENCY",
    "ROLE_WORDS",
    "ByHead",
    "collective_byline",
    "match_dateline_head",
    "parse_bare_names",
    "parse_byline_head",
    "parse_people",
    "parse_standalone_byline",
    "role_only",
    "split_credit",
]

# Role words as printed → the role recorded (longest first for prefix matching).
ROLE_WORDS: dict[str, str] = {
    "本报特约记者": "特约记者",
    "本报见习记者": "见习记者",
    "本报通讯员": "通讯员",
    "本报实习生": "实习生",
    "新华社记者": "记者",
    "中新社记者": "记者",
    "人民网记者": "记者",
    "新华网记者": "记者",
    "中新网记者": "记者",
    "央视网记者": "记者",
    "央广网记者": "记者",
    "光明网记者": "记者",
    "本报记者": "记者",
    "特约记者": "特约记者",
    "见习记者": "见习记者",
    "摄影记者": "记者",
    "通讯员": "通讯员",
    "实习生": "实习生",
    "记者": "记者",
}
_ROLES_SORTED = sorted(ROLE_WORDS, key=len, reverse=True)
_ROLE_ALT = "|".join(_ROLES_SORTED)

MARKERS = "□■◇◆●○▲△☆★▼▽◎※"  # what a byline may open with (`□ 本报记者 …`, `◎齐骥`)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# who files a report: a dateline's first words, and a reporter's role's
NEWS_AGENCY = r"(?:新华社|中新社|中新网|人民网|新华网|央视网|央广网|国际在线|光明网|中国日报网|本报)"

# A dateline at the start of a line: 本报讯 / 本报北京4月9日电 / 新华社北京4月9日电 / 本报综合 ...
_DATELINE_RE = re.compile(
    rf"^[{MARKERS}]?\s*("
    rf"本报讯|本报综合讯|本报综合|本报特稿|"
    rf"{NEWS_AGENCY}\s*(?:[{_HAN}]{{1,10}}\s*)?(?:(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*)?(?:专?电|讯)"
    rf")"
)
# The reporters run into the head and end with 报道： (`本报北京12月31日讯记者吴坤胜报道：`, the
# house style of 人民日报 and many papers into the 2000s)
_REPORTED_BY_RE = re.compile(rf"\s*((?:{_ROLE_ALT})[{_HAN}·、，,\s]{{2,40}}?)\s*报道\s*[：:]\s*")
_OPEN = "（("
_CLOSE = "）)"
_NAME_CHARS_RE = re.compile(rf"^[{_HAN}·•]+$")
_SEP_RE = re.compile(r"[\s、，,/／]+")
_TOKEN_RE = re.compile(r"[^\s、，,/／]+|[\s、，,/／]+")


@dataclass(slots=True)
class ByHead:
    """A parsed dateline/byline head."""

    dateline: str | None
    byline: str
    authors: list[Author] = field(default_factory=list)
    consumed: int = 0  # characters of the input consumed (dateline + byline + following spaces)
    run_in: bool = False  # reporters run into the text (`…讯记者王霞光报道：`), not named in brackets


_ROLE_PREFIX_RE = re.compile(f"(?:{_ROLE_ALT})")  # alternatives longest first: the longest role wins


def _split_role(token: str) -> tuple[str | None, str]:
    m = _ROLE_PREFIX_RE.match(token)
    if m is None:
        return None, token
    return m.group(0), token[m.end() :]


# A role word broken over lines by the extractor (`实\n习生`): its characters with spaces between.
_ROLE_BROKEN_RE = re.compile(
    "|".join(r"\s*".join(map(re.escape, w)) for w in sorted(ROLE_WORDS, key=len, reverse=True))
)


def _rejoin_role(m: re.Match[str]) -> str:
    return re.sub(r"\s+", "", m.group(0))


def parse_people(inner: str) -> tuple[str, list[Author]] | None:
    """Parse roles and names (``记者 付永文 通讯员 卫海平 解德智``) → (normalized text, authors).

    Returns None when `inner` does not look like a list of roles and names.
    """
    parts = _TOKEN_RE.findall(_ROLE_BROKEN_RE.sub(_rejoin_role, inner.strip()))
    # (kind, text, sep_before) with kind in {"role", "name"}
    toks: list[list] = []
    sep = ""
    for part in parts:
        if _SEP_RE.fullmatch(part):
            sep = "、" if ("、" in part or "，" in part or "," in part) else " "
            continue
        rw, rest = _split_role(part)
        if rw is not None:
            toks.append(["role", rw, sep])
            if rest:
                if not _NAME_CHARS_RE.match(rest) or len(rest) > 4:
                    return None
                toks.append(["name", rest, " "])
        else:
            if not _NAME_CHARS_RE.match(part) or len(part) > 5:
                return None
            toks.append(["name", part, sep])
        sep = ""
    if not any(t[0] == "name" for t in toks):
        return None
    # Merge runs of one-character name tokens (padding, names broken over lines). An even run of
    # single characters (`邱  华  尹  博`) pairs up: two names padded to the width of three.
    toks = _pair_single_characters(_names_wrapped_after_surname(toks))
    merged: list[list] = []
    for t in toks:
        if (
            t[0] == "name"
            and merged
            and merged[-1][0] == "name"
            and t[2] != "、"
            and (len(merged[-1][1]) == 1 or (len(t[1]) == 1 and len(merged[-1][1]) + len(t[1]) <= 3))
            and len(merged[-1][1]) + len(t[1]) <= 4
        ):
            merged[-1][1] += t[1]
        else:
            merged.append(list(t))
    authors: list[Author] = []
    out: list[str] = []
    role: str | None = None
    for kind, text, sp in merged:
        if out:
            out.append("、" if sp == "、" else " ")
        out.append(text)
        if kind == "role":
            role = ROLE_WORDS[text]
        else:
            authors.append(Author(text, role))
    if not all(_is_personal_name(a.name) or (a.role is not None and _transliterated(a.name)) for a in authors):
        return None  # 记者眼前，一台银灰色…: running text that starts with a role word
    normalized = "".join(out).replace(" 、", "、").replace("、 ", "、")
    return normalized, authors


def _names_wrapped_after_surname(toks: list[list]) -> list[list]:
    """A name broken after its surname where its line ends (`方敏 毕` / `京津`): the surname,
    alone after a whole name, joins the one or two characters that follow it."""
    out: list[list] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t[0] == "name"
            and len(t[1]) == 1
            and out
            and out[-1][0] == "name"
            and len(out[-1][1]) >= 2
            and i + 1 < len(toks)
            and toks[i + 1][0] == "name"
            and len(toks[i + 1][1]) <= 2
            and toks[i + 1][2] != "、"
            and _is_personal_name(t[1] + toks[i + 1][1])
        ):
            out.append(["name", t[1] + toks[i + 1][1], t[2]])
            i += 2
            continue
        out.append(t)
        i += 1
    return out


def _pair_single_characters(toks: list[list]) -> list[list]:
    out: list[list] = []
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j][0] == "name" and len(toks[j][1]) == 1 and (j == i or toks[j][2] != "、"):
            j += 1
        run = j - i
        if run >= 4 and run % 2 == 0:
            for k in range(i, j, 2):
                out.append(["name", toks[k][1] + toks[k + 1][1], toks[k][2]])
            i = j
            continue
        out.append(toks[i])
        i += 1
    return out


def match_dateline_head(text: str) -> re.Match[str] | None:
    return _DATELINE_RE.match(text)


def parse_byline_head(text: str) -> ByHead | None:
    """Parse a dateline head at the start of `text` (which may span lines joined with ``\\n``).

    Returns the head and how many characters of `text` it consumed; the rest of `text` is body.
    """
    m = _DATELINE_RE.match(text)
    if not m:
        return None
    dateline = "".join(m.group(1).split())
    pos = m.end()
    n = len(text)
    j = pos
    while j < n and text[j].isspace():
        j += 1
    if j < n and text[j] in _OPEN:
        k = j + 1
        while k < n and text[k] not in _CLOSE and text[k] not in _OPEN:
            k += 1
        if k < n and text[k] in _CLOSE:
            inner = text[j + 1 : k]
            people = parse_people(inner)
            if people is not None and inner.strip():
                normalized, authors = people
                end = k + 1
                while end < n and text[end].isspace():
                    end += 1
                return ByHead(dateline, f"{dateline}（{normalized}）", authors, end)
    reported = _REPORTED_BY_RE.match(text, pos)
    if reported is not None:
        people = parse_people(reported.group(1))
        if people is not None:
            normalized, authors = people
            return ByHead(dateline, f"{dateline} {normalized} 报道：", authors, reported.end(), run_in=True)
    # Dateline only (e.g. 新华社北京4月9日电 followed directly by the body).
    end = pos
    while end < n and text[end].isspace():
        end += 1
    return ByHead(dateline, dateline, [], end)


_BYLINE_START_RE = re.compile(rf"[\s{MARKERS}]*[{_OPEN}]?\s*(?:{_ROLE_ALT})")


def _strip_markers(text: str) -> str:
    return text.strip().lstrip(MARKERS).strip()


def parse_standalone_byline(text: str) -> tuple[str, list[Author]] | None:
    """A whole line (or lines) of roles and names: ``□ 本报记者 刘少伟`` → ("本报记者 刘少伟", authors)."""
    if _BYLINE_START_RE.match(text) is None:  # fast path: no role word at the start
        return None
    s = _strip_markers(text)
    if not s or len(s) > 60 or _CREDIT_TAIL_RE.search(s):
        return None
    paren = False
    if s[0] in _OPEN and s[-1] in _CLOSE:
        s = s[1:-1].strip()
        paren = True
    if s.startswith(("文/", "文／", "文 /", "文图/", "文/图")):
        return None
    rw, rest = _split_role(s)
    if rw is None:
        return None
    people = parse_people(s) or _role_and_spaced_name(rw, rest)
    if people is None:
        return None
    normalized, authors = people
    if not authors or any(a.name in _COLUMN_WORDS for a in authors):
        return None
    return (f"（{normalized}）" if paren else normalized), authors


_SPACED_NAME_RE = re.compile(rf"\s+([{_HAN}]{{2,4}})")


def _role_and_spaced_name(rw: str, rest: str) -> tuple[str, list[Author]] | None:
    """A role and, set apart by spaces, one name of two to four characters that opens with no
    surname of the tables (`本报记者  琼达卓嘎`, a Tibetan name): the whole line, so no running text
    that opens with a role word (`记者眼前一亮`) reads so. `rw`, `rest`: the line parted by `_split_role`."""
    m = _SPACED_NAME_RE.fullmatch(rest)
    if m is None:
        return None
    name = m.group(1)
    if name[-1] in _CREDIT_VERBS:
        return None
    return f"{rw} {name}", [Author(name, ROLE_WORDS[rw])]


# Column labels printed like a byline (记者手记 "reporter's notes", 记者观察 …): in-body subheads.
_COLUMN_WORDS = frozenset(
    ("手记", "观察", "调查", "来信", "札记", "述评", "随笔", "笔记", "视点", "聚焦", "感言", "点评")
)


# a photo agency's name in brackets after the credit (`周亮摄（人民视觉）`, `罗京来摄（影像中国）`)
_PHOTO_AGENCY = r"[（(](?:人民视觉|影像中国|新华社发|中新社发|人民图片|视觉中国)[）)]"
_CREDIT_TAIL_RE = re.compile(rf"(?:[/／]\s*)?摄(?:影)?\s*(?:{_PHOTO_AGENCY}|[）)])?\s*$")


def ends_with_credit(text: str) -> bool:
    """The text ends as a photo credit does (`…摄`, `…摄影`, `…摄）`, `…摄（人民视觉）`)."""
    return _CREDIT_TAIL_RE.search(text) is not None


_SET_CREDIT_RE = re.compile(r"^((?:以上|本版|上述)?(?:图片|照片)均为)(.*)$")


def _role_token(part: str) -> bool:
    """A role word, perhaps with a name run on to it (`记者`, `记者王益炜`)."""
    rw, rest = _split_role(part)
    return rw is not None and (not rest or (bool(_NAME_CHARS_RE.match(rest)) and len(rest) <= 4))


def _name_token(part: str) -> bool:
    return bool(_NAME_CHARS_RE.match(part)) and len(part) <= 4


def split_credit(text: str) -> tuple[str, str | None, list[str]]:
    """Split a caption into (caption text, credit, photographers); credit None when absent."""
    s = text.rstrip()
    m = _CREDIT_TAIL_RE.search(s)
    if not m:
        return text, None, []
    head = s[: m.start()].rstrip()
    # Walk tokens backwards from the end of `head`.
    parts = _TOKEN_RE.findall(head)
    i = len(parts)
    taken: list[str] = []
    names = 0
    saw_role = False
    set_credit = False
    while i > 0:
        part = parts[i - 1]
        if _SEP_RE.fullmatch(part):
            taken.append(part)
            i -= 1
            continue
        if _role_token(part):
            taken.append(part)
            i -= 1
            saw_role = True
            break
        if _name_token(part) and not part.startswith("图"):
            taken.append(part)
            names += 1
            i -= 1
            continue
        # `以上图片均为本报记者` / `张三`: a photo set's credit, its words before the role
        sm = _SET_CREDIT_RE.match(part)
        if sm is not None:
            tail = sm.group(2)
            if tail and _role_token(tail):
                saw_role = True
            elif tail and _name_token(tail):
                names += 1
            elif tail:
                break
            taken += [tail] if tail else []
            parts[i - 1] = sm.group(1)
            set_credit = True
            break
        # A token like "座谈。记者王益炜": the credit starts after the last punctuation.
        cut = max((part.rfind(p) for p in "。！？”）)；，"), default=-1)
        if 0 <= cut < len(part) - 1 and _role_token(part[cut + 1 :]):
            taken.append(part[cut + 1 :])
            parts[i - 1] = part[: cut + 1]
            saw_role = True
        break
    if not taken:
        return text, None, []
    credit_src = "".join(reversed(taken)).strip()
    if not credit_src or (not saw_role and names == 0):
        return text, None, []
    set_apart = set_credit or i == 0 or taken[-1].isspace() or s[m.start() - 1 : m.start()].isspace()
    if not saw_role and not set_apart:
        # Names without a role are a credit only when set apart (李晓 摄); running text broken after
        # 摄 (…中国著名摄|影师) glues the "name" to the words before it and to 摄.
        return text, None, []
    people = parse_people(credit_src)
    if people is None or not people[1]:
        return text, None, []
    normalized, authors = people
    # a set's words (parts[i - 1]) are no caption: its credit goes to the captions above
    caption = "".join(parts[: i - 1] if set_credit else parts[:i]).rstrip().rstrip("（(").rstrip()
    suffix = "摄影" if "摄影" in m.group(0) else "摄"
    agency = re.search(_PHOTO_AGENCY, m.group(0))
    credit = f"{normalized} {suffix}" + (agency.group(0) if agency else "")
    return caption, credit, [a.name for a in authors]


# ------------------------------------------------------------------------------ names alone

# Common Chinese surnames (single and compound): a line of bare names must start each name with one.
_SURNAMES_1 = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
    "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
    "官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖"
    "漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹"
    "诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由洪巨"
    "代丘占訾逄綦桓钮蔚贲郦邴宓汲糜郗韶雎宦俸粘弓莘杞甯郇暨"
)
_SURNAMES_2 = frozenset(
    ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "夏侯", "尉迟", "公孙", "长孙", "宇文",
     "司徒", "端木", "申屠", "独孤", "南宫", "西门", "呼延", "轩辕", "钟离", "澹台", "万俟")
)  # fmt: skip
# Bylines that credit no person: a desk, a pen name of a desk, an agency.
COLLECTIVE_BYLINES = frozenset(
    ("本报评论员", "本报评论部", "本报特约评论员", "人民日报评论员", "新华社评论员", "新华社记者", "本报记者",
     "本报编辑部", "人民日报编辑部", "本报调研组", "本报联合调研组", "新华社调研组", "本报课题组")
)  # fmt: skip
_INSTITUTION_RE = re.compile(
    rf"^[{_HAN}（）()]{{4,30}}(?:研究院|研究所|研究中心|委员会|办公厅|办公室|编辑部|课题组|调研组|评论员|评论部|学会|协会|党组|宣传部|中心)$"
)
# the party committee of a ministry, province or body, signing a commentary (`外交部党委`, `教育部党组`)
_PARTY_COMMITTEE_RE = re.compile(rf"^[{_HAN}]{{1,16}}(?:部|委|院|局|厅|署|会|省|市|区|县|集团|公司)(?:党委|党组)$")
_BARE_TOKEN_RE = re.compile(rf"[{_HAN}·]+")


# Characters of the transliteration tables (约翰·麦克莱恩, 买买提·艾力): a name joined by `·` is
# spelled mostly in them, a series' tag (`城市味道·大河九曲`, `遇见·铅山`) is not.
_TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥巴拔邦贝本比彼宾波伯博布查达戴丹道德迪蒂丁杜多厄恩尔法菲费芬丰弗福夫盖甘冈戈格古哈海汉豪"
    "赫亨洪胡华霍基吉加贾杰金卡凯坎康考柯科克肯库拉莱赖兰朗劳勒雷里利莉力林琳柳隆卢鲁路伦罗洛马玛迈麦曼"
    "芒茂梅门蒙米敏莫姆穆纳娜奈南内尼宁纽努诺欧帕佩彭皮普奇齐恰乔切琼萨塞桑瑟森沙莎尚舍什施斯松苏索塔泰"
    "坦汤唐特提汀图托瓦万旺威韦维温沃乌伍西希锡夏谢辛休雅亚扬耶伊因尤约泽扎詹朱兹佐买木罕丽江热依都不"
    "娅妮黛蕾薇琪翰逊荣瑞默鲍丝顿卜拜"
)


_CREDIT_VERBS = frozenset("绘摄")


def _transliterated(name: str) -> bool:
    """Four characters of the transliteration tables without a `·` (`阿尔达克`): a name of a
    minority people as 人民日报 prints it after a role word (alone on a line, a country's name
    looks the same: `巴基斯坦`)."""
    return len(name) == 4 and all(ch in _TRANSLITERATION for ch in name)


def _is_personal_name(name: str) -> bool:
    if "·" in name:  # transliterated names: 艾法·索博卡, 买买提·艾力
        parts = name.split("·")
        spelled = sum(1 for ch in name if ch in _TRANSLITERATION)
        letters = len(name) - name.count("·")
        return all(1 <= len(p) <= 4 for p in parts) and len(name) <= 12 and 2 * spelled >= letters
    if not 2 <= len(name) <= 4 or (len(name) >= 3 and name[-1] in _CREDIT_VERBS):
        return False  # (`洪琥绘`, `方静玉摄`: who drew or photographed it, a credit)
    if name[:2] in _SURNAMES_2:
        return len(name) >= 3
    return name[0] in _SURNAMES_1 and len(name) <= 3


def parse_bare_names(text: str) -> list[str] | None:
    """A line of one to four personal names and nothing else (`邹  翔`, `张继焦  周子翔`,
    `（张海亮 付纯志 赵学堂）`, `（□ 江  南）`): the names, padded ones joined; None otherwise."""
    s = _strip_markers(text)
    if s[:1] in _OPEN and s[-1:] in _CLOSE:
        s = _strip_markers(s[1:-1])
    if not s or len(s) > 40:
        return None
    toks = s.replace("、", " ").replace("，", " ").split()
    if not toks or not all(_BARE_TOKEN_RE.fullmatch(t) for t in toks):
        return None
    names: list[str] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if len(t) == 1:  # a name padded to the width of two (张  文)
            if i + 1 < len(toks) and len(toks[i + 1]) == 1:
                t = t + toks[i + 1]
                i += 1
            else:
                return None
        names.append(t)
        i += 1
    if not 1 <= len(names) <= 4 or not all(_is_personal_name(n) for n in names):
        return None
    return names


_WRITING_BODY_RE = re.compile(r"(?:研究院|研究所|研究中心|编辑部|课题组|调研组|评论员|评论部)$")


def writing_body(text: str) -> str | None:
    """A line naming only an institution that writes (a research institute, an editorial office, a
    survey team: `中共中央党史和文献研究院`) → its name, else None. No headline is only such a name."""
    name = collective_byline(text)
    return name if name is not None and _WRITING_BODY_RE.search(name) else None


def collective_byline(text: str) -> str | None:
    """A byline crediting no person (`本报评论员`, `中共中央党史和文献研究院`) → it, else None."""
    s = "".join(_strip_markers(text).split())
    if len(s) > 40:
        return None
    if s in COLLECTIVE_BYLINES or _INSTITUTION_RE.match(s) or _PARTY_COMMITTEE_RE.match(s):
        return s
    return None


def role_only(text: str) -> str | None:
    """A line holding only a role word (`本报记者`, `□ 新华社记者`): the role word, else None. The
    extractor printed the names on the next lines (`本报记者` / blank / `李君强`)."""
    s = "".join(_strip_markers(text).split())
    return s if s in ROLE_WORDS else None
