"""Text normalisation for search over names in any script."""
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\s\-‐‑–—_.,;:'’\"()\[\]/&·]+")


def normalize(text):
    """NFKC, case-folded, single spaces. Lao, Khmer and Chinese are kept as they are."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "").casefold()).strip()


def compact(text):
    """normalize() without spaces and punctuation: 'Lao-German' and 'Lao German' compare equal."""
    return _PUNCT.sub("", normalize(text))


def search_blob(values):
    """The text kept in a model's search_text column: every form, normalized and compacted."""
    parts = []
    for value in values:
        if value:
            parts.append(normalize(value))
            parts.append(compact(value))
    return "\n".join(dict.fromkeys(parts))
