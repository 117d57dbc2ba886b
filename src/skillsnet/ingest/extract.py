"""Information extraction: article/report text -> draft of structured records.

Pure Python (no Django).  Rule-based, driven by generic vocabulary in
``skillsnet/ingest/data/*.json``; ``rapidfuzz`` is used for fuzzy gazetteer
matching.  Entry point::

    draft = extract(text, gazetteer=[GazetteerEntry("org-1", ["Lao-German Technical College", "LGTC"])],
                    published=datetime.date(2025, 5, 23))
    draft.to_dict()
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from . import extract_orgs as eo
from . import extract_zh as zh
from ._text import (
    LATIN_LO,
    LATIN_UP,
    strip_reading_marks,
    Sentence,
    country_tables,
    place_gazetteer,
    is_acronym,
    load,
    normalise_text,
    plain,
    sentence_at,
    split_sentences,
)
from .extract_dates import MONTHS, extract_dates

__all__ = [
    "GazetteerEntry",
    "KnownPerson",
    "Draft",
    "DateRecord",
    "PlaceRecord",
    "OrganisationRecord",
    "PersonRecord",
    "CountRecord",
    "AmountRecord",
    "AreaRecord",
    "DurationRecord",
    "AgreementRecord",
    "ACTIVITY_KINDS",
    "AREA_CODES",
    "extract",
]

ACTIVITY_KINDS = (
    "peer_to_peer_workshop", "exchange_visit", "training_programme", "training_of_trainers", "conference",
    "competition", "lecture", "working_group_meeting", "programme_launch", "signing_ceremony", "industry_visit",
)
AREA_CODES = (
    "faculty_development", "joint_curriculum_design", "exchange_of_technical_expertise", "practical_training",
    "training_of_trainers", "exchange_of_trainers_and_trainees", "competitions", "language_training", "research",
    "employment_services", "skills_recognition", "other",
)


# =========================================================================== records


@dataclass
class GazetteerEntry:
    """One registered organisation: all its names, aliases, acronyms, in any script."""

    id: str
    names: list[str]


@dataclass
class KnownPerson:
    id: str
    names: list[str]
    organisation_id: str | None = None


@dataclass
class DateRecord:
    text: str
    start: str | None
    end: str | None
    precision: str
    role: str
    evidence: str
    relative: str | None = None


@dataclass
class PlaceRecord:
    name: str
    kind: str  # city | province | country | online
    country: str | None
    platform: str | None
    evidence: str


@dataclass
class OrganisationRecord:
    mention: str
    canonical_name: str
    acronym: str | None
    kind: str
    country: str | None
    matched_id: str | None
    match_method: str  # exact | alias | acronym | fuzzy | new
    match_score: float
    aliases: list[str] = field(default_factory=list)
    mentions: int = 1
    evidence: str = ""
    # a fuzzy registry match is only a possibility for the reviewer: matched_id stays None
    possible_match_id: str | None = None


@dataclass
class PersonRecord:
    name: str
    title: str | None
    organisation: str | None
    roles: list[str]
    evidence: list[str]
    unit: str | None = None
    aliases: list[str] = field(default_factory=list)
    matched_id: str | None = None
    honorific: str | None = None


@dataclass
class CountRecord:
    value: int
    qualifier: str  # exactly | more_than | about | at_least | at_most
    counted: str
    evidence: str
    text: str = ""


@dataclass
class AmountRecord:
    value: float | int
    currency: str | None
    qualifier: str
    what: str | None
    evidence: str
    text: str = ""


@dataclass
class AreaRecord:
    code: str
    cue: str
    evidence: str


@dataclass
class DurationRecord:
    text: str
    value: int
    unit: str
    evidence: str


@dataclass
class AgreementRecord:
    """One agreement the article reports, with its own parties (canonical organisation names)."""

    kind: str  # mou | moa | amendment | cooperation
    parties: list[str]
    date: str | None
    evidence: str
    # the other party as the article writes it when it does not name it ("a Chinese company", 我院 of a page that
    # never names itself, "They" of one named body): the draft has one named party for the reviewer to complete
    unnamed_party: str = ""


@dataclass
class Draft:
    published: dt.date | None = None
    activity_kind: str | None = None
    activity_evidence: str | None = None
    dates: list[DateRecord] = field(default_factory=list)
    places: list[PlaceRecord] = field(default_factory=list)
    organisations: list[OrganisationRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    counts: list[CountRecord] = field(default_factory=list)
    amounts: list[AmountRecord] = field(default_factory=list)
    areas: list[AreaRecord] = field(default_factory=list)
    durations: list[DurationRecord] = field(default_factory=list)
    agreements: list[AgreementRecord] = field(default_factory=list)
    programmes: list[OrganisationRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


# =========================================================================== helpers


def _lex() -> dict:
    return load("lexicon.json")


def _pv() -> dict:
    return load("people_vocab.json")


def _word_re(phrases: Iterable[str]) -> re.Pattern:
    alts = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w-])", re.I)


# =========================================================================== organisations


_ORG_STOP = ("The", "A", "An", "This", "That", "Its", "Their", "Our", "His", "Her", "And", "Of", "In", "At", "On", "For",
             "By", "To", "With", "From", "According", "Mr", "Ms", "Mrs", "Dr", "He", "She", "They", "We", "It")
_MONTH_WORDS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _OrgMentions:
    """Every mention of an organisation in the text, step by step: names built around a head noun (and
    Chinese names by suffix), well-known bodies, acronyms, registry names; then clustered."""

    def __init__(self, norm: str, sentences: list[Sentence], gazetteer: Sequence[GazetteerEntry]):
        self.norm, self.sentences, self.gazetteer = norm, sentences, gazetteer
        self.known = eo.known_bodies()
        self.mentions: list[eo.OrgMention] = []
        self.spans: list[tuple[int, int]] = []

    def free(self, a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in self.spans)

    def add(self, mention: eo.OrgMention) -> None:
        self.mentions.append(mention)
        self.spans.append((mention.start, mention.end))

    def headed(self) -> None:
        finder = eo._Finder(set())
        for s in self.sentences:
            for m in finder.candidates(s):
                if eo._acceptable(m):
                    self.add(m)
        # "Cambodia Luban Workshop": a Luban workshop named by its country or city is an institution (a plain
        # "workshop" is an event; "Luban Construction Workshop College" is found by its head)
        names, demonyms, places = country_tables()
        for m in re.finditer(r"(?<![\w-])(?:The\s+)?((?:[A-Z][\w'-]*\s+){1,2}Luban\s+Workshop)(?![\w-])(?!\s+[A-Z])", self.norm):
            first = m.group(1).split()[0]
            if (first in names or first in places or first in demonyms) and self.free(m.start(1), m.end(1)):
                s = sentence_at(self.sentences, m.start(1))
                self.add(eo.OrgMention(m.group(1), m.start(1), m.end(1), sentence=s.text if s else "", source="head"))
        if zh.has_chinese(self.norm):
            for o in zh.find_orgs(self.norm, self.sentences):
                self.add(eo.OrgMention(o.name, o.start, o.end, sentence=o.sentence, source="zh"))

    def headless(self) -> None:
        """Names without a head noun, known by how the text uses them: a run of capitalised words whose
        initials the bracketed acronym after it spells ("Indo Paku Bumi (IPB)"); a firm named as what someone
        is the manager of or works at ("HR Manager of NVT Power", "working in after-sales support at LiuGong
        Machinery Indonesia"), or after a business noun ("machinery manufacturer LiuGong")."""
        stop = set(_ORG_STOP)
        names, demonyms, places = country_tables()
        run = r"((?:[A-Z][\w&'-]*)(?:\s+[A-Z][\w&'-]*){0,6})"

        def ok(words: list[str]) -> bool:
            return bool(words) and words[0] not in stop and not all(w in names or w in places or w in demonyms for w in words) \
                and not any(w in ("Republic", "Kingdom", "Democratic", "Federation") for w in words)  # a state's name

        generic = set(load("org_vocab.json").get("generic_acronyms", []))
        for m in re.finditer(run + r"\s*\(\s*([A-Z]{2,7})\s*\)", self.norm):
            words, acr = m.group(1).split(), m.group(2)
            if acr in generic:
                continue  # "Tertiary Vocational Education Training (TVET)": a field's name spelled out, no body
            for k in range(len(words), 1, -1):
                cand = words[-k:]
                if ok(cand) and acr in eo._initials(" ".join(cand)):
                    a = m.start(1) + len(" ".join(words[:-k])) + (1 if len(words) > k else 0)
                    b = m.end(1)
                    inside = [x for x in self.mentions if a <= x.start and x.end <= b and (x.start, x.end) != (a, b)]
                    if not self.free(a, b) and inside and k >= 4 and all(
                            not (x.start < a < x.end or x.start < b < x.end) for x in self.mentions) \
                            and self.norm[b:m.start(2)].strip() == "(":
                        # "Regional Polytechnic Institute Techo Sen Battambang (RPITSB)": the acronym spells the longer
                        # run, whose head-built part ("Regional Polytechnic Institute") is only its beginning
                        for x in inside:
                            self.mentions.remove(x)
                            self.spans.remove((x.start, x.end))
                    if self.free(a, b):
                        s = sentence_at(self.sentences, a)
                        self.add(eo.OrgMention(self.norm[a:b], a, b, acronym=acr, sentence=s.text if s else "", source="head"))
                    break
        cue = (r"\b(?:(?:Manager|CEO|Chairman|chairman|President|engineer|employee|staff|intern)s?\s+(?:of|at)|"
               r"working\s+(?:in\s+(?:[\w-]+\s+){1,3})?(?:at|for)|interned\s+at|"
               r"(?:manufacturer|subsidiary|firm|company|enterprise|maker|giant|supplier|brand)(?:\s+of)?)\s+" + run + r"(?=[\s,.;)]|$)")
        for m in re.finditer(cue, self.norm):
            words = m.group(1).split()
            while words and (words[-1] in stop or words[-1] in _MONTH_WORDS):
                words.pop()
            if not ok(words) or (len(words) == 1 and not re.search(r"[a-z][A-Z]|[A-Z]{2}", words[0])):
                continue  # one plain word ("of Finance") is not enough; "LiuGong", "NVT" are distinctive
            a = m.start(1)
            b = a + len(" ".join(words))
            if self.free(a, b) and not re.match(r"\s+[A-Z][a-z]+\s+(?:said|says|told)\b", self.norm[b:]):
                s = sentence_at(self.sentences, a)
                self.add(eo.OrgMention(self.norm[a:b], a, b, sentence=s.text if s else "", source="head"))

        # "the Beifang Educational Technology, a Chinese vocational institution focused on ...": a name
        # explained by an apposition that says what kind of body it is
        kind = (r",\s+(?:a|an|one of)\s+(?:[A-Za-z-]+\s+){0,3}?(?:institution|company|college|school|firm|enterprise|"
                r"university|manufacturer|provider|organi[sz]ation|institute)s?\b")
        for m in re.finditer(r"\bthe\s+" + run + kind, self.norm):
            words = m.group(1).split()
            if len(words) < 2 or not ok(words):
                continue
            a, b = m.start(1), m.end(1)
            if self.free(a, b):
                s = sentence_at(self.sentences, a)
                self.add(eo.OrgMention(self.norm[a:b], a, b, sentence=s.text if s else "", source="head"))

    def short_names(self) -> None:
        """"Politeknik Negeri Semarang (Polines) ... (Polines Director)": a short name in title case declared in
        brackets right after an organisation's name (not an acronym in capitals, which acronyms() reads) is
        that organisation wherever it is used."""
        names, demonyms, places = country_tables()
        self.short_pairs: list[tuple[str, str]] = []
        for m in list(self.mentions):
            bm = re.match(r"\s*\(\s*([A-Z][a-z]{3,12})\s*\)", self.norm[m.end:])
            if not bm or m.acronym:
                continue
            word = bm.group(1)
            if word in names or word in demonyms or word in places or word.lower() in _title_nouns() or word in _MONTH_WORDS:
                continue
            self.short_pairs.append((m.text, word))
            for wm in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", self.norm):
                if self.free(wm.start(), wm.end()):
                    sent = sentence_at(self.sentences, wm.start())
                    self.add(eo.OrgMention(word, wm.start(), wm.end(), sentence=sent.text if sent else "", source="acronym"))

    def compound_acronyms(self) -> None:
        """"SEAMEO VOCTECH (SEAMEO Regional Centre for ...)": two acronyms in a row name one body (a centre known by
        its parent's acronym and its own), not two; a name in brackets right after it is that body written out.
        A headline in capitals is no such pair."""
        generic = set(load("org_vocab.json").get("generic_acronyms", []))
        names, demonyms, places = country_tables()
        known_acr = {b.get("acronym") for b in self.known if b.get("acronym")}
        for s in self.sentences:
            words = re.findall(r"[A-Za-z]+", s.text)
            if sum(w.isupper() for w in words) * 2 > len(words):
                continue  # a headline or a line in capitals
            # (two words exactly: a longer run in capitals is a phrase, "BANDAR SERI BEGAWAN, Brunei -")
            for m in re.finditer(r"(?<![\w-])(?<![A-Z]{2}\s)([A-Z]{3,9})\s+([A-Z]{3,9})(?![\w-])(?!\s+[A-Z]{2,}\b)", s.text):
                if {m.group(1), m.group(2)} & generic or any(w.capitalize() in names or w in names for w in m.groups()):
                    continue
                a, b = s.start + m.start(), s.start + m.end()
                bm = re.match(r"\s*\(([^()]{8,120})\)", self.norm[b:])
                # (a well-known body's acronym then another: "SEAMEO TED director", its regional centre, even once)
                parent = m.group(1) in known_acr and not self.norm[:a].rstrip().endswith("(")
                if not self.free(a, b) or m.group().title() in places or not (bm or parent or self.norm.count(m.group()) >= 2):
                    continue  # a place or a name written in capitals once ("PHNOM PENH, Cambodia -" in a dateline)
                self.add(eo.OrgMention(m.group(), a, b, sentence=s.text, source="head"))
                inner = [o for o in self.mentions if bm and o.start >= b and o.end <= b + bm.end()]
                if inner:
                    self.short_pairs.append((m.group(), inner[0].text))

    def known_bodies(self) -> None:
        """Mark mentions that are well-known bodies; add those written in full but missed ("World Bank")."""
        by_key = {eo.name_key(n): b for b in self.known for n in [b["name"], *b.get("aliases", [])]}
        for m in self.mentions:
            m.known = by_key.get(eo.name_key(m.text)) or m.known
        for b in self.known:
            for n in [b["name"], *b.get("aliases", [])]:
                for mm in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", self.norm, re.I):
                    if self.free(*mm.span()):
                        s = sentence_at(self.sentences, mm.start())
                        self.add(eo.OrgMention(mm.group(), mm.start(), mm.end(), acronym=b.get("acronym"),
                                               sentence=s.text if s else "", source="known", known=b))

    def acronyms(self) -> None:
        """Acronyms defined in the article, spelling a name's initials, well known, or used alone repeatedly."""
        for m in self.mentions:
            # "东南亚教育部长组织(SEAMEO)": an acronym in brackets right after a name in Chinese is that body's
            am = re.match(r"\s*[(（]\s*([A-Z][A-Za-z&]{1,9})\s*[)）]", self.norm[m.end:]) if m.source == "zh" and not m.acronym else None
            if am and is_acronym(am.group(1)):
                m.acronym = am.group(1)
        defined = {m.acronym: m for m in self.mentions if m.acronym}
        definitions = {i + 1 for m in self.mentions if m.acronym for i in [self.norm.find("(" + m.acronym, m.end)] if i >= 0}
        # an acronym of two words defined in the article ("SEAMEO TED"): each later use names that body, not its parent
        for a in [a for a in defined if " " in a]:
            for am in re.finditer(r"(?<![\w/-])" + re.escape(a) + r"(?![\w/-])", self.norm):
                if am.start() not in definitions and self.free(*am.span()):
                    s = sentence_at(self.sentences, am.start())
                    self.add(eo.OrgMention(a, am.start(), am.end(), acronym=a, sentence=s.text if s else "", source="acronym"))
        initials: dict[str, eo.OrgMention] = {}
        for m in self.mentions:
            if not m.acronym and m.source == "head":
                for ini in eo._initials(m.text):
                    if len(ini) >= 3:
                        initials.setdefault(ini, m)
        known_acr = {a: b for b in self.known for a in [b.get("acronym"), *[x for x in b.get("aliases", []) if is_acronym(x)]] if a}
        gaz_acr = {n for e in self.gazetteer for n in e.names if is_acronym(n)}
        in_brackets = set(re.findall(r"\w[\w\s'-]*\(\s*([A-Z]{3,7})\s*\)", self.norm))  # "Triangular Cooperation (SSTC)"
        headline = _headline_acronyms(self.norm, set(defined) | set(initials) | set(known_acr) | gaz_acr | in_brackets)
        bare = _bare_acronyms(self.norm, set(defined) | set(initials) | set(known_acr) | gaz_acr | in_brackets) | headline
        for s in self.sentences:
            for am in re.finditer(r"(?:(?<![\w/-])|(?<=[a-z]-))([A-Z][A-Za-z&]{1,9})(?![\w/-]|'s\w)", s.text):
                a, pos = am.group(1), s.start + am.start()
                if s.text[am.start() - 1: am.start()] == "-" and a not in headline:
                    continue  # (after a dash only the headline's own acronym, "Friendship-X Delegation")
                if not is_acronym(a) or pos in definitions or not self.free(pos, pos + len(a)) or a in gaz_acr:
                    continue  # registry acronyms are found by the registry scan
                known = None
                if a in defined:
                    known = defined[a].known
                elif a in initials:
                    initials[a].acronym = initials[a].acronym or a
                    defined[a] = initials[a]
                elif a in known_acr and not _modifies_event(s.text, am.start(1), am.end(1)) \
                        and not _qualifies_members(s.text, am.end(1)):
                    known = known_acr[a]
                elif a not in bare:
                    continue
                self.add(eo.OrgMention(a, pos, pos + len(a), acronym=a, sentence=s.text,
                                       source="known" if known and a in known_acr and a not in defined else "acronym", known=known))

    def registry(self) -> None:
        """Registry names anywhere in the text."""
        for gm in eo.scan_gazetteer(self.norm, self.gazetteer):
            overlapping = [m for m in self.mentions if not (gm.end <= m.start or gm.start >= m.end)]
            if overlapping:
                for m in overlapping:
                    if m.start <= gm.start and gm.end <= m.end and (m.end - m.start) == (gm.end - gm.start):
                        m.gazetteer_id = gm.gazetteer_id
                continue
            s = sentence_at(self.sentences, gm.start)
            gm.sentence = s.text if s else ""
            self.mentions.append(gm)

    def clusters(self) -> list[eo.OrgCluster]:
        self.headed()
        self.headless()
        self.short_names()
        self.compound_acronyms()
        self.known_bodies()
        self.acronyms()
        self.registry()
        clusters = eo.cluster(self.mentions)
        if zh.has_chinese(self.norm):
            clusters = eo.merge_aliases(clusters, zh.aliases(self.norm))
            clusters = eo.merge_aliases(clusters, zh.same_core_pairs([n for c in clusters for n in c.names], self.norm))
            self.zh_short_mentions(clusters)
        clusters = eo.merge_aliases(clusters, self.declared_aliases() + self.short_pairs)
        self.declared_short_names(clusters)
        eo.add_country_free_names(clusters)
        return clusters

    def zh_short_mentions(self, clusters: list[eo.OrgCluster]) -> None:
        """"台职院与正裕工业…签署": the short forms of names given in full earlier (zh.short_forms) are further
        mentions of those organisations wherever no other name covers them."""
        taken = [(m.start, m.end) for c in clusters for m in c.mentions]
        for c in clusters:
            for short in dict.fromkeys(x for n in c.names for x in zh.short_forms(n)):
                for sm in re.finditer(re.escape(short), self.norm):
                    if any(a < sm.end() and sm.start() < b for a, b in taken):
                        continue
                    s = sentence_at(self.sentences, sm.start())
                    c.mentions.append(eo.OrgMention(short, sm.start(), sm.end(), sentence=s.text if s else ""))
                    taken.append(sm.span())

    def declared_short_names(self, clusters: list[eo.OrgCluster]) -> None:
        """"PT. X Machinery Indonesia (hereinafter referred to as "X Indonesia")": the short name a text declares for
        an organisation is that organisation's, even where no rule read it as a name (its later uses too)."""
        rx = re.compile(r"\s*\(\s*(?:hereinafter(?:\s+referred\s+to\s+as)?|hereafter(?:\s+referred\s+to\s+as)?|"
                        r"also\s+known\s+as|(?:abbreviated|shortened)\s+(?:as|to))\s*[“\"']([A-Z][^”\"'()]{1,60}?)[”\"']\s*\)", re.I)
        names, _, _ = country_tables()
        for c in clusters:
            for m in list(c.mentions):
                dm = rx.match(self.norm, m.end)
                if not dm or dm.group(1) in names or any(dm.group(1) in o.names for o in clusters):
                    continue
                short = dm.group(1)
                c.names.append(short)
                for sm in re.finditer(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", self.norm):
                    if self.free(*sm.span()):
                        s = sentence_at(self.sentences, sm.start())
                        c.mentions.append(eo.OrgMention(short, sm.start(), sm.end(), sentence=s.text if s else ""))
                        self.spans.append(sm.span())

    def declared_aliases(self) -> list[tuple[str, str]]:
        """(name, other name) pairs the text declares: "X (also known as Y)", "X (formerly Y)", "X (hereinafter Y)"."""
        out = []
        by_start = sorted(self.mentions, key=lambda m: m.start)
        for m in by_start:
            # "达沃雅典耀大学(Ateneo De Davao University)": a name in Chinese with its name in Latin script in brackets
            # right after it (a name, not an acronym: those are read as acronyms)
            if re.search(r"[\u4e00-\u9fff]$", m.text) and self.norm[m.end:m.end + 1] in "(（" and m.end < len(self.norm):
                inner = [o for o in by_start if o.start in (m.end + 1, m.end + 2) and re.match(r"[A-Z]", o.text)
                         and " " in o.text and re.match(r"\s*[)）]", self.norm[o.end:o.end + 2])]
                if inner:
                    out.append((m.text, inner[0].text))
            before = self.norm[max(0, m.start - 60): m.start]
            dm = re.search(r"\(\s*(?:also\s+known\s+as|formerly(?:\s+known\s+as)?|a\.?k\.?a\.?|hereinafter(?:\s+referred\s+to\s+as)?|"
                           r"hereafter)\s*[“\"']?$", before, re.I)
            if not dm:
                # "the Organization Department (Talent Office)": a unit's second name in brackets right after its first
                if (before.endswith("(") and self.norm[m.end:m.end + 1] == ")"
                        and (eo.head_of(m.text) or "") in _UNIT_HEADS):
                    prev = [o for o in by_start if o is not m and 0 <= m.start - 1 - o.end <= 1
                            and (eo.head_of(o.text) or "") in _UNIT_HEADS]
                    if prev:
                        out.append((prev[-1].text, m.text))
                continue
            paren = m.start - len(before) + dm.start()
            prev = [o for o in by_start if o is not m and 0 <= paren - o.end <= 2]
            if prev:
                out.append((prev[-1].text, m.text))
        return out


_UNIT_HEADS = {"Office", "Department", "Division", "Bureau", "Section", "Unit", "Committee"}


def _find_organisations(norm: str, sentences: list[Sentence], gazetteer: Sequence[GazetteerEntry]):
    clusters = _OrgMentions(norm, sentences, gazetteer).clusters()
    return [_org_record(c, gazetteer) for c in clusters], clusters


def _org_record(c: eo.OrgCluster, gazetteer) -> OrganisationRecord:
    mid, method, score = eo.gazetteer_link(c, gazetteer)
    possible = None
    if method == "fuzzy":  # never linked without the reviewer: only exact names, aliases and acronyms link
        mid, possible = None, mid
    first = min(c.mentions, key=lambda m: m.start)
    acr = c.acronym or next((m.text for m in c.mentions if is_acronym(m.text)), None)
    return OrganisationRecord(
        mention=first.text,
        canonical_name=c.canonical,
        acronym=acr,
        kind=eo.guess_kind(c),
        country=eo.guess_country(c),
        matched_id=mid,
        match_method=method,
        match_score=score,
        aliases=[n for n in dict.fromkeys([*c.names, *([acr] if acr else [])]) if n != c.canonical],
        mentions=len(c.mentions),
        evidence=first.sentence,
        possible_match_id=possible,
    )


# a given name (one capitalised word, not a title, preceded by a comma, a title or the start of a clause) just
# before an all-capitals word: "The President, Dequan CHEN, ...", "Vice President Lijun JIANG said"
_SURNAME_IN_CAPITALS = re.compile(r"(?:^|[,;:(]\s*|\b(?:President|Director|Dean|Minister|Secretary|Chairman|Principal|"
                                  r"Professor|Prof\.|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|and)\s+)[A-Z][a-z]{2,}\s+$")


def _bare_acronyms(norm: str, explained: set[str]) -> set[str]:
    """Acronyms the article never spells out but uses as a name, at least twice, with an
    organisation's article or verb ("the ZJIET representatives", "ZJIET signed"): an organisation
    known by its acronym only.  Generic acronyms (TVET, ICT) and codes (USD, ISO) are not."""
    not_orgs = set(_pv()["not_name_words"]) | set(load("org_vocab.json").get("generic_acronyms", []))
    names, demonyms, _ = country_tables()
    found = {}
    for m in re.finditer(r"(?<![\w/-])([A-Z]{3,7})(?![\w/-])", norm):
        a = m.group(1)
        if a in explained or a in not_orgs or a in names or a in demonyms or a.lower() in _lex()["currency_names"]:
            continue
        if _SURNAME_IN_CAPITALS.search(norm, max(0, m.start() - 25), m.start()):
            continue  # "Dequan CHEN": a surname written in capitals after the given name, not an acronym
        found[a] = found.get(a, 0) + 1
    return {a for a, n in found.items() if n >= 2}


# what an organisation does or is in a headline: "X Delegation Completes ...", "X and Indonesian Institutes Signed ..."
_HEADLINE_ACTOR = re.compile(r"\s+(?:Delegation|Team|Signs?|Signed|Inks?|Inked|Holds?|Held|Hosts?|Hosted|Welcomes?|Welcomed|"
                             r"Receives?|Received|Visits?|Visited|Launches|Launched|Opens|Opened|Trains|Trained|"
                             r"and\s+(?:[A-Z][a-z]+\s+){0,3}(?:Institutes?|Colleges?|Universities|University|Polytechnics?|"
                             r"Schools?|Companies|Company|Partners?))\b")


def _headline_acronyms(norm: str, explained: set[str]) -> set[str]:
    """An acronym the article never spells out, used once in its headline as the one who acts ("X Delegation
    Completes Exchange Visit", "X and Indonesian Institutes Signed Contracts"): the article's own institution, known
    by its acronym only.  Generic acronyms and codes are not (see _bare_acronyms)."""
    not_orgs = set(_pv()["not_name_words"]) | set(load("org_vocab.json").get("generic_acronyms", []))
    names, demonyms, _ = country_tables()
    headline = norm.lstrip().split("\n", 1)[0]
    out = set()
    # (after a dash closing a phrase too: "Skills Build Friendship-X Delegation Completes ...")
    for m in re.finditer(r"(?:(?<![\w/-])|(?<=[a-z]-))([A-Z]{3,7})(?![\w/-])", headline):
        a = m.group(1)
        if a in explained or a in not_orgs or a in names or a in demonyms or a.lower() in _lex()["currency_names"]:
            continue
        if _HEADLINE_ACTOR.match(headline, m.end()):
            out.add(a)
    return out


_EVENT_NOUNS = {
    "Tour", "Competition", "Competitions", "Games", "Expo", "EXPO", "Forum", "Week", "Summit", "Championship", "Championships",
    "Award", "Awards", "Conference", "Festival", "Day", "Fair", "Cup", "Challenge", "Olympiad",
}


def _modifies_event(text: str, a: int, b: int) -> bool:
    """Is a known body's acronym only a word in an event's name ("WorldSkills ASEAN Competition",
    "ASEAN Tour")?  Then the body itself is not mentioned."""
    after = re.match(r"\s+((?:[A-Z][\w-]*\s+){0,2}?)([A-Z][\w-]*)", text[b:])
    return bool(after and after.group(2) in _EVENT_NOUNS)


# the nouns a regional body's acronym qualifies as an adjective: "ASEAN countries", "other ASEAN member states"
_MEMBERS = re.compile(r"\s+(?:member\s+)?(?:countries|country|states|state|nations|economies|region|regions|partners|"
                      r"members|governments|peoples|citizens|youths?|students)\b")


def _qualifies_members(text: str, b: int) -> bool:
    """Is a known body's acronym only an adjective of its member countries or their people ("ASEAN countries",
    "an ASEAN member state")?  Then the body itself is not mentioned (as the gold files read it)."""
    return bool(_MEMBERS.match(text, b))


def _resolve_org(text: str, clusters: list[eo.OrgCluster], before_pos: int | None = None):
    """Find which organisation a piece of text (e.g. 'Head of TEITC') refers to."""
    hits = []
    for c in clusters:
        for n in c.all_names():
            flags = 0 if is_acronym(n) else re.I
            for m in re.finditer(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", text, flags):
                hits.append((m.start(), -(m.end() - m.start()), c))
    if hits:
        hits.sort(key=lambda h: (h[0], h[1]))
        ordered = []
        for h in hits:
            if h[2] not in ordered:
                ordered.append(h[2])
        first = ordered[0]
        unit = None
        if len(ordered) > 1 and eo.head_of(first.canonical) in ("Department", "Office", "Bureau", "Division", "Unit", "Directorate", "Secretariat"):
            unit = first.canonical
            first = ordered[-1]
        return first.canonical, unit
    gm = re.match(r"\s*(?:the|this|that|our|its|his|her)\s+(school|college|institute|university|ministry|department|project|programme|program|alliance|network|company|institution|polytechnic|academy|centre|center)\b", text, re.I)
    if gm and before_pos is not None:
        word = gm.group(1).lower()
        best = None
        for c in clusters:
            h = (eo.head_of(c.canonical) or "").lower()
            if h.rstrip("s") != word and not (word == "institution" and h in ("college", "school", "institute")):
                continue
            prior = [m.start for m in c.mentions if m.start < before_pos]
            if prior and (best is None or max(prior) > best[0]):
                best = (max(prior), c)
        if best:
            return best[1].canonical, None
    return None, None


# =========================================================================== people

# a name token: "Wei", "Jean-Luc", "F.", or a family name in capitals ("ZHANG", "KEOMIXAY")
# (capitals and small letters with diacritics are taken from unicodedata: "Vũ Trung Hiếu", "Đặng", "Ăn")
_UP, _LO = "[" + LATIN_UP + "]", "[" + LATIN_LO + "']"
_NT = (r"(?:" + _UP + _LO + r"+(?:-[" + LATIN_UP + LATIN_LO + r"]" + _LO + r"+)?|" + _UP + r"\.|" + _UP + r"{2,}(?:-" + _UP
       + r"{2,})?(?![\w.]))")
_PARTICLE = r"(?:bin|binti|van|von|de|da|del|der|di|dos|al|el|ibn|le|la)"
# a Malay patronymic ("Saiful Baharin bin Pengiran Haji Duraman") runs longer than other names: up to three words
# before bin/binti and four after it
_PATRONYMIC = _NT + r"(?:\s+" + _NT + r"){0,2}\s+(?:bin|binti)\s+" + _NT + r"(?:\s+" + _NT + r"){0,3}(?![\w-])"
_NAME = r"(?:" + _PATRONYMIC + "|" + _NT + r"(?:\s+(?:" + _PARTICLE + r"\s+)?" + _NT + r"){1,4})"
# honorifics written before a name, possibly several ("H.E. Mr.", "Assoc. Prof. Dr.", "Mr. Ir.")
_HON = (r"(?:Assoc\.?\s+Prof|Asst\.?\s+Prof|Associate\s+Professor|Assistant\s+Professor|Mr|Mrs|Ms|Miss|Mx|Dr|Drs|Dra|Prof|"
        r"Professor|Madam|Madame|Mme|H\.\s?E|His\s+Excellency|Her\s+Excellency|Excellency|Ir|Hj|Pak|Ibu|Bapak|Dato'?|Datuk|"
        r"Sir|Dame|Hon|Honourable|Honorable|Eng|Engr|"
        # Malaysian styles, often several before one name ("Yang Amat Berhormat Dato' Seri", "Datuk Seri Dr")
        r"Seri|Sri|Tan\s+Sri|Datin|Tun|Puan|Encik|Yang\s+(?:Amat\s+)?Berhormat|YAB|YB)")
_HONORIFIC_RE = re.compile(r"(?<![\w.])((?:" + _HON + r")\.?(?:\s+(?:" + _HON + r")\.?)*)\s+(" + _PATRONYMIC + "|" + _NT
                           + r"(?:\s+(?:" + _PARTICLE + r"\s+)?" + _NT + r"){0,3})")
# academic degrees written after a name ("Zakaria, M.Pd.", "Beni Bandanadjaja, S.T., M.T", "Warsito.DEA")
_DEGREE = r"(?:[.,]\s*(?:DEA|MBA|M\.?Sc|B\.?Sc|M\.?A|Ph\.?D|S\.[A-Z][a-z]{0,3}\.?|M\.[A-Z][a-z]{0,3}\.?(?:\s?[A-Z][a-z]?\.?)?))"
# one or more degrees after a name, Indonesian ones included ("SP.", "S. Sos", "S.TP.", "M.Tr.P.", "MP")
_DEGREES_AFTER = (r"(?:,\s*(?:Ph\.?\s?D\.?|DEA|MBA|M\.?Sc\.?|B\.?Sc\.?|S\.\s?[A-Z][A-Za-z]{0,3}\.?|"
                  r"M\.\s?[A-Z][A-Za-z]{0,3}\.?(?:[A-Z]\.?)?|SP|MP|ST|MT|SE|MM|SH)\.?(?=[,\s]|$))+")
_DEGREE_NAME_RE = re.compile(r"(?<![\w.])(" + _NAME + r")(?=" + _DEGREES_AFTER + r")")
# "said student Tien Zhi Xian on ...", "Lao student Mei Lin expressed ..."
_STUDENT_NAME_RE = re.compile(r"\bstudent\s+(" + _NAME + r")(?=\s+(?:on|said|says|expressed|told|added|noted|from|who)\b|\s*[,.])")
_SINGLE_NAME_RE = re.compile(
    r"(?:\b((?:[A-Z][a-z]+\s+)?(?:student|trainee|graduate|apprentice|intern|participant|teacher|worker))\s+|(?<=[a-z]\s))"
    r"(" + _UP + "[" + LATIN_LO + r"]{2,})(?=\s+(?:said|says|spoke|told|added|noted|stressed|recalled|explained|shared|expressed)\b)")
_LIAISON_TITLES = {"Dr", "Prof", "Professor", "H.E", "H. E", "His Excellency", "Her Excellency", "Excellency", "Assoc. Prof",
                   "Assoc Prof", "Asst. Prof", "Associate Professor", "Assistant Professor", "Ir", "Drs", "Dra"}


@lru_cache(maxsize=None)
def _title_nouns_cached() -> frozenset[str]:
    out = set()
    for t in _pv()["title_nouns"]:
        out.add(t.lower())
        out.add(_fold(t).lower())  # "Attache" written without its accent
    return frozenset(out)


def _title_nouns() -> set[str]:
    return set(_title_nouns_cached())


# the last words of the name of a unit or a field of work, never of a person's ("the Political Section",
# "Director General for TESD Operations")
_UNIT_WORDS = {"section", "operations", "division", "department", "office", "unit", "bureau", "affairs"}


def _clean_name(raw: str, org_spans, start: int, acronyms=frozenset(), single: bool = False) -> str | None:
    """The person's name in raw (honorifics dropped), or None when raw is not a name.  single: a
    one-word name (Indonesian mononyms) is accepted."""
    hon = {h.rstrip(".") for h in _pv()["honorifics"]}
    toks = raw.split()
    while toks and (toks[0].rstrip(".") in hon or toks[0] in ("And", "But", "Also", "Meanwhile", "Then", "While")):
        toks = toks[1:]  # honorifics, and a conjunction opening the sentence ("And Saiful Anwar, S.TP., ...")
    if len(toks) > 6 or len(toks) < (1 if single else 2):
        return None
    particles = set(_PARTICLE[3:-1].split("|"))
    bad = set(_pv()["not_name_words"])
    names, demonyms, places = country_tables()
    heads = set(eo.heads())
    titles = _title_nouns()
    caps = [t for t in toks if len(t) > 1 and t.isupper()]
    if caps and (len(caps) > 1 or len(caps) == len(toks) or any(c in acronyms or c in bad for c in caps)):
        return None  # "ZHANG Wei" is a name; "TVET Institutional", "ILO Coordinator" are not
    for t in toks:
        core = t.rstrip(".")
        if t in particles:
            continue
        if t in bad or core in heads or t.lower() in titles or t in names or t in demonyms or t in places \
                or core.lower() in _UNIT_WORDS:
            return None
        if (t.lower() in MONTHS and (len(t) > 3 or t == "May" or t.endswith("."))) or t.endswith("'s"):
            return None  # a month ("June", "May", "Aug."); "Jun", "Jan" without a full stop are given names ("Yi Jun")
    if single and (len(toks[0]) < 4 or toks[0].isupper()):
        return None
    name = " ".join(toks)
    a = start + raw.find(toks[0])
    b = a + len(name)
    for s, e in org_spans:
        if not (b <= s or a >= e):
            return None
    return name


def _title_case(name: str) -> str:
    """"ZHANG Wei" -> "Zhang Wei" (a family name written in capitals)."""
    return " ".join(t.capitalize() if len(t) > 1 and t.isupper() else t for t in name.split())


def _split_title(phrase: str):
    """'Deputy Director of the Lao Polytechnic College' -> ('Deputy Director', 'the Lao Polytechnic College')."""
    phrase = phrase.strip()
    if len(phrase.split()) > 25:
        return None
    m = re.match(r"(?:(?:a|an|the)\s+)?(.+?)(?:\s+(?:of|at|from|with|for)\s+(.+))?$", phrase)
    if not m:
        return None
    title, org = m.group(1).strip(), (m.group(2) or "").strip()
    inside = None
    im = re.match(r"(.+?)\s+in\s+(.+)$", title)
    if im:
        title, inside = im.group(1), im.group(2)
    words = re.findall(r"[\w-]+", title.lower())
    if not words or len(words) > 7:
        return None
    tn = _title_nouns()
    if not any(w in tn or w.split("-")[-1] in tn or (w.endswith("s") and w[:-1] in tn) for w in words):
        return None
    if not (title[0].isupper() or words[0] in tn or words[0] in _pv()["title_modifiers"]
            or (len(words) <= 4 and (words[-1] in tn or words[-1].rstrip("s") in tn) and title.islower())):
        return None
    # first word must not be a verb-ish lower-case word
    return title, org or None, inside


_SPEECH = None


def _speech_re() -> re.Pattern:
    global _SPEECH
    if _SPEECH is None:
        _SPEECH = _word_re(_pv()["speech_verbs"])
    return _SPEECH


@lru_cache(maxsize=None)
def _role_res() -> dict[str, re.Pattern]:
    return {role: _word_re(cues) for role, cues in _pv()["role_cues"].items()}


def _roles_for(sentence: str, name_pos: int, name: str) -> set[str]:
    """Roles of the person named at name_pos, from the role cues of people_vocab.json: a signatory is
    named after "signed by"; a moderator after "moderated/chaired by" or before "moderated"; lecturer,
    speaker and participant cues count anywhere in the sentence."""
    res = _role_res()
    roles = set()
    low = sentence.lower()
    before = low[:name_pos]
    if re.search(r"\b(signed|inked|co-signed)\s+(?:on behalf of [^,]+,\s*)?by\b", before) or "signator" in low or re.search(
            re.escape(name.lower()) + r"[^.]{0,20}\bwho signed\b", low):
        roles.add("signatory")
    if re.search(r"\b(moderated|chaired|facilitated|presided over|hosted)\s+by\s*$", before[-60:].rstrip() + " ") or re.search(
        r"\b(moderated|chaired|facilitated)\s+by\b[^.]{0,40}$", before
    ) or re.search(re.escape(name.lower()) + r"[^.]{0,40}\b(moderated|chaired)\b", low) or re.search(
            r"\b(moderator|master of ceremonies|emcee)\b", low):
        roles.add("moderator")
    if res["lecturer"].search(sentence) or re.search(r"\b(lead trainer|trainers|instructors|masterclass)\b", low):
        roles.add("lecturer")
    if _speech_re().search(sentence) or '"' in sentence or res["speaker"].search(sentence) or re.search(r"\b(address)\b", low):
        roles.add("speaker")
    if res["participant"].search(sentence) or re.search(r"\bparticipant\b", low):
        roles.add("participant")
    return roles


@dataclass
class _P:
    name: str
    key: frozenset
    title: str | None = None
    org: str | None = None
    unit: str | None = None
    roles: set = field(default_factory=set)
    evidence: list = field(default_factory=list)
    aliases: list = field(default_factory=list)
    first_pos: int = 0
    honorific: str | None = None


def _pkey(name: str) -> frozenset:
    return frozenset(t.lower().rstrip(".") for t in name.split() if len(t.rstrip(".")) > 1)


_HONORIFIC_TITLES = {
    "Prof": "Professor", "Professor": "Professor", "Assoc Prof": "Associate Professor", "Associate Professor": "Associate Professor",
    "Asst Prof": "Assistant Professor", "Assistant Professor": "Assistant Professor", "Dr": "Dr.", "Drs": "Drs.", "Dra": "Dra.",
    "Ir": "Ir.", "HE": "H.E.", "His Excellency": "H.E.", "Her Excellency": "H.E.", "Excellency": "H.E.",
}


def _honorific_title(honorific: str) -> str | None:
    """The title an honorific stands for when no other title is given ("Assoc. Prof. Dr." ->
    "Associate Professor", "H.E. Mr." -> "H.E."); courtesy forms (Mr, Ms, Pak, Ibu) give none."""
    parts = re.findall(_HON, honorific)
    for part in parts:
        key = re.sub(r"[.\s]+", " ", part).strip().replace("H E", "HE")
        if key in _HONORIFIC_TITLES:
            return _HONORIFIC_TITLES[key]
    return None


def _singular_title(title: str) -> str:
    """"Vice Presidents" -> "Vice President" (a title given once for several people)."""
    words = title.split()
    last = words[-1]
    if last.endswith("s") and last[:-1].lower() in _title_nouns():
        words[-1] = last[:-1]
    return " ".join(words)


class _PeopleFinder:
    """Named people and their titles, organisations and roles, pattern by pattern."""

    def __init__(self, sentences: list[Sentence], clusters):
        self.sentences = sentences
        self.clusters = list(clusters)
        self.org_spans = [(m.start, m.end) for c in clusters for m in c.mentions]
        self.acronyms = frozenset(n for c in clusters for n in c.all_names() if is_acronym(n))
        self.people: dict[frozenset, _P] = {}
        self.new_clusters: list = []

    def clean(self, raw: str, start: int, single: bool = False) -> str | None:
        return _clean_name(raw, self.org_spans, start, self.acronyms, single)

    def add(self, name, pos, sent: Sentence, title=None, org_text=None, inside=None, honorific=None):
        p = self._person(name, pos)
        if title:
            title = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", title.strip())
        if title and not p.title:
            p.title = title
        if honorific and not p.honorific:
            p.honorific = honorific
        if not p.title and honorific:
            p.title = _honorific_title(honorific)
        for text in (org_text, inside, title):
            if text and not p.org:
                p.org, p.unit = _resolve_org(text, self.clusters, pos)
        if org_text and not p.org and title and "minister" not in title.lower():
            self._unnamed_head_org(p, org_text, pos, sent)
        p.roles |= _roles_for(sent.text, pos - sent.start, name)
        if sent.text not in p.evidence:
            p.evidence.append(sent.text)

    def _unnamed_head_org(self, p: _P, org_text: str, pos: int, sent: Sentence) -> None:
        """"assistant general manager of Conch Cement Indonesia": an organisation whose name has no head
        noun is still named by the title's complement."""
        m = re.match(r"\s*(?:the\s+)?([A-Z][\w'&.-]*(?:\s+(?:[A-Z][\w'&.-]*|&)){1,5})", org_text)
        if not m:
            return
        name = m.group(1).rstrip(".")
        names, demonyms, places = country_tables()
        words = name.split()
        if any(w in names or w in places for w in words[:1]) or all(w.lower() in _GENERIC_WORDS or w in demonyms for w in words):
            return
        if name in names or name in places:
            return  # "a student from Luang Prabang": where the person comes from
        if any(w in _pv()["not_name_words"] and w not in demonyms and w not in names for w in words) or is_acronym(words[0]):
            return
        start = sent.start + sent.text.find(name, max(0, pos - sent.start))
        mention = eo.OrgMention(name, start, start + len(name), sentence=sent.text, source="title")
        cluster = eo.OrgCluster(mentions=[mention], names=[name])
        self.clusters.append(cluster)
        self.new_clusters.append(cluster)
        p.org = name

    def _person(self, name: str, pos: int) -> _P:
        key = _pkey(name)
        p = self.people.get(key)
        if p is None:  # same person written with an extra initial ("Gilbert F. Houngbo" / "Gilbert Houngbo")
            p = next((q for k, q in self.people.items() if key <= k or k <= key), None)
        if p is None:
            p = self.people[key] = _P(name=name, key=key, first_pos=pos)
            if name != _title_case(name):
                p.aliases.append(_title_case(name))
        elif name not in (p.name, *p.aliases):
            if len(name) > len(p.name):
                p.aliases.append(p.name)
                p.name = name
            else:
                p.aliases.append(name)
        return p

    def run(self) -> list[_P]:
        later: list = []
        for s in self.sentences:
            later += self.name_comma_title(s)
            self.honorific_names(s)
            self.speech_names(s)
        for s, cm in later:
            self.title_of_org_comma_name(s, cm)
        for s in self.sentences:
            self.title_then_name(s)
            self.degree_and_student_names(s)
            self.appositive_subject(s)
            self.title_phrase_before_name(s)
            self.title_of_org_then_name(s)
            self.lower_case_title_then_name(s)
        self.short_references()
        return sorted(self.people.values(), key=lambda p: p.first_pos)

    # P9: a title written in lower case after its organisation's acronym or name, then the name, a comma
    #     allowed between: "PKPB adviser Manndzri Nasib was appointed", "EMB acting director, Jason Choy Min
    #     Seng", "(PKPB) secretary-general Mohammad Rizan Hassan (pix) said"; and a name closed by a possessive
    #     ("Vice-President Han Zheng’s official visit")
    def lower_case_title_then_name(self, s: Sentence) -> None:
        t = s.text
        tn = _title_nouns()
        rx = re.compile(r"(?:\b[A-Z][A-Za-z]*[A-Z]\b\)?|\b[A-Z][a-z]+|\))\s+((?:(?:acting|deputy|vice|executive|chief|senior)\s+)?"
                        r"[a-z][a-z-]+)\s*,?\s+(" + _NAME + r")(?=\s*[,.;(]|\s+(?:[a-z]|on\b|in\b|at\b)|’s|'s|$)")
        for m in rx.finditer(t):
            title = m.group(1)
            head = title.split()[-1]
            if head not in tn and head.split("-")[-1] not in tn:
                continue
            name = self.clean(m.group(2), s.start + m.start(2))
            if name:
                self.add(name, s.start + m.start(2), s, title)
        # "young engineer Siti Rahma arrives early": an occupation in lower case after an adjective, then the name
        for m in re.finditer(r"\b(?:young|senior|veteran|experienced|local|female|former)\s+(engineer|technician|teacher|"
                             r"trainer|lecturer|instructor|graduate|trainee|worker|welder|mechanic|electrician)\s+("
                             + _NT + r"\s+" + _NT + r")(?=\s+[a-z]|\s*[,.;])", t):
            name = self.clean(m.group(2), s.start + m.start(2))
            if name:
                self.add(name, s.start + m.start(2), s, m.group(1))
        for m in re.finditer(r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})\s+(" + _NT + r"\s+" + _NT + r")(?=’s|'s)", t):
            words = m.group(1).split()
            if not words[-1].lower() in tn and words[-1].lower().split("-")[-1] not in tn:
                continue
            name = self.clean(m.group(2), s.start + m.start(2))
            if name:
                self.add(name, s.start + m.start(2), s, m.group(1))

    # P8: "the Education and Culture Attache of the Indonesian Embassy in Beijing Yudil Chatim during ...": a
    #     title, "of" and an organisation's name, then the person's name and a word in lower case
    def title_of_org_then_name(self, s: Sentence) -> None:
        tn = _title_nouns()
        for a, e in self.org_spans:
            if not s.start <= a < e <= s.end:
                continue
            t, ra, re_ = s.text, a - s.start, e - s.start
            nm = re.match(r"\s+(" + _NAME + r")(?=\s+[a-z]|\s*[,.;]|$)", t[re_:])
            tm = re.search(r"\b((?:[A-Z][\w-]*\s+(?:and\s+)?){0,4}([A-Z][\w-]*))\s+of\s+(?:the\s+)?$", t[max(0, ra - 80):ra])
            if not nm or not tm or tm.group(2).lower() not in tn:
                continue
            name = self.clean(nm.group(1), e + nm.start(1))
            if name and len(name.split()) >= 2:
                self.add(name, e + nm.start(1), s, tm.group(1), t[ra:re_])

    # P6: NAME, DEGREE(S) ("Agung Wahyono, SP., M.Si., Ph.D., Vigo Dewangga, S.S., ...") and "student NAME"
    def degree_and_student_names(self, s: Sentence) -> None:
        for m in _DEGREE_NAME_RE.finditer(s.text):
            name = self.clean(m.group(1), s.start + m.start(1))
            if name:
                self.add(name, s.start + m.start(1), s)
        # "ITI's director Moan Sam Oeurn": a title in lower case after an organisation's possessive
        for m in re.finditer(r"\b([A-Z][\w&-]*)'s\s+((?:vice|deputy|executive|general)?\s*([a-z]+))\s+(" + _NAME + r")", s.text):
            if m.group(3) in _title_nouns():
                name = self.clean(m.group(4), s.start + m.start(4))
                if name:
                    self.add(name, s.start + m.start(4), s, m.group(2).strip(), m.group(1))
        for m in _STUDENT_NAME_RE.finditer(s.text):
            name = self.clean(m.group(1), s.start + m.start(1))
            if name:
                self.add(name, s.start + m.start(1), s, "student")
        # "Indonesian student Galuh spoke ...", "... Ministry Saryadi said": one name (many Indonesians have only
        # one) between a role noun or an organisation's name and a verb of saying
        for m in _SINGLE_NAME_RE.finditer(s.text):
            pos = s.start + m.start(2)
            after_org = any(0 <= s.start + m.start(2) - e <= 1 for _, e in self.org_spans)
            if not (m.group(1) or after_org):
                continue
            name = self.clean(m.group(2), pos, single=True)
            if name:
                self.add(name, pos, s, m.group(1).split()[-1] if m.group(1) else None)

    # P1: NAME, TITLE (of ORG) -- also "A and B, Vice Presidents of X" and "Warsito.DEA, Deputy Minister"
    def name_comma_title(self, s: Sentence) -> list:
        t, rest = s.text, []
        for cm in re.finditer(r",", t):
            before, after = t[: cm.start()], t[cm.end():]
            tm = re.match(
                r"\s*([^,;()\"]+?)(?=\s*(?:[,;()\"]|\.\s|\.$|$|\s+(?:said|says|spoke|speaks|who|was|were|is|has|had|have|"
                r"mentions|mentioned|made|pointed|emphasi[sz]ed|noted|added|stressed|thanked|reviewed|expressed|participated|attended)\b))",
                after)
            sp = _split_title(tm.group(1)) if tm else None
            found = self._names_before_comma(s, before, sp) if sp else []
            for name, pos in found:
                self.add(name, pos, s, _singular_title(sp[0]) if len(found) > 1 else sp[0], sp[1], sp[2])
            if not found:
                rest.append((s, cm))
        return rest

    def _names_before_comma(self, s: Sentence, before: str, sp) -> list[tuple[str, int]]:
        before = re.sub(r",\s*\d{1,3}\s*$", "", before)  # "San Veasna, 23, a teacher": the age between name and title
        nm = re.search(r"(?:" + _HON + r"\.?\s+)*(" + _NAME + r")\s*$", before)
        cap = self._capitals_after_honorific(s, before)
        if cap:
            return [cap]
        single = None
        if not nm:  # a one-word name with a degree: "and Warsito.DEA, Deputy Minister"
            single = re.search(r"(?:^|,\s+|\band\s+|\binclude\s+|\bnamely\s+)(?:" + _HON + r"\.?\s+)*([A-Z][a-z]{3,})" + _DEGREE + r"\s*$", before)
            if not single and sp[0][:1].isupper() and (sp[1] or " to " in sp[0]):
                # "included Somchai, Member of the ... Committee, Prasert, Adviser to the Minister and ...": a one-word
                # name (many Thais and Indonesians are named so) inside a list or after "from", given a capitalised
                # title with its complement; not a sentence's first word ("Meanwhile, Director of ...")
                single = re.search(r"(?:,\s+|\band\s+|\binclud(?:e|es|ed|ing)\s+|\bnamely\s+|\bfrom\s+|\bby\s+)([A-Z][a-z]{3,})\s*$", before)
            if not single:
                return []
            name = self.clean(single.group(1), s.start + single.start(1), single=True)
            return [(name, s.start + single.start(1))] if name else []
        name = self.clean(nm.group(1), s.start + nm.start(1))
        if not name and re.fullmatch(r"He\s+[A-Z][a-z]+", nm.group(1)) and not re.search(r"\S", before[: nm.start(1)].strip(" (")):
            # "He Ji, president of the school, ...": the surname He, not the pronoun (a pronoun is not followed
            # by a capitalised word and a title in apposition)
            name = nm.group(1)
        if not name:
            return []
        out = [(name, s.start + nm.start(1))]
        # "Jin Zhang and Wei Fan, Vice Presidents of ...": the title is given once for the list
        head = before[: nm.start()]
        plural = sp[0].split()[-1].endswith("s")
        while plural:
            pm = re.search(r"(?:" + _HON + r"\.?\s+)*(" + _NAME + r")\s*(?:,|\band)\s*$", head)
            other = pm and self.clean(pm.group(1), s.start + pm.start(1))
            if not other:
                break
            out.insert(0, (other, s.start + pm.start(1)))
            head = head[: pm.start()]
        return out

    def _capitals_after_honorific(self, s: Sentence, before: str) -> tuple[str, int] | None:
        """"MR. CHHIM THOEUN, president of ...": a name written wholly in capitals is a name when an
        honorific (in any case) stands before it and none of its words is an acronym or a name word."""
        nm = re.search(r"(?<![\w.])(?i:mr|mrs|ms|dr|h\.\s?e)\.?\s+([A-Z]{2,}(?:\s+[A-Z]{2,}){1,2})\s*$", before)
        if not nm:
            return None
        toks = nm.group(1).split()
        bad = set(_pv()["not_name_words"])
        heads = {h.lower() for h in eo.heads()}
        if any(t in self.acronyms or t.capitalize() in bad or t.lower() in heads or t.lower() in _title_nouns() for t in toks):
            return None
        pos = s.start + nm.start(1)
        if any(not (pos + len(nm.group(1)) <= a or pos >= b) for a, b in self.org_spans):
            return None
        return nm.group(1), pos

    # P2: (The) TITLE of ORG, NAME
    def title_of_org_comma_name(self, s: Sentence, cm) -> None:
        before, after = s.text[: cm.start()], s.text[cm.end():]
        # (a title may join two fields with "and": "the Education and Culture Attaché at the ... Embassy in Beijing,")
        # ("According to the ... Attaché at ...": "According" is no title)
        # ("said China's Ambassador to Thailand, Han ...": a country's possessive may open the title)
        # ("China's Deputy Consul General in Khon Kaen, Yang Ning, said": or the city where the post is, no body)
        tb = re.search(r"(?:^|[;:(]\s*|\b[Tt]he\s+|\b[A-Z][a-z]+'s\s+)(?!According\b)([A-Z][\w-]*(?:\s+(?:(?:and|&)\s+)?[A-Z][\w-]*){0,3})\s+(?:(?:of|at|to)\s+(?:the\s+)?([A-Z][^,;]*)|in\s+[A-Z][^,;]*())$", before)
        if not tb:
            # "The President, Dequan CHEN, and ...", "... and Vice President, Lijun JIANG, attended": a bare title
            # in apposition before the name (only a title the title lexicon knows, see _split_title)
            tb = re.search(r"(?:^|[;:(]\s*|\b[Tt]he\s+|\band\s+)(?!According\b)((?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*)()$", before)
            # ("The Deputy Director General, X, said": a title noun and "General" after it)
            if not tb or tb.group(1).split()[-1].lower() not in _title_nouns() and not (
                    tb.group(1).split()[-1] == "General" and len(tb.group(1).split()) >= 2
                    and tb.group(1).split()[-2].lower() in _title_nouns()):
                # "The Laotian student representative, Phonesavanh Phounsone, expressed": a title in lower case
                # after "the" and a nationality
                tb = re.search(r"(?:^|[;:(]\s*|\s)[Tt]he\s+(?:[A-Z][a-z]+\s+)?((?:[a-z]+\s+){0,2}[a-z]+)()$", before)
                if not tb or tb.group(1).split()[-1] not in _title_nouns():
                    return
        an = re.match(r"\s*(" + _NAME + r")\s*(?=[,.;)]|$|\s+(?:[a-z]+ed|said|says|spoke|is|was|has)\b)", after)
        if an and _split_title(tb.group(1)):
            name = self.clean(an.group(1), s.start + cm.end() + an.start(1))
            if name:
                self.add(name, s.start + cm.end() + an.start(1), s, tb.group(1), tb.group(2) or None)

    # P3: honorific NAME (of ORG); "Drs. Zakaria, M.Pd." (one-word names after an honorific)
    def honorific_names(self, s: Sentence) -> None:
        t = s.text
        for hm in _HONORIFIC_RE.finditer(t):
            raw, pos = hm.group(2), s.start + hm.start(2)
            name = self.clean(raw, pos)
            # (a one-word name closed by a degree, a punctuation mark, or "and" before the next honorific:
            # "Mr. Budiman and Mr. Hotman")
            if not name and " " not in raw.strip() and re.match(r"\s*(?:" + _DEGREE + r"|[,.;)]|$|and\s+(?:" + _HON + r")\.?\s)",
                                                                 t[hm.end():]):
                name = self.clean(raw, pos, single=True)
            if not name:
                continue
            om = re.match(r"\s+(?:of|from)\s+((?:the\s+)?[A-Z][^,;.]*)", t[hm.end():])
            honorific = re.sub(r"\s+", " ", hm.group(1)).strip()
            self.add(name, pos, s, org_text=om.group(1) if om else None, honorific=honorific)

    # P4: said NAME / NAME said / NAME of ORG
    def speech_names(self, s: Sentence) -> None:
        t = s.text
        for sm in re.finditer(r"\b(?:said|says|according to)\s+(" + _NAME + r")", t):
            name = self.clean(sm.group(1), s.start + sm.start(1))
            if name:
                self.add(name, s.start + sm.start(1), s)
        for sm in re.finditer(r"(" + _NAME + r")\s+(?:said|says|told|added|noted|stressed|emphasi[sz]ed|pointed out|explained|stated)\b", t):
            name = self.clean(sm.group(1), s.start + sm.start(1))
            if name:
                self.add(name, s.start + sm.start(1), s)
        for sm in re.finditer(r"(" + _NAME + r")\s+of\s+(?:the\s+)?", t):
            after_pos = s.start + sm.end()
            if any(a == after_pos for a, _ in self.org_spans):
                name = self.clean(sm.group(1), s.start + sm.start(1))
                if name:
                    self.add(name, s.start + sm.start(1), s, org_text=t[sm.end():])

    # P6: "Vice Minister of Education Wu Yan", "Vice Minister Kongsy Sengmany of MOES",
    #     "Vice Presidents Wang Li, Zhang Jin and Liu Yang"
    def title_then_name(self, s: Sentence) -> None:
        tn = _title_nouns()
        hon_alt = "|".join(re.escape(h.rstrip(".")) for h in _pv()["honorifics"] if h[:1].isupper())
        # a middle initial with its full stop ("Felizardo R. Colambo") and a quoted nickname ("Juan “Jun” Cruz")
        # stay inside the run
        runs = list(re.finditer(r"(?:[A-Z][\w'-]*|of|for|and)(?:\s+(?:[A-Z]\.(?=\s+[A-Z])|[“\"][A-Z][a-z]+[”\"](?=\s+[A-Z])|"
                                r"[A-Z][\w'-]*|of|for|" + _PARTICLE + r")(?![\w'-]))+",  # (a particle is a whole word: not "le" of "led")
                                s.text))
        joined: list = []
        for rm in runs:
            prev = joined[-1] if joined else None
            if (prev is not None and rm.group().startswith("and ") and prev.end() + 1 == rm.start()
                    and re.search(r"\b(?:of|for)\s+[A-Z]", prev.group())
                    and not self.clean(" ".join(prev.group().split()[-2:]), prev.end() - 1)):  # no name closes it yet
                # "Deputy Minister of Education and Sports Baolane Siliphanya": "and" inside the of-complement
                joined[-1] = _Span(prev.start(), s.text[prev.start(): rm.end()])
            else:
                joined.append(rm)
        for rm in joined:
            words = rm.group().split()
            lead = 0
            while words and words[0] in ("of", "for", "and"):
                lead += len(words.pop(0)) + 1  # "and Director X": the run starts at the title
            while words and words[-1] in ("of", "for", "and"):
                words.pop()  # "Vice Minister Kongsy Sengmany of [the Ministry]": the run ends before "of"
            if not words:
                continue
            rm = _Span(rm.start() + lead, " ".join(words))
            follow = s.text[rm.end():]
            nxt = re.match(r"\s*(?:and|&)\s+(?:(?:Vice|Deputy|Acting|Executive)[\s-]+)?([A-Z][a-z]+)", follow)
            if re.match(r"\s*(?:and|&)\s+[A-Z]", follow) and not re.match(r"\s*(?:and|&)\s+(?:" + hon_alt + r")\b", follow) \
                    and "of" not in words and "for" not in words and not (nxt and nxt.group(1).lower() in tn):
                continue  # "Minister X and ...": a coordination, unless "and" continues an "of"-complement
            ti = [i for i, w in enumerate(words) if w[:1].isupper() and (w.lower() in tn or w.lower().split("-")[-1] in tn
                                                                         or (w.endswith("s") and w[:-1].lower() in tn))]
            if ti:
                last = ti[0]  # "Deputy Director-General X": the title is every title word in a row
                mods = set(_pv()["title_modifiers"])
                while last + 1 < len(words) and (words[last + 1].lower() in tn or words[last + 1].lower() in mods
                                                 or words[last + 1].lower().split("-")[-1] in tn):
                    last += 1
                self._title_run(s, rm, words, last, follow)

    # P7: the subject of a clause with an apposition, whatever its head noun: "Yin Rady, a 37-year-old
    #     technician at the plant, said ...", "Keo-Oudone Boudsingkhone, vice-governor of the province of
    #     Khammouane, Laos, visited ...", "\"...,\" Yaya Sutarya, Education and Culture Attache of X, told ..."
    def appositive_subject(self, s: Sentence) -> None:
        t = s.text
        for m in _APPOSITIVE_SUBJECT.finditer(t):
            appos = m.group(2)
            if not re.match(r"(?:(?:a|an|the)\s|[a-z]|[A-Z][\w'-]*(?:\s+(?:[A-Z][\w'-]*|and|&))*\s+(?:of|at|to|for|in)\s)", appos):
                continue  # an apposition opens with an article, a lower-case noun or a capitalised title with its complement
            if re.match(r"(?:the|a|an)\s+[A-Z]", appos) and not re.search(r"\b[a-z]{3,}\b", appos.split(" of ")[0][4:]):
                continue  # "X, the Cambodia-China University, ...": a name, not a title
            name = self.clean(m.group(1), s.start + m.start(1))
            if not name:
                continue
            head = re.sub(r"^(?:(?:a|an|the)\s+)?(?:\d{1,3}-year-old\s+)?", "", appos)
            hm = re.match(r"(.+?)(?:\s+(?:of|at|from|with|for|in)\s+(.+))?$", head.split(",")[0])
            title, org_text = (hm.group(1), hm.group(2)) if hm else (None, None)
            if title and len(title.split()) > 6:
                title = None
            self.add(name, s.start + m.start(1), s, title, org_text)

    # P8: a name closing a title phrase whose complement the run-based P6 does not span ("to", "in", commas):
    #     "Chinese Ambassador to Indonesia Wang Lutong in Jakarta", "Deputy Minister of Higher Education,
    #     Science, and Technology Stella Christie urged", "Charge d'Affaires of the Chinese Embassy in Laos Wang Chang"
    def title_phrase_before_name(self, s: Sentence) -> None:
        t = s.text
        tn = _title_nouns()
        for m in re.finditer(r"(" + _NT + r"(?:\s+" + _NT + r"){1,3})(?=\s+(?:[a-z]+(?:ed|s)\b|said\b|told\b|spoke\b|led\b|in\s|at\s|on\s|and\s)|\s*[,.;)]|$)", t):
            toks = m.group(1).split()
            for n in (3, 2):
                if len(toks) < n:
                    continue
                cand = " ".join(toks[-n:])
                pos = s.start + m.start(1) + m.group(1).rfind(cand)
                if n < len(toks) and not self._ends_title_complement(toks[:-n]):
                    continue
                before = t[: pos - s.start]
                if n == len(toks) and not re.search(r"(?:\b(?:of|to|in|for)\s+(?:the\s+)?[A-Z][\w'-]*|\b[A-Z][\w'-]+)\s*$", before):
                    continue
                # a title noun in the same clause, the words between it and the name being its complement
                clause = re.split(r"[;:\"“”]|,\s+(?=[a-z])(?!and\b|or\b)", before)[-1]
                tm = None
                for wm in re.finditer("[" + LATIN_UP + LATIN_LO + "'-]+", clause):
                    w = _fold(wm.group()).lower()
                    if w in tn or w.split("-")[-1] in tn or w in _MULTIWORD_TITLE_HEADS:
                        tm = wm
                if tm is None or not (tm.group()[:1].isupper() or _fold(tm.group()).lower() in _MULTIWORD_TITLE_HEADS):
                    continue
                between = clause[tm.end():]
                if re.search(r"\b(?!of\b|to\b|in\b|for\b|and\b|the\b)[a-z]{2,}\b", between.replace("d'", "")):
                    continue  # a verb or a common noun between: not the title's complement
                name = self.clean(cand, pos)
                if name:
                    title_start = clause.rfind(" ", 0, tm.start())
                    if _fold(tm.group()).lower() in _MULTIWORD_TITLE_HEADS and title_start > 0:
                        title_start = clause.rfind(" ", 0, title_start)  # "Charge d'Affaires"
                    title = clause[title_start + 1: tm.end()].strip() if title_start >= 0 else tm.group()
                    om = re.match(r"\s+(?:of|to|for)\s+(.+?)\s*$", between)
                    self.add(name, pos, s, title, om.group(1) if om else None)
                break

    @staticmethod
    def _ends_title_complement(words: list[str]) -> bool:
        """The capitalised words before a name belong to a title's complement (a place or an organisation
        closing "of the Chinese Embassy in Laos"), not to the name."""
        names, demonyms, places = country_tables()
        last = words[-1]
        return last in names or last in places or last.lower() in {h.lower() for h in eo.heads()} or last in (
            "Technology", "Science", "Sports", "Education", "Affairs", "Training", "Resources")

    def _title_run(self, s: Sentence, rm: re.Match, words: list[str], first_title: int, follow: str) -> None:
        rest = words[first_title + 1:]
        offset = s.start + rm.start()
        for n in (4, 3, 2):  # the name ends the run
            if len(rest) < n or rest[-n][:1].islower():
                continue
            cand, pre = rest[-n:], rest[:-n]
            if pre and pre[0] not in ("of", "for"):
                continue
            name = self.clean(" ".join(cand), offset + rm.group().rfind(" ".join(cand)))
            if name:
                title = re.sub(r"^(?:The|A|An)\s+", "", " ".join(words[: first_title + 1 + len(pre)]))
                org_text = " ".join(pre[1:]) or (follow if re.match(r"\s+(?:of|for)\s", follow) else None)
                if _split_title(title):
                    self._add_list(s, name, offset + rm.group().rfind(name), title, org_text, follow)
                return
        k = next((i for i, w in enumerate(rest) if w in ("of", "for")), len(rest))
        if 2 <= k <= 4:  # the name follows the title, its organisation after "of"
            cand = " ".join(rest[:k])
            name = self.clean(cand, offset + rm.group().find(cand))
            title = re.sub(r"^(?:The|A|An)\s+", "", " ".join(words[: first_title + 1]))
            after = s.text[offset - s.start + rm.group().find(cand) + len(cand):]
            org_text = " ".join(rest[k + 1:]) if k < len(rest) else (after if re.match(r"\s+(?:of|for)\s", after) else None)
            if name and _split_title(title):
                self.add(name, offset + rm.group().find(cand), s, title, org_text)

    def _add_list(self, s: Sentence, name: str, pos: int, title: str, org_text, follow: str) -> None:
        plural = title.split()[-1].endswith("s") and title.split()[-1][:-1].lower() in _title_nouns()
        self.add(name, pos, s, _singular_title(title), org_text)
        if not plural:
            return
        at = s.text.find(follow, pos - s.start)
        while True:
            suffix = re.match(r",?\s*(?:Jr|Sr)\.?(?=\s*(?:,|and\b))|\s+(?:II|III|IV)\b", follow)
            if suffix:  # "Directors A, Jr. and B": a generational suffix closes the name before the next one
                follow, at = follow[suffix.end():], at + suffix.end()
            nm = re.match(r"\s*(?:,\s*and\b|,|\band\b)\s*(" + _NAME + r")", follow)
            if not nm:
                break
            other = self.clean(nm.group(1), s.start + at + nm.start(1))
            if not other:
                break
            self.add(other, s.start + at + nm.start(1), s, _singular_title(title), org_text)
            follow = follow[nm.end():]
            at += nm.end()

    # surname / given-name only mentions of people already found ("Seangsavang emphasized")
    def short_references(self) -> None:
        token_owner: dict[str, list[_P]] = {}
        for p in self.people.values():
            for tok in p.key:
                token_owner.setdefault(tok, []).append(p)
        for s in self.sentences:
            for wm in re.finditer(r"\b([A-Z][a-z]+)\b", s.text):
                owners = token_owner.get(wm.group(1).lower(), [])
                if len(owners) != 1 or s.text in owners[0].evidence:
                    continue
                p = owners[0]
                roles = _roles_for(s.text, wm.start(), wm.group(1))
                if roles & {"speaker", "moderator", "signatory", "lecturer"} and (
                        _speech_re().search(s.text[wm.end(): wm.end() + 40]) or re.search(r"\b(he|she) said\b", s.text)):
                    p.roles |= roles & {"speaker", "moderator", "signatory", "lecturer"}
                    p.evidence.append(s.text)


@dataclass
class _Span:
    """A piece of a sentence, like the re.Match it replaces: start(), end(), group()."""

    begin: int
    text: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.begin + len(self.text)

    def group(self) -> str:
        return self.text


_APPOSITIVE_SUBJECT = re.compile(
    r"(?:^|(?<=,\s)|(?<=[\"\u201d\u2019]\s))(" + _NAME + r"),\s+([^;\"\u201c\u201d]{3,160}?)"
    # the apposition closes with a comma, or runs on into a dashed aside ("X, an Indonesian working at Y -- a
    # Jakarta-based subsidiary of Z -- is among ..."), before the verb of the clause
    r"(?:,\s+|\s+--\s+[^;\"\u201c\u201d]{0,140}?\s+--\s+)(?:said|says|told|added|noted|stressed|"
    r"explained|stated|urged|expressed|visited|attended|led|delivered|presented|introduced|signed|thanked|welcomed|"
    r"emphasi[sz]ed|pointed|spoke|hoped|called|praised|congratulated|highlighted|recalled|shared|"
    r"is\s+(?:among|one)|was\s+(?:among|one)|joined|graduated|participated|received)\b")
_MULTIWORD_TITLE_HEADS = {"d'affaires", "affaires"}


def _fold(word: str) -> str:
    """Accents folded ("Attaché" -> "Attache")."""
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


_GENERIC_WORDS = {"the", "of", "and", "&", "department", "office", "unit", "division", "section", "team", "board", "school",
                  "international", "national", "regional", "local", "public", "private", "cooperation", "affairs", "relations",
                  "education", "training", "vocational", "technical", "human", "resources", "development", "industry"}


def _find_people(norm: str, sentences: list[Sentence], clusters, org_records, gazetteer=()) -> list[_P]:
    """People; organisations named only as a person's employer ("manager of Conch Cement Indonesia") are
    added to clusters and org_records."""
    finder = _PeopleFinder(sentences, clusters)
    people = finder.run()
    for c in finder.new_clusters:
        if not any(eo._same_org(c, other) for other in clusters):
            clusters.append(c)
            org_records.append(_org_record(c, gazetteer))
    return people


def _link_person(p: _P, known_people) -> str | None:
    for kp in known_people or ():
        if isinstance(kp, str):
            kid, names = kp, [kp]
        elif isinstance(kp, dict):
            kid, names = kp.get("id"), kp.get("names") or [kp.get("name")]
        else:
            kid, names = getattr(kp, "id", None), list(getattr(kp, "names", []) or [getattr(kp, "name", "")])
        for n in names:
            if not n:
                continue
            k = _pkey(plain(n).title())
            if k and (k == p.key or (len(k) >= 2 and (k <= p.key or p.key <= k))):
                return kid
            try:
                from rapidfuzz import fuzz

                if fuzz.token_sort_ratio(plain(n), plain(p.name)) >= 92:
                    return kid
            except Exception:  # pragma: no cover
                pass
    return None


# =========================================================================== counts & amounts


def _qualifier(before: str) -> tuple[str, int]:
    """Qualifier phrase immediately before a number -> (code, length of phrase)."""
    quals = _lex()["qualifiers"]
    low = before.lower()
    best = ("exactly", 0)
    for phrase, code in quals.items():
        m = re.search(r"(?<![\w])" + re.escape(phrase) + r"\s*$", low)
        if m and phrase == "over" and re.search(r"\b(?:hand|hands|handed|handing|turn|turns|turned|turning|take|took|taken|"
                                                r"taking|win|won|winning)\s+over\s*$", low):
            continue  # "handed over 23 standards", "took over 3 schools": a verb's particle, not "more than"
        if m and len(phrase) > best[1]:
            best = (code, len(m.group()))
    return best


# numbers as written: 1,200 / 1 200 (space or thin space between thousands) / 1.200 (dot between
# thousands, as in Indonesian) / 12 / 2.5
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,])|\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:\.\d+)?"


def _amount_regexes():
    lex = _lex()
    names = sorted(lex["currency_names"], key=len, reverse=True)
    word_cur = [n for n in names if re.match(r"^[a-z]", n) and not re.search(r"[$€£¥]", n)]
    sym_cur = [n for n in names if not re.match(r"^[a-z]", n) or re.search(r"[$€£¥]", n)]
    numwords = "|".join(sorted((k for k in lex["number_words"] if " " not in k), key=len, reverse=True))
    scale = r"(?:\s*(?P<scale>million|billion|thousand|trillion|mn|bn|mln|m|k)\b)?"
    pre_codes = [n for n in word_cur if len(n) <= 4]
    prefix = re.compile(
        r"(?<![\w$])(?P<cur>" + "|".join(re.escape(c) for c in sym_cur) + "|" + "|".join(re.escape(c) for c in pre_codes) + r")\s?(?P<num>" + _NUM + r")" + scale,
        re.I,
    )
    suffix = re.compile(
        r"(?<![\w.,])(?P<num>" + _NUM + "|" + numwords + r")\s*(?P<scale>million|billion|thousand|trillion|mn|bn|mln)?\s*(?P<cur>" + "|".join(re.escape(c) for c in word_cur) + r")\b",
        re.I,
    )
    return prefix, suffix


def _find_amounts(norm: str, sentences: list[Sentence]) -> tuple[list[AmountRecord], list[tuple[int, int]]]:
    lex = _lex()
    cur_map = lex["currency_names"]
    scales = lex["scale_words"]
    prefix, suffix = _amount_regexes()
    out: list[AmountRecord] = []
    spans: list[tuple[int, int]] = []
    for rx in (prefix, suffix):
        for m in rx.finditer(norm):
            a, b = m.span()
            if any(not (b <= s or a >= e) for s, e in spans):
                continue
            cur_txt = m.group("cur")
            code = cur_map.get(cur_txt.lower()) or cur_map.get(cur_txt)
            if code is None:
                continue
            if cur_txt.lower() in ("rm", "rp", "m", "k") and not m.group("num"):
                continue
            num = m.group("num")
            val = _num(num, dot_decimal=bool(m.group("scale")))
            if val is None:
                continue
            sc = (m.group("scale") or "").lower()
            if rx is prefix and sc in ("m", "k") and not re.match(r"\s*[mk]\b", norm[m.start("scale") - 1 : m.end("scale") + 1] if m.start("scale") > 0 else ""):
                pass
            val *= scales.get(sc, 1)
            val = int(val) if float(val).is_integer() else val
            s = sentence_at(sentences, a)
            sent = s.text if s else ""
            rel = a - (s.start if s else 0)
            before = sent[:rel]
            qual, qlen = _qualifier(before)
            what = _amount_what(before[: len(before) - qlen] if qlen else before, sent[rel + (b - a) :])
            out.append(AmountRecord(value=val, currency=code, qualifier=qual, what=what, evidence=sent, text=m.group()))
            spans.append((a, b))
    out.sort(key=lambda r: norm.find(r.text))
    return out, spans


_MONEY_NOUNS = r"prize money|money|contribution|contributions|funding|fund|funds|grant|grants|investment|investments|budget|donation|donations|loan|financing|support|package|project|programme|program|scholarships?|prize|award|allocation|subsidy|subsidies|assistance|aid|pledge|commitment"


def _amount_what(before: str, after: str) -> str | None:
    b = before.rstrip()
    m = re.search(r"((?:[a-z-]+\s+){0,2}(?:" + _MONEY_NOUNS + r"))\s+(?:of|worth|totall?ing|amounting to|valued at)\s*$", b)
    if m:
        words = m.group(1).split()
        while len(words) > 1 and (words[0] in ("a", "an", "the", "by", "with", "of", "from", "and", "its", "their") or words[0].endswith("ed")):
            words = words[1:]
        return " ".join(words)
    m = re.search(r"\b(additional|extra|further|new|initial|first|second|total)\s*$", b, re.I)
    if m:
        return m.group(1).lower()
    m = re.match(r"\s*(" + _MONEY_NOUNS + r")\b", after, re.I)
    if m:
        return m.group(1).lower()
    m = re.search(r"(" + _MONEY_NOUNS + r")\s+worth\s*$", b, re.I)
    if m:
        return m.group(1).lower()
    return None


def _num(s: str, dot_decimal: bool = False) -> float | None:
    """Value of a number as written; "1.200" is a thousand two hundred unless dot_decimal
    ("1.250 million": a decimal before a scale word)."""
    s = re.sub(r"[ \u00a0\u202f]", "", s.strip().lower()).replace(",", "")
    if not dot_decimal and re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")
    try:
        return float(s)
    except ValueError:
        return _lex()["number_words"].get(s)


_COLLECTIVE = {
    "personnel", "staff", "people", "youth", "faculty", "children", "women", "men", "alumni", "persons", "police",
    "cattle", "equipment", "workforce", "membership", "leadership", "management",
    "memoranda", "curricula", "criteria",  # Latin plurals ("23 Memoranda of Understanding")
}
_ING_NOUNS = {
    "training", "building", "engineering", "manufacturing", "nursing", "marketing", "accounting", "banking", "learning",
    "teaching", "programming", "printing", "processing", "welding", "clothing", "housing", "catering", "plumbing",
    "tailoring", "mining", "hairdressing", "cooking", "farming", "sewing", "computing", "recycling", "logistics",
}
_SKIP_BEFORE = {
    "the", "these", "those", "his", "her", "my", "your", "all", "no", "grade", "level", "phase",
    "article", "section", "room", "unit", "module", "chapter", "page", "aged", "age", "ages", "top", "number", "item",
    "step", "stage", "round", "no.", "vol", "volume", "issue", "class", "batch", "group", "team", "cohort", "line", "route",
    "road", "highway", "building", "floor", "km", "of",
}


# "a group of 15 students", "a batch of 30 trainees": the number after a collective noun is still counted (unlike
# "one of 3 ...", "No. of ...")
# ("the first batch of 360 students": an ordinal batch is a new one too)
_GROUP_OF = re.compile(r"\b(?:a|an|another|the\s+(?:first|second|third|fourth|fifth|sixth|new|latest|next|\d+(?:st|nd|rd|th)))"
                       r"\s+(?:[a-z-]+\s+)?(?:group|team|batch|cohort|contingent|delegation)\s+of\s*$", re.I)
_OF_ROLES = {
    "heads", "directors", "representatives", "members", "deans", "presidents", "principals", "ministers", "officials",
    "chiefs", "leaders", "managers", "secretaries", "rectors", "vice-presidents", "vice-principals", "teams",
    "memoranda", "memorandums", "letters",  # documents named with their complement ("Memoranda of Understanding")
}
_PARTITIVE = re.compile(r"\s*of\s+(?:the|its|their|these|those|our|all|her|his|my|your)\s+", re.I)
# adjectives in -ing before the counted noun ("103 outstanding students", "20 participating colleges")
_ING_ADJECTIVES = {
    "outstanding", "promising", "leading", "emerging", "existing", "remaining", "participating", "visiting",
    "graduating", "aspiring", "interesting", "aging", "ageing", "upcoming", "ongoing", "supporting", "neighbouring",
    "neighboring", "partnering", "cooperating", "operating",
}


def _is_plural(word: str) -> bool:
    w = word.lower().strip("()")
    return (w.endswith("s") and not w.endswith("ss") and not word.startswith("(")) or w in _COLLECTIVE


def _counted_phrase(after: str, stop: set, qualifier_words: set) -> list[str]:
    """The noun phrase a number counts: words up to a stop word, cut after its head noun.
    A noun with an of-complement ("heads of department", "representatives of companies") keeps it."""
    words: list[str] = []
    of_head = None
    for wm in re.finditer(r"\s*(\([A-Za-z&]+\)|[A-Za-z][\w'&-]*|[^\sA-Za-z])", after):
        w = wm.group(1)
        lw = w.lower()
        if w.startswith("("):
            if not words:
                break
            words.append(w)
            continue
        if w == "," and words and re.search(r"['’]s$", words[-1]) and re.match(r"\s*(?:and\s+)?[A-Za-z][\w-]*['’]?s?\b", after[wm.end():]):
            continue  # "185 bachelor's, master's and doctorate students": modifiers listed before the head noun
        if not re.match(r"[A-Za-z]", w):
            break
        if lw == "of" and of_head is None and words and words[-1].lower() in _OF_ROLES:
            nxt = re.match(r"\s+([A-Za-z][\w'-]*)", after[wm.end():])
            if nxt and nxt.group(1).lower() not in stop and _num(nxt.group(1)) is None:
                of_head = len(words) - 1
                words.append(w)
                continue
        if lw in stop and lw != "and":
            break
        if lw == "and":
            nxt = re.match(r"\s+([\w'-]+)", after[wm.end():])
            nw = nxt.group(1).lower() if nxt else ""
            if nxt and nxt.group(1)[:1].isupper() and not is_acronym(nxt.group(1)):
                break
            if not nw or nw in qualifier_words or nw in stop or re.match(r"\d", nw) or _num(nw) is not None:
                break
            words.append(w)
            continue
        if lw.endswith("ing") and lw not in _ING_NOUNS and lw not in _ING_ADJECTIVES and not (words and words[-1].lower() == "and"):
            break
        if lw in ("million", "billion", "thousand", "hundred"):
            return []
        words.append(w)
        if len(words) >= 9 or (of_head is not None and len(words) >= of_head + 4):
            break
    while words and words[-1].lower() in ("and", "or", "of"):
        words.pop()
    if of_head is not None:
        return words  # "heads of department": the head noun stands before "of"
    if any(re.search(r"['’]s$", w) for w in words):
        # "bachelor's, master's and doctorate students pursue degrees": the head follows the listed modifiers
        for k, w in enumerate(words):
            if _is_plural(w) and not re.search(r"['’]s$", w):
                return words[: k + 1]
    for k in range(len(words) - 1, -1, -1):  # cut after the last plural ("young contestants aged ...")
        if _is_plural(words[k]):
            return words[: k + 1]
    return words


# "among the three teachers organized by the institute": a definite group the text defines here (not one named before)
_DEFINED_GROUP = re.compile(r"\s+[a-z]+(?:\s+[a-z]+)?\s+(?:organi[sz]ed|selected|chosen|sent|invited|nominated|recruited)\s", re.I)


def _count_at(m: re.Match, norm: str, sentences, lex: dict, stop: set, qualifier_words: set) -> CountRecord | None:
    raw = m.group(1)
    val = _num(raw)
    scaled = re.match(r"\s+(thousand|million|billion)\b", norm[m.end():], re.I)
    if val is not None and scaled and val != int(val):
        # "1.5 million households": a decimal before a scale word is a whole number
        val = round(val * {"thousand": 1000, "million": 1000000, "billion": 1000000000}[scaled.group(1).lower()])
        mult_done = True
    else:
        mult_done = False
    if val is None or val != int(val) or val < 2:
        return None
    val = int(val)
    s = sentence_at(sentences, m.start())
    if s is None:
        return None
    rel = m.start() - s.start
    before, after = s.text[:rel], s.text[rel + len(raw):]
    prev_words = re.findall(r"[\w.'-]+", before)
    prev = prev_words[-1].lower() if prev_words else ""
    qual, qlen = _qualifier(before)
    # ("the signing of 23 MoUs", "the handover of 41 standards": "of" after an action noun opens its object's count)
    action_of = prev == "of" and re.search(r"\b(?:[a-z]+(?:ing|ment|tion|sion)|handover|launch)\s+of\s*$", before) \
        and not re.search(r"\b(?:beginning|ending|meeting|proportion|portion|fraction|population)\s+of\s*$", before)
    # ("among the 46 participants", "one of the five schools", "China and the five Mekong countries": a number
    # after "the" counts when it is no anaphora of two — not "the two sides", "the three parties")
    # (but "apart from the 8 polytechnics who attended": the group already told)
    counted_the = prev == "the" and val >= 3 and not re.match(r"\s+(?:[a-z]+\s+)?(?:sides|parties)\b", after) and \
        re.search(r"\b(?:among|one\s+of|(?<!apart )from|and)\s+the\s*$", before, re.I)
    if not qlen and prev in _SKIP_BEFORE and not (prev == "the" and _DEFINED_GROUP.match(s.text[rel + len(raw):])) \
            and not _GROUP_OF.search(before) and not action_of and not counted_the:
        return None
    if raw.isdigit() and 1900 <= val <= 2100 and not qlen:
        return None
    if re.search(r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty))\s*(?:to|-|–)\s*$", before, re.I):
        return None  # "18 to 25 scholarships each": a range, no one count
    mult = re.match(r"\s+(thousand|million|billion)\b", after, re.I)
    if mult and mult_done:
        after = after[mult.end():]
    elif mult:  # "three thousand", "662 thousand of its students", "five million foreign students"
        val *= {"thousand": 1000, "million": 1000000, "billion": 1000000000}[mult.group(1).lower()]
        after = after[mult.end():]
    partitive = _PARTITIVE.match(after)
    if partitive:  # "three of the trainees were women"
        after = after[partitive.end():]
    elif re.match(r"\s*(?:of|out of|to|or|-|–|/|x|per|%|percent|per cent|times)\b", after, re.I) or re.match(r"\s*(?:st|nd|rd|th)\b", after):
        return None
    words = _counted_phrase(after, stop, qualifier_words)
    if not words:
        # "the total number of Indonesian students in China reached 15,780": the counted noun stands before
        nm = re.search(r"\bnumber of ((?:[A-Za-z-]+\s+){0,3}[a-z]+s)\b[^.;]{0,60}?\b(?:reached|totall?ed|stood at|rose to|"
                       r"grew to|increased to|climbed to)\s+(?:some\s+|about\s+|around\s+|nearly\s+|over\s+)?$", before)
        if not nm or not re.match(r"\s*(?:[,.;)]|$|\s(?:and|or|in|by|from|this|last)\b)", after):
            return None
        words = nm.group(1).split()
    months, units = set(MONTHS), set(lex["time_units"])
    head, first = words[-1].lower().strip("()"), words[0].lower()
    if first in units or head in units or first in months or head in months:
        return None
    if first in lex["scale_words"] or first in ("percent", "per"):
        return None
    if "of" not in (w.lower() for w in words) and not _is_plural(words[-1]):
        return None
    if val == 2 and len(words) == 1 and head in ("countries", "nations", "sides"):
        return None  # "vocational education in two countries": the two sides of the article, not a count (as 两国)
    counted = re.sub(r"\s+\(", " (", " ".join(words))
    text = (before[len(before) - qlen:] if qlen else "") + raw + " " + counted
    return CountRecord(value=val, qualifier=qual, counted=counted, evidence=s.text, text=text)


def _elided_count(m: re.Match, norm: str, sentences, previous: CountRecord) -> CountRecord | None:
    """"460 students have completed ... and 1,748 have received training": a number coordinated with an
    earlier count of the same sentence, with a verb where the noun would be, counts the same noun."""
    s = sentence_at(sentences, m.start())
    if s is None or previous.evidence != s.text:
        return None
    rel = m.start() - s.start
    before, after = s.text[:rel], s.text[rel + len(m.group(1)):]
    val = _num(m.group(1))
    if val is None or val != int(val) or val < 2 or (1900 <= val <= 2100 and m.group(1).isdigit()):
        return None
    if not re.search(r"\b(?:and|while|whereas|but)\s+$", before) or not re.match(
            r"\s+(?:have|has|had|were|are|was|will|received|completed|attended|joined|graduated)\b", after):
        return None
    return CountRecord(value=int(val), qualifier="exactly", counted=previous.counted, evidence=s.text,
                       text=m.group(1) + " " + previous.counted)


def _country_free(counted: str) -> tuple:
    """The counted phrase without its country words (names, demonyms, "of X"), "border" and the like, as a
    key: "border provinces of Vietnam" and "Vietnamese provinces" are the same provinces."""
    names, demonyms, _ = country_tables()
    words = re.sub(r"\s+of\s+(?:the\s+)?[A-Z][\w' ]*$", "", counted).split()
    return tuple(w.lower() for w in words if w not in names and w not in demonyms and w.lower() not in ("border", "neighbouring", "neighboring"))


def _find_counts(norm: str, sentences: list[Sentence], excluded: list[tuple[int, int]]):
    lex = _lex()
    stop = set(lex["count_stop_words"])
    qualifier_words = set(w.split()[0] for w in lex["qualifiers"])
    numwords = "|".join(sorted((k for k in lex["number_words"] if " " not in k and k != "dozen"), key=len, reverse=True))
    rx = re.compile(r"(?<![\w$€£¥.,/-])(" + _NUM + "|" + numwords + r")(?![\w%/]|-\w|\.\d|,\d)", re.I)
    durations: list[DurationRecord] = []
    # durations like "three-day", "a five-day", "six-month"
    for m in re.finditer(r"\b(" + _NUM + "|" + numwords + r")-(day|week|month|year|hour)s?\b", norm, re.I):
        v = _num(m.group(1))
        s = sentence_at(sentences, m.start())
        if v and not any(d.text == m.group() for d in durations):
            durations.append(DurationRecord(m.group(), int(v), m.group(2).lower(), s.text if s else ""))
    counts: list[CountRecord] = []
    seen = set()
    # "a five-member delegation", "a 12-member team": the number of its members
    for m in re.finditer(r"\b(" + _NUM + "|" + numwords + r")-member\s+(delegation|team|group|panel|committee|mission)\b", norm, re.I):
        v = _num(m.group(1))
        s = sentence_at(sentences, m.start())
        if v and v == int(v) and v >= 2:
            counts.append(CountRecord(value=int(v), qualifier="exactly", counted=f"members of the {m.group(2).lower()}",
                                      evidence=s.text if s else "", text=m.group()))
            seen.add((int(v), "exactly", f"members of the {m.group(2).lower()}"))
    # "led a delegation of six to Brunei": the number of its members, when no noun follows it
    for m in re.finditer(r"\b(?:a|an)\s+(delegation|team|mission)\s+of\s+(" + _NUM + "|" + numwords + r")"
                         r"(?=\s*(?:[,.;)]|$|(?:to|from|on|in|at|led|headed|visited|arrived|left)\b))", norm, re.I):
        v = _num(m.group(2))
        s = sentence_at(sentences, m.start())
        what = f"members of the {m.group(1).lower()}"
        if v and v == int(v) and v >= 2 and (int(v), "exactly", what) not in seen:
            counts.append(CountRecord(value=int(v), qualifier="exactly", counted=what, evidence=s.text if s else "",
                                      text=m.group()))
            seen.add((int(v), "exactly", what))
    first = re.match(r"\s*[^\n]*", norm)
    headline_end = first.end() if first and len(first.group()) <= 160 else 0
    in_headline: set = set()
    headline_loose: dict = {}
    retold: set = set()
    for m in rx.finditer(norm):
        a, b = m.span()
        if any(not (b <= s or a >= e) for s, e in excluded):
            continue
        rec = _count_at(m, norm, sentences, lex, stop, qualifier_words)
        if rec is None and counts:
            rec = _elided_count(m, norm, sentences, counts[-1])
        if rec is not None and re.search(r"\bthe\s+$", norm[max(0, a - 6):a], re.I) \
                and any(c.value == rec.value for c in counts):
            continue  # "the 70 selected students": the group counted before, told again
        key = rec and (rec.value, rec.qualifier, rec.counted.lower())
        # a headline repeated in the body is one count, even in other words ("185 Cambodian students" in the
        # headline, "185 bachelor's, master's and doctorate students" below): same number, same head noun
        head = rec and (rec.value, rec.qualifier, (rec.counted.split() or [""])[-1].lower())
        # the same group told again with its country put another way ("four border provinces of Vietnam",
        # "four Vietnamese provinces", "four Vietnam provinces"): one count
        told = rec and (rec.value, rec.qualifier, _country_free(rec.counted))
        if rec is not None and told in retold:
            continue
        if rec is not None:
            retold.add(told)
        # the body may qualify the headline's number ("200 Teachers" above, "At least 200 ... teachers" below):
        # one count, with the body's qualifier
        loose = rec and (rec.value, (rec.counted.split() or [""])[-1].lower())
        if rec is not None and rec.value >= 100 and a >= headline_end and rec.qualifier != "exactly" \
                and loose not in headline_loose:
            # ("Base trains 11,800 workers" above, "more than 11,800 people of ..." below: a number of three digits or
            # more told again is the same count, whatever its noun)
            loose = next((k for k in headline_loose if k[0] == rec.value), loose)
        if rec is not None and a >= headline_end and loose in headline_loose and head not in in_headline:
            i = headline_loose[loose]
            if counts[i].qualifier == "exactly" and rec.qualifier != "exactly":
                counts[i] = rec
                seen.add(key)
                in_headline.add(head)
            continue
        if rec is not None and key not in seen and not (a >= headline_end and head in in_headline):
            seen.add(key)
            counts.append(rec)
            if a < headline_end:
                in_headline.add(head)
                headline_loose.setdefault(loose, len(counts) - 1)
    return counts, durations


# =========================================================================== places


_PROVINCES = {
    "Yunnan", "Guangxi", "Guangdong", "Sichuan", "Guizhou", "Hunan", "Hubei", "Henan", "Hebei", "Shandong", "Shanxi", "Shaanxi",
    "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi", "Hainan", "Liaoning", "Jilin", "Heilongjiang", "Inner Mongolia",
    "Xinjiang", "Tibet", "Gansu", "Qinghai", "Ningxia", "West Java", "East Java", "Central Java", "Bali", "Kandal",
    "Champasak", "Khammouane", "Savannakhet",
}
_FUTURE = re.compile(r"\b(next|future|will|plan|planned|upcoming|to hold|scheduled|expected|set to|to be held)\b", re.I)
_EVENT_WORDS = (r"(?:held|Held|hosted|took place|internship|"
                r"signed|signing|formali[sz]ed|conference|workshop|forum|meeting|ceremony|event|concluded|"
                r"convened|opened|organi[sz]ed|inked|visit|visited|summit|seminar|training|course|programme|inaugurated|"
                r"launched|arrived|unveiled|kicked off|started construction|broke ground)")


class _Places:
    """Where the activity took place: online platforms, datelines, "held in X", "the capital of X",
    "province of X", "at <venue>, X".  Countries are places only in datelines; a city right after an
    organisation's name ("the Embassy of Laos in Beijing") is where that organisation is."""

    def __init__(self, norm: str, sentences: list[Sentence], org_spans):
        self.norm, self.sentences, self.org_spans = norm, sentences, org_spans
        names, _, places = country_tables()
        self.names = names
        # the place gazetteer (GeoNames cities, ISO 3166-2 subdivisions; only the names this text contains,
        # so that the patterns stay small) under the hand list
        big = {n: v for n, v in place_gazetteer().items() if n in norm and n not in places}
        self.provinces = {n for n, (k, _) in big.items() if k == "province"}
        self.gaz = {**{n: ("city", c) for n, (_, c) in big.items()}, **{p: ("city", c) for p, c in places.items()},
                    **{n: ("country", c) for n, c in names.items()}}
        self.city_alt = "|".join(re.escape(p) for p in sorted(set(places) | set(big), key=len, reverse=True))
        self.out: list[PlaceRecord] = []
        self.seen: set[str] = set()

    def add(self, name, pos, kind=None, country=None, platform=None):
        short = re.sub(r"\s+(?:Capital|City|Municipality)$", "", name)
        if short != name and short in self.gaz:
            name = short  # "Vientiane Capital", "Liuzhou City": the city itself
        if name.lower() in self.seen:
            return
        self.seen.add(name.lower())
        s = sentence_at(self.sentences, pos) if pos is not None else None
        if kind is None:
            k, c = self.gaz.get(name, ("city", None))
            kind = "province" if name in _PROVINCES or name in self.provinces else k
            country = country or c
        self.out.append(PlaceRecord(name=name, kind=kind, country=country, platform=platform, evidence=s.text if s else ""))

    def after_org(self, pos: int) -> bool:
        """Is pos inside an organisation's name or right after one ("X College in Vientiane")?"""
        return any(s <= pos < e or 0 <= pos - e <= 5 and re.fullmatch(r"\s*(?:in|at)\s*", self.norm[e:pos]) for s, e in self.org_spans)

    def inside_place(self, pos: int) -> bool:
        """Is the place at pos only the region of the place named right before it ("Liuzhou City in Guangxi")?"""
        before = self.norm[max(0, pos - 60): pos]
        m = re.search(r"(" + self.city_alt + r")(?:\s+(?:City|Province|Municipality|County|District))?\s+in\s+(?:the\s+)?$", before)
        return bool(m)

    def host_institution(self):
        """Where the activity took place when no other rule found it: the city that begins the name of the
        institution people went to or met at ("escorted 20 students ... to Leshan Vocational and Technical
        College", "a course ... at the Chongqing Vocational Training College in China")."""
        if self.out:
            return
        heads = r"(?:College|University|Institute|School|Academy|Polytechnic|Centre|Center)"
        rx = re.compile(r"\b(?:to|at)\s+(?:the\s+)?(" + self.city_alt + r")(?:\s+(?:[A-Z][\w&'-]*|and|&)){0,6}\s+" + heads + r"\b")
        for m in rx.finditer(self.norm):
            s = sentence_at(self.sentences, m.start())
            if re.search(r"\b(?:visit|call|trip)\s*$", self.norm[max(0, m.start() - 12):m.start()]):
                continue  # "paid a courtesy visit to Shenzhen Polytechnic": the host is named, not where it stands (as g06)
            if s and re.search(_EVENT_WORDS + r"|\b(?:escorted|enrol(?:l)?ed|enrollment|completed|graduation)\b", s.text) \
                    and not self.future(m.start(), m.end()):
                self.add(m.group(1), m.start())
                return

    def future(self, a: int, b: int) -> bool:
        return bool(_FUTURE.search(self.norm[max(0, a - 40): b]))

    def online(self):
        plats = load("geo.json")["online_platforms"]
        prx = re.compile(r"\b(?:via|on|through|using|over|by)\s+(" + "|".join(re.escape(p) for p in sorted(plats, key=len, reverse=True)) + r")\b", re.I)
        for m in prx.finditer(self.norm):
            word = m.group(1).lower()
            if word == "teams" and not re.search(r"microsoft|ms", self.norm[max(0, m.start() - 15): m.end()], re.I):
                continue
            self.add("online", m.start(), "online", None, plats[word])
        rx = (r"\b(held|conducted|organi[sz]ed|took place|convened|hosted)\s+(?:on\s+[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:,\s*\d{4})?)?\s+)?(online|virtually)\b|"
              r"\b(online|virtual) (workshop|meeting|conference|forum|seminar|event|training|ceremony|signing|session|"
              r"talks|exchange)s?\b|"
              r"\b(?:through|via|over|using|on)\s+(?:an?\s+|the\s+)?(?:online|virtual|video)\s+(?:platform|link|call|conferenc(?:e|ing))s?\b|"
              # "by means of remote connection and cloud teaching", "... Online Research and Study Program": the
              # activity itself given at a distance
              r"\b(?:by means of|through|via|by)\s+(?:remote|distance)\s+(?:connection|teaching|learning|training)\b|"
              r"\bcloud\s+(?:teaching|classroom|class)(?:es|s)?\b|"
              r"\bonline\s+(?:[A-Za-z-]+\s+(?:and\s+)?){0,3}?(?:program(?:me)?|course|training)\b")
        for m in re.finditer(rx, self.norm, re.I):
            self.add("online", m.start(), "online")
        # "held a video conference on ...", "a videoconference was held": the meeting itself at a distance
        vc = (r"\b(?:held|organi[sz]ed|hosted|convened|co-chaired|chaired)\s+(?:an?\s+|the\s+)?(?:[a-z]+\s+)?"
              r"(?:video\s*-?\s*conference|video\s+call)\b|\b(?:video\s*-?\s*conference|video\s+call)\s+(?:was|were)\s+"
              r"(?:held|organi[sz]ed|convened)\b")
        for m in re.finditer(vc, self.norm, re.I):
            if not self.future(m.start(), m.end()):
                self.add("online", m.start(), "online")

    def datelines(self):
        """"GUANGZHOU, China (ILO News) -", "Bandung, Indonesia -", "(Jakarta, Thursday / 25 April 2024)", "NANNING -",
        and an outlet before the city: "XinhuaNet, Phnom Penh, 15 November 2017 -"."""
        for s in self.sentences:
            om = re.match(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?,\s*([A-Z][A-Za-z' ]{2,30}?),\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})"
                          r"(?:,?\s+\d{4})?\s*[-–—(]", s.text)
            if om and om.group(1) in self.gaz and self.gaz[om.group(1)][0] == "city":
                self.add(om.group(1), s.start)
            dm = re.match(r"\(?\s*([A-Z][A-Za-z' ]{2,30}),\s*([A-Z][A-Za-z' .]{2,40}?)\s*(?:\(|-|/|,|\d)", s.text)
            if dm:
                city = dm.group(1).strip()
                city = city.title() if city.isupper() else city
                if city in self.gaz:
                    self.add(city, s.start, country=self.names.get(dm.group(2).strip()) or self.gaz[city][1])
            # "Beijing (ANTARA) -", "Vientiane (KPL) -": a city and the agency in brackets
            am = re.match(r"([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*\([A-Z][\w .]{1,30}\)\s*[-–—]", s.text)
            if am and am.group(1) in self.gaz and self.gaz[am.group(1)][0] == "city":
                self.add(am.group(1), s.start)
            dm = re.match(r"([A-Z]{3,}(?:[ -][A-Z]{3,})*)\s*(?:-|,|\()", s.text)
            if dm and dm.group(1).title() in self.gaz and self.gaz[dm.group(1).title()][0] == "city":
                self.add(dm.group(1).title(), s.start)

    def near_dates_and_events(self):
        date_rx = (r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?|"
                   r"(?:on\s+)?(?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today))")
        for m in re.finditer(date_rx + r"\s+(?:in|at)\s+(?:the\s+)?(" + self.city_alt + r")\b", self.norm):
            if not self.after_org(m.start(1)) and not self.future(m.start(), m.start()):
                self.add(m.group(1), m.start())
        rx = re.compile(r"\b" + _EVENT_WORDS + r"\b[^.;]{0,45}?\b(?:in|at)\s+(?:the\s+)?(" + self.city_alt + r")\b")
        for m in rx.finditer(self.norm):
            seg = m.group()
            if self.future(m.start(), m.end()) or ("," in seg[: -len(m.group(1))] and not re.search(r"\d", seg)):
                continue
            if self.inside_place(m.start(1)):
                continue
            if not self.after_org(m.start(1)):
                self.add(m.group(1), m.start())

    def descriptions(self):
        """"the Lao capital of Vientiane", "province of Kandal", "at the Grand Sahid Jaya Hotel, Jakarta"."""
        pats = (r"\b(?:capital|province|city|municipality|region)(?:\s+city)?\s+of\s+(" + self.city_alt + r")\b",
                r"\b(?:visit|visited|visiting|tour of|toured|trip to)\s+(?:the\s+)?(" + self.city_alt + r")\b(?=\s+(?:Province|City|Municipality)\b|[\s,.;])",
                r"\b(?:in|at)\s+(?:the\s+)?(?P<venue>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,6}(?:,\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}){0,3}),\s+(" + self.city_alt + r")\b(?!\s+\w+\s+(?:of|University|College|Institute))",
                # "held in Eastern Technological College of Chonburi Province": the host institution's city named after "of"
                r"\b(?:held|took place|hosted|convened)\s+(?:in|at)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){1,5}of\s+(" + self.city_alt + r")(?=\s+(?:Province|City|Municipality)\b)",
                # "in the Laotian capital Vientiane": the capital named in apposition
                r"\bcapital(?:\s+city)?\s+(" + self.city_alt + r")\b")
        for pat in pats:
            for m in re.finditer(pat, self.norm):
                if "venue" in m.groupdict() and m.group("venue") in self.gaz:
                    continue  # "in Bandung, West Java": a city and its province
                if pat is pats[1] and any(a <= m.start(m.lastindex) < b for a, b in self.org_spans):
                    continue  # "visited the Quanzhou Vocational and Technical University": a name, not the city
                s = sentence_at(self.sentences, m.start())
                # ("embarked on a trip to Chengdu": the trip is the event)
                if s and (re.search(_EVENT_WORDS, s.text) or pat is pats[1] and m.group().startswith("trip")) \
                        and not self.future(m.start(), m.end()):
                    self.add(m.group(m.lastindex), m.start())

    def venues(self):
        """"a ceremony ... at the Chinese Embassy in Phnom Penh", "signed ... at the ICT Center in Vientiane",
        "a training program ... at Liuzhou Polytechnic University in Liuzhou": an activity held AT an
        organisation's premises is in the city named after that organisation (without "at", a city after an
        organisation's name is only where the organisation sits)."""
        # ("X, Wenzhou University": a city opening the next name in a list is no venue's city)
        city = re.compile(r"(?:\s+in\s+(?:the\s+)?|,\s*)(" + self.city_alt + r")\b(?!\s+[A-Z]|-)")
        for s, e in sorted(self.org_spans):
            # "at the X in C", and a visit's stops "visited X, Y and Z in C" (the city closing the list)
            if not re.search(r"\bat\s+(?:the\s+)?$", self.norm[max(0, s - 8): s]) and not re.search(
                    r"\b(?:visited|visiting|toured)\s+(?:the\s+)?(?:[^.;]{0,120}?(?:,|\band\b)\s+(?:the\s+)?)?$", self.norm[max(0, s - 140): s]):
                continue
            m = re.search(r"\bin\s+(?:the\s+)?(" + self.city_alt + r")\s*$", self.norm[s:e]) or city.match(self.norm, e)
            if not m:
                continue
            name = m.group(1)
            sent = sentence_at(self.sentences, s)
            head = self.norm[sent.start: s] if sent else self.norm[max(0, s - 200): s]
            if re.search(_EVENT_WORDS + r"|\b(?:participated|attended|studied|trained|presented)\b", head) \
                    and not _FUTURE.search(head) and not self.inside_place(s):
                self.add(name, s)

    def outskirts(self):
        """"held Friday in Jakarta's western outskirt of Serpong": the place named as a part of a city, even
        when the gazetteer does not know it (its country is the city's)."""
        rx = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:(" + self.city_alt + r")'s\s+)?(?:[a-z]+\s+){0,2}"
                        r"(?:outskirts?|suburbs?|district|town|village|township)\s+of\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b")
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            if sent and re.search(_EVENT_WORDS, sent.text) and not self.future(m.start(), m.end()):
                country = self.gaz.get(m.group(1), (None, None))[1] if m.group(1) else None
                self.add(m.group(2), m.start(), "city", country)
        # "hosted a forum at Phnom Penh's New Generation High School": a known city owning the venue of the activity
        # (the sentence's own event before it, no place to come)
        rx = re.compile(r"\bat\s+(" + self.city_alt + r")['’]s\s+(?:[A-Z][\w&'-]*\s+){0,5}"
                        r"(?:School|College|University|Institute|Hotel|Centre|Center|Hall|Campus|Polytechnic)\b")
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            if re.search(_EVENT_WORDS, head) and not _FUTURE.search(head):
                self.add(m.group(1), m.start(1))

    def region_of_country(self):
        """"kicked off on Tuesday in Gui'an New Area, southwest China's Guizhou Province": a place followed by the
        province of a country it lies in (a direction word allowed before the country) is where the activity
        was, known to the gazetteer or not, and so is that province."""
        country = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        rx = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,3}),\s+(?:(?:north|south|east|west)\w*\s+|"
                        r"central\s+)?(" + country + r")'s\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:Province|Region|Autonomous Region)\b")
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            if not re.search(_EVENT_WORDS, head) or _FUTURE.search(head) or self.after_org(m.start(1)) \
                    or any(s <= m.start(1) < e for s, e in self.org_spans):
                continue
            code = self.names[m.group(2)]
            name = m.group(1)
            self.add(name, m.start(1), None if name in self.gaz else "city", self.gaz.get(name, (None, code))[1] or code)
            self.add(m.group(3), m.start(3), "province", code)
        # "... in Indonesia's Central Sulawesi province" in the lead (the first three sentences) or in a sentence
        # that reports the activity: the province of a country, known to the gazetteer or not
        rx = re.compile(r"\bin\s+(?:(?:north|south|east|west)\w*\s+|central\s+)?(" + country + r")'s\s+"
                        r"([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\s+(?:[Pp]rovince|[Rr]egion|[Aa]utonomous\s+[Rr]egion)\b")
        lead = self.sentences[2].end if len(self.sentences) > 2 else len(self.norm)
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            # (not where a body named right before stands: "X School in southwest China's Yunnan Province")
            if _FUTURE.search(head) or any(s <= m.start(2) < e or 0 <= m.start() - e <= 2 for s, e in self.org_spans) \
                    or not (m.start() < lead or re.search(_EVENT_WORDS, head)):
                continue
            name = m.group(2)
            if m.group().endswith(("Autonomous Region", "autonomous region", "Autonomous region")):
                # "in China's Guangxi Zhuang Autonomous Region": the region's name as written, not its words cut
                name = self.norm[m.start(2): m.end()]
            self.add(name, m.start(2), "province", self.names[m.group(1)])

    def country_near(self, a: int, b: int) -> str | None:
        """The country named or implied (a demonym) between a and b, if one only."""
        _, demonyms, _ = country_tables()
        found = {c for w, c in list(self.names.items()) + list(demonyms.items())
                 if re.search(r"\b" + re.escape(w) + r"\b", self.norm[a:b])}
        return found.pop() if len(found) == 1 else None

    def enumerated(self):
        """The provinces or cities of an activity given as a list after their plural noun: "four border
        provinces of Vietnam (including: A, B, C, D)", "in four Vietnamese provinces, namely A, B and C";
        each is a place, known to the gazetteer or not (its country is the one the noun phrase names), and
        "at the two sites of A (Vietnam) and B (China)": each site with its country in brackets."""
        name = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
        rx = re.compile(r"\b(?:provinces|cities|municipalities|districts|regions)\b([^.;:()]{0,30}?)(?:,\s*namely|\s*\(\s*including:?|:)\s*"
                        r"(" + name + r"(?:\s*,\s*" + name + r"){1,12}(?:,?\s+and\s+" + name + r")?)")
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            if not sent or not re.search(_EVENT_WORDS + r"|\bgathered\b", sent.text) or self.future(m.start(), m.start()):
                continue
            country = self.country_near(max(sent.start, m.start() - 40), m.start(2))
            for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(2)):
                item = item.strip()
                if item and item not in self.names:
                    self.add(item, m.start(2), None if item in self.gaz else "province", self.gaz.get(item, (None, country))[1] or country)
        # "the Vietnamese border provinces of A, B, C and D ... held a video conference": the provinces of an
        # event listed after "of" (a list of countries is none: "the provinces of Laos and Cambodia")
        # (and "the border areas of A, B, C and D", "the counties of A and B": an item may be a longer name, "Lincang
        # Border Economic Cooperation Zone")
        long_name = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,4}"
        rx = re.compile(r"\b(?:(?:provinces|cities|municipalities|regions)\s+of\s+(" + name + r"(?:\s*,\s*" + name
                        + r"){0,12}(?:,?\s+and\s+" + name + r"))|(?:border\s+areas|counties|districts|prefectures)"
                        + r"\s+of\s+(" + long_name + r"(?:\s*,\s*" + long_name + r"){0,12}(?:,?\s+and\s+" + long_name
                        + r")))\b(?!\s+[A-Z])")
        for m in rx.finditer(self.norm):
            g = 1 if m.group(1) else 2
            sent = sentence_at(self.sentences, m.start())
            items = [x.strip() for x in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(g)) if x.strip()]
            if not sent or not re.search(_EVENT_WORDS, sent.text) or self.future(m.start(), m.start()) \
                    or any(x in self.names for x in items) or any(a <= m.start(g) < b for a, b in self.org_spans):
                continue
            country = self.country_near(max(sent.start, m.start() - 40), m.start(g))
            for item in items:
                self.add(item, m.start(g), None if item in self.gaz else "province",
                         self.gaz.get(item, (None, country))[1] or country)
        site = r"(" + name + r")\s*\(\s*(" + "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)) + r")\s*\)"
        for m in re.finditer(r"\b(?:sites?|venues?|locations?)\s+(?:of|in)\s+" + site + r"(?:\s*(?:,|and)\s*" + site + r")*", self.norm):
            for nm, cn in re.findall(site, m.group()):
                if nm not in self.names:
                    self.add(nm, m.start(), None, self.names.get(cn))

    def placed_then_dated(self):
        """"... at the Commission in northern Bangkok on Tuesday": a city (a direction word before it allowed)
        followed by the day of the activity; "in BSD City, Tangerang": a place named with the word City, even
        unknown to the gazetteer, and the region after it."""
        day = r"(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:%s)\.?\s+\d{1,2}\b)" % "|".join(m.capitalize() for m in MONTHS)
        rx = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|downtown)\s+)?(" + self.city_alt + r")\s+" + day)
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            if sent and re.search(_EVENT_WORDS, sent.text) and not self.future(m.start(), m.end()) and not self.inside_place(m.start(1)):
                self.add(m.group(1), m.start())
        # ("in Pinglu County, Shanxi Province": a county or a district unknown to the gazetteer and its province, both
        # as written)
        rx = re.compile(r"\b(?:in|at)\s+((?:[A-Z][A-Za-z]+\s+){1,2}(?:City|County|District|Regency)),\s+"
                        r"([A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:\s+Province)?)\b(?!\s+(?:[A-Z]|of\b))")
        for m in rx.finditer(self.norm):
            sent = sentence_at(self.sentences, m.start())
            if not sent or not re.search(_EVENT_WORDS, sent.text) or self.future(m.start(), m.end()):
                continue
            region = m.group(2)
            country = self.names.get(region) or self.gaz.get(region, (None, None))[1] or self.country_near(sent.start, sent.end)
            self.add(m.group(1), m.start(), "city", self.gaz.get(m.group(1), (None, country))[1] or country)
            if region not in self.names:
                self.add(region, m.start(2), None if region in self.gaz else "province", country)
        # ("held in Pingtan, Fujian province": a place the gazetteer does not know, followed by a province it knows and
        # the word province, is a city of that province's country; the province is read by the other rules)
        rx = re.compile(r"\b(?:in|at)\s+([A-Z][a-z]{3,}(?:\s[A-Z][a-z]{3,})?),\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+[Pp]rovince\b")
        for m in rx.finditer(self.norm):
            name, region = m.group(1), m.group(2)
            known = region in _PROVINCES or region in self.provinces or region in self.gaz
            if name in self.gaz or name in self.names or not known or self.after_org(m.start(1)) \
                    or any(a <= m.start(1) < b for a, b in self.org_spans):
                continue
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            if re.search(_EVENT_WORDS, head) and not _FUTURE.search(head):
                self.add(name, m.start(1), "city", self.gaz.get(region, (None, None))[1])

    def city_and_country(self):
        """"The Luban Workshop in Ayutthaya, Thailand", "signed ... in Guiyang, China recently": a known place
        followed by its own country is where something is or happened; right after an organisation's name
        ("X College in Vientiane, Laos") only when the sentence reports the activity itself, and never a
        place to come."""
        rx = re.compile(r"\b(?:in|at)\s+(?:the\s+)?(" + self.city_alt + r")(?:\s+(?:City|Province|Municipality))?,\s+("
                        + "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)) + r")\b")
        for m in rx.finditer(self.norm):
            name, country = m.group(1), self.names[m.group(2)]
            if self.gaz.get(name, (None, None))[1] != country or self.inside_place(m.start(1)):
                continue
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            if _FUTURE.search(head[-60:]) or re.search(r"\b(?:will|to be)\s+(?:be\s+)?(?:held|hosted)\b", sent.text if sent else ""):
                continue
            if self.after_org(m.start(1)) and not (sent and re.search(_EVENT_WORDS, head)):
                continue
            self.add(name, m.start(1), country=country)
        self.unknown_city_and_country()

    def unknown_city_and_country(self):
        """"participated in the trade fair ... in Hannover, Germany": a capitalised word the gazetteer does not
        know, followed by a country, in a sentence that reports the activity, is a city of that country (a
        country, a demonym, an organisation's name or a place to come is not)."""
        _, demonyms, _ = country_tables()
        rx = re.compile(r"\b(?:in|at)\s+([A-Z][a-z]{3,}(?:\s[A-Z][a-z]{3,})?),\s+("
                        + "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)) + r")\b")
        for m in rx.finditer(self.norm):
            name = m.group(1)
            if name in self.gaz or name in demonyms or self.after_org(m.start(1)) or self.inside_place(m.start(1)) \
                    or any(s <= m.start(1) < e for s, e in self.org_spans):
                continue
            sent = sentence_at(self.sentences, m.start())
            head = self.norm[sent.start: m.start()] if sent else ""
            if re.search(_EVENT_WORDS + r"|\bparticipated\b", head) and not _FUTURE.search(head):
                self.add(name, m.start(1), "city", self.names[m.group(2)])

    def run(self) -> list[PlaceRecord]:
        self.online()
        self.datelines()
        self.city_and_country()
        self.near_dates_and_events()
        self.venues()
        self.outskirts()
        self.descriptions()
        self.enumerated()
        self.placed_then_dated()
        self.region_of_country()
        self.companions()
        self.host_institution()
        self.attended_online()
        # "in Pinglu County, Shanxi Province": the province as written, not its bare name read by another rule too
        written = {p.name for p in self.out}
        self.out = [p for p in self.out if not (p.name + " Province" in written or p.name + " province" in written)]
        return self.out

    def companions(self):
        """The places written with an event's place: "in Tianjin and Beijing" (a second city joined by "and"),
        "in Liuzhou, in the Guangxi Zhuang autonomous region" (a region named after the city, kept as written).
        (Not a bare "Guiyang, Guizhou": the gold files disagree on the province written after the city, `h02` and
        `h05` leave it out, `v08` lists it.)"""
        found = [p.name for p in self.out if p.kind != "online"]
        if not found:
            return
        alt = "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))
        for m in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?(?:" + alt + r")\s+and\s+(?:the\s+)?(" + self.city_alt + r")\b(?![\w-]|\s+[A-Z])",
                             self.norm):
            if not self.after_org(m.start(1)) and not self.inside_place(m.start(1)) and not self.future(m.start(), m.end()):
                self.add(m.group(1), m.start(1))
        for m in re.finditer(r"\b(?:" + alt + r"),\s+in\s+the\s+((?:[A-Z][a-z]+\s+){1,3}(?:[Aa]utonomous\s+[Rr]egion|[Pp]rovince))\b",
                             self.norm):
            self.add(m.group(1), m.start(1), "province")
        # ("held in Nanning, Guangxi Zhuang Autonomous Region": an autonomous region written whole right after the
        # city, with no "in the", is as much the place; a bare province after a city is not, see above)
        for m in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?(?:" + alt + r"),\s+((?:[A-Z][a-z]+\s+){1,3}[Aa]utonomous\s+[Rr]egion)\b",
                             self.norm):
            if not self.future(m.start(), m.end()):
                self.add(m.group(1), m.start(1), "province")

    def attended_online(self):
        """"... attended the opening ceremony online": online is the place only when no venue is named
        (some guests joining online an event held in Jakarta do not make it an online event)."""
        if self.out or re.search(r"\b(?:took place|was held|were held|held|hosted)\s+(?:at|in)\s+(?:the\s+)?[A-Z]", self.norm):
            return
        m = re.search(r"\b(?:attended|joined|participated in|witnessed)\b[^.;]{0,60}?\b(?:online|virtually)\b", self.norm, re.I)
        if m and not re.search(r"\b(?:online and offline|offline and online)\b", m.group(), re.I):
            self.add("online", m.start(), "online")


def _find_places(norm: str, sentences: list[Sentence], org_spans) -> list[PlaceRecord]:
    return _Places(norm, sentences, org_spans).run()


# =========================================================================== areas & activity


_FACILITY_VISITED = re.compile(r"\s+(?:bases?|rooms?|facilities|labs?|laboratories|equipment)\b", re.I)
_FACILITY = re.compile(r"\s+(?:rooms?|facilities|labs?|laboratories|equipment|workshops?\s+(?:building|equipment))\b", re.I)


def _find_areas(norm: str) -> list[AreaRecord]:
    out = []
    for code, cues in _lex()["areas"].items():
        for cue in sorted(cues, key=len, reverse=True):
            flags = 0 if cue == "tot" else re.I
            pat = r"\b(?:TOT|ToT)\b" if cue == "tot" else r"(?<![\w-])" + re.escape(cue) + r"(?![\w-])"
            # ("an on-site visit of the college's practical training bases": facilities shown to visitors, not the area)
            # ("the college comprises lecture rooms, practical training facilities, ...": a facility, not the area,
            # whether shown to visitors or described; a base only when visited)
            m = next((x for x in re.finditer(pat, norm, flags) if not _FACILITY.match(norm, x.end()) and not (
                _FACILITY_VISITED.match(norm, x.end()) and re.search(r"\bvisit", _sentence_text(norm, x.start()), re.I))), None)
            if m:
                out.append(AreaRecord(code=code, cue=m.group(), evidence=_sentence_text(norm, m.start())))
                break
    codes = {a.code for a in out}
    for code, pats in _lex().get("area_patterns", {}).items():
        if code in codes:
            continue
        for pat in pats:
            m = re.search(pat, norm, re.I)
            if m:
                out.append(AreaRecord(code=code, cue=m.group(), evidence=_sentence_text(norm, m.start())))
                break
    return out


def _sentence_text(norm: str, pos: int) -> str:
    a = max(norm.rfind(". ", 0, pos), norm.rfind("\n", 0, pos)) + 1
    b_candidates = [x for x in (norm.find(". ", pos), norm.find("\n", pos)) if x >= 0]
    b = min(b_candidates) + 1 if b_candidates else len(norm)
    return norm[a:b].strip()


_UNREALISED_SIGNING = re.compile(
    r"\b(?:prepared|ready|planned|scheduled|expected|set|going|due)\s+(?:for|to)\s+(?:be\s+)?sign|\bwill\s+(?:be\s+)?sign|"
    r"\bto\s+be\s+signed\b|\bplans?\s+to\s+sign|\bprepar\w*\s+(?:for\s+)?(?:the\s+)?signing", re.I)
_OPENS_TRAINING = re.compile(r"\s+(?:of|for)\s+(?:the\s+)?[^.;]{0,70}?\b(?:training|course|class|bootcamp)\b", re.I)


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)(?=\s*年|\b)")
_BACKGROUND_MARKERS = re.compile(r"\b(?:since|previously|earlier|in the past|so far|to date|has (?:been|trained|built))\b|据悉|此前|以来|曾经|先后", re.I)


def _background_test(norm: str, headline_end: int):
    """pos -> is the sentence at pos background (an earlier event told to explain the reported one)?  A
    sentence after the lead that names a year other than the lead's (any year when the lead names none,
    "Launched in December 2017, ..."), or that opens with a background marker (since, to date, 据悉, 以来)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.!?。！？\n]+[.!?。！？]?", norm) if m.group().strip()]
    # the lead: up to the first sentence that dates something (a year, a month and day), at most three sentences
    lead_end = 0
    for a, b in spans[:3]:
        lead_end = b
        if _YEAR.search(norm[a:b]) or re.search(r"\d{1,2}月\d{1,2}日|\b(?:%s)\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:%s)\b" % (
                "|".join(MONTHS), "|".join(MONTHS)), norm[a:b], re.I):
            break
    months = "|".join(MONTHS)
    day_date = re.compile(r"\d{1,2}\s*日|\d{4}-\d\d-\d\d|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:%s)\b|\b(?:%s)\.?\s+\d{1,2}\b" % (
        months, months), re.I)

    def test(pos: int) -> bool:
        if pos < lead_end:
            return False
        sp = next(((a, b) for a, b in spans if a <= pos < b), None)
        if sp is None:
            return False
        text = norm[sp[0]: sp[1]]
        if _YEAR.search(text) and not day_date.search(text):
            return True  # "In March 2016, the first ... was inaugurated": a month or a year, not the day reported
        return bool(_BACKGROUND_MARKERS.search(text))
    return test


def _activity(norm: str, org_spans=()) -> tuple[str | None, str | None]:
    """The kind of activity an article reports, from weighted cue phrases (a cue in the lead counts
    twice; a cue inside an organisation's name, e.g. "Luban Workshop College", does not count; a longer
    cue hides the shorter ones it contains; a weak cue marked "once" counts at its first occurrence)."""
    cues = _lex()["activity_cues"]
    lead_end = min(len(norm), max(400, len(norm) // 6))
    first = re.match(r"\s*[^\n]*", norm)
    headline_end = first.end() if first and len(first.group()) <= 160 else 0
    scores: dict[str, float] = {}
    evidence: dict[str, tuple[float, str]] = {}
    matches = []
    for kind, items in cues.items():
        for phrase, w, *opts in items:
            if phrase == "(tot)":
                pat = r"\((?:TOT|ToT)\)"
                flags = 0
            elif phrase.startswith("tot "):
                pat = r"\b(?:TOT|ToT)\s" + re.escape(phrase[4:]) + r"\b"
                flags = 0
            elif phrase == "course":
                pat = r"(?<!\bof )(?<!\bthe )\bcourse\b(?! of\b)"  # not "of course", "in the course of"
                flags = re.I
            else:
                pat = r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])"
                flags = re.I
            found = [m for m in re.finditer(pat, norm, flags) if not any(s <= m.start() < e for s, e in org_spans)]
            if kind == "peer_to_peer_workshop":
                # "the Luban Workshop in Ayutthaya": a Luban workshop is a training facility, not a workshop held
                found = [m for m in found if not re.search(r"\bLu\s?ban\s+$", norm[max(0, m.start() - 10): m.start()], re.I)]
            if kind == "conference":
                # "held in the conference room", "the forum hall": a room named for meetings, not a conference
                found = [m for m in found if not re.match(r"\s+(?:room|rooms|hall|halls|venue|centre|center)\b", norm[m.end():], re.I)]
            if kind == "signing_ceremony":
                # "an MoU has been prepared for signing", "will sign": a signing that has not happened
                found = [m for m in found if not _UNREALISED_SIGNING.search(_sentence_text(norm, m.start()))]
            for m in found[:1] if "once" in opts else found:
                opens = _OPENS_TRAINING.match(norm, m.end()) if kind == "programme_launch" else None
                if opens and not any(s <= opens.end() - 1 < e for s, e in org_spans):
                    # "the opening ceremony of the ... training": the training (not "the establishment of the
                    # Institute of ... Training", where the training word belongs to the name of a body)
                    kind_here = "training_programme"
                else:
                    kind_here = kind
                matches.append((m.start(), m.end(), kind_here, w))
    # "a six-week training", "a three-day course": a training given a duration is the activity itself
    # (also "This training lasted 12 days", "the course runs for two weeks", "The training will span two weeks")
    for m in re.finditer(r"\b(?:\w+)-(?:day|week|month)\s+(?:[\w-]+\s+){0,3}?(?:training|course)\b|"
                         r"\b(?:training|course)\s+(?:lasted|lasts|lasting|ran\s+for|runs\s+for|will\s+last|spans|spanned|spanning|"
                         r"will\s+span)\s+(?:for\s+|over\s+)?"
                         r"(?:\w+\s+)?(?:days|weeks|months)\b", norm, re.I):
        if not any(s <= m.start() < e for s, e in org_spans):
            matches.append((m.start(), m.end(), "training_programme", 3))
    # "The China-Malaysia ... Alliance was established on Dec 19", "have launched a vocational education alliance": a
    # body of several members founded is a launch (not "an institution established jointly by": no "was")
    for m in re.finditer(r"\b(?:Alliance|Network|Federation|Consortium|Association|Union|Platform|Community|alliance|network|"
                         r"federation|consortium|platform)\s+(?:was|were|has\s+been|have\s+been)\s+(?:officially\s+|formally\s+)?"
                         r"(?:established|founded|set\s+up|launched|inaugurated|formed)\b|"
                         r"\b(?:have|has|had|officially|jointly|formally)\s+(?:launched|founded|established|set\s+up)\s+(?:a|an|the)\s+"
                         r"(?:[\w-]+\s+){0,5}?(?:alliance|network|federation|consortium|platform)\b", norm):
        matches.append((m.start(), m.end(), "programme_launch", 4))  # (the body's name may end with the noun)
    # "the comprehensive six-day visit", "a three-day study tour": a visit given a duration is the activity itself
    for m in re.finditer(r"\b\w+-day\s+(?:[\w-]+\s+){0,2}?(?:visit|trip|tour)\b", norm, re.I):
        if not any(s <= m.start() < e for s, e in org_spans):
            matches.append((m.start(), m.end(), "exchange_visit", 3))
    background = _background_test(norm, headline_end)
    for a, b, kind, w in matches:
        if any(x <= a and b <= y and (y - x) > (b - a) for x, y, _, _ in matches):
            continue  # a longer cue covers this one ("training workshop" is not a plain "workshop")
        weight = w * (3.0 if a < headline_end else 2.0 if a < lead_end else 1.0)
        if background(a):
            weight *= 0.25
        scores[kind] = scores.get(kind, 0.0) + weight
        if weight > evidence.get(kind, (0, ""))[0]:
            evidence[kind] = (weight, _sentence_text(norm, a))
    if zh.has_chinese(norm):
        for kind, (score, pos) in zh.activity_scores(norm, lead_end, org_spans, background, headline_end).items():
            scores[kind] = scores.get(kind, 0.0) + score
            if score > evidence.get(kind, (0, ""))[0]:
                evidence[kind] = (score, _sentence_text(norm, pos))
    if not scores:
        return None, None
    best = max(scores, key=lambda k: (scores[k], -list(cues).index(k) if k in cues else 0))
    if scores[best] < 2:
        return None, None
    if headline_end and _AWARD_HEADLINE.search(norm[:headline_end]) and not any(
            a < headline_end and k == best for a, _, k, _ in matches):
        # "China awards scholarships to 185 Cambodian students": an award or a quota is news, not an activity,
        # unless the headline itself names the activity
        return None, None
    return best, evidence[best][1]


_AWARD_HEADLINE = re.compile(r"\bscholarships?\b|奖学金|獎學金", re.I)


# =========================================================================== agreements

_SIGN_VERB = re.compile(r"\b(?:sign(?:ed|s|ing)?|inked|co-signed|concluded|renew(?:ed|s|al)?|formali[sz](?:ed|es|ing))\b|"
                        r"签署|签订|签约|签下", re.I)
_AGREEMENT_NOUN = re.compile(
    r"\b(?:MoUs?|MoAs?|MOUs?|MOAs?|memorand(?:um|a)|agreements?|"
    r"amendments?|contracts?|charters?|pacts?|cooperation|collaboration|partnership|letters?\s+of\s+intent|LOIs?|LoIs?)\b|"
    r"谅解备忘录|合作备忘录|备忘录|协议|合同|意向书", re.I)
# "signed the A agreement and the B agreement with X": two agreements of the same parties in one sentence
_TWO_AGREEMENTS = re.compile(r"\b(?:signed|inked|concluded)\s+(?:the\s+|a\s+|an\s+)?[^.;]{0,120}?\b(?:agreement|MoU|"
                             r"memorandum(?:\s+of\s+understanding)?|contract)\s+and\s+(?:the\s+|a\s+|an\s+)?"
                             r"[^.;]{0,120}?\b(?:agreement|MoU|memorandum(?:\s+of\s+understanding)?|contract)\s+with\b",
                             re.I)
_SECOND = "\x00second"  # marks the second agreement of a sentence that reports two (see _TWO_AGREEMENTS)
_PLURAL_AGREEMENTS = re.compile(r"\b(?:MoUs|MoAs|MOUs|MOAs|memoranda|agreements|contracts)\b", re.I)
_ANAPHORA = re.compile(r"\b(?:the\s+(?P<n>two|three|four|five|six)\s+(?:parties|sides|institutions|colleges|schools|organi[sz]ations)|both\s+(?:sides|parties|institutions))\b|双方|三方|四方", re.I)
# a signing sentence whose subject only refers to parties named before it: "They also signed an MoU", "Both parties
# signed ...", "The agreement was formalized on ..."
_ANAPHORIC_SUBJECT = re.compile(r"(?:[A-Z][\w ]{0,30},\s*)?(?:They|Both|The\s+(?:agreement|MoU|MoA|memorandum|pact|deal|"
                                r"partnership|contract))\b")
# the signatories named in a sentence after the signing one: "X signed on behalf of A", "Representing B were ..."
_SIGNS_FOR = re.compile(r"\b(?:on behalf of|representing|represented)\b", re.I)
_NOT_PARTY = re.compile(r"\b(?:witnessed by|in the presence of|supported by|attended by|facilitated by|organi[sz]ed by|sponsored by|funded by|with the support of)\b", re.I)
# bodies of kind "other" that sign agreements all the same (a foundation, a trust, a committee), unlike the
# programmes, projects and laboratories that share that kind
_SIGNING_BODY_HEADS = {"Foundation", "Trust", "Committee"}
# the page's own institution as it calls itself in a signing clause ("我院又与…签订", "我校代表团还与…签署")
_OWN_INSTITUTION = re.compile(r"(?:^|[^\u4e00-\u9fff])?(?P<own>(?:我|本)(?:院|校|单位|公司|司|所|中心)|学校|学院)"
                              r"(?:代表团|领导|一行|代表)?(?:又|还|也|再|先后|随后|正式|今天|当天)*\s*$")
# the other party of a signing written without its name: "signed an agreement with a Chinese company"
_UNNAMED_PARTNER = re.compile(
    r"\b(?:with|and)\s+(?P<who>(?:an?|one|several|two|three|four|five|some|various)\s+(?:[A-Za-z-]+\s+){0,3}?"
    r"(?:compan(?:y|ies)|firms?|enterprises?|corporations?|universit(?:y|ies)|colleges?|institutions?|institutes?|"
    r"schools?|partners?|investors?|providers?|organi[sz]ations?|groups?))\b")
_PARTY_KINDS = {"tvet_institute", "company", "ministry", "alliance_network", "international_organisation"}


def _agreement_kind(text: str) -> str:
    low = text.lower()
    if re.search(r"\bamendment", low):
        return "amendment"
    if re.search(r"\bmoa|memorand(?:um|a) of agreement", low):
        return "moa"
    if re.search(r"\bmou|memorand(?:um|a) of (?:understanding|cooperation)|谅解备忘录|合作备忘录|备忘录", low):
        return "mou"
    return "cooperation"


class _Agreements:
    """The agreements an article reports, each with its own parties: the organisations named in a
    sentence that signs something (not those that only witness, support or attend it), one agreement
    per item of a list that follows the sentence, one per partner when the sentence signs several
    agreements "with A and B", and the organisations of the previous sentences when the parties are
    only referred to ("the three parties ... signed")."""

    def __init__(self, sentences: list[Sentence], clusters, records: list[OrganisationRecord], dates, people=()):
        self.sentences = sentences
        self.people = list(people)
        self.by_cluster = {id(c): r for c, r in zip(clusters, records)}
        self.clusters = [c for c, r in zip(clusters, records) if r.kind in _PARTY_KINDS or is_acronym(r.canonical_name)
                         or eo.head_of(r.canonical_name) in _SIGNING_BODY_HEADS
                         or r.canonical_name.endswith(("基金会", "基金會", "委员会", "委員會"))]
        self.all_clusters = list(clusters)
        self.spans = [(m.start, m.end) for c in clusters for m in c.mentions]
        self.dates = dates
        main = max(self.clusters, key=lambda c: (len(c.mentions), -min(m.start for m in c.mentions)), default=None)
        self.main = main

    def orgs_in(self, s: Sentence, start: int = 0, end: int | None = None, every: bool = False) -> list:
        end = s.end if end is None else end
        cut = _NOT_PARTY.search(s.text)
        limit = s.start + cut.start() if cut else end
        skip = (0, 0)
        if cut and not s.text[: cut.start()].strip() and s.text.find(",", cut.end()) > 0:
            # "Supported by X, A and B signed ...": the opening phrase ends at its comma
            skip, limit = (s.start + cut.start(), s.start + s.text.find(",", cut.end())), end

        def inside(pos):
            return s.start + start <= pos < min(end, limit) and not skip[0] <= pos < skip[1]

        hits = sorted(((min(m.start for m in c.mentions if inside(m.start)), c) for c in (self.all_clusters if every else self.clusters)
                       if any(inside(m.start) for m in c.mentions)), key=lambda h: h[0])
        return [c for _, c in hits]

    def date_in(self, s: Sentence) -> str | None:
        for d in self.dates:
            if d.start and d.evidence == s.text and d.role in ("signing", "event"):
                return d.start
        return None

    def run(self) -> list[AgreementRecord]:
        found: list[tuple[str, list, str | None, str]] = []
        spans = [(m.start, m.end) for c in self.all_clusters for m in c.mentions]
        for i, s in enumerate(self.sentences):
            # (an agreement noun inside a body's name is none: "the Office of ... International Cooperation")
            if not (_SIGN_VERB.search(s.text) and any(not any(a <= s.start + nm.start() < b for a, b in spans)
                                                      for nm in _AGREEMENT_NOUN.finditer(s.text))):
                continue
            kind, date = _agreement_kind(s.text), self.date_in(s)
            items = self.list_items(i)
            if items:
                found += [(kind, self.orgs_in(item), date, item.text) for item in items]
                continue
            told = self.parties(i, s)
            found += [(kind, parties, date, s.text) for parties in told]
            if _TWO_AGREEMENTS.search(s.text) and len(told) == 1:
                found.append((kind, told[0], date, s.text, _SECOND))
            found += [(kind, parties, date, s.text, unnamed) for parties, unnamed in self.one_named_party(i, s)]
        # "Our school held an online signing ceremony with three institutions in Thailand": a signing named by its
        # ceremony alone, with the institutions a nearby sentence names
        for i, s in enumerate(self.sentences):
            if re.search(r"\bsigning\s+ceremony\s+with\b", s.text) and not _AGREEMENT_NOUN.search(s.text):
                found += [(_agreement_kind(s.text), parties, self.date_in(s), s.text) for parties in self.counted_partners(i, s)]
        # "A和B签约仪式、C与D共建…的签约暨揭牌仪式依序举行": each 签约 (a signing, no agreement noun needed) with the two
        # organisations its own clause joins by 与/和/同
        for s in self.sentences:
            if "签约" not in s.text or _AGREEMENT_NOUN.search(s.text):
                continue
            for cm in re.finditer(r"[^、，,；;。]+", s.text):
                sign = cm.group().find("签约")
                if sign < 0:
                    continue
                pair = self.zh_joined(s, s.start + cm.start(), s.start + cm.start() + sign)
                if len(pair) == 2:
                    found.append(("cooperation", pair, self.date_in(s), s.text))
        # "the signing ceremony between A and B for ... was held": the parties of an agreement the article reports
        # (in a sentence that names it without them, "a company and a university reached an agreement")
        reported = next((s for s in self.sentences if _AGREEMENT_NOUN.search(s.text)), None)
        for s in self.sentences:
            if re.search(r"\bsigning(?:\s+ceremony)?\s+between\b", s.text):
                parties = self.between(s)
                if len(parties) >= 2:
                    kind = _agreement_kind(reported.text) if reported is not None else "cooperation"
                    found.append((kind, parties, self.date_in(s), s.text))
        # (no signing sentence gave an agreement: a delegation's visit with a signing ceremony)
        return self.records(found) or self.records(self.delegation_signing())

    def delegation_signing(self) -> list:
        """"A顾问X率领的…访问团一行六人访问B。…参加签约仪式。": a visit whose article reports a signing ceremony and
        names no signing sentence: one agreement of the delegation's body and the host it visited."""
        if not any(re.search(r"签约仪式|签字仪式", s.text) for s in self.sentences):
            return []
        for s in self.sentences[:3]:
            m = re.search(r"率领的[^。；]{0,30}?(?:代表团|访问团|考察团)[^。；]{0,12}?(?:访问|到访|莅临|来访)", s.text)
            if not m:
                continue
            guests = self.orgs_in(s, 0, s.start + m.start())
            hosts = self.orgs_in(s, m.end())
            if len(guests) >= 1 and len(hosts) == 1 and hosts[0] not in guests:
                return [("cooperation", [guests[0], hosts[0]], None, s.text)]
        return []

    def zh_signing_partners(self) -> set:
        """ids of the organisations named between 与/同/和 and a signing verb in a Chinese sentence of the article
        (the partners someone signs with: never the article's own institution)."""
        if getattr(self, "_zh_partners", None) is None:
            self._zh_partners = set()
            for t in self.sentences:
                sign = _SIGN_VERB.search(t.text) if re.search(r"[\u4e00-\u9fff]", t.text) else None
                if sign is None:
                    continue
                for w in re.finditer(r"(?:分别)?(?:与|同|和)", t.text[: sign.start()]):
                    self._zh_partners |= {id(c) for c in self.orgs_in(t, w.end(), t.start + sign.start())}
        return self._zh_partners

    def zh_joined(self, s: Sentence, a: int, b: int) -> list:
        """The two organisations between offsets a and b joined by 与/和/同 ("A(TESDA)和B", "A与B共建…")."""
        for jm in re.finditer(r"[与和同]", s.text[a - s.start: b - s.start]):
            at = a + jm.start()
            left = [c for c in self.clusters if any(
                m.end <= at and re.fullmatch(r"\s*(?:[(（][A-Za-z&]{2,10}[)）])?\s*", self.text_of(s, m.end, at)) for m in c.mentions)]
            right = [c for c in self.clusters if any(abs(m.start - (at + 1)) <= 1 and m.start < b for m in c.mentions)]
            if left and right and left[0] is not right[0]:
                return [left[0], right[0]]
        return []

    @staticmethod
    def text_of(s: Sentence, a: int, b: int) -> str:
        return s.text[a - s.start: b - s.start] if s.start <= a <= b <= s.end else "\x00"

    def list_items(self, i: int) -> list[Sentence]:
        """Numbered or bulleted lines right after a sentence ending in ':'."""
        if not self.sentences[i].text.rstrip().endswith(":"):
            return []
        items = []
        for s in self.sentences[i + 1:]:
            if not re.match(r"\s*(?:\d{1,2}[.)]|[-•*·])\s+", s.text):
                break
            items.append(s)
        return items

    def between(self, s: Sentence) -> list:
        """"the signing ceremony for the project between A and B and 11 colleges was held": the organisations
        named in the between-phrase, whatever their kind (an education group, a workers' organisation)."""
        m = re.search(r"\bbetween\s+(?:the\s+)?[A-Z]", s.text)
        if not m:
            return []
        end = re.compile(r"\s+(?:was|were|is|are|has|have|had|took|on|in|at|to|for)\b|[;.]").search(s.text, m.end())
        a, b = s.start + m.start(), s.start + (end.start() if end else len(s.text))
        hits = sorted((min(x.start for x in c.mentions if a <= x.start < b), c) for c in self.all_clusters
                      if any(a <= x.start < b for x in c.mentions))
        return [c for _, c in hits]

    def each_signed(self, i: int, s: Sentence) -> list[list]:
        """"the universities namely A, B, C and D, each signed a LOI": one agreement per signer, with the partner
        named after "with" in the sentence or in the signing sentence before it."""
        em = re.search(r"\beach\s+(?:signed|inked|concluded)\b", s.text)
        if not em:
            return []
        signers = self.orgs_in(s, 0, s.start + em.start())
        partner = []
        for t in [s] + list(reversed(self.sentences[max(0, i - 2): i])):
            wm = re.search(r"\bwith\s+(?:the\s+)?", t.text)
            if wm and _SIGN_VERB.search(t.text):
                partner = [c for c in self.orgs_in(t, wm.end()) if c not in signers][:1]
                if partner:
                    break
        if len(signers) >= 2 and partner:
            return [[c] + partner for c in signers]
        return []

    def parties(self, i: int, s: Sentence) -> list[list]:
        each = self.each_signed(i, s)
        if each:
            return each
        orgs = self.orgs_in(s)
        between = self.between(s)
        if len(between) >= 2 and not any(c in between for c in orgs[2:]) and len(orgs) < 2:
            return [between]
        with_m = re.search(r"\bwith\b", s.text)
        if _PLURAL_AGREEMENTS.search(s.text) and with_m:
            subject = self.orgs_in(s, 0, s.start + with_m.start()) or ([self.main] if self.main else [])
            objects = [c for c in self.orgs_in(s, with_m.end()) if c not in subject]
            if len(objects) >= 2:
                return [subject + [o] for o in objects]
        zh = re.search(r"[\u4e00-\u9fff]", s.text)
        sign = _SIGN_VERB.search(s.text) if zh else None
        # "两校签订《A-B战略合作框架协议》": the agreement's title right after the verb names its two parties
        tm = re.match(r"\s*(?:了)?\s*《([^《》]{4,80})》", s.text[sign.end():]) if sign else None
        if tm:
            a0 = s.start + sign.end() + tm.start(1)
            titled = self.orgs_in(s, a0 - s.start, a0 + len(tm.group(1)))
            if len(titled) == 2:
                return [titled]
        with_zh = [w for w in re.finditer(r"(?:分别)?(?:与|(?<![共协相不等认合])同(?![时期样意比行])|和)", s.text[: sign.start()])] \
            if sign else []
        if with_zh:
            # "代表学校分别与A及B签署…", "我校代表团还与C一行签订…": the partners named between 与 and the verb, one
            # agreement each; the signer is the organisation named before 与, or the article's own institution
            w = with_zh[-1]
            objects = [c for c in self.orgs_in(s, w.end(), s.start + sign.start())]
            # (the article's own institution: the first one it names, in its headline or masthead)
            # (not one named only from this sentence on, nor one that signs with someone elsewhere in the article:
            # "我院与A签订…。我院又与B签订…" of a page that never names itself is two signings of 我院, not A with B)
            partners = self.zh_signing_partners()
            first = min((c for c in self.clusters if c not in objects and id(c) not in partners
                         and min(m.start for m in c.mentions) < s.start),
                        key=lambda c: min(m.start for m in c.mentions), default=None)
            # (the body named right before 与 signs whatever its kind, "A局(简称)与B签署…", before the article's own)
            at = s.start + w.start()
            adjacent = [c for c in self.all_clusters if c not in objects and any(
                m.end <= at and re.fullmatch(r"\s*(?:[(（][^()（）]{1,12}[)）])?\s*", self.text_of(s, m.end, at))
                for m in c.mentions)]
            subject = [c for c in self.orgs_in(s, 0, s.start + w.start()) if c not in objects][-1:] or adjacent[:1] or (
                [first] if first is not None else [])
            if objects and subject and (w.group().startswith("分别") or len(objects) == 1):
                return [subject + [o] for o in objects]
            a0, b0 = s.start + w.end(), s.start + sign.start()
            spans = sorted((m.start, m.end) for c in objects for m in c.mentions if a0 <= m.start < b0)
            listed = len(spans) >= 2 and all(re.fullmatch(r"\s*(?:、|及|和|以及)\s*", s.text[e1 - s.start: s2 - s.start])
                                             for (_, e1), (s2, _) in zip(spans, spans[1:]))
            if len(objects) >= 2 and listed:
                # "该中心…,同时与A及B签署协议": one agreement of the sentence's subject (the body named before its first
                # 与, or the article's own) with every partner listed (A及B, A、B: not "A合作备忘录暨“B”共建…")
                lead = [c for c in self.orgs_in(s, 0, s.start + with_zh[0].start()) if c not in objects][-1:]
                opening = with_zh[0].start()
                clause = s.text[max(0, s.text.rfind("，", 0, opening), s.text.rfind(",", 0, opening)) + 1:]
                if not lead and re.match(r"\s*(?:该|本)(?:中心|学院|学校|公司|机构)", clause):
                    lead = [first] if first is not None else []
                if lead:
                    return [lead + objects]
        # (not 同 of 共同 "jointly", 同时 "meanwhile": "双方共同签署" names no pair)
        zh_pair = re.search(r"[与和]|(?<![共协相不等认合])同(?![时期样意比行])", s.text) if zh else None
        if zh_pair:  # "A与B签署…": the parties are the organisations joined by 与/和
            pair = [c for c in orgs if any(abs(m.end - (s.start + zh_pair.start())) <= 1 or abs(m.start - (s.start + zh_pair.end())) <= 1
                                           for m in c.mentions)]
            return [pair]
        counted = self.counted_partners(i, s) if len(orgs) < 2 else None
        if counted:
            return counted
        ana = _ANAPHORA.search(s.text)
        if len(orgs) < 2 and ana and ana.group() in ("三方", "四方"):
            # "三方共同签署…协议": the three bodies listed together in the nearest sentence before that names as many
            # ("A联合B、C,在雅加达启动…"), the first three it names
            want = 3 if ana.group() == "三方" else 4
            for prev in reversed(self.sentences[max(0, i - 6): i]):
                named = self.orgs_in(prev)
                if len(named) >= want:
                    return [named[:want]]
        if len(orgs) < 2 and (ana or _ANAPHORIC_SUBJECT.match(s.text)):
            want = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(((ana and ana.group("n")) or "two").lower(), 2)
            back = []  # "the three parties": the organisations named just before, not what they set up
            for prev in reversed(self.sentences[max(0, i - 2): i]):
                back += [c for c in self.orgs_in(prev) if c not in back]
            if len(back) < want and self.main is not None and self.main not in back:
                back.insert(0, self.main)
            orgs = self.most_named(back, want) if len(back) >= 2 else orgs
        if len(orgs) < 2:
            orgs = self.signatories_after(i, orgs)
        return [orgs]

    def one_named_party(self, i: int, s: Sentence) -> list[tuple[list, str]]:
        """Signings whose other party the article does not name, each with its one named party and the words that
        stand for the other: "A signed an agreement with a Chinese company"; "我院与A签订…" of a page that never
        names itself (each clause's own signing: "与A签订…后,我院又与B签订…" is a second one, with B); "P1和P2签署…协议"
        of two signatories of whom one's body is named; "They signed an MoU" after one named body. (A two-party
        agreement found for the same signing wins: see records.)"""
        out: list[tuple[list, str]] = []
        if re.search(r"[\u4e00-\u9fff]", s.text):
            for sv in _SIGN_VERB.finditer(s.text):
                cut = max(s.text.rfind(ch, 0, sv.start()) for ch in ",，;；:：")
                if cut > 0 and re.match(r"\s*(?:并且|并|还|随后|之后)", s.text[cut + 1:]) and \
                        not re.search(r"[与同和]", s.text[cut + 1: sv.start()]):
                    # "我校与A深入交流,并签署了合作备忘录": the clause before says with whom
                    cut = max(s.text.rfind(ch, 0, cut) for ch in ",，;；:：")
                clause_at = cut + 1
                joins = [j for j in re.finditer(r"(?:分别)?[与同和]", s.text[clause_at: sv.start()])
                         if not any(a <= s.start + clause_at + j.start() < b for a, b in self.spans)]  # (职业教育与培训中心)
                if not joins:
                    continue
                w = joins[-1]
                before = s.text[clause_at: clause_at + w.start()]
                own = _OWN_INSTITUTION.search(before)
                if own is None or self.orgs_in(s, clause_at, s.start + clause_at + w.start()):
                    continue
                # (whatever its kind: the body named between 与 and the verb signs, "与A智库…签署")
                objects = self.orgs_in(s, clause_at + w.end(), s.start + sv.start(), every=True)
                if objects and (w.group().startswith("分别") or len(objects) == 1):
                    out += [([o], own.group("own")) for o in objects]
            signers = self.signatories_bodies(s)
            if signers:
                out.append(signers)
            return out
        orgs = self.orgs_in(s)
        other = _UNNAMED_PARTNER.search(s.text)
        if len(orgs) == 1 and other and not self.orgs_in(s, other.start(), s.start + other.end()):
            return [(orgs, other.group("who"))]
        if not orgs and (_ANAPHORIC_SUBJECT.match(s.text) or _ANAPHORA.search(s.text)) and self.main is not None:
            back = [c for prev in self.sentences[max(0, i - 2): i] for c in self.orgs_in(prev)]
            if not back and min(m.start for m in self.main.mentions) < s.start:
                return [([self.main], (_ANAPHORIC_SUBJECT.match(s.text) or _ANAPHORA.search(s.text)).group().strip())]
        signers = self.signatories_bodies(s)
        return [signers] if signers else []

    def signatories_bodies(self, s: Sentence) -> tuple[list, str] | None:
        """"会后,P1和P2签署两校间合作协议" / "P1 and P2 signed the agreement": a signing sentence that names no body but
        two people, one of whose bodies the article names (the other's is the page's own, never named): that body."""
        sign = _SIGN_VERB.search(s.text)
        if sign is None or self.orgs_in(s, 0, s.start + sign.start()):
            return None
        named = [p for p in self.people if p.name and p.name in s.text[: sign.start()]] if sign else []
        if len(named) != 2:
            return None
        canon = {r.canonical_name: c for c in self.clusters for r in [self.by_cluster[id(c)]]}
        bodies = [canon.get(p.organisation) for p in named]
        if sum(b is not None for b in bodies) != 1:
            return None
        other = next(p for p, b in zip(named, bodies) if b is None)
        return [b for b in bodies if b is not None], other.name

    def counted_partners(self, i: int, s: Sentence) -> list[list]:
        """"5 Thai vocational colleges signed the framework agreement with us": the article's own institution and
        the five colleges a nearby sentence names (one agreement); "a signing ceremony with three institutions": one
        agreement with each of them."""
        nm = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+)?"
                       r"(?:colleges|institutions|institutes|schools|universities|polytechnics)\b", s.text)
        if not nm or self.main is None or re.search(r"\bbetween\s+(?:the\s+)?$|\b(?:both|these|those|all)\s+$", s.text[: nm.start()], re.I):
            return []  # ("between the two institutions": the parties named before, see _ANAPHORA)
        n = _num(nm.group(1))
        if not n or not 2 <= n <= 12:
            return []
        # (the nearest sentence that names that many institutions, before it or just after it)
        for t in [s] + list(reversed(self.sentences[:i])) + self.sentences[i + 1: i + 3]:
            named = [c for c in self.orgs_in(t) if self.by_cluster[id(c)].kind == "tvet_institute"]
            if self.main in named and len(named) == n + 1:
                named.remove(self.main)
            if len(named) == n:
                # (the article's own institution: the main one, or, when that is among the partners, the
                # institution named most after them: "our school", named in full later)
                hosts = [self.main] if self.main not in named else sorted(
                    (c for c in self.clusters if c not in named and self.by_cluster[id(c)].kind == "tvet_institute"),
                    key=lambda c: -len(c.mentions))[:1]
                if not hosts:
                    return []
                if re.search(r"\bwith\s+(?:the\s+)?$", s.text[: nm.start()]):
                    return [[hosts[0], c] for c in named]
                return [hosts + named]
        return []

    def signatories_after(self, i: int, orgs: list) -> list:
        """"Two institutions of Brunei and China signed an MoU. X signed on behalf of A. Representing B were Y and Z":
        the parties are the organisations the next sentences name their signatories for."""
        after = []
        for nxt in self.sentences[i + 1: i + 3]:
            m = _SIGNS_FOR.search(nxt.text)
            if m:  # the body after "on behalf of", or the signatory's own ("Director of A, X, signed on behalf of it")
                named = [c for c in self.orgs_in(nxt, m.end()) if c not in after][:1] or \
                    [c for c in self.orgs_in(nxt) if c not in after][:1]
                after += named
        return after if len(after) >= 2 else orgs

    def most_named(self, orgs: list, want: int) -> list:
        """The `want` organisations of orgs that the article names most (those an anaphor refers to are its main
        actors, not a guest's embassy named once), kept in their order."""
        keep = sorted(orgs, key=lambda c: (-len(c.mentions), orgs.index(c)))[:want]
        return [c for c in orgs if c in keep]

    def records(self, found) -> list[AgreementRecord]:
        kept: list[tuple[frozenset, AgreementRecord]] = []
        for kind, parties, date, evidence, *unnamed in found:
            ids = frozenset(id(c) for c in parties)
            if unnamed and unnamed[0] == _SECOND:
                # the sentence's second agreement, of the same parties: kept once beside the first
                if len(ids) >= 2 and sum(other == ids for other, _ in kept) == 1:
                    names = list(dict.fromkeys(self.by_cluster[id(c)].canonical_name for c in parties))
                    kept.append((ids, AgreementRecord(kind=kind, parties=names, date=date, evidence=evidence[:500])))
                continue
            # (one named party only where the article says who the other is without naming it)
            if len(ids) < (1 if unnamed else 2) or any(ids <= other for other, _ in kept):
                continue  # one party, or the same signing told again
            kept = [(other, rec) for other, rec in kept if not other < ids]
            names = list(dict.fromkeys(self.by_cluster[id(c)].canonical_name for c in parties))
            kept.append((ids, AgreementRecord(kind=kind, parties=names, date=date, evidence=evidence[:500],
                                              unnamed_party=unnamed[0] if unnamed and len(ids) < 2 else "")))
        return [rec for _, rec in kept]


def _find_agreements(sentences, clusters, records, dates, people=()) -> list[AgreementRecord]:
    return _Agreements(sentences, clusters, records, dates, people).run()


# =========================================================================== entry point


def extract(
    text: str,
    *,
    gazetteer: Sequence[GazetteerEntry] = (),
    published: dt.date | None = None,
    known_people: Sequence[Any] = (),
) -> Draft:
    """Turn an article/report text into a Draft of structured records."""
    gazetteer = [g if isinstance(g, GazetteerEntry) else GazetteerEntry(g["id"], list(g["names"])) for g in gazetteer]
    written = normalise_text(strip_reading_marks(text))
    norm = zh.to_simplified(written)  # traditional script read through the simplified rules, offsets unchanged
    draft = _extract_norm(norm, gazetteer, published, known_people)
    if norm != written:
        _restore_script(draft, norm, written)
    # a learned precision filter on the organisations (ner.py; rules alone when its model file is missing)
    from . import ner

    return ner.filter_organisations(draft, norm, written)


def _restore_script(obj: Any, read: str, written: str) -> Any:
    """Put every string the extractor took from the converted text back in the script it was written in
    (same offsets: a string found at i in `read` is written[i:i+len])."""

    def back(s: str) -> str:
        if not zh.has_chinese(s, 1):
            return s
        i = read.find(s)
        return written[i:i + len(s)] if i >= 0 else s

    if isinstance(obj, str):
        return back(obj)
    if isinstance(obj, list):
        obj[:] = [_restore_script(x, read, written) for x in obj]
        return obj
    if isinstance(obj, (set, frozenset)):
        return type(obj)(_restore_script(x, read, written) for x in obj)
    if isinstance(obj, dict):
        return {k: _restore_script(v, read, written) for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            setattr(obj, f.name, _restore_script(getattr(obj, f.name), read, written))
        return obj
    return obj


def _extract_norm(norm: str, gazetteer: list[GazetteerEntry], published: dt.date | None, known_people) -> Draft:
    sentences = split_sentences(norm)
    pub, date_mentions = extract_dates(norm, sentences, published)
    draft = Draft(published=pub)
    draft.dates = [DateRecord(d.text, d.start, d.end, d.precision, d.role, d.evidence, d.relative) for d in date_mentions]
    org_records, clusters = _find_organisations(norm, sentences, gazetteer)
    draft.organisations = org_records
    draft.activity_kind, draft.activity_evidence = _activity(norm, [(m.start, m.end) for c in clusters for m in c.mentions])
    people = _find_people(norm, sentences, clusters, org_records, gazetteer)
    draft.people = [
        PersonRecord(
            name=p.name,
            title=p.title,
            organisation=p.org,
            roles=sorted(p.roles),
            evidence=p.evidence,
            unit=p.unit,
            aliases=p.aliases,
            matched_id=_link_person(p, known_people),
            honorific=p.honorific,
        )
        for p in people
    ]
    amounts, money_spans = _find_amounts(norm, sentences)
    draft.amounts = amounts
    from .extract_dates import find_date_mentions

    date_spans = [(d.char_start, d.char_end) for d in find_date_mentions(norm, pub)]
    draft.counts, draft.durations = _find_counts(norm, sentences, date_spans + money_spans)
    org_spans = [(m.start, m.end) for c in clusters for m in c.mentions]
    draft.places = _find_places(norm, sentences, org_spans)
    draft.areas = _find_areas(norm)
    if zh.has_chinese(norm):
        _add_chinese(draft, norm, sentences, clusters, known_people)
    draft.agreements = _find_agreements(sentences, clusters, org_records, draft.dates, draft.people)
    # a programme or a project ("... Joint Training Program", "…升级改造项目") is what organisations run, not one
    # of them: kept apart, so that the reviewer is not asked to register it
    # (so is the Luban Workshop named alone, the programme of workshops, not one of them: "柬埔寨鲁班工坊" and
    # "the Luban Workshop in Ayutthaya" are institutions)
    def programme(o) -> bool:
        return _is_programme(o.canonical_name) or all(_BARE_BRAND.fullmatch(n.strip(" “”\"")) for n in [o.canonical_name, *o.aliases])

    draft.programmes = [o for o in draft.organisations if programme(o)]
    draft.organisations = [o for o in draft.organisations if not programme(o)]
    return draft


_BARE_BRAND = re.compile(r"(?:the\s+)?Luban\s+Workshops?|[鲁魯]班工坊", re.I)


def _is_programme(name: str) -> bool:
    return bool(re.search(r"(?:\b(?:Program|Programme|Project)s?(?:\s+(?:for|of|on)\s+[^()]*)?|项目|计划)$", name.strip()))


def _add_chinese(draft: Draft, norm: str, sentences: list[Sentence], clusters, known_people) -> None:
    """Merge what the Chinese-script rules find into the draft."""
    orgs = [zh.ZhOrg(m.text, m.start, m.end, "", None) for c in clusters for m in c.mentions if m.source == "zh"]
    canonical = {n: c.canonical for c in clusters for n in c.names}
    have = {p.name for p in draft.people}
    for p in zh.find_people(norm, sentences, orgs):
        if p.name in have:
            continue
        have.add(p.name)
        rec = _P(name=p.name, key=frozenset([p.name]), title=p.title, org=canonical.get(p.org, p.org), roles=p.roles,
                 evidence=p.evidence, first_pos=p.start)
        draft.people.append(PersonRecord(name=p.name, title=p.title, organisation=rec.org, roles=sorted(p.roles),
                                         evidence=p.evidence, matched_id=_link_person(rec, known_people)))
    # "并同瓦涅·稳夕共同揭牌": a preposition glued to a transliterated name already read is no other person
    names = {p.name for p in draft.people}
    draft.people = [p for p in draft.people if not (len(p.name) > 3 and p.name[0] in "同与和并及跟向对"
                                                    and "·" in p.name and p.name[1:] in names)]
    for c in zh.find_counts(norm, sentences):
        draft.counts.append(CountRecord(value=c.value, qualifier=c.qualifier, counted=c.counted, evidence=c.sentence,
                                        text=c.text))
    for value, currency, text, pos in zh.find_amounts(norm):
        s = sentence_at(sentences, pos)
        draft.amounts.append(AmountRecord(value=value, currency=currency, qualifier="exactly", what=None,
                                          evidence=s.text if s else "", text=text))
    names = {p.name for p in draft.places}
    for name, kind, country in zh.find_places(norm):
        if name not in names:
            names.add(name)
            draft.places.append(PlaceRecord(name=name, kind=kind, country=country, platform=None, evidence=""))
    located = zh.located_city(norm) if not draft.places else None
    if located:
        draft.places.append(PlaceRecord(name=located[0], kind="city", country=located[1], platform=None, evidence=""))
    codes = {a.code for a in draft.areas}
    for code, cue in zh.find_areas(norm, [(m.start, m.end) for c in clusters for m in c.mentions]):
        if code not in codes:
            codes.add(code)
            draft.areas.append(AreaRecord(code=code, cue=cue, evidence=_sentence_text(norm, norm.find(cue))))
