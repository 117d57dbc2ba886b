"""Content in several languages: which columns hold which language, and the fallback order."""
import contextlib
import contextvars

from django.conf import settings
from django.utils import translation

# (language code, column suffix, label): English is stored in the bare column.
CONTENT_LANGUAGES = [
    ("en", "", "English"),
    ("zh-hans", "zh_hans", "中文"),
    ("lo", "lo", "ລາວ"),
    ("km", "km", "ខ្មែរ"),
    ("id", "id", "Indonesia"),
]
SUFFIX = {code: suffix for code, suffix, _ in CONTENT_LANGUAGES}


def column(base, lang):
    suffix = SUFFIX.get(lang)
    if suffix is None:
        return None
    return base if not suffix else f"{base}_{suffix}"


_ALL_COLUMNS = {}


def all_columns(base):
    found = _ALL_COLUMNS.get(base)
    if found is None:  # called for every name of every record an import or the search index handles
        found = _ALL_COLUMNS[base] = tuple(column(base, code) for code, _, _ in CONTENT_LANGUAGES)
    return list(found)


_PINNED = contextvars.ContextVar("skillsnet_pinned_language", default=None)


def current_language():
    """translation.get_language(), or the language `pinned_language` holds for a batch."""
    return _PINNED.get() or translation.get_language()


@contextlib.contextmanager
def pinned_language():
    """Within it, `current_language` (so `localized` and the records' __str__) answers the language active on entry
    without reading Django's context-local translation state each time (a large share of writing the change log
    and search entries of 100,000 imported records). For batch work in one language: switch no language inside."""
    token = _PINNED.set(translation.get_language() or "en")
    try:
        yield
    finally:
        _PINNED.reset(token)


_ORDERS = {}  # (language, fallback) -> the columns' language order


def localized(obj, base="name", lang=None):
    """The value of `base` in the user's language, else in settings.SKILLSNET_NAME_FALLBACK order."""
    lang = (lang or current_language() or "en").lower()
    key = (lang, base, tuple(settings.SKILLSNET_NAME_FALLBACK))
    order = _ORDERS.get(key)
    if order is None:
        columns = [column(base, code) for code in [lang] + [c for c in key[2] if c != lang]]
        order = _ORDERS[key] = [c for c in columns if c]
    for col in order:
        value = getattr(obj, col, "")
        if value:
            return value
    return ""
