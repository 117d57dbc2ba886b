"""Compile every .po catalogue under the project's locale folder to .mo, with polib (no gettext tools)."""
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _


def compile_all():
    done = []
    for base in settings.LOCALE_PATHS:
        for po_path in sorted(Path(base).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            done.append(mo_path)
    return done


class Command(BaseCommand):
    help = _("Compile the translation catalogues (.po to .mo).")

    def handle(self, *args, **options):
        for path in compile_all():
            self.stdout.write(str(path))
