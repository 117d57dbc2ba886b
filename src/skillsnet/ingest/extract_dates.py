"""Rule-based date extraction and resolution (no dateparser).

Finds absolute dates (ISO, "13 May 2025", "January 19th, 2022", ranges such as
"from 10 to 13 December 2023"), partial ones ("on 9 December", "in 2021",
"in December") and relative ones ("last Friday", "last year", "next month"),
and resolves partial/relative dates against the publication date when known.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

MONTH_ALT = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
_M = r"(?P<{n}>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_D = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<{n}>(?:19|20)\d\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+"


def _m(n):
    return _M.format(n=n)


def _d(n):
    return _D.format(n=n)


def _y(n):
    return _Y.format(n=n)


_SEP = r"\s*(?:-|to|until|till|through|and)\s*"

PATTERNS: list[tuple[str, re.Pattern]] = [
    # 2022-03-21, also glued to Chinese page furniture ("发布时间:2022-03-21浏览次数", "发布于2021-12-09")
    ("iso", re.compile(r"(?:(?<![\w-])|(?<=[\u4e00-\u9fff]))" + _y("y") + r"-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")),
    # (24-25/4), (24/4): day(s)/month in parentheses, as written in Indonesian and Malaysian news
    ("dd_num_m", re.compile(r"\((?P<d1>[0-3]?\d)\s*-\s*(?P<d2>[0-3]?\d)/(?P<mo>[01]?\d)\)")),
    # (6/19): month first when the second number cannot be a month
    ("m_num_d", re.compile(r"\((?P<mo>1[0-2]|0?[1-9])/(?P<d>1[3-9]|2\d|3[01])\)")),
    ("d_num_m", re.compile(r"\((?P<d>[0-3]?\d)/(?P<mo>[01]?\d)\)")),
    # 4 November - 8 December 2024 / from 4 Nov to 8 Dec 2024
    ("dm_dm_y", re.compile(r"(?:\bfrom\s+)?\b" + _d("d1") + r"\s+" + _m("m1") + _SEP + _d("d2") + r"\s+" + _m("m2") + r",?\s+" + _y("y") + r"\b", re.I)),
    # from March 25 to April 2 / 25 March - 2 April, the year left to the publication date ("and" joins two days)
    ("md_md", re.compile(r"(?:\bfrom\s+)?\b" + _m("m1") + r"\s+" + _d("d1") + r"(?!\d)\s*(?:-|to|until|till|through)\s*"
                         + _m("m2") + r"\s+" + _d("d2") + r"\b(?:,?\s+" + _y("y") + r"\b)?", re.I)),
    ("dm_dm", re.compile(r"(?:\bfrom\s+)?\b" + _d("d1") + r"\s+" + _m("m1") + r"\s*(?:-|to|until|till|through)\s*"
                         + _d("d2") + r"\s+" + _m("m2") + r"\b(?!,?\s*(?:19|20)\d\d)", re.I)),
    # from 10 to 13 December 2023 / 10-13 December 2023
    ("dd_m_y", re.compile(r"(?:\bfrom\s+)?\b" + _d("d1") + _SEP + _d("d2") + r"\s+" + _m("m") + r"(?:,?\s+" + _y("y") + r")?\b", re.I)),
    # December 10-13, 2023
    ("m_dd_y", re.compile(r"(?:\bfrom\s+)?\b" + _m("m") + r"\s+" + _d("d1") + _SEP + _d("d2") + r"(?:,?\s+" + _y("y") + r")?\b", re.I)),
    ("d_m_y", re.compile(r"\b(?:" + _WD + r")?" + _d("d") + r"\s+(?:of\s+)?" + _m("m") + r",?\s+" + _y("y") + r"\b", re.I)),
    ("m_d_y", re.compile(r"\b(?:" + _WD + r")?" + _m("m") + r"\s+" + _d("d") + r"(?!\d),?\s+" + _y("y") + r"\b", re.I)),
    ("d_m", re.compile(r"\b(?:" + _WD + r")?" + _d("d") + r"\s+(?:of\s+)?" + _m("m") + r"\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("m_d", re.compile(r"\b(?:" + _WD + r")?" + _m("m") + r"\s+" + _d("d") + r"\b(?![\d,]*\s*(?:19|20)\d\d)(?!\s*(?:%|per|million|billion|\w+s\b))", re.I)),
    # from February 2023 to October 2025, between March and ... : a period of months
    ("my_my", re.compile(r"(?:\b(?:from|between)\s+)?\b" + _m("m1") + r",?\s+" + _y("y1") + r"\s*(?:-|–|to|until|till|through|and)\s*"
                         + _m("m2") + r",?\s+" + _y("y2") + r"\b", re.I)),
    ("m_y", re.compile(r"\b" + _m("m") + r",?\s+" + _y("y") + r"\b", re.I)),
    ("y_y", re.compile(r"\b(?:from|between|in|during)\s+" + _y("y1") + r"\s*(?:-|to|and|until)\s*" + _y("y2") + r"\b", re.I)),
    ("y_y2", re.compile(r"\b" + _y("y1") + r"-" + _y("y2") + r"\b")),
    # ("last October": the latest October before the article)
    ("prep_m", re.compile(r"\b(?:in|during|since|until|by|from|early|late|mid-?|end of|beginning of|last)\s+" + _m("m") + r"\b(?!\s+\d)", re.I)),
    ("prep_y", re.compile(r"\b(?:in|since|from|until|till|by|during|early|late|mid-?|before|after|as of|end of|beginning of|year|for)\s+(?:the\s+year\s+)?" + _y("y") + r"\b(?![-/]\d)", re.I)),
    # "this year (2023)": the year is written out
    ("prep_y", re.compile(r"\b(?:this|last|next)\s+year\s*\(\s*" + _y("y") + r"\s*\)", re.I)),
    ("rel_wd", re.compile(r"\b(?:(?P<which>last|this|next|on|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!\s*[,/]?\s*\(?\s*(?:\d|" + MONTH_ALT + "))", re.I)),
    # "last year" is a calendar year; "the past year" is a rolling period, not a date
    ("rel_unit", re.compile(r"\b(?P<mod>earlier|later)?\s*(?<!\bthe\s)(?P<which>last|this|next|previous|past|coming)\s+(?P<unit>year|month|week)\b", re.I)),
    ("rel_day", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
]

# dates written in Chinese: 2025年5月13日, 2014年5月12日至13日, 2013年3月, 11月12日, 今年8月, 去年, 2018年
_ZH_TO = r"\s*[至到~～-]\s*"
ZH_PATTERNS: list[tuple[str, re.Pattern]] = [
    # 2025年10月23-25日, 10月23-25日: one month, a day range sharing its 日
    ("zh_ymd_range", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})" + _ZH_TO + r"(?P<m2>)(?P<d2>\d{1,2})\s*[日号]")),
    ("zh_md_range", re.compile(r"(?<![\d年])(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})" + _ZH_TO + r"(?P<m2>)(?P<d2>\d{1,2})\s*[日号]")),
    ("zh_ymd_range", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]" + _ZH_TO + r"(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号]")),
    # 2022年10月31日及11月1日: two days joined by "and", one period when they follow each other (checked in
    # find_date_mentions, _pair_is_consecutive)
    ("zh_ymd_pair", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]\s*[及和与、]\s*"
                               r"(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号]")),
    ("zh_ymd", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    ("zh_ym", re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])")),
    ("zh_md_range", re.compile(r"(?<![\d年])(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]" + _ZH_TO + r"(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号]")),
    ("zh_md", re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")),
    # 417日, 616日—17日: a month and day whose 月 was lost from the page (a count of days is N天, not N日)
    ("zh_md_range", re.compile(r"(?<![\d.:/-])(?P<m1>1[0-2]|[1-9])(?P<d1>[0-3]\d)\s*[日号]?\s*[至到~～\-—–]+\s*(?P<m2>)(?P<d2>[0-3]?\d)\s*[日号]")),
    ("zh_md", re.compile(r"(?<![\d.:/-])(?P<m>1[0-2]|[1-9])(?P<d>[0-3]\d)\s*[日号]")),
    # (the month in figures or in Chinese numerals: 今年3月, 今年一月份)
    ("zh_rel_m", re.compile(r"(?P<rel>今年|去年|明年|前年)\s*(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月")),
    ("zh_y", re.compile(r"(?P<y>(?:19|20)\d\d)\s*年(?!\s*\d{1,2}\s*月)(?![级版])")),
    # 5月初, 10月中旬, 12月: a month without year (not a day, not a duration such as 3个月)
    ("zh_m", re.compile(r"(?<![\d年个和及、与])(?P<m>1[0-2]|0?[1-9])\s*月(?:初|中旬|上旬|下旬|底|末|份)?(?!\s*\d{1,2}\s*[日号])(?![\d])")),
    ("zh_rel_y", re.compile(r"(?P<rel>今年|去年|明年|前年)(?![\d\s]*[月岁])")),
]
ZH_REL = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
_ZH_MONTH = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
ZH_REL_TEXT = {"今年": "this year", "去年": "last year", "明年": "next year", "前年": "two years ago"}
PATTERNS = PATTERNS + ZH_PATTERNS
# numeric dates: 30-10-2025, 13/05/2025, 13.05.2025 (day first, as in ASEAN and European usage)
PATTERNS.insert(1, ("dmy_num", re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)[/.-](?P<mo>[01]?\d)[/.-](?P<y>(?:19|20)\d\d)(?![\d/.-])")))
PATTERNS.insert(1, ("ymd_slash", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d\d)[/.](?P<mo>[01]?\d)[/.](?P<d>[0-3]?\d)(?![\d/.-])")))

PRIORITY = [p[0] for p in PATTERNS]


@dataclass
class DateMention:
    text: str
    start: str | None
    end: str | None
    precision: str  # day | month | year | partial
    role: str = "other"
    evidence: str = ""
    relative: str | None = None
    char_start: int = 0
    char_end: int = 0
    kind: str = field(default="", repr=False)

    def key(self):
        if self.start is None:
            return ("rel", (self.relative or self.text).lower())
        return (self.start, self.end)


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _partial_iso(m: int, d: int | None = None) -> str:
    return f"--{m:02d}-{d:02d}" if d else f"--{m:02d}"


def _resolve_year(m: int, d: int | None, published: dt.date | None) -> int | None:
    """Year of a day/month without year: the latest one not (much) after publication."""
    if not published:
        return None
    y = published.year
    probe = _safe_date(y, m, d or 1)
    if probe and probe > published + dt.timedelta(days=7 if d else 0):
        # "in December" in a January article usually means last December,
        # but "next month"/future announcements are handled by relative rules.
        y -= 1
    return y


def find_date_mentions(norm: str, published: dt.date | None = None) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(a, b):
        return all(b <= s or a >= e for s, e in taken)

    for kind, rx in PATTERNS:
        for m in rx.finditer(norm):
            a, b = m.span()
            if not free(a, b):
                continue
            if kind == "zh_y" and _names_an_event(norm, m):
                taken.append((a, b))
                continue
            dm = _build("zh_ymd_range" if kind == "zh_ymd_pair" else kind, m, published)
            if dm is None or kind == "zh_ymd_pair" and not _consecutive(dm):
                continue  # two days apart, joined by "and", are two dates
            if published and dm.start and dm.start[:4] == str(published.year - 1) and str(published.year - 1) not in m.group() \
                    and _FUTURE_AROUND.search(norm[max(0, a - 6): a] + " " + norm[b: b + 8]):
                # "10月份会迎来…", "will be held in November": a month ahead of the publication is this year's
                later = _build(kind, m, dt.date(published.year, 12, 31))
                dm = later or dm
            dm.char_start, dm.char_end = a, b
            dm.kind = "zh_ymd_range" if kind == "zh_ymd_pair" else kind
            taken.append((a, b))
            out.append(dm)
    _zh_month_lists(norm, out, taken)
    _zh_bare_days(norm, out, taken)
    out.sort(key=lambda d: d.char_start)
    return out


def _consecutive(dm: "DateMention") -> bool:
    """Is the period of dm two days that follow each other ("10月31日及11月1日")?"""
    try:
        return dt.date.fromisoformat(dm.end) - dt.date.fromisoformat(dm.start) == dt.timedelta(days=1)
    except (TypeError, ValueError):
        return False


_FUTURE_AROUND = re.compile(r"将|(?<![大年议工学协社])会(?![议谈见长员上场期展所])|拟|计划|即将|预计|\b(?:will|shall|next|upcoming|to be held|is to|are to|plans? to)\b", re.I)

_ZH_EVENT_NOUN = re.compile(r"^[^，。；、,;:：()（）\s]{2,30}?(?:大会|论坛|活动|年会|会议|大赛|比赛|竞赛|博览会|展览会|交流周|研讨会|峰会|洽谈会)")


def _names_an_event(norm: str, m: re.Match) -> bool:
    """"2024年世界职业技术教育发展大会", "2024年东盟国家驻华外交官“广东职教行”活动": a year that opens an event's
    name (no preposition before it, an event noun closing the phrase after it) is part of the name, not a date."""
    before = norm[max(0, m.start() - 2): m.start()]
    if re.search(r"(?:于|在|自|从|至|到|截至|是|为)\s*$", before):
        return False
    em = _ZH_EVENT_NOUN.match(norm[m.end():])
    # "2019年学校师生到泰国参加东盟国家的国际交流活动": a verb between the year and the event noun makes a clause
    # (the year dates what was done), not an event's name
    return bool(em) and not re.search(r"参加|参与|出席|举办|举行|开展|组织|接待|前往|赴|到访|来到|到\S{1,6}?参加", em.group())


def _build(kind: str, m: re.Match, pub: dt.date | None) -> DateMention | None:
    """The DateMention a pattern match stands for (None when it is not a valid date)."""
    g = m.groupdict()
    text = m.group().strip()
    if kind.startswith("zh_"):
        return _build_zh(kind, g, text, pub)
    for kinds, builder in _BUILDERS:
        if kind in kinds:
            return builder(kind, g, text, pub, m)
    return None


def _build_day(kind, g, text, pub, m):
    d = _safe_date(int(g["y"]), _month(g["m"]) if "m" in g and g.get("m") else int(g["mo"]), int(g["d"]))
    return DateMention(text, d.isoformat(), None, "day") if d else None


def _build_two_months(kind, g, text, pub, m):
    y = int(g["y"])
    d1 = _safe_date(y, _month(g["m1"]), int(g["d1"]))
    d2 = _safe_date(y, _month(g["m2"]), int(g["d2"]))
    if not d1 or not d2:
        return None
    if d1 > d2:
        d1 = _safe_date(y - 1, d1.month, d1.day)
    return DateMention(text, d1.isoformat(), d2.isoformat(), "day")


def _build_two_months_unwritten_year(kind, g, text, pub, m):
    """"from March 25 to April 2": two days of two months, of the year written after them or of the year the
    publication date gives the last one; kept partial without either."""
    m1, m2, d1, d2 = _month(g["m1"]), _month(g["m2"]), int(g["d1"]), int(g["d2"])
    if m1 == m2 or not (_safe_date(2000, m1, d1) and _safe_date(2000, m2, d2)):
        return None
    y2 = int(g["y"]) if g.get("y") else _resolve_year(m2, d2, pub)
    if y2 is None:
        return DateMention(text, _partial_iso(m1, d1), _partial_iso(m2, d2), "partial")
    y1 = y2 - 1 if (m1, d1) > (m2, d2) else y2  # "from 28 December to 3 January"
    a, b = _safe_date(y1, m1, d1), _safe_date(y2, m2, d2)
    return DateMention(text, a.isoformat(), b.isoformat(), "day") if a and b else None


def _build_day_range(kind, g, text, pub, m):
    mo = _month(g["m"])
    d1, d2 = int(g["d1"]), int(g["d2"])
    if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d1 >= d2:
        return None
    y = int(g["y"]) if g.get("y") else _resolve_year(mo, d1, pub)
    if y is None:
        return DateMention(text, _partial_iso(mo, d1), _partial_iso(mo, d2), "partial")
    a, b = _safe_date(y, mo, d1), _safe_date(y, mo, d2)
    return DateMention(text, a.isoformat(), b.isoformat(), "day") if a and b else None


def _build_day_month(kind, g, text, pub, m):
    mo, d = _month(g["m"]), int(g["d"])
    if not 1 <= d <= 31:
        return None
    if g["m"].rstrip(".") != "May" and g["m"].lower().rstrip(".") == "may" and kind == "m_d":
        return None  # "may 5" in lower case is the modal verb; "May 19" with its capital is the month
    y = _resolve_year(mo, d, pub)
    if y is None:
        return DateMention(text, _partial_iso(mo, d), None, "partial") if _safe_date(2000, mo, d) else None
    x = _safe_date(y, mo, d)
    return DateMention(text, x.isoformat(), None, "day") if x else None


def _build_month_range(kind, g, text, pub, m):
    a, b = (int(g["y1"]), _month(g["m1"])), (int(g["y2"]), _month(g["m2"]))
    if a >= b:
        return None
    return DateMention(text, f"{a[0]:04d}-{a[1]:02d}", f"{b[0]:04d}-{b[1]:02d}", "month")


def _build_month(kind, g, text, pub, m):
    if kind == "m_y":
        if g["m"].lower() == "may" and not m.group()[0].isupper():
            return None
        return DateMention(text, f"{int(g['y']):04d}-{_month(g['m']):02d}", None, "month")
    if g["m"].lower() == "may" and not g["m"][0].isupper():
        return None
    mo = _month(g["m"])
    y = _resolve_year(mo, None, pub)
    if y is not None and text.lower().startswith("last") and (y, mo) >= (pub.year, pub.month):
        y -= 1  # "last October" written in October: a year before
    if y is None:
        return DateMention(text, _partial_iso(mo), None, "partial")
    return DateMention(text, f"{y:04d}-{mo:02d}", None, "month")


def _build_numeric_day_month(kind, g, text, pub, m):
    mo = int(g["mo"])
    days = (int(g["d1"]), int(g["d2"])) if kind == "dd_num_m" else (int(g["d"]),)
    if not 1 <= mo <= 12 or not all(_safe_date(2000, mo, d) for d in days) or days != tuple(sorted(set(days))):
        return None
    y = _resolve_year(mo, days[0], pub)
    if y is None:
        return DateMention(text, _partial_iso(mo, days[0]), _partial_iso(mo, days[-1]) if len(days) > 1 else None, "partial")
    a, b = _safe_date(y, mo, days[0]), _safe_date(y, mo, days[-1])
    return DateMention(text, a.isoformat(), b.isoformat() if len(days) > 1 else None, "day")


def _build_years(kind, g, text, pub, m):
    if kind == "prep_y":
        return DateMention(text, g["y"], None, "year")
    y1, y2 = int(g["y1"]), int(g["y2"])
    return DateMention(text, str(y1), str(y2), "year") if y2 > y1 else None


def _build_weekday(kind, g, text, pub, m):
    which = (g.get("which") or "").lower()
    wd = WEEKDAYS[g["wd"].lower()]
    # a bare weekday ("Monday also marked ...") is the day "on Monday" names: one relative date, not two
    rel = ((which or "on") + " " + g["wd"]).lower()
    if not pub:
        return DateMention(text, None, None, "partial", relative=rel)
    if which == "next":
        fwd = (wd - pub.weekday()) % 7 or 7
        return DateMention(text, (pub + dt.timedelta(days=fwd)).isoformat(), None, "day", relative=rel)
    back = (pub.weekday() - wd) % 7
    if which in ("last", "past"):
        back = back or 7
    return DateMention(text, (pub - dt.timedelta(days=back)).isoformat(), None, "day", relative=rel)


def _build_relative_unit(kind, g, text, pub, m):
    which, unit = g["which"].lower(), g["unit"].lower()
    rel = f"{which} {unit}"
    if (g.get("mod") or "").lower():
        rel = f"{g['mod'].lower()} {rel}"
    shift = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[which]
    if not pub:
        return DateMention(text, None, None, "partial", relative=rel)
    if unit == "year":
        return DateMention(text, str(pub.year + shift), None, "year", relative=rel)
    if unit == "month":
        y, mo = pub.year, pub.month + shift
        if mo < 1:
            y, mo = y - 1, 12
        elif mo > 12:
            y, mo = y + 1, 1
        return DateMention(text, f"{y:04d}-{mo:02d}", None, "month", relative=rel)
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=shift)
    return DateMention(text, monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat(), "day", relative=rel)


def _build_relative_day(kind, g, text, pub, m):
    w = g["word"].lower()
    if not pub:
        return DateMention(text, None, None, "partial", relative=w)
    delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[w]
    return DateMention(text, (pub + dt.timedelta(days=delta)).isoformat(), None, "day", relative=w)


_BUILDERS = [
    (("iso", "dmy_num", "ymd_slash", "d_m_y", "m_d_y"), _build_day),
    (("dm_dm_y",), _build_two_months),
    (("md_md", "dm_dm"), _build_two_months_unwritten_year),
    (("my_my",), _build_month_range),
    (("dd_m_y", "m_dd_y"), _build_day_range),
    (("dd_num_m", "d_num_m", "m_num_d"), _build_numeric_day_month),
    (("d_m", "m_d"), _build_day_month),
    (("m_y", "prep_m"), _build_month),
    (("y_y", "y_y2", "prep_y"), _build_years),
    (("rel_wd",), _build_weekday),
    (("rel_unit",), _build_relative_unit),
    (("rel_day",), _build_relative_day),
]


def _build_zh(kind: str, g: dict, text: str, pub: dt.date | None) -> DateMention | None:
    if kind == "zh_ymd":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return DateMention(text, d.isoformat(), None, "day") if d else None
    if kind in ("zh_ymd_range", "zh_md_range"):
        m1, d1, d2 = int(g["m1"]), int(g["d1"]), int(g["d2"])
        m2 = int(g["m2"] or m1)
        y = int(g["y"]) if g.get("y") else _resolve_year(m1, d1, pub)
        if y is None:
            return DateMention(text, _partial_iso(m1, d1), _partial_iso(m2, d2), "partial")
        a, b = _safe_date(y, m1, d1), _safe_date(y, m2, d2)
        return DateMention(text, a.isoformat(), b.isoformat(), "day") if a and b and a <= b else None
    if kind == "zh_md":
        mo, d = int(g["m"]), int(g["d"])
        y = _resolve_year(mo, d, pub)
        if y is None:
            return DateMention(text, _partial_iso(mo, d), None, "partial") if _safe_date(2000, mo, d) else None
        x = _safe_date(y, mo, d)
        return DateMention(text, x.isoformat(), None, "day") if x else None
    if kind == "zh_ym":
        mo = int(g["m"])
        return DateMention(text, f"{int(g['y']):04d}-{mo:02d}", None, "month") if 1 <= mo <= 12 else None
    if kind in ("zh_rel_m", "zh_rel_y"):
        rel = ZH_REL_TEXT[g["rel"]]
        mo = 0
        if kind == "zh_rel_m":
            mo = int(g["m"]) if g["m"].isdigit() else int(_ZH_MONTH.index(g["m"]) + 1)
        if not pub:
            if kind == "zh_rel_m" and 1 <= mo <= 12:
                return DateMention(text, _partial_iso(mo), None, "partial", relative=rel)  # 今年一月份: the month kept
            return DateMention(text, None, None, "partial", relative=rel)
        y = pub.year + ZH_REL[g["rel"]]
        if kind == "zh_rel_m":
            return DateMention(text, f"{y:04d}-{mo:02d}", None, "month", relative=rel) if 1 <= mo <= 12 else None
        return DateMention(text, str(y), None, "year", relative=rel)
    if kind == "zh_m":
        mo = int(g["m"])
        y = _resolve_year(mo, None, pub)
        if y is None:
            return DateMention(text, _partial_iso(mo), None, "partial")
        return DateMention(text, f"{y:04d}-{mo:02d}", None, "month")
    if kind == "zh_y":
        return DateMention(text, g["y"], None, "year")
    return None


def _zh_month_lists(norm: str, out: list[DateMention], taken) -> None:
    """"2013年3月和5月": the second month takes the first one's year."""
    for d in [x for x in out if x.kind == "zh_ym"]:
        m = re.match(r"\s*[和及、与]\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])", norm[d.char_end:])
        if not m or not 1 <= int(m.group(1)) <= 12:
            continue
        a, b = d.char_end + m.start(1), d.char_end + m.end()
        extra = DateMention(norm[a:b], f"{d.start[:4]}-{int(m.group(1)):02d}", None, "month")
        extra.char_start, extra.char_end, extra.kind = a, b, "zh_ym"
        out.append(extra)
        taken.append((a, b))


_ZH_BARE_DAY = re.compile(r"(?<![\d月年./-])(?P<d>[0-3]?\d)\s*日(?![\d内后前以起至])")


def _zh_bare_days(norm: str, out: list[DateMention], taken) -> None:
    """"新华社曼谷11月26日电 … 25日在曼谷签署": a day written without its month is in the month of the date
    written last before it (and its year, when that date has one)."""
    for m in _ZH_BARE_DAY.finditer(norm):
        a, b = m.span()
        if any(not (b <= s or a >= e) for s, e in taken):
            continue
        before = [d for d in out if d.char_end <= a and d.start and re.match(r"(?:\d{4}|-)-\d\d-\d\d$", d.start)]
        if not before:
            continue
        last = max(before, key=lambda d: d.char_end).start
        year, month, day = last[:4], int(last[-5:-3]), int(m.group("d"))
        if not _safe_date(2000, month, day):
            continue
        start = f"{year}-{month:02d}-{day:02d}" if year.isdigit() and _safe_date(int(year), month, day) else _partial_iso(month, day)
        extra = DateMention(m.group(), start, None, "day" if year.isdigit() else "partial")
        extra.char_start, extra.char_end, extra.kind = a, b, "zh_md"
        out.append(extra)
        taken.append((a, b))


# --------------------------------------------------------------------------- publication date

_HEADER_ISO = re.compile(r"^\s*date\s*:?\s*((?:19|20)\d\d-[01]\d-[0-3]\d)\b", re.I)
_BYLINE = re.compile(r"^\s*\(?\s*(?:by\b|posted\b|published\b|updated\b|last updated\b|latest update\b|date\b|release date\b|dated\b)", re.I)
# (the English words bounded by non-letters, not \b: "Publisher:国际交流与合作Update:2023-09-15" glues a Chinese
# word, itself a word character, to "Update")
_BYLINE_WORDS = re.compile(
    r"(?<![A-Za-z])(?:posted|published|updated|update|release date|dated|date|source|editor)(?![A-Za-z])|"
    r"\badded on\b|发布时间|发表时间|发布日期|更新时间|发布于|发布|转载自|时间|日期|来源|作者|编辑|编稿|点击|浏览", re.I)
_FURNITURE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:hits|views|by|posted|published|updated|latest|update|on|news|date|dated|"
    r"press release|release|source|added)\b|点击量?|浏览|发布时间|发表时间|发布日期|发布于|转载自|时间|日期|来源|作者|编辑|编稿|[|:：()（）/\s\d-]",
    re.I)
_DATELINE = re.compile(
    r"^\s*\(?\s*[A-Z][A-Za-z.' ]{1,30},\s*(?:[A-Z][A-Za-z.' ]{1,30},\s*)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s*[/,]?\s*)?(?=\d|[A-Z][a-z]+\.?\s+\d)")
_AGENCY_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30},\s*(?:[A-Z][A-Za-z .'-]{2,30},\s*)?(?P<m>" + MONTH_ALT + r")\s+(?P<d>[0-3]?\d)\s*\(", re.M)


def _pub_lines(norm: str):
    """(start, end, text) of the first few and the last few non-empty lines."""
    lines, pos = [], 0
    for line in norm.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    head = [ln for ln in lines[:7] if ln[0] <= 700]
    tail = [ln for ln in lines[-4:] if ln not in head and len(ln[2]) <= 80]
    return head + tail


def _is_pub_line(line: str, inline: list[DateMention]) -> bool:
    if len(line) > 160:
        return False
    if _BYLINE.match(line) or _DATELINE.match(line):
        return True
    short = len(line.strip()) <= 90
    if short and _BYLINE_WORDS.search(line):
        return True
    rest = line
    for d in inline:
        rest = rest.replace(d.text, " ")
    rest = _FURNITURE.sub("", rest)
    covered = sum(d.char_end - d.char_start for d in inline)
    return short and len(rest) <= max(6, covered // 2)


def find_publication(norm: str, mentions: list[DateMention]) -> tuple[dt.date | None, list[DateMention]]:
    """Publication date from a header or byline line in many formats ("date 2025-05-23",
    "Published: 13/05/2025", "Posted on 14 March 2024", "Updated:2024-04-25 17:00|Hits:",
    "(Latest Update December 4, 2024)" at the end, "30-10-2025", "时间:2024-11-12 14:02:37",
    "2022年06月24日  点击量:2362"), a dateline ("(Jakarta, Thursday / 25 April 2024)") or a
    news-agency dateline without year whose day the text dates in full ("SIEM REAP, Cambodia, May 22 (Xinhua)")."""
    m = _HEADER_ISO.match(norm)
    if m:
        return dt.date.fromisoformat(m.group(1)), [d for d in mentions if d.char_start == m.start(1)]
    for lstart, lend, line in _pub_lines(norm):
        inline = [d for d in mentions if lstart <= d.char_start < lend and d.precision == "day" and d.start and len(d.start) == 10]
        if inline and _is_pub_line(line, inline):
            return dt.date.fromisoformat(inline[0].start), inline
    for lstart, lend, line in _pub_lines(norm)[:3]:
        # "XinhuaNet, Phnom Penh, 15 November 2017 - The ...": a dateline opening a long lead paragraph
        dm = _DATELINE.match(line)
        if not dm:
            continue
        first = [d for d in mentions if d.char_start == lstart + dm.end() and d.precision == "day" and d.start and len(d.start) == 10]
        if first and re.match(r"\s*[-–—(]", norm[first[0].char_end:]):
            return dt.date.fromisoformat(first[0].start), first
    am = _AGENCY_DATELINE.search(norm[:1500])
    if am:
        mo, day = _month(am.group("m")), int(am.group("d"))
        same = [d for d in mentions if d.precision == "day" and d.start and len(d.start) == 10
                and int(d.start[5:7]) == mo and int(d.start[8:10]) == day]
        if same:
            return dt.date.fromisoformat(same[0].start), []
    return None, []


# --------------------------------------------------------------------------- roles

_FOUNDING = re.compile(r"\b(founded|established|launched|set up|created|inaugurated|formed|founding|establishment|since its)\b|成立|创办|创建|建立|设立|开始", re.I)
_SIGNING = re.compile(r"\b(sign(?:ed|ing|s)?|memorandum|mou|agreement|amendment|formali[sz]ed|inked|concluded an?)\b|签署|签订|签约|备忘录|协议", re.I)
_EVENT = re.compile(
    r"\b(held|hosted|took place|organi[sz]ed|workshop|conference|forum|seminar|event|meeting|visit(?:ed)?|training|"
    r"ran from|concluded|ceremony|convened|opened|competition|summit|webinar|course|lecture|delegation)\b|"
    r"举行|召开|举办|开幕|开班|开学|访问|会议|论坛|培训|洽谈会|仪式",
    re.I,
)


def assign_roles(norm: str, mentions: list[DateMention], sentences, pub_mentions) -> None:
    from ._text import sentence_at

    pub_ids = {id(d) for d in pub_mentions}
    for d in mentions:
        s = sentence_at(sentences, d.char_start)
        d.evidence = s.text if s else d.text
        if id(d) in pub_ids:
            d.role = "publication"
            continue
        sent = s.text if s else ""
        rel_pos = d.char_start - (s.start if s else 0)
        before = sent[max(0, rel_pos - 45) : rel_pos]
        after = sent[rel_pos + len(d.text) : rel_pos + len(d.text) + 25]
        if _FOUNDING.search(before) or re.match(r"^\W*(?:,\s*)?(?:when|after)?\s*(?:it|the \w+)?\s*was (?:founded|established|launched)", after):
            d.role = "founding"
        elif _SIGNING.search(sent):
            d.role = "signing"
        elif _EVENT.search(sent) or d.kind.startswith("rel_wd"):
            d.role = "event"
        else:
            d.role = "other"


_YEAR_RELATIVE = {"zh_rel_m", "zh_rel_y"}


def extract_dates(norm: str, sentences, published: dt.date | None = None):
    """Returns (published_date, [DateMention]) with duplicates (same start/end) merged."""
    raw = find_date_mentions(norm, None)
    found_pub, pub_mentions = find_publication(norm, raw)
    pub = published or found_pub
    mentions = find_date_mentions(norm, pub) if pub else raw
    if not pub:
        # no publication date: "今年3月" / "last year" count from the date the lead reports (the news date)
        lead = next((d for d in raw if d.char_start < 400 and d.precision == "day" and d.start and len(d.start) == 10), None)
        if lead is not None:
            ref = {(d.char_start, d.char_end): d for d in find_date_mentions(norm, dt.date.fromisoformat(lead.start))}
            mentions = [ref.get((d.char_start, d.char_end), d) if d.kind in _YEAR_RELATIVE or (d.kind == "rel_unit" and (d.relative or "").endswith("year")) else d
                        for d in raw]
    if pub:
        # re-map publication mentions onto the resolved list
        spans = {(d.char_start, d.char_end) for d in pub_mentions}
        pub_mentions = [d for d in mentions if (d.char_start, d.char_end) in spans]
    assign_roles(norm, mentions, sentences, pub_mentions)
    merged: dict = {}
    for d in mentions:
        k = d.key()
        if k in merged:
            prev = merged[k]
            if prev.role in ("other",) and d.role != "other":
                prev.role = d.role
            continue
        merged[k] = d
    return pub, list(merged.values())


def month_days(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]
