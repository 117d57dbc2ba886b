"""Every user-facing string is translated into the four non-English languages, and the catalogues are
up to date with the source (a string added without a translation fails here)."""
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
LANGS = {"zh-hans": "zh_Hans", "lo": "lo", "km": "km", "id": "id"}
SRC = Path(settings.BASE_DIR)


def catalogue(code):
    return polib.pofile(str(LOCALE / LANGS[code] / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", LANGS)
def test_every_entry_is_translated(code):
    po = catalogue(code)
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated strings in {code}, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", LANGS)
def test_placeholders_survive_translation(code):
    import re

    pattern = re.compile(r"%\(\w+\)[sd]|\{\w*\}")
    for entry in catalogue(code):
        if entry.obsolete or not entry.msgstr:
            continue
        assert sorted(pattern.findall(entry.msgid)) == sorted(pattern.findall(entry.msgstr)), entry.msgid
        for plural in entry.msgstr_plural.values():
            assert set(pattern.findall(plural)) <= set(pattern.findall(entry.msgid_plural or entry.msgid)), entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_catalogues_hold_every_string_in_the_source(tmp_path):
    """Extract the strings from the source now and compare with the shipped catalogues."""
    work = tmp_path / "skillsnet"
    shutil.copytree(SRC, work, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.mo", "data",
                                                             "contexts", "migrations"))
    (work / "locale").mkdir()
    subprocess.run(["django-admin", "makemessages", "-l", "xx", "--no-wrap", "--no-location"], cwd=work,
                   check=True, capture_output=True, env={"PATH": str(Path(settings.BASE_DIR).parents[1] / ".venv" / "bin")
                                                         + ":/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": ""})
    fresh = {e.msgid for e in polib.pofile(str(work / "locale" / "xx" / "LC_MESSAGES" / "django.po"))}
    for code in LANGS:
        shipped = {e.msgid for e in catalogue(code) if not e.obsolete}
        missing = sorted(fresh - shipped)
        assert not missing, f"{code}: {len(missing)} strings not in the catalogue, e.g. {missing[:5]}"


@pytest.mark.parametrize("code", LANGS)
def test_machine_translations_are_marked_for_review(code):
    """Machine-made translations carry the flag "needs-review" until a native speaker checks them."""
    po = catalogue(code)
    assert "needs-review" in po.header and "native speaker" in po.header
    flagged = [e for e in po if not e.obsolete and "needs-review" in (e.tcomment or "")]
    assert len(flagged) > 0.5 * len([e for e in po if not e.obsolete])
