"""Content in several languages: which columns hold which language, and the fallback order."""
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


def localized(obj, base="name", lang=None):
    """The value of `base` in the user's language, else in settings.SKILLSNET_NAME_FALLBACK order."""
    lang = (lang or translation.get_language() or "en").lower()
    order = [lang] + [c for c in settings.SKILLSNET_NAME_FALLBACK if c != lang]
    for code in order:
        col = column(base, code)
        if col and getattr(obj, col, ""):
            return getattr(obj, col)
    return ""
