"""The results demo: the five seed articles as sources, the figures they report, and the ILO–China
partnership project's results framework — only what the articles state.

No seed states a target, a baseline, the project's IATI identifier, start date, sector or its countries' shares:
they stay empty (the IATI export says what to enter). The reporting periods (calendar years 2021–2025, the
network's life so far per seeds 000 and 004) are configuration, not facts. The two statements of the network's
41 institutes are kept apart with the countries each names: seed 000 names Myanmar, seed 004 does not.

What belongs to the project is only what an article says: the MoU between TEITC and Lao Polytechnic College
was "supported by the ILO-China Partnership Project on Skills Development" (seed 000); the peer-to-peer workshop
of seed 001 is reported under the heading "ILO/China Partnership Project". The alliance's Panda Workshops
figures (seed 002, an article that never mentions the ILO) are the alliance's, not the project's.
"""
from decimal import Decimal
from pathlib import Path

from django.apps import apps

from skillsnet.core.demo import ensure
from skillsnet.directory.models import Country, Organisation

from .models import Indicator, Period, Project, ReportedFigure, ResultNode, Source

DATA = Path(__file__).resolve().parent / "data" / "sources"
PROJECT_CODE = "ilo-china-skills"
NETWORK = "South-South Cooperation Skills Development Network"
ALLIANCE = "International Land-Sea Trade Corridor Vocational Education International Cooperation Alliance"
ILO = "International Labour Organization"
# "the alliance has attracted members from Indonesia, New Zealand, South Korea, Thailand, Sri Lanka, Laos, Myanmar,
# Cambodia, the Philippines, Pakistan, Australia and Singapore" (seed 002): the countries the article names
ALLIANCE_MEMBER_COUNTRIES = ("ID", "NZ", "KR", "TH", "LK", "LA", "MM", "KH", "PH", "PK", "AU", "SG")
C = ReportedFigure.Counts
Q = ReportedFigure.Qualifier

SOURCES = {
    # seed: (title from the first line or heading, publisher where stated, date where stated)
    "000": ("In a significant stride toward fostering inclusive development and regional collaboration, the Tianjin "
            "Electronic Information Technician College (TEITC) of China and the Polytechnic College of the Lao "
            "People’s Democratic Republic have signed a landmark Memorandum of Understanding (MoU)", "", "2025-05-23"),
    "001": ("Peer-to-Peer Workshop of Cooperation and Exchange between Yunnan Advanced Technical School of Electronic "
            "Information and Lao-German Technical College, via zoom on 19 January 2022", "", ""),
    "002": ("China's international cooperation in vocational education is developing rapidly", "", ""),
    # "By January 2, 2024 January 29th, 2024": two days of January 2024 are printed; the month is what is sure.
    "003": ("Enhancing Cambodia-China Skills Development Cooperation Under the South-South Cooperation Skills "
            "Development Network", "ILO News", "2024-01"),
    "004": ("ILO, China Bolster ASEAN Skills, Work Ties", "Mirage.News", ""),
}


def source(seed):
    return Source.objects.get(title=SOURCES[seed][0])


def org(name):
    return Organisation.objects.filter(name=name).first()


def model(app, name):
    return apps.get_model(app, name)


def initiative(name):
    Initiative = model("activities", "Initiative")
    return Initiative.objects.filter(name=name).first() if Initiative else None


def agreement(kind, party=ILO):
    Agreement = model("agreements", "Agreement")
    if Agreement is None:
        return None
    return Agreement.objects.filter(kind=kind, parties__organisation__name=party).distinct().order_by("pk").first()


def countries(*codes):
    return list(Country.objects.filter(pk__in=codes))


def load_sources(actor):
    for seed, (title, publisher, published) in SOURCES.items():
        text = (DATA / f"seed-{seed}.txt").read_text(encoding="utf-8").strip()
        ensure(actor, Source, {"title": title}, publisher=publisher, published=published, text=text)


def load_project(actor):
    ilo, network = org(ILO), org(NETWORK)
    data = dict(
        title="ILO-China Partnership Project on Strengthening Skills Development in ASEAN through South-South and "
              "Triangular Cooperation",
        reporting_org=ilo, network=network, status="2",
        recipient_countries=countries("LA", "KH", "ID"),
        agreements=[a for a in (agreement("partnership"), agreement("amendment"),
                                agreement("mou", "Tianjin Electronic Information Technician College")) if a],
        description="Aims to boost employability and entrepreneurship by strengthening skills systems, improving "
                    "employment services and building institutional capacity in training centres.",
        source="“ILO, China Bolster ASEAN Skills, Work Ties” (Mirage.News): project name, aim, partner countries Lao "
               "PDR and Cambodia and a new focus on Indonesia, contributions. The TEITC–Lao Polytechnic College MoU "
               "“supported by the ILO-China Partnership Project on Skills Development” (MoU article, 23 May 2025). "
               "Start date, end date, sector, shares of the countries, targets and baselines are not stated.")
    project = ensure(actor, Project, {"code": PROJECT_CODE}, **data)
    for year in range(2021, 2026):
        ensure(actor, Period, {"project": project, "kind": Period.Kind.YEAR, "year": year})
    goal = ensure(actor, ResultNode, {"project": project, "code": "G"}, level=ResultNode.Level.GOAL, result_type="3",
                  title="Employability and entrepreneurship boosted by stronger skills systems, employment services "
                        "and training centres")
    outcome = ensure(actor, ResultNode, {"project": project, "code": "1"}, parent=goal,
                     level=ResultNode.Level.OUTCOME, result_type="2",
                     title="The Skills Development Network connects TVET institutions for knowledge exchange and "
                           "institutional collaboration")
    trained = ensure(actor, ResultNode, {"project": project, "code": "1.1"}, parent=outcome,
                     level=ResultNode.Level.OUTPUT, result_type="1",
                     title="Teachers, students and company staff trained")
    partnered = ensure(actor, ResultNode, {"project": project, "code": "1.2"}, parent=outcome,
                       level=ResultNode.Level.OUTPUT, result_type="1",
                       title="Partnerships between institutions formalised")
    indicators = {}
    specs = [
        ("1a", outcome, "TVET institutions in the network", Indicator.Unit.NUMBER, "active_members",
         {"network": network.pk, "member_kind": ["tvet_institute"]} if network else {}, ["country"]),
        ("1.1a", trained, "Teachers and students trained", Indicator.Unit.NUMBER, "persons_completed",
         {"participant_kind": ["teacher", "student"]}, ["sex", "country"]),
        ("1.2a", partnered, "MoUs signed", Indicator.Unit.NUMBER, "agreements_signed", {"kind": ["mou"]}, ["country"]),
        ("Ga", goal, "Contributions received (USD)", Indicator.Unit.AMOUNT, "contributions", {}, []),
    ]
    for code, node, name, unit, measure, filters, disaggs in specs:
        indicators[code] = ensure(actor, Indicator, {"node": node, "code": code}, name=name, unit=unit,
                                  method=Indicator.Method.COMPUTED, measure=measure, filters=filters,
                                  disaggregations=disaggs)
    return project, indicators


def load_figures(actor, project, ind):
    network, alliance, panda = org(NETWORK), org(ALLIANCE), initiative("Panda Workshops")
    partnership, amendment = agreement("partnership"), agreement("amendment")
    figures = [
        # (subject, indicator, counts, statement, value, currency, qualifier, from, until, countries, seed)
        ({"organisation": network}, "1.1a", C.PERSONS_TRAINED,
         "providing practical skills training to more than 577 teachers and students", 577, "", Q.MORE_THAN,
         "2021", "2025-05-23", (), "000"),
        ({"organisation": network}, "1a", C.MEMBER_INSTITUTIONS,
         "41 technical and vocational education and training (TVET) institutions from China, Cambodia, the Lao "
         "People's Democratic Republic, and Myanmar", 41, "", Q.EXACTLY, "", "2025-05-23", ("CN", "KH", "LA", "MM"),
         "000"),
        ({"organisation": network}, "1a", C.MEMBER_INSTITUTIONS,
         "41 technical and vocational education and training (TVET) institutes from China, Cambodia, Lao PDR", 41, "",
         Q.EXACTLY, "", "", ("CN", "KH", "LA"), "004"),
        ({"organisation": alliance}, None, C.MEMBERS, "164 schools and companies from 14 countries and regions", 164,
         "", Q.EXACTLY, "", "", (), "002"),
        ({"organisation": alliance}, None, C.MEMBER_COUNTRIES, "164 schools and companies from 14 countries and "
         "regions", 14, "", Q.EXACTLY, "", "", ALLIANCE_MEMBER_COUNTRIES, "002"),
        ({"initiative": panda}, None, C.SITES, "five Panda Workshops in three countries", 5, "", Q.EXACTLY, "", "", (),
         "002"),
        ({"initiative": panda}, None, C.SITE_COUNTRIES, "five Panda Workshops in three countries", 3, "", Q.EXACTLY,
         "", "", (), "002"),
        # the alliance's Panda Workshops (seed 002 never mentions the ILO): figures of the programme, no indicator
        ({"initiative": panda}, None, C.TEACHERS_TRAINED,
         "Chinese language and vocational skills training to 240 teachers", 240, "", Q.EXACTLY, "", "", (), "002"),
        ({"initiative": panda}, None, C.COMPANY_STAFF_TRAINED, "over 600 corporate personnel", 600, "",
         Q.MORE_THAN, "", "", (), "002"),
        ({"agreement": partnership}, "Ga", C.CONTRIBUTION, "a previous contribution of 4 million USD from MOHRSS",
         4_000_000, "USD", Q.EXACTLY, "", "", (), "004"),
        ({"agreement": amendment}, "Ga", C.CONTRIBUTION, "an additional 1 million USD to support the Skills for Dream "
         "Action", 1_000_000, "USD", Q.EXACTLY, "", "", (), "004"),
        ({"project": project}, "Ga", C.CONTRIBUTION, "a total contribution of 5 million United States dollars from "
         "China", 5_000_000, "USD", Q.EXACTLY, "", "", (), "004"),
    ]
    for subject, code, counts, statement, value, currency, qualifier, start, end, names, seed in figures:
        if any(v is None for v in subject.values()):
            continue  # the subject's app or record is missing
        ensure(actor, ReportedFigure, {**subject, "statement": statement, "source": source(seed), "counts": counts},
               indicator=ind.get(code) if code else None, value=Decimal(value), currency=currency,
               qualifier=qualifier, period_start=start, period_end=end, countries=countries(*names))


def load_attributions(actor, project):
    """The activities an article places under the project (no funder is stated for them)."""
    from .models import Attribution

    Activity = model("activities", "Activity")
    workshop = Activity.objects.filter(kind="peer_to_peer_workshop", start="2022-01-19").first() if Activity else None
    if workshop is not None:
        ensure(actor, Attribution, {"activity": workshop, "project": project},
               note="Reported under the heading “ILO/China Partnership Project”; “the ILO-China Skills Development "
                    "Project will provide technical support” (workshop article, 19 January 2022).")


def load(actor):
    load_sources(actor)
    if org(ILO) is None:
        return
    project, indicators = load_project(actor)
    load_figures(actor, project, indicators)
    load_attributions(actor, project)
