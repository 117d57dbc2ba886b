"""Organisation mention detection, in-article merging and gazetteer linking.

Method (no model, generic vocabulary in data/org_vocab.json):

* a candidate is built around a capitalised *head noun* (College, Ministry,
  Alliance, Co., Ltd. ...): capitalised modifiers to the left ("Guangzhou
  Industry and Trade Technician" College), a complement to the right
  ("Ministry" of Labour and Vocational Training), an acronym defined in
  parentheses right after it;
* coordinations are split when both conjuncts carry a head noun;
* stand-alone acronyms are attached to an organisation that defined them, whose
  initials they spell, or to a well-known body (lexicon.json: known_bodies);
* mentions are merged within the article by a key that is insensitive to case,
  punctuation, spelling variants (Labour/Labor, Centre/Center), and that maps
  country names and demonyms to the same code ("Lao Polytechnic College" ==
  "Polytechnic College of the Lao People's Democratic Republic"), by token-set
  inclusion with the same head ("Lao-German Technical College" ⊂
  "Lao-German Technical Vocational College") and by fuzzy ratio;
* clusters are linked to the gazetteer by exact name, alias, acronym or fuzzy
  score (rapidfuzz) above a threshold; otherwise match_method = "new".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._text import (
    Sentence,
    Tok,
    country_pattern,
    country_tables,
    is_acronym,
    load,
    plain,
    plain_country_map,
    tokenize,
)

try:  # rapidfuzz is a project dependency; keep a tiny fallback for safety
    from rapidfuzz import fuzz as _fuzz
except Exception:  # pragma: no cover
    _fuzz = None

FUZZY_THRESHOLD = 85.0


def _vocab():
    return load("org_vocab.json")


def heads() -> dict[str, str]:
    return _vocab()["heads"]


def _ratio(a: str, b: str) -> float:
    if _fuzz is not None:
        return float(_fuzz.token_sort_ratio(a, b))
    import difflib

    return 100.0 * difflib.SequenceMatcher(None, " ".join(sorted(a.split())), " ".join(sorted(b.split()))).ratio()


# --------------------------------------------------------------------------- keys


def name_tokens(name: str) -> list[str]:
    """Key tokens: plain, spelling-normalised, countries/demonyms -> ISO code."""
    v = _vocab()["spelling_variants"]
    p = plain(name)
    cmap = plain_country_map()
    p = country_pattern().sub(lambda m: " " + cmap.get(m.group(1), m.group(1)).upper() + " ", p)
    out = []
    for t in p.split():
        if t in ("the", "of", "and", "for", "on", "co", "ltd", "limited", "inc", "a", "an"):
            continue
        if t.isupper() and len(t) == 2:  # country code inserted above
            out.append(t)
            continue
        out.append(v.get(t, t))
    return out


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def head_of(name: str) -> str | None:
    hs = heads()
    suffix = re.search(r"(Co\.,?\s?Ltd\.?|Ltd\.?|Inc\.?|Co\.|Corp\.?)\s*$", name)
    if suffix:
        return "company"
    toks = [t for t in re.split(r"[\s,]+", name) if t]
    # head-first (Politeknik X) or last head before an "of"-complement
    best = None
    for t in toks:
        if t in ("of", "for", "on"):
            if best:
                break
        if t in hs:
            best = t
    return best


# --------------------------------------------------------------------------- data classes


@dataclass
class OrgMention:
    text: str
    start: int
    end: int
    acronym: str | None = None
    sentence: str = ""
    country_hint: str | None = None
    source: str = "head"  # head | acronym | known | gazetteer | firm
    known: dict | None = None
    gazetteer_id: str | None = None


@dataclass
class OrgCluster:
    mentions: list[OrgMention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    acronym: str | None = None
    known: dict | None = None
    gazetteer_id: str | None = None

    @property
    def canonical(self) -> str:
        full = [n for n in self.names if not is_acronym(n)]
        if self.known and self.known.get("name"):
            full.append(self.known["name"])
        if not full:
            return self.names[0]
        counts = {n: sum(1 for m in self.mentions if m.text == n) for n in full}
        order = {n: i for i, n in enumerate(self.names)}
        return max(full, key=lambda n: (len(name_tokens(n)), counts.get(n, 0), -order.get(n, 99)))

    def all_names(self) -> list[str]:
        out = list(dict.fromkeys(self.names))
        if self.acronym and self.acronym not in out:
            out.append(self.acronym)
        if self.known:
            for n in [self.known.get("name"), self.known.get("acronym"), *self.known.get("aliases", [])]:
                if n and n not in out:
                    out.append(n)
        return out


# --------------------------------------------------------------------------- candidates


def _is_cap(t: Tok) -> bool:
    return t.is_word and t.is_cap


class _Finder:
    def __init__(self, stop_acronyms: set[str]):
        v = _vocab()
        self.heads = v["heads"]
        self.head_first = set(v.get("head_first", []))
        self.left_stop = set(v["left_stop_words"])
        self.function_words = set(v["function_words"])
        self.preps = set(v["complement_preps"])
        pv = load("people_vocab.json")
        self.titles = {t.lower() for t in pv["title_nouns"]}
        self.honorifics = {h.rstrip(".") for h in pv["honorifics"]}
        names, demonyms, places = country_tables()
        self.countries = set(names)
        self.demonyms = set(demonyms)
        self.places = set(places)
        self.stop_acronyms = stop_acronyms
        self.lower_heads = set(v.get("lower_case_heads", []))
        self.lower_name_words = set(v.get("lower_case_name_words", []))
        self.company_prefixes = set(v.get("company_prefixes", []))
        self.org_complements: set[int] = set()  # starts of "of ..." complements that are names of their own

    def is_head(self, t: Tok, prev: Tok | None = None) -> bool:
        if t.text == "General" and prev is not None and prev.text in ("Directorate", "Department", "Secretariat", "Consulate"):
            return True
        return t.text in self.heads and _is_cap(t)

    def lower_head(self, toks: list[Tok], i: int) -> bool:
        """A head noun written in lower case after capitalised words ("Lao-German Technical school",
        "Zhejiang Yuying College of Vocational technology" is handled by the complement)."""
        t = toks[i]
        if t.text[:1].islower() and t.text.capitalize() in self.heads and t.text in self.lower_heads and i >= 2:
            prev = toks[i - 2 : i]
            return all(self.capword(p) and p.text not in self.function_words for p in prev) and not any(
                p.text.lower() in self.titles for p in prev)
        return False

    def capword(self, t: Tok) -> bool:
        return _is_cap(t) and t.text not in ("'s",) and not ("\u3400" <= t.text[:1] <= "\u9fff")

    def run_has_head(self, toks: list[Tok], i: int) -> bool:
        """Does the capitalised run starting at i contain a head noun?"""
        j = i
        while j < len(toks) and (self.capword(toks[j]) or toks[j].text in ("'s", "-", "&")):
            if self.is_head(toks[j]):
                return True
            j += 1
        return False

    def left_conj_ok(self, toks: list[Tok], k: int) -> bool:
        """May we extend leftwards across 'and' into the capitalised run ending at k?"""
        j = k
        while j >= 0 and self.capword(toks[j]):
            if self.is_head(toks[j]):
                return False
            j -= 1
        if j >= 0 and toks[j].text == "'s":
            return False
        if j >= 1 and toks[j].text in self.preps and (self.is_head(toks[j - 1]) or toks[j - 1].text.lower() in self.titles):
            if j + 1 < len(toks) and toks[j + 1].start in self.org_complements:
                return True  # "X College of Wenzhou Vocational and Technical College": a name of its own
            return False  # "Ministry of Labour and ..." : the run belongs to the head before "of"
        return True

    def candidates(self, sent: Sentence) -> list[OrgMention]:
        """Organisation names in a sentence, each built around its head noun."""
        toks = tokenize(sent.text, sent.start)
        out: list[OrgMention] = []
        used_until = -1
        for i, t in enumerate(toks):
            if t.start < used_until:
                continue
            span = self._prefixed_name(toks, i) or self._headed_name(toks, i)
            prev = out[-1] if out else None
            if (span and prev is not None and toks[span[0]].start <= prev.start < used_until
                    and any(toks[k].text == "(" and toks[k].start >= prev.end for k in range(span[0], span[1]))):
                # "Association of Southeast Asian Nations (ASEAN) China Center": the previous name with its acronym
                # opens this longer one, which replaces it
                out.pop()
                used_until = prev.start
            if span and toks[span[0]].start < used_until:
                # "College of Water Resources and Hydropower and Yalong Group": the words already used by the
                # previous name are not the start of this one
                j = span[0]
                while j <= span[1] and (toks[j].start < used_until or toks[j].text in ("and", "&", ",")):
                    j += 1
                span = (j, span[1]) if j < span[1] else None
            if span:
                # a headline in title case ("Delegation of … CDRI Visits Shenzhen Polytechnic"): its verb is no word
                # of the name, which starts after it
                verbs = [k for k in range(span[0], span[1]) if toks[k].text in _HEADLINE_VERBS]
                if verbs and verbs[-1] + 1 <= span[1]:
                    span = (verbs[-1] + 1, span[1])
                out.append(self._mention(sent, toks, *span))
                used_until = toks[span[1]].end
        # a firm named by one word after the noun that says what it is: "and partner enterprise Leapmotor",
        # "the carmaker Chery" (no head noun of its own)
        for m in re.finditer(r"\b(?:partner\s+)?(?:enterprise|company|firm|carmaker|automaker|manufacturer)\s+"
                             r"([A-Z][a-z]{3,}(?:[A-Z][a-z]+)?)\b(?![\s-]+(?:[A-Z]|of\b|and\s+[A-Z]))", sent.text):
            word, a = m.group(1), sent.start + m.start(1)
            if (word in self.countries or word in self.demonyms or word in self.places or word.lower() in self.titles
                    or word in self.function_words or word in self.left_stop or any(o.start <= a < o.end for o in out)):
                continue
            out.append(OrgMention(word, a, a + len(word), sentence=sent.text, source="firm"))
        return out

    def _run_after(self, toks: list[Tok], j: int) -> int:
        """Index of the last capitalised word (not a title) from j on."""
        while j < len(toks) and self.capword(toks[j]) and toks[j].text.lower() not in self.titles:
            j += 1
        return j - 1

    def _prefixed_name(self, toks: list[Tok], i: int) -> tuple[int, int] | None:
        """"PT. LiuGong Machinery Indonesia" (a legal form first) and "Politeknik Negeri Bandung" (head first)."""
        t, n = toks[i], len(toks)
        first = i + 1 + (1 if i + 1 < n and toks[i + 1].text == "." else 0)
        # (an acronym opening the name only with more words after it: "PT. QMB New Energy Materials")
        if t.text in self.company_prefixes and first < n and self.capword(toks[first]) and (
                not toks[first].is_acronym or first + 1 < n and self.capword(toks[first + 1]) and not toks[first + 1].is_acronym):
            last = self._run_after(toks, first)
            return (i, last) if last > i else None
        if t.text in self.head_first and self.is_head(t) and i + 1 < n and self.capword(toks[i + 1]):
            last = self._run_after(toks, i + 1)
            return (i, last) if last > i else None
        return None

    def _headed_name(self, toks: list[Tok], i: int) -> tuple[int, int] | None:
        t, n = toks[i], len(toks)
        if not self.is_head(t, toks[i - 1] if i else None) and not self.lower_head(toks, i):
            return None
        nxt = toks[i + 1] if i + 1 < n else None
        if nxt is not None and nxt.text == "General" and t.text in ("Directorate", "Department", "Secretariat", "Consulate"):
            return None  # "Directorate General of ...": the head is "General"
        tail = self._proper_tail(toks, i)
        if tail is None and (nxt is not None and self.capword(nxt) and nxt.text not in self.left_stop
                             and nxt.text.rstrip(".") not in self.honorifics and not nxt.is_acronym) \
                and not self._speaker_follows(toks, i):
            return None  # not the final head ("Polytechnic" in "Polytechnic College")
        j = self._left_extension(toks, i)
        last = tail if tail is not None else self._right_complement(toks, i)
        if t.text == "Ministry" and last > i and 0 < j < i and toks[j - 1].text in ("and", "&"):
            # "... Office of Labour and Social Welfare Ministry of Human Resource ...": words that follow a
            # conjunction before a "Ministry of X" close the previous name, unless they name its country
            while j < i and toks[j].text not in self.countries and toks[j].text not in self.places and \
                    toks[j].text not in self.demonyms:
                j += 1
        if i - j < 1 and last == i:
            return None  # bare head ("the Institute")
        if (t.text in _SEATED_HEADS or (last > i and t.text in _BODY_HEADS)) and last + 2 < n \
                and toks[last + 1].text in ("in", "to"):
            # "the Chinese Embassy in Laos", "the Embassy of China in Cambodia", "... in Phnom Penh": an embassy or
            # consulate is named by where it sits ("the Chinese Embassy to Thailand": or by the country it is
            # accredited to); so is a body of people named after them ("the Association of Cambodian Students in
            # China", "the Federation of Khmer Chinese in Cambodia")
            a = last + 2
            for k in (3, 2, 1):
                words = " ".join(x.text for x in toks[a: a + k])
                if a + k - 1 < n and all(self.capword(x) for x in toks[a: a + k]) and (
                        words in self.countries or words in self.places):
                    last = a + k - 1
                    break
        return j, last

    def _speaker_follows(self, toks: list[Tok], i: int) -> bool:
        """"Head of Cooperation at the National Education Ministry Saryadi said": one to three capitalised words
        then a verb of saying after the head are the person who speaks, so the head ends the name."""
        q = i + 1
        while q < len(toks) and q - i <= 3 and self.capword(toks[q]) and not self.is_head(toks[q]):
            q += 1
        return q > i + 1 and q < len(toks) and toks[q].text in _SAYING

    def _proper_tail(self, toks: list[Tok], i: int) -> int | None:
        """"Regional Polytechnic Institute Techo Sen Battambang,": a head followed by proper words (no head,
        title, acronym, country, month or weekday) up to a comma, "and" or the end of the sentence names
        the institution after a person or place; index of its last word, or None."""
        n, q = len(toks), i + 1
        if toks[i].text in _UNIT_HEADS:
            return None  # "Director of the International Office Liu Yafang": a unit is not named after a person
        while q < n and q - i <= 4 and self.capword(toks[q]):
            w = toks[q].text
            if (self.is_head(toks[q]) or w.lower() in self.titles or toks[q].is_acronym or w in self.countries
                    or w in self.demonyms or w in _MONTH_NAMES or w in _WEEKDAYS or w in self.left_stop
                    or w.rstrip(".") in self.honorifics):
                return None
            q += 1
        if not 2 <= q - i - 1 <= 3:
            return None  # two to three proper words only
        if q < n and toks[q].text not in (",", ".", ";", "and", ")"):
            return None
        return q - 1

    def _left_extension(self, toks: list[Tok], i: int) -> int:
        """Index of the first word of the name that ends with the head at i."""
        j = i
        while j - 1 >= 0:
            p = toks[j - 1]
            if re.fullmatch(r"\d{1,3}", p.text) and j - 2 >= 0 and toks[j - 2].text.rstrip(".") in ("No", "Number"):
                j -= 2  # "No 2 Vocational and Technical School of Ponorogo": a numbered school
                continue
            if re.fullmatch(r"[A-Z][\w]*-(?:funded|aided|backed|built|sponsored|financed|invested|supported|assisted)", p.text):
                break  # "the China-funded Lancang-Mekong ... Center": who paid for it, not its name
            if self.capword(p) and p.text not in self.function_words and p.text.rstrip(".") not in self.honorifics:
                if (p.text.lower() in self.titles and j - 2 >= 0 and toks[j - 2].text in ("the", "The")
                        and p.text.lower() not in ("student", "students", "teacher", "teachers", "staff", "alumni")):
                    break  # (not "the Student Affairs Department": whom a unit serves opens its name)
                j -= 1
                continue
            if (p.text in ("-", "–", "—") and j - 2 >= 0 and toks[j - 2].text in self.countries and toks[j].text in self.countries
                    and p.start > toks[j - 2].end):
                j -= 2  # "Vietnam - China Vocational Education Cooperation Center": a spaced dash between two countries
                continue
            if (p.text == ")" and i - 2 <= j and j - 4 >= 0 and toks[j - 3].text == "(" and toks[j - 2].is_acronym
                    and self.capword(toks[j - 4])
                    and (j == i and not self.is_head(toks[j - 4])
                         or j < i and toks[j - 2].text.isupper() and toks[j].text in self.countries)):
                # "China-ASEAN Education Week Cooperation (CAWEC) Committee": an acronym inside the name (and
                # "Association of Southeast Asian Nations (ASEAN) China Center": a country after it, then the head)
                j -= 3
                continue
            if p.text in ("and", "&") and j - 2 >= 0 and self.capword(toks[j - 2]) and self.left_conj_ok(toks, j - 2):
                j -= 1
                continue
            if p.text == "'s" and j - 2 >= 0 and self.capword(toks[j - 2]):
                w = toks[j - 2].text
                if w in self.countries or w in self.places or w.isupper():
                    break
                j -= 1
                continue
            break
        # leading words that are titles/honorifics/stop words
        while j < i and (toks[j].text in self.left_stop or toks[j].text.rstrip(".") in self.honorifics):
            j += 1
        # "Southeast Asian Ministers of Education Organization Regional Centre for ...": a well-known body written
        # in full before the head (its own name may hold "of") opens the name of its unit, which starts with it
        for k in range(j, i + 1):
            for name in self._known_ending.get(toks[k].text, ()):
                a = toks[k].end - len(name)
                if a < toks[j].start and self._text_at(toks, a, toks[k].end).lower() == name.lower():
                    first = next((q for q in range(j) if toks[q].start == a), None)
                    if first is not None:
                        return first
        return j

    @property
    def _known_ending(self) -> dict[str, list[str]]:
        """Well-known bodies' names of several words (with "of" inside), by their last word."""
        if not hasattr(self, "_known_by_last"):
            self._known_by_last: dict[str, list[str]] = {}
            for b in known_bodies():
                for name in [b["name"], *b.get("aliases", [])]:
                    if re.search(r"\s(?:of|for)\s", name):
                        self._known_by_last.setdefault(name.split()[-1], []).append(name)
        return self._known_by_last

    @staticmethod
    def _text_at(toks: list[Tok], a: int, b: int) -> str:
        """The words of toks between offsets a and b, single-spaced."""
        return " ".join(t.text for t in toks if a <= t.start and t.end <= b)

    def _right_complement(self, toks: list[Tok], i: int) -> int:
        """Index of the last word of the name whose head is at i: of/for/on [the] Capitalised ... (no nested head)."""
        n, last, k = len(toks), i, i + 1
        while k < n and toks[k].text in self.preps:
            m = k + 2 if k + 1 < n and toks[k + 1].text == "the" else k + 1
            run_end = self._complement_run(toks, m)
            if run_end is None and toks[i].text in ("Office", "Secretariat") and toks[k].text == "of" and last == i \
                    and not (i > 0 and self.capword(toks[i - 1])):
                # "Office of the Vocational Education Commission": the office that serves a body is named
                # with that body's whole name ("Economic and Commercial Office of the Chinese Embassy" is a
                # part of the embassy)
                q = m
                while q < n and self.capword(toks[q]) and toks[q].text.lower() not in self.titles:
                    q += 1
                run_end = q - 1 if q - 1 >= m and self.is_head(toks[q - 1]) else None
                if run_end is not None:
                    last = run_end
                break
            if run_end is None:
                break
            if run_end + 2 < n and toks[run_end + 1].text == "," and self._place_list(toks, run_end + 1):
                break  # "... Affairs of the Lang Son, Quang Ninh, Cao Bang province": a list of places, not the name
            comp = toks[m: run_end + 1]
            # "Office of POLBAN": complement made of another organisation's acronym
            if len(comp) == 1 and comp[0].is_acronym and comp[0].text not in self.countries:
                if (run_end + 2 < n and toks[run_end + 1].text == "of" and toks[run_end + 2].text in self.countries
                        and not (run_end + 3 < n and self.capword(toks[run_end + 3]))):
                    # "Vocational Orientation Department of MoEYS of Cambodia": a unit named with its ministry's
                    # acronym and that ministry's country is one name
                    last = run_end + 2
                break
            last, k = run_end, run_end + 1
        return last

    def _place_list(self, toks: list[Tok], q: int) -> bool:
        """From the comma at q: capitalised names separated by commas or "and", then a place's type word in
        lower case ("province", "provinces")."""
        k, seen = q, 0
        while k < len(toks) and k - q < 20:
            w = toks[k].text
            if w in (",", "and"):
                k += 1
                continue
            if self.capword(toks[k]) and not self.is_head(toks[k]):
                seen += 1
                k += 1
                continue
            return seen >= 1 and w.rstrip("s") in _PLACE_TYPES
        return False

    def _complement_run(self, toks: list[Tok], m: int) -> int | None:
        """Last index of the capitalised run starting at m, or None when it is empty or holds another head."""
        n, run_end, q = len(toks), None, m
        while q < n:
            tq = toks[q]
            if tq.text.rstrip(".") in self.honorifics:
                break  # "... for International Exchange Mr. An Yan"
            if self.capword(tq):
                if self.is_head(tq):
                    return None
                if tq.text in _WEEKDAYS or (tq.text in _MONTH_NAMES and q + 1 < n and re.fullmatch(r"\d{1,2}", toks[q + 1].text)):
                    break  # "the Ministry of Education Tuesday said", "... of Labour May 3": a date closes the name
                if (tq.text in self.countries or tq.text in self.places) and self._name_follows(toks, q + 1):
                    return q  # "Institute of Technology of Cambodia Nuth Sothan said": a person's name follows
                run_end, q = q, q + 1
                continue
            if run_end == q - 1 and tq.text in self.lower_name_words and (q + 1 >= n or not self.capword(toks[q + 1])):
                run_end, q = q, q + 1  # "College of Vocational technology": a name word written in lower case
                continue
            if tq.text == "'s" and run_end == q - 1 and q + 1 < n and self.capword(toks[q + 1]):
                q += 1
                continue
            if tq.text in ("and", "&") and q + 1 < n and self.capword(toks[q + 1]) and run_end is not None:
                if self.run_has_head(toks, q + 1) and self._institution_run(toks, m, q + 1):
                    # "Yalong Silk Road College of Wenzhou Vocational and Technical College": the complement
                    # is another institution's name, not the end of this one
                    self.org_complements.add(toks[m].start)
                    return None
                if self.run_has_head(toks, q + 1) or toks[q + 1].is_acronym:
                    break
                q += 1
                continue
            if tq.text == "," and run_end is not None and self._serial_list(toks, q):
                q += 1
                continue
            break
        return run_end

    def _name_follows(self, toks: list[Tok], q: int) -> bool:
        """Two or three capitalised words from q, none a head, title, acronym, country or month, then a
        lower-case verb or a comma: a person's name after a complement closed by a country or place
        ("... of Cambodia Nuth Sothan said", "... in Laos Wang Chang attended")."""
        k = q
        while k < len(toks) and k - q < 4 and self.capword(toks[k]):
            w = toks[k].text
            if (self.is_head(toks[k]) or w.lower() in self.titles or toks[k].is_acronym or w in self.countries
                    or w in self.places or w in self.demonyms or w in _MONTH_NAMES or w in _WEEKDAYS):
                return False
            k += 1
        if not 2 <= k - q <= 3 or k >= len(toks):
            return False
        if toks[k - 1].text.lower() in _PLACE_TYPES or any(toks[x].text == "Autonomous" for x in range(q, k)):
            return False  # "of the Guangxi Zhuang Autonomous Region,": the rest of a place's name, not a person
        nxt = toks[k].text
        return nxt == "," or (nxt[:1].islower() and nxt not in self.preps and nxt not in ("and", "&", "'s"))

    def _institution_run(self, toks: list[Tok], m: int, q: int) -> bool:
        """Do the words from m (after "of") and the run from q (after "and") form one institution's name:
        only capitalised non-head words up to an institution head, the head before "of" an institution too?"""
        inst = {"College", "Colleges", "University", "Institute", "Polytechnic", "Academy", "School"}
        mods = {"Vocational", "Technical", "Professional", "Industrial", "Commercial", "Technological"}
        # before "of": an institution, or a unit of one ("Foreign Affairs Office of Wenzhou Vocational and
        # Technical College")
        units = {"Office", "Department", "Division", "Centre", "Center", "Secretariat", "Faculty", "Bureau"}
        if m < 2 or toks[m - 1].text not in self.preps or toks[m - 2].text not in inst | units:
            return False
        if toks[q - 2].text not in mods or toks[q].text not in mods:
            return False  # "Vocational and Technical College", not "... of Technology and Surabaya ... Polytechnic"
        j = q
        while j < len(toks) and self.capword(toks[j]):
            if self.is_head(toks[j]):
                return toks[j].text in inst and (j + 1 >= len(toks) or not self.capword(toks[j + 1]))
            j += 1
        return False

    def _serial_list(self, toks: list[Tok], q: int) -> bool:
        """Is the comma at q inside a list of single capitalised words closed by "and"
        ("of Education, Culture, Research and Technology")?"""
        k = q
        while k < len(toks) and toks[k].text == ",":
            if k + 1 >= len(toks) or not self.capword(toks[k + 1]) or self.is_head(toks[k + 1]):
                return False
            k += 2
            if k < len(toks) and toks[k].text == "and":
                return k + 1 < len(toks) and self.capword(toks[k + 1]) and not self.is_head(toks[k + 1])
        return False

    def _mention(self, sent: Sentence, toks: list[Tok], j: int, last: int) -> OrgMention:
        a, b = toks[j].start, toks[last].end
        text = sent.text[a - sent.start : b - sent.start]
        m = OrgMention(text=text, start=a, end=b, sentence=sent.text)
        rest = sent.text[b - sent.start :]
        # (an acronym of two words, the parent's and the unit's: "(SEAMEO TED)", "(UNESCO INRULED)")
        am = re.match(r"\s*\(\s*([A-Z][A-Za-z&\-]{1,11}(?:\s[A-Z][A-Z&]{1,9})?)\s*\)", rest)
        if am and all(is_acronym(w.replace("-", "")) for w in am.group(1).split()):
            m.acronym = am.group(1)
            rest = rest[am.end() :]
        cm = re.match(r"\s*(?:of|in|from)\s+(?:the\s+)?([A-Z][\w' ]+)", rest)
        if cm:
            names, _, _ = country_tables()
            for cname, code in names.items():
                if cm.group(1).startswith(cname):
                    m.country_hint = code
                    break
        before = sent.text[: a - sent.start]
        pm = re.search(r"([A-Z][\w ]+)'s\s*$", before)
        if pm:
            names, _, places = country_tables()
            w = pm.group(1).strip()
            m.country_hint = m.country_hint or names.get(w) or places.get(w)
        return m


_MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

_GENERIC_NON_HEAD = {
    "technical", "vocational", "national", "chinese", "partner", "local", "new", "our", "this", "same", "other", "member",
    "host", "international", "regional", "provincial", "municipal", "central", "state", "public", "private", "foreign",
    "relevant", "respective", "two", "both", "each", "all", "the", "training",
}


_SAYING = {"said", "says", "told", "added", "noted", "stressed", "emphasized", "emphasised", "explained", "remarked",
           "stated", "expressed", "highlighted", "hoped", "welcomed", "announced", "praised", "thanked", "urged", "pointed"}

_PLACE_TYPES = {"region", "province", "city", "county", "district", "prefecture", "municipality", "state"}
_SEATED_HEADS = {"Embassy", "Consulate", "Consulate-General", "embassy", "consulate"}
# bodies named after the people they gather, whose name ends with the country they are in
# heads of the sub-units of a body (their officials' names often follow them, with no comma)
_UNIT_HEADS = {"Office", "Department", "Section", "Division", "Unit", "Bureau", "Secretariat"}
_BODY_HEADS = {"Association", "Federation", "Chamber", "Society"}


# verbs a title-case headline puts between its subject and its object
_HEADLINE_VERBS = frozenset(
    "Visits Visited Signs Signed Holds Held Hosts Hosted Welcomes Welcomed Launches Launched Opens Opened Meets "
    "Attends Attended Receives Received Joins Joined Inks Inked Pays Paid Tours Toured Unveils Unveiled Sends "
    "Inaugurates Inaugurated Establishes".split()
)  # (only inflected forms: "Open University", "State Visit", "Awards Committee" are names)


def _acceptable(m: OrgMention) -> bool:
    if m.source == "firm":
        return True  # a one-word firm's name, found after the noun that says it is a firm
    p = plain(m.text)
    gen = {g for g in _vocab()["generic_names"]}
    if p in gen:
        return False
    toks = name_tokens(m.text)
    if len(toks) == 1 and re.search(r"\s(?:Co\.,?\s?Ltd\.?|Co\.|Ltd\.?|Inc\.?|Corp\.?|Group|Company|Corporation)$", m.text) \
            and toks[0] not in _GENERIC_NON_HEAD and toks[0] not in _vocab()["generic_tokens"]:
        return True  # "BYD Co., Ltd.": one distinctive word and its legal form name a firm
    if len(toks) < 2:
        return False
    if re.fullmatch(r"(?:University|College|School|Institute|Polytechnic|Academy)\s+Party\s+(?:Committee|Branch)", m.text.strip()):
        return False  # "Member of the University Party Committee": the committee of the university the article is about
    non_head = toks[:-1] if not re.search(r"\b(of|for|on)\b", m.text) else toks
    cmap = set(plain_country_map().values())
    if re.search(r"[A-Z][a-z]+-[A-Z]", m.text):
        return True  # "Lao-German", "Sino-Thai": bi-national compounds are distinctive
    head = head_of(m.text) or ""
    if head in ("Municipality", "Province", "Prefecture", "County", "District", "Region", "City"):
        rest = re.sub(r"\s+" + head + r"$", "", m.text).strip()
        _, _, places = country_tables()
        if rest in places:
            return False  # "Tianjin Municipality", "Kandal Province": a place, not a body
    state = re.fullmatch(r"(?:Union|Republic|Kingdom|State|Federation|Commonwealth)\s+of\s+(?:the\s+)?(.+)", m.text.strip())
    if state and state.group(1) in country_tables()[0]:
        return False  # "the Republic of the Union of Myanmar", "Kingdom of Cambodia": a state's formal name, a place
    if head in ("Embassy", "Consulate") and len(toks) >= 2:
        return True  # "Chinese Embassy": the country is what distinguishes an embassy
    if head in ("Program", "Programme", "Project", "Initiative") and all(
            t in _GENERIC_NON_HEAD or t in _vocab()["generic_tokens"] or t in cmap for t in non_head):
        return False  # "Vocational Education Program": a topic, not a name
    if all(t in _GENERIC_NON_HEAD or t in cmap for t in non_head):
        # "Chinese College", "Technical College", "National Ministry"
        if not re.search(r"\b(of|for|on)\b", m.text):
            return False
    return True


# --------------------------------------------------------------------------- acronyms & known bodies


def _initials(name: str) -> set[str]:
    words = re.findall(r"[A-Za-z][\w']*", name.replace("-", " ").replace("/", " "))
    sig = [w for w in words if w.lower() not in ("of", "and", "the", "for", "on", "in", "at", "co", "ltd")]
    full = [w for w in words if w.lower() not in ("the",)]
    out = set()
    for ws in (sig, full):
        if ws:
            out.add("".join(w[0] for w in ws).upper())
    return out


def known_bodies() -> list[dict]:
    return load("lexicon.json")["known_bodies"]


# --------------------------------------------------------------------------- clustering


def _same_org(a: OrgCluster, b: OrgCluster) -> bool:
    if a.known and b.known:
        return a.known["name"] == b.known["name"]
    if a.gazetteer_id and b.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    an = {n for n in a.all_names()}
    bn = {n for n in b.all_names()}
    if a.acronym and (a.acronym in bn) or b.acronym and (b.acronym in an):
        return True
    ka = {name_key(n) for n in an if not is_acronym(n)}
    kb = {name_key(n) for n in bn if not is_acronym(n)}
    if ka & kb:
        return True
    if any(_cjk_same(x, y) for x in an for y in bn):
        return True
    if any(_complement_dropped(x, y) or _complement_dropped(y, x) for x in an for y in bn):
        return True
    if any(_country_dropped(x, y) for x in an for y in bn):
        return True
    if any(_company_short_form(x, y) or _company_short_form(y, x) for x in an for y in bn):
        return True
    hs = {h.lower() for h in heads()}
    for x in an:
        for y in bn:
            if is_acronym(x) or is_acronym(y):
                continue
            tx, ty = name_tokens(x), name_tokens(y)
            sx, sy = set(tx), set(ty)
            hx = [t for t in tx if t in hs]
            hy = [t for t in ty if t in hs]
            if not hx or not hy or hx[-1] != hy[-1]:
                continue
            small, big = (sx, sy) if len(sx) <= len(sy) else (sy, sx)
            if len(small) >= 3 and small <= big:
                return True
            if len(small) >= 3 and _ratio(" ".join(tx), " ".join(ty)) >= 92:
                return True
    return False


_CJK_NAME = re.compile(r"[\u4e00-\u9fff]")
_UNIT_SUFFIXES = ("办事处", "代表处", "分院", "分部", "分会", "分校", "分中心")


_CJK_SHORT_FORMS = (("印度尼西亚", "印尼"), ("人民民主共和国", ""), ("民主共和国", ""), ("联邦共和国", ""), ("共和国", ""), ("王国", ""),
                    ("大使馆", "使馆"), ("总领事馆", "领事馆"))


def _cjk_short(name: str) -> str:
    """The usual short form of a Chinese name: 印度尼西亚共和国驻华大使馆 -> 印尼驻华使馆."""
    for long_form, short_form in _CJK_SHORT_FORMS:
        name = name.replace(long_form, short_form)
    # 中国援缅甸…中心 / 中国援缅…中心: after 援/驻/赴 a country is often written with its one-character form
    return re.sub(r"(?<=[援驻赴])(" + "|".join(_CJK_COUNTRY_CHAR) + r")", lambda m: _CJK_COUNTRY_CHAR[m.group(1)], name)


_CJK_COUNTRY_CHAR = {"缅甸": "缅", "柬埔寨": "柬", "老挝": "老", "泰国": "泰", "越南": "越", "马来西亚": "马", "菲律宾": "菲",
                     "印尼": "印尼"}


_CJK_LEGAL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司)$")
_CJK_GENERIC_STEMS = {"中国", "中资", "该", "本", "合作", "相关", "有关", "各", "企业", "科技", "投资"}


def _cjk_same(x: str, y: str) -> bool:
    """Chinese-script names: a short form that ends the long one (楚怡学院 / 中国-老挝楚怡学院), or an
    office of the organisation (国际劳工组织 / 国际劳工组织老挝办事处)."""
    if not (_CJK_NAME.search(x) and _CJK_NAME.search(y)):
        return False
    short, long_ = sorted((_cjk_short(plain(x).replace(" ", "")), _cjk_short(plain(y).replace(" ", ""))), key=len)
    # 天鹰公司 / 天鹰集团 / 天鹰股份有限公司: one firm named with another legal form (a distinctive stem of 2+ characters)
    sx, sy = (_CJK_LEGAL.sub("", n) for n in (short, long_))
    if sx != short and sy != long_ and sx == sy and len(sx) >= 2 and sx not in _CJK_GENERIC_STEMS:
        return True
    if len(short) < 4 or short == long_:
        return short == long_
    if long_.endswith(short):
        return True
    return long_.startswith(short) and long_.endswith(_UNIT_SUFFIXES)


def _complement_dropped(short: str, full: str) -> bool:
    """"Wuxi Institute" is "Wuxi Institute of Technicians" without its complement (when it keeps a
    distinctive word)."""
    m = re.match(r"(.+?)\s+(?:of|for)\s+", full)
    if not m or is_acronym(short) or name_key(m.group(1)) != name_key(short):
        return False
    gen = set(_vocab()["generic_tokens"]) | _GENERIC_NON_HEAD | {h.lower() for h in heads()}
    return any(t not in gen and not (t.isupper() and len(t) == 2) for t in name_tokens(short))


_LEGAL = {"company", "co", "ltd", "limited", "corporation", "corp", "group", "inc", "joint-stock", "jointstock", "stock", "joint",
          "plc", "llc", "pt", "tbk", "holdings"}


def _distinctive(name: str) -> set[str]:
    _, _, places = country_tables()
    plain_places = {plain(p) for p in places}
    gen = set(_vocab()["generic_tokens"]) | _GENERIC_NON_HEAD | {h.lower() for h in heads()} | _LEGAL
    return {t for t in name_tokens(name) if t not in gen and t not in plain_places and not (t.isupper() and len(t) == 2)}


def _company_short_form(short: str, full: str) -> bool:
    """"Yalong Company" is "Zhejiang Yalong Educational Equipment Joint-Stock Co., Ltd." cut short: both
    companies, the short one's distinctive words all in the long one."""
    if is_acronym(short) or is_acronym(full) or head_of(short) != "company" and not re.search(r"\b(Company|Group)\b", short):
        return False
    if head_of(full) != "company" and not re.search(r"\b(Company|Group|Corporation)\b", full):
        return False
    ds, df = _distinctive(short), _distinctive(full)
    return bool(ds) and ds <= df and len(name_tokens(short)) < len(name_tokens(full))


def _country_dropped(x: str, y: str) -> bool:
    """"PT. LiuGong China" and "PT. LiuGong": the same name with or without its country at the end."""
    if is_acronym(x) or is_acronym(y):
        return False
    tx, ty = name_tokens(x), name_tokens(y)
    short, long_ = sorted((tx, ty), key=len)
    if len(short) < 2 or long_[: len(short)] != short or short == long_:
        return False
    rest = long_[len(short):]
    return all(t.isupper() and len(t) == 2 for t in rest)


def merge_aliases(clusters: list[OrgCluster], pairs) -> list[OrgCluster]:
    """Merge clusters named as one another's short form in the text ("X(以下简称“Y”)")."""
    for full, short in pairs:
        a = next((c for c in clusters if full in c.names), None)
        b = next((c for c in clusters if short in c.names), None)
        if a is not None and b is not None and a is not b:
            _merge(a, b)
            clusters = [c for c in clusters if c is not b]
    return clusters


def add_country_free_names(clusters: list[OrgCluster]) -> None:
    """"Department of Education and Sports of Laos" is also known without its country qualifier: the name
    without a final "of <country>" after another complement is one of the cluster's names."""
    names, _, _ = country_tables()
    countries = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    rx = re.compile(r"^(.+?\s(?:of|for)\s.+?)\s+of\s+(?:the\s+)?(?:" + countries + r")$")
    for c in clusters:
        for n in list(c.names):
            m = rx.match(n)
            if m and m.group(1) not in c.names:
                c.names.append(m.group(1))


def _merge(a: OrgCluster, b: OrgCluster) -> None:
    a.mentions.extend(b.mentions)
    for n in b.names:
        if n not in a.names:
            a.names.append(n)
    a.acronym = a.acronym or b.acronym
    a.known = a.known or b.known
    a.gazetteer_id = a.gazetteer_id or b.gazetteer_id


def cluster(mentions: list[OrgMention]) -> list[OrgCluster]:
    clusters: list[OrgCluster] = []
    for m in sorted(mentions, key=lambda m: m.start):
        c = OrgCluster(mentions=[m], names=[m.text], acronym=m.acronym, known=m.known, gazetteer_id=m.gazetteer_id)
        if m.acronym and m.acronym not in c.names:
            pass
        for other in clusters:
            if _same_org(other, c):
                _merge(other, c)
                break
        else:
            clusters.append(c)
    # second pass: transitive merges (a cluster may have grown)
    changed = True
    while changed:
        changed = False
        for i in range(len(clusters)):
            for j in range(i + 1, len(clusters)):
                if _same_org(clusters[i], clusters[j]):
                    _merge(clusters[i], clusters[j])
                    del clusters[j]
                    changed = True
                    break
            if changed:
                break
    return clusters


# --------------------------------------------------------------------------- kind & country


def _binational_re() -> re.Pattern:
    names, demonyms, _ = country_tables()
    words = sorted({*names, *demonyms, *_vocab().get("regions", [])}, key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in words)
    return re.compile(r"\b(?:" + alt + r")(?:\s*-\s*(?:" + alt + r"))+\b")


def _without_binational(name: str) -> str:
    """Drop bi- and multi-national compounds ("ASEAN-China", "Lancang-Mekong", "Cambodia-China"): they
    name a relation, not the country the organisation belongs to."""
    return _binational_re().sub(" ", name)


def guess_kind(c: OrgCluster) -> str:
    if c.known:
        return c.known.get("kind") or "other"
    if any(m.source == "firm" for m in c.mentions):
        return "company"
    name = c.canonical
    if _CJK_NAME.search(name):
        from .extract_zh import _kind_country

        return _kind_country(name)[0]
    low = name.lower()
    h = head_of(name)
    if h == "company" or re.match(r"(?:PT|CV)\.?\s", name):
        return "company"
    if re.search(r"\b(research|think tank|laboratory)\b", low) and h in ("Institute", "Centre", "Center", "Academy"):
        return "other"
    if re.search(r"\bdevelopment bank\b|\binternational\b.*\b(organi[sz]ation|fund|union)\b", low):
        return "international_organisation"
    if h:
        return heads().get(h, "other")
    return "other"


def guess_country(c: OrgCluster) -> str | None:
    if c.known and c.known.get("country"):
        return c.known["country"]
    names, demonyms, places = country_tables()
    cmap = plain_country_map()
    if _CJK_NAME.search(c.canonical):
        from .extract_zh import _kind_country

        return _kind_country(c.canonical)[1]
    for n in sorted(c.names, key=len, reverse=True):
        if is_acronym(n):
            continue
        n = _without_binational(n)
        p = plain(n)
        m = country_pattern().search(p)
        if m:
            return cmap.get(m.group(1))
        for w in re.findall(r"[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?", n):
            for cand in (w, w.split()[0]):
                if cand in places:
                    return places[cand]
    for m in c.mentions:
        if m.country_hint:
            return m.country_hint
    return None


# --------------------------------------------------------------------------- gazetteer


def gazetteer_link(c: OrgCluster, gazetteer) -> tuple[str | None, str, float]:
    if c.gazetteer_id:
        return c.gazetteer_id, "alias", 100.0
    names = c.all_names()
    best = (None, "new", 0.0)
    for entry in gazetteer:
        enames = list(entry.names)
        for i, en in enumerate(enames):
            for n in names:
                if is_acronym(en) or is_acronym(n):
                    if en == n:
                        return entry.id, "acronym", 100.0
                    continue
                if plain(en) == plain(n) or name_key(en) == name_key(n):
                    return entry.id, ("exact" if i == 0 else "alias"), 100.0
        for en in enames:
            if is_acronym(en):
                continue
            for n in names:
                if is_acronym(n):
                    continue
                s = _fuzzy_score(n, en)
                if s > best[2]:
                    best = (entry.id, "fuzzy", s)
    if best[0] and best[2] >= FUZZY_THRESHOLD:
        return best
    return None, "new", round(best[2], 1)


def _fuzzy_score(a: str, b: str) -> float:
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    s = _ratio(" ".join(ta), " ".join(tb))
    sa, sb = set(ta), set(tb)
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    hs = {h.lower() for h in heads()}
    distinctive = {t for t in small if t not in hs and t not in _GENERIC_NON_HEAD}
    if len(small) >= 3 and small <= big and distinctive and ta[-1] == tb[-1]:
        # one name is the other with extra qualifiers ("... Technical (Vocational) College")
        s = max(s, 100.0 * (0.8 + 0.2 * len(small) / len(big)))
    return round(s, 1)


def scan_gazetteer(norm: str, gazetteer) -> list[OrgMention]:
    out = []
    for entry in gazetteer:
        for name in entry.names:
            if len(name) < 2:
                continue
            flags = 0 if is_acronym(name) else re.I
            pat = re.escape(name)
            for m in re.finditer(r"(?<![\w-])" + pat + r"(?![\w-])", norm, flags):
                out.append(OrgMention(text=m.group(), start=m.start(), end=m.end(), source="gazetteer", gazetteer_id=entry.id))
    return out
