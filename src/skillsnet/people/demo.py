"""The people named in the five seed articles (../shared/seeds), with their titles as the articles state them.

Only what an article states: the name as written, sex only where the article uses Mr or Ms, the
title and organisation, and the date the article places the title at (`as_of`), left blank where the
article gives no date (seed 002; seed 004 gives "9 December" without a year). Birth years,
nationalities and everything else stay unknown. Kind "official" for ministry and ILO staff where an article
names their organisation. An employer no article states stays empty: "Manager and Coordinator of the ILO China
Skills Development Project" and "National Project Coordinator" / "Acting Project Manager of ILO-China
Partnership Programme" name a project or programme, not who employs the person.
"""
from skillsnet.core.demo import ensure
from skillsnet.directory.models import Organisation

from .models import Affiliation, Person

S0 = "Seed 000: MoU TEITC – Lao Polytechnic College, signed 13 May 2025"
S1 = "Seed 001: peer-to-peer workshop Yunnan – Lao-German Technical College, 19 January 2022"
S2 = "Seed 002: International Land-Sea Trade Corridor vocational education alliance (article undated)"
S3 = "Seed 003: Cambodia–China exchange in Guangzhou, 10–13 December 2023"
S4 = "Seed 004: amendment to the ILO–China partnership agreement, 9 December (year not stated), Beijing"

ILO = "International Labour Organization"
TEITC = "Tianjin Electronic Information Technician College"
LAO_POLY = "Lao Polytechnic College"
LGTC = "Lao-German Technical College"
YUNNAN = "Yunnan Advanced Technical School of Electronic Information"
CQIPC = "Chongqing Industry Polytechnic College"
GZ_RESEARCH = "Guangzhou Vocational and Technical Education Research Institute"
MLVT = "Ministry of Labour and Vocational Training"
MLVT_DEPT = "Standards and Curriculum Department, Ministry of Labour and Vocational Training"

P = Person.Kind
# name, honorific, sex, kind, organisation (English name as in directory.demo), note
PEOPLE = [
    ("Liqun Wang", "", "unknown", P.OTHER, TEITC, S0),
    ("Lamphone Seangsavang", "", "unknown", P.OTHER, LAO_POLY, S0),
    ("Khamsavay Gnommilavong", "Mr", "male", P.OTHER, LGTC, f"{S1}; {S2}"),
    ("Wei Fan", "Mr", "male", P.OTHER, YUNNAN, S1),
    ("Jin Zhang", "", "unknown", P.OTHER, YUNNAN, S1),
    ("Khemphone Phaokhamkeo", "", "unknown", P.OFFICIAL, ILO, S1),
    ("Yutong Liu", "Mr", "male", P.OTHER, None, S1),
    ("Keovanlay Phanthavong", "Ms", "female", P.OTHER, None, f"{S1}; {S3}"),
    ("Qin Chuanjiang", "", "unknown", P.OTHER, CQIPC, S2),
    ("Zhang Lifang", "Ms", "female", P.OTHER, GZ_RESEARCH, S3),
    ("Enn Vuthy", "Mr", "male", P.OFFICIAL, MLVT, S3),
    ("Gilbert F. Houngbo", "", "unknown", P.OFFICIAL, ILO, S4),
]
# person, title as written, organisation, stated as of, source
TITLES = [
    ("Liqun Wang", "Head", TEITC, "2025-05-13", S0),
    ("Lamphone Seangsavang", "Deputy Director", LAO_POLY, "2025-05-13", S0),
    ("Khamsavay Gnommilavong", "Director", LGTC, "2022-01-19", f"{S1}; also director in {S2}"),
    ("Wei Fan", "President", YUNNAN, "2022-01-19", S1),
    ("Jin Zhang", "Vice President", YUNNAN, "2022-01-19", S1),
    ("Khemphone Phaokhamkeo", "ILO Coordinator in Lao PDR", ILO, "2022-01-19", S1),
    ("Yutong Liu", "Manager and Coordinator of the ILO China Skills Development Project", None, "2022-01-19", S1),
    ("Keovanlay Phanthavong", "National Project Coordinator", None, "2022-01-19", S1),
    ("Keovanlay Phanthavong", "Acting Project Manager of ILO-China Partnership Programme", None, "2023-12", S3),
    ("Qin Chuanjiang", "deputy director", CQIPC, "", S2),
    ("Zhang Lifang", "Dean", GZ_RESEARCH, "2023-12", S3),
    ("Enn Vuthy", "Deputy Director of the Standards and Curriculum Department", MLVT_DEPT, "2023-12", S3),
    ("Gilbert F. Houngbo", "Director-General", ILO, "", S4),
]


def person(name):
    return Person.objects.get(name=name)


def load(actor):
    orgs = {o.name: o for o in Organisation.objects.filter(name__in={p[4] for p in PEOPLE} | {t[2] for t in TITLES})}
    for name, honorific, sex, kind, org, note in PEOPLE:
        ensure(actor, Person, {"name": name}, honorific=honorific, sex=sex, kind=kind,
               organisation=orgs.get(org) if org else None, notes=note)
    for name, title, org, as_of, source in TITLES:
        ensure(actor, Affiliation, {"person": person(name), "title": title},
               organisation=orgs.get(org) if org else None, as_of=as_of, source=source)
