"""Load the reference data shipped with the package: ISO 3166 countries and subdivisions, ISO 639
languages (pycountry), ISCED-F 2013 fields and ISCO-08 groups (data files, see directory/data/SOURCES.md)."""
import csv
from pathlib import Path

import pycountry
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from skillsnet.core import refcache
from skillsnet.directory.models import Country, IscedField, IscoOccupation, Language, Subdivision

DATA = Path(__file__).resolve().parents[2] / "data"


def _upsert(model, rows):
    existing = set(model.objects.values_list("pk", flat=True))
    new = [model(**r) for r in rows if r[model._meta.pk.attname] not in existing]
    model.objects.bulk_create(new, batch_size=500)
    changed = 0
    fields = [k for k in rows[0] if k != model._meta.pk.attname] if rows else []
    current = {o.pk: o for o in model.objects.all()}
    updates = []
    for row in rows:
        obj = current[row[model._meta.pk.attname]]
        if any(getattr(obj, f) != row[f] for f in fields):
            for f in fields:
                setattr(obj, f, row[f])
            updates.append(obj)
    if updates:
        model.objects.bulk_update(updates, fields, batch_size=500)
        changed = len(updates)
    return len(new), changed


def _tree(path, code_field="code"):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [{"code": r["code"], "level": r["level"], "title": r["title_en"], "parent_id": r["parent_code"] or None}
            for r in sorted(rows, key=lambda r: len(r["code"]))]


def load_reference():
    counts = {}
    with transaction.atomic():
        counts["countries"] = _upsert(Country, [
            {"code": c.alpha_2, "alpha3": c.alpha_3, "numeric": c.numeric, "name": getattr(c, "common_name", None) or c.name}
            for c in pycountry.countries])
        subs = sorted(pycountry.subdivisions, key=lambda s: (s.parent_code is not None, s.code))
        counts["subdivisions"] = _upsert(Subdivision, [
            {"code": s.code, "country_id": s.country_code, "name": s.name, "kind": s.type, "parent_id": s.parent_code}
            for s in subs])
        counts["languages"] = _upsert(Language, [
            {"code": lang.alpha_2, "alpha3": lang.alpha_3, "name": lang.name}
            for lang in pycountry.languages if hasattr(lang, "alpha_2")])
        counts["isced_fields"] = _upsert(IscedField, _tree(DATA / "isced_f_2013.csv"))
        counts["isco_occupations"] = _upsert(IscoOccupation, _tree(DATA / "isco08.csv"))
    refcache.forget()  # names and dropdowns kept in this process are read again
    return counts


class Command(BaseCommand):
    help = _("Load reference data (countries, provinces, languages, ISCED-F 2013, ISCO-08). Safe to run again.")

    def handle(self, *args, **options):
        for table, (new, changed) in load_reference().items():
            self.stdout.write(f"{table}: {new} added, {changed} updated")
