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
    ("iso", re.compile(r"\b" + _y("y") + r"-(?P<mo>[01]\d)-(?P<d>[0-3]\d)\b")),
    # 4 November - 8 December 2024 / from 4 Nov to 8 Dec 2024
    ("dm_dm_y", re.compile(r"(?:\bfrom\s+)?\b" + _d("d1") + r"\s+" + _m("m1") + _SEP + _d("d2") + r"\s+" + _m("m2") + r",?\s+" + _y("y") + r"\b", re.I)),
    # from 10 to 13 December 2023 / 10-13 December 2023
    ("dd_m_y", re.compile(r"(?:\bfrom\s+)?\b" + _d("d1") + _SEP + _d("d2") + r"\s+" + _m("m") + r"(?:,?\s+" + _y("y") + r")?\b", re.I)),
    # December 10-13, 2023
    ("m_dd_y", re.compile(r"(?:\bfrom\s+)?\b" + _m("m") + r"\s+" + _d("d1") + _SEP + _d("d2") + r"(?:,?\s+" + _y("y") + r")?\b", re.I)),
    ("d_m_y", re.compile(r"\b(?:" + _WD + r")?" + _d("d") + r"\s+(?:of\s+)?" + _m("m") + r",?\s+" + _y("y") + r"\b", re.I)),
    ("m_d_y", re.compile(r"\b(?:" + _WD + r")?" + _m("m") + r"\s+" + _d("d") + r"(?!\d),?\s+" + _y("y") + r"\b", re.I)),
    ("d_m", re.compile(r"\b(?:" + _WD + r")?" + _d("d") + r"\s+(?:of\s+)?" + _m("m") + r"\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)),
    ("m_d", re.compile(r"\b(?:" + _WD + r")?" + _m("m") + r"\s+" + _d("d") + r"\b(?![\d,]*\s*(?:19|20)\d\d)(?!\s*(?:%|per|million|billion|\w+s\b))", re.I)),
    ("m_y", re.compile(r"\b" + _m("m") + r",?\s+" + _y("y") + r"\b", re.I)),
    ("y_y", re.compile(r"\b(?:from|between|in|during)\s+" + _y("y1") + r"\s*(?:-|to|and|until)\s*" + _y("y2") + r"\b", re.I)),
    ("y_y2", re.compile(r"\b" + _y("y1") + r"-" + _y("y2") + r"\b")),
    ("prep_m", re.compile(r"\b(?:in|during|since|until|by|from|early|late|mid-?|end of|beginning of)\s+" + _m("m") + r"\b(?!\s+\d)", re.I)),
    ("prep_y", re.compile(r"\b(?:in|since|from|until|till|by|during|early|late|mid-?|before|after|as of|end of|beginning of|year)\s+(?:the\s+year\s+)?" + _y("y") + r"\b(?![-/]\d)", re.I)),
    ("rel_wd", re.compile(r"\b(?:(?P<which>last|this|next|on|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!,?\s+(?:\d|" + MONTH_ALT + "))", re.I)),
    ("rel_unit", re.compile(r"\b(?P<mod>earlier|later)?\s*(?P<which>last|this|next|previous|past|coming)\s+(?P<unit>year|month|week)\b", re.I)),
    ("rel_day", re.compile(r"\b(?P<word>yesterday|today|tomorrow)\b", re.I)),
]

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
            dm = _build(kind, m, published)
            if dm is None:
                continue
            dm.char_start, dm.char_end = a, b
            dm.kind = kind
            taken.append((a, b))
            out.append(dm)
    out.sort(key=lambda d: d.char_start)
    return out


def _build(kind: str, m: re.Match, pub: dt.date | None) -> DateMention | None:
    g = m.groupdict()
    text = m.group().strip()
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["mo"]), int(g["d"]))
        return DateMention(text, d.isoformat(), None, "day") if d else None
    if kind in ("d_m_y", "m_d_y"):
        d = _safe_date(int(g["y"]), _month(g["m"]), int(g["d"]))
        return DateMention(text, d.isoformat(), None, "day") if d else None
    if kind == "dm_dm_y":
        y = int(g["y"])
        d1 = _safe_date(y, _month(g["m1"]), int(g["d1"]))
        d2 = _safe_date(y, _month(g["m2"]), int(g["d2"]))
        if not d1 or not d2:
            return None
        if d1 > d2:
            d1 = _safe_date(y - 1, d1.month, d1.day)
        return DateMention(text, d1.isoformat(), d2.isoformat(), "day")
    if kind in ("dd_m_y", "m_dd_y"):
        mo = _month(g["m"])
        d1, d2 = int(g["d1"]), int(g["d2"])
        if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or d1 >= d2:
            return None
        y = int(g["y"]) if g.get("y") else _resolve_year(mo, d1, pub)
        if y is None:
            return DateMention(text, _partial_iso(mo, d1), _partial_iso(mo, d2), "partial")
        a, b = _safe_date(y, mo, d1), _safe_date(y, mo, d2)
        if not a or not b:
            return None
        return DateMention(text, a.isoformat(), b.isoformat(), "day")
    if kind in ("d_m", "m_d"):
        mo, d = _month(g["m"]), int(g["d"])
        if not 1 <= d <= 31:
            return None
        if g["m"].lower().rstrip(".") == "may" and kind == "m_d":
            return None  # "may 5" is too ambiguous with the modal verb
        y = _resolve_year(mo, d, pub)
        if y is None:
            if not _safe_date(2000, mo, d):
                return None
            return DateMention(text, _partial_iso(mo, d), None, "partial")
        x = _safe_date(y, mo, d)
        return DateMention(text, x.isoformat(), None, "day") if x else None
    if kind == "m_y":
        if g["m"].lower() == "may" and not m.group()[0].isupper():
            return None
        return DateMention(text, f"{int(g['y']):04d}-{_month(g['m']):02d}", None, "month")
    if kind in ("y_y", "y_y2"):
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y2 <= y1:
            return None
        return DateMention(text, str(y1), str(y2), "year")
    if kind == "prep_m":
        if g["m"].lower() == "may" and not g["m"][0].isupper():
            return None
        mo = _month(g["m"])
        y = _resolve_year(mo, None, pub)
        if y is None:
            return DateMention(text, _partial_iso(mo), None, "partial")
        return DateMention(text, f"{y:04d}-{mo:02d}", None, "month")
    if kind == "prep_y":
        return DateMention(text, g["y"], None, "year")
    if kind == "rel_wd":
        which = (g.get("which") or "").lower()
        wd = WEEKDAYS[g["wd"].lower()]
        rel = (which + " " + g["wd"]).strip().lower()
        if not pub:
            return DateMention(text, None, None, "partial", relative=rel)
        back = (pub.weekday() - wd) % 7
        if which in ("last", "past"):
            back = back or 7
        elif which == "next":
            fwd = (wd - pub.weekday()) % 7 or 7
            return DateMention(text, (pub + dt.timedelta(days=fwd)).isoformat(), None, "day", relative=rel)
        return DateMention(text, (pub - dt.timedelta(days=back)).isoformat(), None, "day", relative=rel)
    if kind == "rel_unit":
        which = g["which"].lower()
        unit = g["unit"].lower()
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
    if kind == "rel_day":
        w = g["word"].lower()
        if not pub:
            return DateMention(text, None, None, "partial", relative=w)
        delta = {"yesterday": -1, "today": 0, "tomorrow": 1}[w]
        return DateMention(text, (pub + dt.timedelta(days=delta)).isoformat(), None, "day", relative=w)
    return None


# --------------------------------------------------------------------------- publication date

_HEADER_ISO = re.compile(r"^\s*date\s*:?\s*((?:19|20)\d\d-[01]\d-[0-3]\d)\b", re.I)
_BYLINE = re.compile(r"^\s*(?:by\b|posted\b|published\b|updated\b|date\b|release date\b|dated\b)", re.I)


def find_publication(norm: str, mentions: list[DateMention]) -> tuple[dt.date | None, list[DateMention]]:
    """Publication date from a header line ("date 2025-05-23", "By January 2, 2024 ...",
    "Posted on 14 March 2024", or a short line made (almost) only of a date)."""
    m = _HEADER_ISO.match(norm)
    pub_mentions: list[DateMention] = []
    if m:
        for d in mentions:
            if d.char_start == m.start(1):
                pub_mentions.append(d)
        return dt.date.fromisoformat(m.group(1)), pub_mentions
    # look at the first few lines
    pos = 0
    for i, line in enumerate(norm.split("\n")):
        if i > 6 or pos > 600:
            break
        lstart, lend = pos, pos + len(line)
        pos = lend + 1
        if not line.strip():
            continue
        inline = [d for d in mentions if lstart <= d.char_start < lend and d.precision == "day" and d.start and len(d.start) == 10]
        if not inline:
            continue
        covered = sum(d.char_end - d.char_start for d in inline)
        rest = re.sub(r"\b(by|posted|published|updated|on|news|date|dated|press release|release)\b", "", line, flags=re.I)
        if _BYLINE.match(line) or (len(line.strip()) <= 60 and covered >= 0.5 * len(rest.strip())):
            return dt.date.fromisoformat(inline[0].start), inline
    return None, []


# --------------------------------------------------------------------------- roles

_FOUNDING = re.compile(r"\b(founded|established|launched|set up|created|inaugurated|formed|founding|establishment|since its)\b", re.I)
_SIGNING = re.compile(r"\b(sign(?:ed|ing|s)?|memorandum|mou|agreement|amendment|formali[sz]ed|inked|concluded an?)\b", re.I)
_EVENT = re.compile(
    r"\b(held|hosted|took place|organi[sz]ed|workshop|conference|forum|seminar|event|meeting|visit(?:ed)?|training|"
    r"ran from|concluded|ceremony|convened|opened|competition|summit|webinar|course|lecture|delegation)\b",
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


def extract_dates(norm: str, sentences, published: dt.date | None = None):
    """Returns (published_date, [DateMention]) with duplicates (same start/end) merged."""
    raw = find_date_mentions(norm, None)
    found_pub, pub_mentions = find_publication(norm, raw)
    pub = published or found_pub
    mentions = find_date_mentions(norm, pub) if pub else raw
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
