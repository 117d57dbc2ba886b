"""The one skills-demand signal stated in the seed articles (../shared/seeds), mapped to ISCO-08.

Seed 000 (2025-05-23) quotes Lamphone Seangsavang, Deputy Director of the Lao Polytechnic College:
"Laos is currently facing an urgent demand for talent amidst industrialization and digital
transformation", "especially in technical fields such as electronics, automation, and information
technology". The article gives no numbers, no province and no horizon: those stay blank. The ISCO-08
groups below are our reading of the three fields named; each record says so in `mapping_note`.
"""
from skillsnet.core.demo import ARTICLES, ensure
from skillsnet.directory.models import Country, IscoOccupation

from .models import DemandSignal

S0 = ARTICLES["000"]  # the source article's title (seed 000)
QUOTE = ("“Laos is currently facing an urgent demand for talent amidst industrialization and digital "
         "transformation” (Lamphone Seangsavang, Deputy Director of the Lao Polytechnic College); fields named: "
         "“electronics, automation, and information technology”.")
SIGNALS = [
    # ISCO-08 code, sector as stated, why this group
    ("742", "electronics", "‘Electronics’ mapped to ISCO-08 minor group 742 Electronics and telecommunications "
                           "installers and repairers (skilled-trades level)."),
    ("3114", "electronics", "‘Electronics’ mapped to ISCO-08 unit group 3114 Electronics engineering technicians "
                            "(technician level)."),
    ("3113", "automation", "‘Automation’ has no ISCO-08 group of its own; mapped to unit group 3113 Electrical "
                           "engineering technicians, which covers electrical control and automation equipment."),
    ("35", "information technology", "‘Information technology’ mapped to ISCO-08 sub-major group 35 Information "
                                      "and communications technicians (TVET level; group 25 ICT professionals "
                                      "would be the university level)."),
]


def load(actor):
    country = Country.objects.get(pk="LA")
    for code, sector, why in SIGNALS:
        occupation = IscoOccupation.objects.filter(pk=code).first()
        if occupation is None:  # reference data not loaded
            continue
        ensure(actor, DemandSignal, {"occupation": occupation, "country": country, "date": "2025-05-23",
                                     "source_title": S0},
               sector=sector, size_kind=DemandSignal.SizeKind.QUALITATIVE, level=DemandSignal.Level.URGENT,
               source_date="2025-05-23", mapping_note=f"{why} Source: {QUOTE}",
               notes="Qualitative signal: the article states no number of vacancies, no province and no horizon.")
