"""Text normalisation for search over names in any script."""
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-‐‑–—_.,;:'’\"()\[\]/&·]+")


_NORMALIZED = {}  # text -> normalize(text): a record's names are normalised several times on their way to the
_COMPACT = {}  # search text and the search index, and an import's cities, kinds... repeat on every row
_CACHE_LIMIT = 100_000
_CACHE_TEXT_MAX = 300  # names, cities, codes; long texts (descriptions, articles) are not kept


def normalize(text):
    """NFKC, case-folded, single spaces. Lao, Khmer and Chinese are kept as they are."""
    if type(text) is str and len(text) <= _CACHE_TEXT_MAX:
        hit = _NORMALIZED.get(text)
        if hit is None:
            if len(_NORMALIZED) >= _CACHE_LIMIT:
                _NORMALIZED.clear()
            hit = _NORMALIZED[text] = _normalize(text)
        return hit
    return _normalize(text)


def _normalize(text):
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def compact(text):
    """normalize() without spaces and punctuation: 'Lao-German' and 'Lao German' compare equal."""
    if type(text) is str and len(text) <= _CACHE_TEXT_MAX:
        hit = _COMPACT.get(text)
        if hit is None:
            if len(_COMPACT) >= _CACHE_LIMIT:
                _COMPACT.clear()
            hit = _COMPACT[text] = _PUNCT.sub("", normalize(text))
        return hit
    return _PUNCT.sub("", normalize(text))


def search_blob(values):
    """The text kept in a model's search_text column: every form, normalized and compacted."""
    parts = []
    for value in values:
        if value:
            parts.append(normalize(value))
            parts.append(compact(value))
    return "\n".join(dict.fromkeys(parts))
