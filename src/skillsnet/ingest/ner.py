"""A small learned tagger of organisation, person and place names (pure Python, no dependency).

A first-order structured perceptron (averaged weights, Viterbi decoding under BIO constraints) over tokens: a
Latin word is one token, a Chinese character is one token.  Features: the word, its shape, capitalisation,
affixes, the neighbouring words, Chinese character n-grams and hits of the project's reference data (organisation
heads, country names and demonyms, GeoNames cities and ISO 3166-2 subdivisions, Chinese surnames, title words).

The model is trained on the studied gold articles (tools/ner_train.py) and read from data/ner_model.json.gz.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

LABELS = ("ORG", "PER", "LOC")
TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in "BI")
MODEL_PATH = Path(__file__).resolve().parent / "data" / "ner_model.json.gz"

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:['’\-.&][^\W_{_CJK}]+)*|\n|[^\s]")
_BREAK = set(".。!?！？;；\n")


def is_cjk(t: str) -> bool:
    return len(t) == 1 and bool(re.match(rf"[{_CJK}]", t))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def segments(tokens: list) -> list[tuple[int, int]]:
    """Token index ranges of sentence-like segments (a newline or end punctuation closes one)."""
    out, a = [], 0
    for i, t in enumerate(tokens):
        if t[2] in _BREAK:
            if i > a:
                out.append((a, i))
            a = i + 1
        elif i - a >= 120:  # a very long run without punctuation
            out.append((a, i))
            a = i
    if a < len(tokens):
        out.append((a, len(tokens)))
    return out


def shape(w: str) -> str:
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)


# --------------------------------------------------------------------------- reference data


@lru_cache(maxsize=None)
def _gazetteers() -> dict[tuple[str, ...], set[str]]:
    """Token tuple (lower case) -> categories."""
    from . import extract_zh as zh
    from ._text import country_tables, load, place_gazetteer, place_gazetteer_zh

    out: dict[tuple[str, ...], set[str]] = defaultdict(set)

    def add(name: str, cat: str) -> None:
        key = tuple(t[2].lower() for t in tokenize(name))
        if key and len(key) <= 8:
            out[key].add(cat)

    names, demonyms, hand = country_tables()
    for n in names:
        add(n, "country")
    for n in demonyms:
        add(n, "demonym")
    for n in hand:
        add(n, "city")
    for n, (kind, _cc) in place_gazetteer().items():
        add(n, "province" if kind == "province" else "city")
    for n in place_gazetteer_zh():
        add(n, "city")
    v = zh.vocab()
    for n in v["country_words"]:
        add(n, "country")
    for key in ("place_words", "cities"):
        for n in v[key]:
            add(n, "city")
    for n in v["org_suffixes"]:
        add(n, "orghead")
    for n in v["titles"]:
        add(n, "title")
    ov = load("org_vocab.json")
    for n in ov["heads"]:
        add(n, "orghead")
    pv = load("people_vocab.json")
    for n in pv["honorifics"]:
        add(n, "honorific")
    for n in pv["title_nouns"]:
        add(n, "title")
    return dict(out)


@lru_cache(maxsize=None)
def _surnames() -> frozenset[str]:
    from . import extract_zh as zh

    return frozenset(zh.vocab()["surnames"])


def gazetteer_marks(words: list[str]) -> list[list[str]]:
    """Per token: 'B:cat' / 'I:cat' / 'E:cat' / 'S:cat' marks of the longest gazetteer match covering it."""
    gaz = _gazetteers()
    low = [w.lower() for w in words]
    marks: list[list[str]] = [[] for _ in words]
    n = len(words)
    for i in range(n):
        for ln in range(min(8, n - i), 0, -1):
            cats = gaz.get(tuple(low[i:i + ln]))
            if not cats:
                continue
            for c in cats:
                if ln == 1:
                    marks[i].append("S:" + c)
                else:
                    marks[i].append("B:" + c)
                    for j in range(i + 1, i + ln - 1):
                        marks[j].append("I:" + c)
                    marks[i + ln - 1].append("E:" + c)
            break
    return marks


# --------------------------------------------------------------------------- features


def features(words: list[str]) -> list[list[str]]:
    marks = gazetteer_marks(words)
    sur = _surnames()
    n = len(words)
    pad = ["<s2>", "<s1>"] + words + ["</s1>", "</s2>"]
    out = []
    for i, w in enumerate(words):
        p2, p1, n1, n2 = pad[i], pad[i + 1], pad[i + 3], pad[i + 4]
        f = ["b", "w=" + w.lower(), "p1=" + p1.lower(), "n1=" + n1.lower(), "p2=" + p2.lower(), "n2=" + n2.lower(),
             "p1w=" + p1.lower() + "|" + w.lower(), "wn1=" + w.lower() + "|" + n1.lower()]
        if is_cjk(w):
            f += ["zh", "zbi-=" + p1 + w, "zbi+=" + w + n1, "ztri=" + p1 + w + n1, "ztri-=" + p2 + p1 + w,
                  "ztri+=" + w + n1 + n2]
            if w in sur:
                f.append("surname")
            if p1 in sur:
                f.append("p1surname")
        else:
            sh = shape(w)
            f += ["sh=" + sh, "p1sh=" + shape(p1) + "|" + sh, "shn1=" + sh + "|" + shape(n1),
                  "suf3=" + w[-3:].lower(), "pre3=" + w[:3].lower(), "suf2=" + w[-2:].lower()]
            if w[:1].isupper():
                f.append("cap")
                if i == 0 or p1 in ("\n", '"', "“", ":"):
                    f.append("cap-first")
            if w.isupper() and len(w) > 1:
                f.append("allcaps")
            if p1[:1].isupper():
                f.append("p1cap")
            if n1[:1].isupper():
                f.append("n1cap")
        for m in marks[i]:
            f.append("g=" + m)
        for m in (marks[i - 1] if i else []):
            f.append("gp=" + m)
        for m in (marks[i + 1] if i + 1 < n else []):
            f.append("gn=" + m)
        out.append(f)
    return out


# --------------------------------------------------------------------------- model


def _allowed(prev: str, tag: str) -> bool:
    return not tag.startswith("I-") or prev[2:] == tag[2:]


class Perceptron:
    def __init__(self, weights: dict | None = None, trans: dict | None = None):
        self.weights: dict[str, dict[str, float]] = weights or {}
        self.trans: dict[str, float] = trans or {}  # "prev>tag"
        self._totals: dict = defaultdict(float)
        self._stamps: dict = defaultdict(int)
        self._i = 0

    def _emissions(self, feats: list[list[str]]) -> list[dict[str, float]]:
        out = []
        for f in feats:
            sc = dict.fromkeys(TAGS, 0.0)
            for x in f:
                w = self.weights.get(x)
                if w:
                    for t, v in w.items():
                        sc[t] += v
            out.append(sc)
        return out

    def decode(self, feats: list[list[str]]) -> list[str]:
        if not feats:
            return []
        em = self._emissions(feats)
        tr = self.trans
        best = [{t: (em[0][t] + tr.get("<s>>" + t, 0.0) if _allowed("O", t) else -1e18) for t in TAGS}]
        back = []
        for i in range(1, len(feats)):
            cur, bp = {}, {}
            for t in TAGS:
                top, arg = -1e18, "O"
                for p in TAGS:
                    if not _allowed(p, t):
                        continue
                    s = best[-1][p] + tr.get(p + ">" + t, 0.0)
                    if s > top:
                        top, arg = s, p
                cur[t] = top + em[i][t]
                bp[t] = arg
            best.append(cur)
            back.append(bp)
        t = max(best[-1], key=best[-1].get)
        path = [t]
        for bp in reversed(back):
            t = bp[t]
            path.append(t)
        return path[::-1]

    # training -------------------------------------------------------------

    def _upd(self, key, table, sub, delta):
        k = (key, sub)
        self._totals[k] += (self._i - self._stamps[k]) * self._get(table, key, sub)
        self._stamps[k] = self._i
        self._set(table, key, sub, self._get(table, key, sub) + delta)

    def _get(self, table, key, sub):
        if table == "w":
            return self.weights.get(key, {}).get(sub, 0.0)
        return self.trans.get(sub, 0.0)

    def _set(self, table, key, sub, v):
        if table == "w":
            self.weights.setdefault(key, {})[sub] = v
        else:
            self.trans[sub] = v

    def update(self, feats, gold, pred):
        self._i += 1
        if gold == pred:
            return
        for i, (g, p) in enumerate(zip(gold, pred)):
            if g != p:
                for x in feats[i]:
                    self._upd(x, "w", g, 1.0)
                    self._upd(x, "w", p, -1.0)
            gp = (gold[i - 1] if i else "<s>") + ">" + g
            pp = (pred[i - 1] if i else "<s>") + ">" + p
            if gp != pp:
                self._upd("", "t", gp, 1.0)
                self._upd("", "t", pp, -1.0)

    def average(self):
        for key, tw in self.weights.items():
            for t, v in tw.items():
                k = (key, t)
                tot = self._totals[k] + (self._i - self._stamps[k]) * v
                tw[t] = round(tot / max(self._i, 1), 3)
        for t, v in self.trans.items():
            k = ("", t)
            tot = self._totals[k] + (self._i - self._stamps[k]) * v
            self.trans[t] = round(tot / max(self._i, 1), 3)
        self.weights = {k: {t: v for t, v in tw.items() if v} for k, tw in self.weights.items()}
        self.weights = {k: tw for k, tw in self.weights.items() if tw}
        self._totals, self._stamps = defaultdict(float), defaultdict(int)

    def save(self, path: Path) -> None:
        data = json.dumps({"weights": self.weights, "trans": self.trans}, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True).encode("utf-8")
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
            fh.write(data)  # no time stamp in the header: the same training gives the same bytes

    @classmethod
    def load(cls, path: Path) -> "Perceptron":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            d = json.load(fh)
        return cls(d["weights"], d["trans"])


def train(examples: list[tuple[list[list[str]], list[str]]], epochs: int = 8, seed: int = 7) -> Perceptron:
    """examples: (features per token, gold tags) per segment."""
    import random

    model = Perceptron()
    rnd = random.Random(seed)
    ex = list(examples)
    for _ in range(epochs):
        rnd.shuffle(ex)
        for feats, gold in ex:
            model.update(feats, gold, model.decode(feats))
    model.average()
    return model


def spans(model: Perceptron, text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) character spans of the names the model finds in `text`."""
    toks = tokenize(text)
    out = []
    for a, b in segments(toks):
        seg = toks[a:b]
        out += bio_spans(seg, model.decode(features([t[2] for t in seg])))
    return out


def bio_spans(toks, tags) -> list[tuple[int, int, str]]:
    """(start, end, label) of the names that BIO `tags` mark on `toks` ((start, end, text) each); an I- tag with no
    name open starts one."""
    out, cur = [], None
    for tok, tag in zip(toks, tags):
        if tag.startswith("B-") or (tag.startswith("I-") and cur is None):
            if cur:
                out.append(tuple(cur))
            cur = [tok[0], tok[1], tag[2:]]
        elif tag.startswith("I-"):
            cur[1] = tok[1]
        else:
            if cur:
                out.append(tuple(cur))
            cur = None
    if cur:
        out.append(tuple(cur))
    return out


def margins(model: Perceptron, text: str) -> list[tuple[int, int, dict[str, float]]]:
    """Per token: (start, end, {label: best B-/I- score of that label minus the O score}) of the emission scores."""
    toks = tokenize(text)
    out = []
    for a, b in segments(toks):
        seg = toks[a:b]
        for tok, em in zip(seg, model._emissions(features([t[2] for t in seg]))):
            out.append((tok[0], tok[1], {lab: max(em["B-" + lab], em["I-" + lab]) - em["O"] for lab in LABELS}))
    return out


def _mean_margin(a: int, b: int, marg, label: str) -> float:
    vals = [m[label] for x, y, m in marg if x < b and y > a]
    return sum(vals) / len(vals) if vals else 0.0


# the mean organisation margin under which a rule organisation's every mention is dropped (chosen by the
# leave-one-split-out cross-validation of tools/ner_train.py: the largest that cost no true organisation)
ORG_FILTER_THRESHOLD = 25.0
ENABLED = True  # tools/ner_train.py turns it off to score the rules alone


def filter_organisations(draft, norm: str, written: str | None = None):
    """Drop from `draft` the organisations the rules found (not matched to the registry) none of whose mentions the
    shipped model reads as an organisation name; the draft unchanged when the model file is missing."""
    model = shipped_model() if ENABLED else None
    if model is None or not draft.organisations:
        return draft
    return combine(draft, norm, [], f"orgfilter@{ORG_FILTER_THRESHOLD:g}", written, margins(model, norm))


@lru_cache(maxsize=1)
def shipped_model() -> Perceptron | None:
    """The model shipped with the package, read once; None when the file is missing."""
    if not MODEL_PATH.exists():
        return None
    try:
        return Perceptron.load(MODEL_PATH)
    except (OSError, ValueError, KeyError):
        return None


# --------------------------------------------------------------------------- combination with the rules

VARIANTS = ("orgfilter", "peradd", "perfilter", "locadd_gaz", "orgadd", "orgfilter+peradd")


def _occurrences(norm: str, name: str) -> list[tuple[int, int]]:
    from . import extract_zh as zh

    name = zh.to_simplified(name.strip(), 0)
    if len(name) < 2:
        return []
    pat = re.escape(name)
    if not is_cjk(name[0]):
        pat = r"(?<!\w)" + pat + r"(?!\w)"
    return [(m.start(), m.end()) for m in re.finditer(pat, norm, re.I)]


def _covered(a: int, b: int, found, label: str) -> int:
    return sum(max(0, min(b, y) - max(a, x)) for x, y, lab in found if lab == label)


def _person_like(name: str) -> bool:
    from . import extract_zh as zh

    if is_cjk(name[:1]):
        return ("·" in name and len(name) <= 14) or (2 <= len(name) <= 4 and name[0] in _surnames()
                                                    and not zh.has_chinese(name[1:], 4))
    words = name.split()
    gaz = _gazetteers()
    return (2 <= len(words) <= 5 and all(w[:1].isupper() for w in words)
            and not any({"orghead", "country", "demonym", "title"} & gaz.get((w.lower(),), set()) for w in words))


def _in_gazetteer(name: str) -> bool:
    key = tuple(t[2].lower() for t in tokenize(name))
    return bool({"city", "province", "country"} & _gazetteers().get(key, set()))


def _honorific_stripped(name: str) -> str:
    from ._text import load

    hon = {h.lower().rstrip(".") for h in load("people_vocab.json")["honorifics"]}
    words = name.split()
    while len(words) > 2 and words[0].lower().rstrip(".") in hon:
        words = words[1:]
    name = " ".join(words)
    from . import extract_zh as zh

    for h in zh.vocab()["honorifics_after"]:
        if name.endswith(h) and len(name) > len(h) + 1:
            name = name[: -len(h)]
    return name


def _opt(parts: dict, key: str):
    return parts.get(key, None) if key in parts else None


def combine(draft, norm: str, found: list[tuple[int, int, str]], variant: str = "orgfilter", written=None,
            marg=None):
    """The rules' draft corrected with the model's spans (found on `norm`, the text the rules read).

    `variant`: "+"-joined parts, each optionally with a threshold on the mean emission margin ("part@2.5"):
    orgfilter (drop a rule organisation, not matched to the registry, none of whose mentions the model reads as an
    organisation), perfilter, peradd (add the persons the model finds that the rules do not), locadd, locadd_gaz,
    orgadd."""
    from .extract import OrganisationRecord, PersonRecord, PlaceRecord
    from ._text import plain

    written = written if written is not None else norm
    parts = {}
    for x in variant.split("+"):
        k, _, th = x.partition("@")
        parts[k] = float(th) if th else None

    def org_ok(a, b):
        if parts["orgfilter"] is None or marg is None:
            return _covered(a, b, found, "ORG") > 0
        return _mean_margin(a, b, marg, "ORG") >= parts["orgfilter"]

    if "orgfilter" in parts:
        keep = []
        for o in draft.organisations:
            occ = [x for n in {o.canonical_name, o.mention, *o.aliases} for x in _occurrences(norm, n)]
            if o.matched_id or not occ or any(org_ok(a, b) for a, b in occ):
                keep.append(o)
        draft.organisations = keep
    if "perfilter" in parts:
        keep = []
        for p in draft.people:
            occ = [x for n in {p.name, *p.aliases} for x in _occurrences(norm, n)]
            if not occ or any(_covered(a, b, found, "PER") for a, b in occ):
                keep.append(p)
        draft.people = keep
    if "peradd" in parts:
        taken = [x for p in draft.people for n in {p.name, *p.aliases} for x in _occurrences(norm, n)]
        taken += [x for o in draft.organisations for n in {o.canonical_name, o.mention} for x in _occurrences(norm, n)]
        have = set()
        for a, b, lab in found:
            if lab != "PER":
                continue
            if parts["peradd"] is not None and marg is not None and _mean_margin(a, b, marg, "PER") < parts["peradd"]:
                continue
            name = _honorific_stripped(written[a:b].strip())
            if not _person_like(_honorific_stripped(norm[a:b].strip())) or plain(name) in have:
                continue
            if any(min(b, y) > max(a, x) for x, y in taken):
                continue
            have.add(plain(name))
            draft.people.append(PersonRecord(name=name, title=None, organisation=None, roles=[], evidence=[]))
    if "locadd" in parts or "locadd_gaz" in parts:
        th = parts.get("locadd", parts.get("locadd_gaz"))
        have = {plain(p.name) for p in draft.places}
        for a, b, lab in found:
            name = written[a:b].strip()
            if lab != "LOC" or plain(name) in have or len(name) < 2:
                continue
            if th is not None and marg is not None and _mean_margin(a, b, marg, "LOC") < th:
                continue
            if "locadd_gaz" in parts and not _in_gazetteer(norm[a:b].strip()):
                continue
            have.add(plain(name))
            draft.places.append(PlaceRecord(name=name, kind="city", country=None, platform=None, evidence=""))
    if "orgadd" in parts:
        taken = [x for o in draft.organisations for n in {o.canonical_name, o.mention, *o.aliases}
                 for x in _occurrences(norm, n)]
        have = set()
        for a, b, lab in found:
            name = written[a:b].strip()
            if lab != "ORG" or len(name) < 4 or plain(name) in have or any(min(b, y) > max(a, x) for x, y in taken):
                continue
            if parts["orgadd"] is not None and marg is not None and _mean_margin(a, b, marg, "ORG") < parts["orgadd"]:
                continue
            have.add(plain(name))
            draft.organisations.append(OrganisationRecord(
                mention=name, canonical_name=name, acronym=None, kind="other", country=None, matched_id=None,
                match_method="new", match_score=0.0))
    return draft
