"""Translation catalogue helper (src/skillsnet/locale/<lang>/LC_MESSAGES/django.po).

  python tools/i18n.py headers                      set language headers and plural forms
  python tools/i18n.py todo LANG [--offset N --limit M]   print untranslated entries as JSON
  python tools/i18n.py apply LANG FILE.json         merge {"msgid": "translation", ...} into the catalogue
  python tools/i18n.py stats                        translated / total per language
  python tools/i18n.py apply-dir tools/translations  merge every {"LANG": {"msgid": "translation"}} file there

Machine-made translations get the translator comment "needs-review: machine translation" (a native
speaker should check them and delete the comment once checked; comments survive makemessages, flags
other than fuzzy do not). A JSON value may be a list for plural entries (one element per plural form).
"""
import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "skillsnet" / "locale"
LANGS = {"zh_Hans": ("zh-Hans", "Simplified Chinese"), "lo": ("lo", "Lao"), "km": ("km", "Khmer"),
         "id": ("id", "Indonesian")}
REVIEW = "needs-review"
REVIEW_COMMENT = "needs-review: machine translation"


def path(lang):
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def load(lang):
    return polib.pofile(str(path(lang)), wrapwidth=0)


def headers():
    for lang, (code, name) in LANGS.items():
        po = load(lang)
        po.metadata.update({"Language": code, "Plural-Forms": "nplurals=1; plural=0;",
                            "Content-Type": "text/plain; charset=UTF-8", "Project-Id-Version": "skillsnet"})
        po.metadata_is_fuzzy = False
        po.header = (f"skillsnet — {name} translation.\nMachine translations are flagged '{REVIEW}': they need "
                     "review by a native speaker.")
        po.save()


def todo(lang, offset=0, limit=None):
    entries = [e for e in load(lang) if not e.obsolete and not e.translated()]
    entries = entries[offset: offset + limit if limit else None]
    out = [{"msgid": e.msgid, **({"msgid_plural": e.msgid_plural} if e.msgid_plural else {}),
            **({"context": e.msgctxt} if e.msgctxt else {}),
            "where": [f for f, _l in e.occurrences][:2]} for e in entries]
    print(json.dumps(out, ensure_ascii=False, indent=0))


def apply(lang, file):
    data = json.loads(Path(file).read_text(encoding="utf-8"))
    po = load(lang)
    done = 0
    for entry in po:
        if entry.obsolete or entry.msgid not in data:
            continue
        value = data[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = {i: f for i, f in enumerate(forms[:1])}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.tcomment = REVIEW_COMMENT
        done += 1
    po.save()
    print(f"{lang}: {done} entries written")


def apply_dir(folder):
    """Branches write their new strings' translations to tools/translations/NAME.json (no .po conflicts)."""
    merged = {lang: {} for lang in LANGS}
    for file in sorted(Path(folder).glob("*.json")):
        for lang, values in json.loads(file.read_text(encoding="utf-8")).items():
            merged.setdefault(lang, {}).update(values)
    for lang, values in merged.items():
        if lang not in LANGS or not values:
            continue
        tmp = Path(folder) / f".{lang}.merged"
        tmp.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
        try:
            apply(lang, tmp)
        finally:
            tmp.unlink()


def mark_all_for_review():
    """Mark every translated entry as a machine translation (used once, when the catalogues were made)."""
    for lang in LANGS:
        po = load(lang)
        for entry in po:
            if entry.translated() and not entry.obsolete:
                entry.tcomment = REVIEW_COMMENT
        po.save()


def stats():
    for lang in LANGS:
        po = load(lang)
        live = [e for e in po if not e.obsolete]
        print(f"{lang}: {sum(1 for e in live if e.translated())}/{len(live)} translated")


if __name__ == "__main__":
    cmd, *args = sys.argv[1:] or ["stats"]
    if cmd == "headers":
        headers()
    elif cmd == "todo":
        lang = args[0]
        offset = int(args[args.index("--offset") + 1]) if "--offset" in args else 0
        limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
        todo(lang, offset, limit)
    elif cmd == "mark-review":
        mark_all_for_review()
    elif cmd == "apply-dir":
        apply_dir(args[0])
    elif cmd == "apply":
        apply(args[0], args[1])
    else:
        stats()
