"""Text helpers shared by the extractors: normalisation, sentences, tokens, vocabulary.

Everything here is pure Python (no Django).  The normalised text has exactly the
same length as the original so that character offsets can be shared.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\uff08": "(",
        "\uff09": ")",
        "\uff0c": ",",
    }
)


def _latin_letters(category: str) -> str:
    """The letters of one case in the Latin blocks a name of the region is written with (Latin-1 Supplement,
    Extended-A and -B, Extended Additional: "ầ", "ế", "ơ", "Đ", "Ă"), as the body of a regex character class,
    built from unicodedata so that no range mixes the cases."""
    chars = [chr(c) for lo, hi in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)) for c in range(lo, hi + 1)
             if unicodedata.category(chr(c)) == category]
    return ("A-Z" if category == "Lu" else "a-z") + re.escape("".join(chars))


# character-class bodies for a capital and a small Latin letter, diacritics included: f"[{LATIN_UP}][{LATIN_LO}]+"
LATIN_UP = _latin_letters("Lu")
LATIN_LO = _latin_letters("Ll")


# Kangxi radicals and CJK compatibility ideographs that some pages print for ordinary characters ("中⽂+职业技能",
# "年轻⼈": ⽂ U+2F42 for 文, ⼈ U+2F08 for 人): the unified character each stands for (one character each)
_CJK_LOOKALIKES = {c: unicodedata.normalize("NFKC", chr(c)) for lo, hi in ((0x2F00, 0x2FD5), (0xF900, 0xFAD9))
                   for c in range(lo, hi + 1) if len(unicodedata.normalize("NFKC", chr(c))) == 1}
_TRANSLATE.update(str.maketrans(_CJK_LOOKALIKES))


_CAPS_LEGAL = re.compile(r"\b(?:CO|Co)\.(,?\s?)(?:LTD|Ltd)\b(?<!Co\.,\sLtd)(?<!Co\.\sLtd)(?<!Co\.,Ltd)")
_PAREN_DASH = re.compile(r"(?<=\w)[\u2014\u2015](?=\s|[a-z])|(?<=\s)\u2014(?=\s)")


# the dot that joins the parts of a transliterated name, written with any of its look-alikes ("賽康﹒潘塔馮",
# "鲍勒斯•塔娜卡", "‧", "∙", "⋅"): the middle dot, as the name patterns expect
_NAME_DOT = re.compile("(?<=[\u4e00-\u9fff])[\ufe52\u2022\u2027\u2219\u22c5](?=[\u4e00-\u9fff])")


# a paragraph whose first words a newspaper prints in capitals ("THE TECHNICAL Education and Skills Development
# Authority has ..."): "THE" and the long words after it are ordinary words, not acronyms (a short one may be)
_SHOUTED_LEAD = re.compile(r"(?m)^(?:THE|AN?)(?:[ \t]+[A-Z]{2,}){1,3}(?=[ \t]+[A-Z]?[a-z])")


def _unshout(m: re.Match) -> str:
    words = re.split(r"([ \t]+)", m.group())
    return "".join(w.capitalize() if w.isupper() and (i == 0 or len(w) >= 6) else w for i, w in enumerate(words))


_STAMP_UNDERSCORE = re.compile(r"(?<=\d)_(?=\s)")


def normalise_text(text: str) -> str:
    """Same-length normalisation (quotes, dashes, odd spaces).  A dash that opens an aside
    ("Wuxi Institute of Technicians—a key hub", "Laos — the country") becomes a comma or a space,
    so that it does not glue words into one name; a dash inside a name ("Lao-German",
    "Laos—Special Vehicle Training Center") or a range ("10–13") becomes a hyphen."""
    text = _PAREN_DASH.sub(lambda m: "," if m.group() == "\u2014" and not text[m.start() - 1].isspace() else " ", text)
    out = text.translate(_TRANSLATE)
    # a legal form written in capitals ("BYD Co., LTD.", "CO., LTD"): the same form as "Co., Ltd."
    out = _CAPS_LEGAL.sub(lambda m: "Co." + m.group(1) + "Ltd", out)
    out = _SHOUTED_LEAD.sub(_unshout, out)
    out = _NAME_DOT.sub("\u00b7", out)
    # a date stamp glued to the text by an underscore ("September 9, 2024_ The Ministry ..."): a space
    out = _STAMP_UNDERSCORE.sub(" ", out)
    assert len(out) == len(text)
    return out


# a pronunciation printed after a character by some mirrors of Chinese pages ("國(guó)立理工學(xué)院",
# "發(fā)展"): one syllable in pinyin with its tone mark, in brackets, right after a Han character
_READING_MARK = re.compile(
    r"(?<=[\u4e00-\u9fff])\([a-z\u00fc]*[\u0101\u00e1\u01ce\u00e0\u0113\u00e9\u011b\u00e8\u012b\u00ed\u01d0\u00ec"
    r"\u014d\u00f3\u01d2\u00f2\u016b\u00fa\u01d4\u00f9\u01d6\u01d8\u01da\u01dc][a-z\u00fc]*\)"
)


def strip_reading_marks(text: str) -> str:
    """The text without the pinyin readings that a page-copying site put after characters (they cut
    every word they sit in, so that no name, title or cue written across them can be read)."""
    return _READING_MARK.sub("", text)


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return json.load(fh)


# --------------------------------------------------------------------------- sentences

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "co", "inc", "ltd", "corp", "jr", "sr", "st", "no", "vs",
    "e.g", "i.e", "etc", "approx", "dept", "gov", "govt", "assoc", "u.s", "p.m", "a.m", "h.e",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "rp",
    "ir", "eng", "engr", "hon", "ven", "mme", "madam", "ast",
    # Indonesian legal forms, honorifics and academic degrees written with a full stop
    "pt", "cv", "tbk", "drs", "dra", "hj", "s.t", "m.t", "s.pd", "m.pd", "s.si", "m.si", "s.sos", "m.sc", "b.sc",
    "ph.d", "s.e", "m.m", "s.kom", "m.kom", "s.h", "m.h", "s.tp", "s.st", "m.tr.p", "assoc", "asst",
}


@dataclass
class Sentence:
    start: int
    end: int
    text: str  # normalised text of the sentence


def split_sentences(norm: str) -> list[Sentence]:
    """Split on blank lines / newlines and on sentence punctuation (abbreviation aware)."""
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", norm):
        pstart = para.start()
        ptext = para.group()
        cut = 0
        for m in re.finditer(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9\u0E80-\u0EFF\u4e00-\u9fff])|[。！？]+[”’\"')\]]*\s*", ptext):
            # the word before the punctuation
            before = ptext[cut : m.start()]
            if m.group()[:1] in "。！？":
                before = ""
            wm = re.search(r"([\w.]+)$", before)
            word = (wm.group(1) if wm else "").lower().rstrip(".")
            word = re.search(r"[^\u3000-\u9fff\uf900-\ufaff]*$", word).group()  # "副院长Dr.": the Latin word after Chinese
            if word in _ABBREV:
                continue
            if len(word) == 1 and word.isalpha():  # initials "F."
                continue
            if word.isdigit() and not before[: -len(word)].strip():  # a numbered list item "1. Mechatronics ..."
                continue
            seg_end = m.start() + len(m.group().rstrip())
            seg = ptext[cut:seg_end]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append(Sentence(pstart + cut + lead, pstart + seg_end, seg.strip()))
            cut = m.end()
        seg = ptext[cut:]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            s = pstart + cut + lead
            out.append(Sentence(s, s + len(seg.strip()), seg.strip()))
    return out


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    import bisect

    i = bisect.bisect_right([s.start for s in sentences], pos) - 1 if len(sentences) < 64 else bisect.bisect_right(_starts(sentences), pos) - 1
    if i >= 0:
        s = sentences[i]
        if s.start <= pos <= s.end:
            return s
    return None


_STARTS_CACHE: dict[int, tuple[list, list[int]]] = {}


def _starts(sentences: list[Sentence]) -> list[int]:
    hit = _STARTS_CACHE.get(id(sentences))
    if hit is None or hit[0] is not sentences or len(hit[1]) != len(sentences):
        _STARTS_CACHE.clear()
        hit = (sentences, [s.start for s in sentences])
        _STARTS_CACHE[id(sentences)] = hit
    return hit[1]


# --------------------------------------------------------------------------- tokens

_COMPANY_SUFFIX = None


def company_suffix_re() -> re.Pattern:
    global _COMPANY_SUFFIX
    if _COMPANY_SUFFIX is None:
        _COMPANY_SUFFIX = re.compile(load("org_vocab.json")["company_suffix_regex"])
    return _COMPANY_SUFFIX


_TOKEN_RE = re.compile(
    r"(?P<suffix>Co\.,?\s?Ltd\.?|Co\.\s?Limited|Pte\.?\s?Ltd\.?|Sdn\.?\s?Bhd\.?|Pvt\.?\s?Ltd\.?|Co\.,?\s?Inc\.?)"
    r"|(?P<abbr>(?:Mr|Mrs|Ms|Dr|Prof|Co|Inc|Ltd|Corp|Jr|Sr|St|No|H\.E|Ir|Eng|Engr|Hon)\.|[A-Z]\.(?![A-Za-z]{2}))"
    r"|(?P<cjk>[\u3400-\u9fff]+)"  # a run of Chinese characters is its own token ("University等24所": two tokens)
    r"|(?P<word>[^\W_\u3400-\u9fff](?:[^\W\u3400-\u9fff]|['&/.-])*(?<=[^\W_\u3400-\u9fff]))"
    r"|(?P<punct>\S)"
)


@dataclass
class Tok:
    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        c = self.text[:1]
        return c.isupper() or ("\u0E80" <= c <= "\u0EFF") or ("\u4e00" <= c <= "\u9fff")

    @property
    def is_acronym(self) -> bool:
        return is_acronym(self.text)


def is_acronym(t: str) -> bool:
    if not (2 <= len(t) <= 10) or not t[0].isupper():
        return False
    if not re.fullmatch(r"[A-Z][A-Za-z&]*[A-Z]|[A-Z]{2,}", t):
        return False
    uppers = sum(1 for c in t if c.isupper())
    return uppers >= 2 and uppers >= len(t) - 2


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    toks = []
    for m in _TOKEN_RE.finditer(text):
        t = m.group()
        if m.lastgroup == "word" and t.endswith("'s"):
            toks.append(Tok(t[:-2], offset + m.start(), offset + m.end() - 2))
            toks.append(Tok("'s", offset + m.end() - 2, offset + m.end()))
            continue
        toks.append(Tok(t, offset + m.start(), offset + m.end()))
    return toks


# --------------------------------------------------------------------------- normalised keys

def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def plain(s: str) -> str:
    """Lower-case, accent- and punctuation-insensitive form."""
    s = fold(normalise_text(s)).lower().replace("&", " and ")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\u0E80-\u0EFF\u4e00-\u9fff]+", " ", s)
    return " ".join(s.split())


def number_value(s: str) -> float | None:
    s = s.strip().lower().replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    words = load("lexicon.json")["number_words"]
    return words.get(s)


@lru_cache(maxsize=None)
def country_tables():
    geo = load("geo.json")
    name_to_code: dict[str, str] = {}
    demonym_to_code: dict[str, str] = {}
    for c in geo["countries"]:
        for n in c["names"]:
            name_to_code[n] = c["code"]
        for d in c["demonyms"]:
            demonym_to_code[d] = c["code"]
    place_to_code: dict[str, str] = {}
    for code, places in geo["places"].items():
        for p in places:
            place_to_code.setdefault(p, code)
    return name_to_code, demonym_to_code, place_to_code


@lru_cache(maxsize=None)
def country_pattern() -> re.Pattern:
    names, demonyms, _ = country_tables()
    alts = sorted(set(plain(n) for n in list(names) + list(demonyms)), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b")


@lru_cache(maxsize=None)
def plain_country_map() -> dict[str, str]:
    names, demonyms, _ = country_tables()
    out = {}
    for k, v in list(names.items()) + list(demonyms.items()):
        out.setdefault(plain(k), v)
    return out


# --------------------------------------------------------------------------- place gazetteer

# city names of GeoNames that are also common English words or given names written alone: never places by
# themselves in this project's articles
_PLACE_STOP = {
    "Bar", "Best", "Bay", "Mobile", "Victoria", "Union", "Nation", "Reading", "Mission", "Luna", "Hope", "Tiger",
    "Long", "Wang", "Jiang", "Ming", "Hong", "Qing", "Ping", "Kota", "City", "Baby", "Sabah", "Lima", "Legal",
}


@lru_cache(maxsize=None)
def place_gazetteer() -> dict[str, tuple[str, str]]:
    """name -> (kind, country) of the place gazetteer: GeoNames cities and ISO 3166-2 subdivisions
    (places.json, built by tools/build_places.py) under the hand list of geo.json, which wins.  For the
    place rules only: the person and organisation heuristics keep country_tables()'s short list."""
    names, demonyms, hand = country_tables()
    data = load("places.json")
    out: dict[str, tuple[str, str]] = {}
    for cc, subs in data["subdivisions"].items():
        for n in subs:
            if len(n) >= 5:
                out.setdefault(n, ("province", cc))
    for cc, table in data["cities"].items():
        for n, entry in table.items():
            # a short name (Anda, Boli, Bole) is too often a syllable of a person's name: only a large city's
            if len(n) > 5 or entry["population"] >= 1_000_000:
                out[n] = ("city", cc)  # a city named like its province: the city
    out = {n: v for n, v in out.items()
           if len(n) >= 4 and n[0].isupper() and n not in names and n not in demonyms and n not in _PLACE_STOP}
    for n, cc in hand.items():
        out[n] = ("city", cc)
    return out


@lru_cache(maxsize=None)
def place_gazetteer_zh() -> dict[str, str]:
    """Chinese name -> country of the GeoNames cities (places.json), three characters or more, or two
    characters for a city of at least 500,000 inhabitants (no town, street or district names) (a two-character name of a small town is too
    often an ordinary word)."""
    data = load("places.json")
    out: dict[str, str] = {}
    for cc, table in data["cities"].items():
        for entry in table.values():
            for z in entry["zh"]:
                if z.endswith(("镇", "鎮", "街道", "路", "乡", "鄉", "村", "区", "區")):
                    continue  # towns, streets and districts GeoNames lists under a city's name
                if len(z) >= 3 or entry["population"] >= 500_000:
                    out.setdefault(z, cc)
    return out
