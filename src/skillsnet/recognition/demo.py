"""Demo data of recognition: the shipped reference frameworks, and qualifications of the seed countries
in the seed articles' fields (data/qualifications.json), each with the published source that states it.

The seeds name "joint curriculum design" (seed 000) and a first Panda College training project on vehicle
inspection and maintenance (seed 002) but state no qualification; the qualifications here come from other
published sources, recorded with each record (source title and address). What a source does not state
(a level, an ISCO code, units, hours, learning outcomes) stays empty. No unit equivalence is recorded:
that is a person's decision (see README, Recognition).
"""
import json
from pathlib import Path

from skillsnet.core.demo import ensure
from skillsnet.directory.models import Country, IscoOccupation

from .models import CompetencyUnit, Level, Qualification, QualificationUnit
from .services import load_frameworks

QUALIFICATIONS_PATH = Path(__file__).resolve().parent / "data" / "qualifications.json"
_TITLE_COLUMNS = {"en": "title", "zh-hans": "title_zh_hans", "lo": "title_lo", "km": "title_km", "id": "title_id"}


def demo_qualifications(path=None):
    with open(path or QUALIFICATIONS_PATH, encoding="utf-8") as fh:
        return json.load(fh)["qualifications"]


def _level(entry):
    if not entry.get("framework"):
        return None
    return Level.objects.get(framework__code=entry["framework"], code=entry["level"])


def _unit(actor, country, entry, code, title, group):
    source = f"{entry['source_title']} ({group} unit)"
    return ensure(actor, CompetencyUnit, {"country": country, "code": code}, title=title[:300],
                  standard_body=source[:300], source_title=entry["source_title"][:500],
                  source_url=entry["source_url"])


def _qualification(actor, entry):
    country = Country.objects.get(pk=entry["country"])
    titles = {_TITLE_COLUMNS[lang]: text[:300] for lang, text in entry["title"].items()}
    isco = IscoOccupation.objects.filter(pk=entry["isco"]).first() if entry.get("isco") else None
    qualification = ensure(
        actor, Qualification, {"country": country, "title": titles.pop("title")}, **titles,
        level=_level(entry), isco_occupation=isco, status=entry["status"], description=entry["description"],
        source_title=entry["source_title"][:500], source_url=entry["source_url"])
    for code, title, group in entry.get("units", []):
        unit = _unit(actor, country, entry, code, title, group)
        ensure(actor, QualificationUnit, {"qualification": qualification, "unit": unit},
               kind=QualificationUnit.Kind.CORE)
    return qualification


def load(actor):
    created = load_frameworks(actor)
    created["qualifications"] = [_qualification(actor, entry).pk for entry in demo_qualifications()]
    return created
