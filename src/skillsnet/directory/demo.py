"""The organisations, names and memberships stated in the five seed articles (../shared/seeds).

Only what an article states: names as written (every variant), country, province or city where
given, kind, acronyms, founding year where given. Each record notes its article in `description`.
"""
from skillsnet.core.demo import ensure

from .models import Country, Membership, Organisation, Subdivision

S0 = "Seed 000: MoU TEITC – Lao Polytechnic College (2025-05-23)"
S1 = "Seed 001: peer-to-peer workshop Yunnan – Lao-German Technical College (19 January 2022)"
S2 = "Seed 002: International Land-Sea Trade Corridor vocational education alliance"
S3 = "Seed 003: Cambodia–China exchange in Guangzhou (10–13 December 2023)"
S4 = "Seed 004: amendment to the ILO–China partnership agreement (9 December, Beijing)"

K = Organisation.Kind
NETWORK = "South-South Cooperation Skills Development Network"
ALLIANCE = "International Land-Sea Trade Corridor Vocational Education International Cooperation Alliance"

ORGANISATIONS = [
    # name, kind, country, province, city, acronyms, aliases, founded, source
    ("International Labour Organization", K.INTERNATIONAL, None, None, "", ["ILO"], [], "", f"{S0}; {S1}; {S3}; {S4}"),
    # "The Government of China and the ILO signed an amendment" (seed 004): the party as the article names it;
    # which ministry acted for it is not stated
    ("Government of China", K.MINISTRY, "CN", None, "", [], [], "", S4),
    ("Ministry of Human Resources and Social Security", K.MINISTRY, "CN", None, "", ["MOHRSS"],
     ["Ministry of Human Resources and Social Security of China"], "", f"{S1}; {S4}"),
    ("Department of International Cooperation, MOHRSS", K.MINISTRY, "CN", None, "", [], [], "", S1),
    (NETWORK, K.NETWORK, None, None, "", [], ["Skills Development Network",
                                             "South-South Cooperation Skills Development network"], "2021",
     f"{S0}; {S3}; {S4}. Connects 41 TVET institutions (as reported)."),
    ("Tianjin Electronic Information Technician College", K.TVET, "CN", "CN-TJ", "Tianjin", ["TEITC"], [], "", S0),
    ("Lao Polytechnic College", K.TVET, "LA", None, "", [],
     ["Polytechnic College of the Lao People's Democratic Republic",
      "Polytechnic College of the Lao People’s Democratic Republic"], "", S0),
    ("Yunnan Advanced Technical School of Electronic Information", K.TVET, "CN", "CN-YN", "", [],
     ["Yunnan Advanced Technical School of Electronics Information"], "", S1),
    ("Lao-German Technical College", K.TVET, "LA", None, "", [],
     ["Lao-German Technical Vocational College"], "", f"{S1}; {S2}"),
    (ALLIANCE, K.NETWORK, "CN", None, "", [], [], "2021",
     f"{S2}. Launched by Chongqing and Sichuan province; 164 schools and companies from 14 countries and regions "
     "(as reported)."),
    ("Chongqing Industry Polytechnic College", K.TVET, "CN", "CN-CQ", "Chongqing", [], [], "", S2),
    ("Deves Future Technology School", K.TVET, "LK", None, "", [], [], "", S2),
    ("Ministry of Education", K.MINISTRY, "CN", None, "", [], ["Ministry of Education of China"], "", S2),
    ("Guangzhou Industry and Trade Technician College", K.TVET, "CN", "CN-GD", "Guangzhou", ["GZITTC"], [], "", S3),
    ("Ministry of Labour and Vocational Training", K.MINISTRY, "KH", None, "", [],
     ["Ministry of Labor and Vocational Training", "Cambodian Ministry of Labour and Vocational Training",
      "Cambodian Ministry of Labor and Vocational Training"], "", S3),
    ("Standards and Curriculum Department, Ministry of Labour and Vocational Training", K.MINISTRY, "KH", None, "",
     [], ["Standards and Curriculum Department"], "", S3),
    ("National Polytechnic Institute of Cambodia", K.TVET, "KH", None, "", ["NPIC"], [], "", S3),
    ("Guangzhou Vocational and Technical Education Research Institute", K.OTHER, "CN", "CN-GD", "Guangzhou", [], [],
     "", S3),
    ("Guangzhou High Genius Dynamics Co., Ltd.", K.COMPANY, "CN", "CN-GD", "Guangzhou", [], [], "", S3),
]
PARENTS = {
    "Department of International Cooperation, MOHRSS": "Ministry of Human Resources and Social Security",
    "Standards and Curriculum Department, Ministry of Labour and Vocational Training":
        "Ministry of Labour and Vocational Training",
}
MEMBERSHIPS = [
    # network, member, role, joined, source
    (NETWORK, "Guangzhou Industry and Trade Technician College", Membership.Role.MEMBER, "",
     f"{S3}: takes part in the network's activities."),
    (NETWORK, "National Polytechnic Institute of Cambodia", Membership.Role.MEMBER, "",
     f"{S3}: takes part in the network's activities."),
    (ALLIANCE, "Chongqing Industry Polytechnic College", Membership.Role.FOUNDING, "2021",
     f"{S2}: one of the founding members of the alliance, founded in 2021."),
]


def org(name):
    return Organisation.objects.get(name=name)


# Names in the organisations' own scripts, each as a published source states it (not from the seeds, which
# give English names only): (field, name, publisher, date, address).
OWN_SCRIPT_NAMES = {
    "Lao-German Technical College": [
        ("name_lo", "ວິທະຍາໄລເຕັກນິກລາວ-ເຢຍລະມັນ", "Inside Laos", "10 April 2019", "http://insidelaos.com/2019/04/10/6708/"),
    ],
}


def _own_script_names(actor):
    from . import services

    for english, names in OWN_SCRIPT_NAMES.items():
        obj = org(english)
        changes, notes = {}, []
        for field, name, publisher, date, url in names:
            if not getattr(obj, field):
                changes[field] = name
                notes.append(f"The name {name} is as published by {publisher} on {date} ({url}).")
        if changes:
            changes["description"] = " ".join([obj.description, *notes]).strip()
            services.update_organisation(actor, obj.pk, changes, obj.version,
                                         reason="demo data: names in their own script from published sources")


def load(actor):
    for name, kind, country, province, city, acronyms, aliases, founded, source in ORGANISATIONS:
        ensure(actor, Organisation, {"name": name}, kind=kind,
               country=Country.objects.get(pk=country) if country else None,
               province=Subdivision.objects.get(pk=province) if province else None,
               city=city, acronyms=acronyms, aliases=aliases, founded=founded, description=source)
    for child, parent in PARENTS.items():
        obj = org(child)
        if obj.parent_id is None:
            from . import services

            services.update_organisation(actor, obj.pk, {"parent": org(parent)}, obj.version,
                                         reason="demo data from the seed articles")
    _own_script_names(actor)
    for network, member, role, joined, source in MEMBERSHIPS:
        ensure(actor, Membership, {"network": org(network), "member": org(member)}, role=role, joined_on=joined,
               notes=source)


