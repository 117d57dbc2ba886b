"""The activities and programmes stated in the seed articles (../shared/seeds): only what an article states.

Unknown stays unknown: the alliance's conference happened "last Friday" in an undated article, Panda
College was set up "last year", the Guangzhou event's parts have no stated day (they keep the event's
month), the Panda Workshops' three countries are not named (the stated counts are kept, no sites invented).
People in roles are people.Participation rows, written through people.services.record_participation.
"""
import datetime

from django.apps import apps

from skillsnet.core.demo import ensure
from skillsnet.directory.models import Country, Organisation, Subdivision

from . import services
from .models import Activity, ActivityOrganisation, ActivityOutcome, AgendaItem, FollowUpAction, Initiative

S0 = "Seed 000: MoU TEITC – Lao Polytechnic College (2025-05-23)"
S1 = "Seed 001: peer-to-peer workshop Yunnan – Lao-German Technical College (19 January 2022)"
S2 = "Seed 002: International Land-Sea Trade Corridor vocational education alliance (undated article)"
S3 = "Seed 003: Cambodia–China exchange in Guangzhou (10–13 December 2023)"
S4 = "Seed 004: amendment to the ILO–China partnership agreement (9 December, Beijing)"

ILO = "International Labour Organization"
ALLIANCE = "International Land-Sea Trade Corridor Vocational Education International Cooperation Alliance"
YUNNAN = "Yunnan Advanced Technical School of Electronic Information"
LGTC = "Lao-German Technical College"
MOHRSS_DIC = "Department of International Cooperation, MOHRSS"
GZITTC = "Guangzhou Industry and Trade Technician College"
MLVT = "Ministry of Labour and Vocational Training"
NPIC = "National Polytechnic Institute of Cambodia"
COMPANY = "Guangzhou High Genius Dynamics Co., Ltd."
CQIPC = "Chongqing Industry Polytechnic College"
DEVES = "Deves Future Technology School"
TEITC = "Tianjin Electronic Information Technician College"
LPC = "Lao Polytechnic College"
R = ActivityOrganisation.Role
K = Activity.Kind
WORKING_GROUP = ("The two sides agreed to set up a cooperation working group to promote cooperation in the areas of "
                 "curriculum development, TOT and organize exchange programme of trainers and trainees.")


def org(name):
    return Organisation.objects.get(name=name)


def place(city, province, country):
    return {"city": city, "province": Subdivision.objects.get(pk=province), "country": Country.objects.get(pk=country)}


def agreement(*party_names, kind):
    qs = apps.get_model("agreements", "Agreement").objects.filter(kind=kind)
    for name in party_names:
        qs = qs.filter(parties__organisation__name=name)
    return qs.distinct().order_by("pk").first()


def person(name):
    return apps.get_model("people", "Person").objects.filter(name=name).first()


def ensure_activity(actor, lookup, **data):
    from skillsnet.core.demo import demo_text

    found = Activity.objects.filter(**lookup).first()
    data = {k: demo_text(v) for k, v in data.items()}
    return found or services.create_activity(actor, {**lookup, **data}, reason="demo data from the seed articles")


def ensure_roles(actor, activity, roles):
    for name, role, note in roles:
        ensure(actor, ActivityOrganisation, {"activity": activity, "organisation": org(name), "role": role}, note=note)


def participate(actor, activity, name, role):
    """The person took part in this role (attended, as the article says); skipped if the people app lacks it."""
    who = person(name)
    from skillsnet.people.services import record_participation

    if who is None or who.participations.filter(activity=activity, role=role).exists():
        return None
    return record_participation(actor, who.pk, activity.pk, role=role, attended=True,
                                reason="demo data from the seed articles")


def load_workshop(actor):
    workshop = ensure_activity(
        actor, {"title": f"Peer-to-peer workshop of cooperation and exchange between {YUNNAN} and {LGTC}"},
        kind=K.PEER_WORKSHOP, mode=Activity.Mode.ONLINE, platform="Zoom",
        start=datetime.date(2022, 1, 19), end=datetime.date(2022, 1, 19),
        description="Participants exchanged their experiences and challenges of skills development; the two sides "
                    "shared information on school operation, skills development and reducing poverty through skills "
                    "training to disadvantaged youth.",
        outcome_text=WORKING_GROUP, source=S1)
    ensure_roles(actor, workshop, [(YUNNAN, R.PARTNER, ""), (LGTC, R.PARTNER, ""),
                                   (MOHRSS_DIC, R.PARTICIPANT, "A representative took part.")])
    ensure(actor, ActivityOutcome, {"activity": workshop, "kind": ActivityOutcome.Kind.WORKING_GROUP},
           description=WORKING_GROUP, organisations=[org(YUNNAN), org(LGTC)])
    ensure(actor, FollowUpAction, {"activity": workshop, "owner_organisation": org(ILO)},
           what="Provide technical support for cooperation in the areas agreed by both TVETs (the ILO-China Skills "
                "Development Project).")
    agenda = [(1, "Speech", "Wei Fan"), (2, "Speech", "Khamsavay Gnommilavong"),
              (3, "Exchange of experiences and challenges of skills development", ""),
              (4, "Closing remarks", "Yutong Liu")]
    for order, title, speaker in agenda:
        ensure(actor, AgendaItem, {"activity": workshop, "order": order}, title=title,
               speaker=person(speaker) if speaker else None, notes="Order as reported in the article.")
    for name, role in [("Keovanlay Phanthavong", "moderator"), ("Wei Fan", "speaker"),
                       ("Khamsavay Gnommilavong", "speaker"), ("Jin Zhang", "participant"),
                       ("Khemphone Phaokhamkeo", "participant"), ("Yutong Liu", "participant")]:
        participate(actor, workshop, name, role)


def load_guangzhou(actor):
    where = place("Guangzhou", "CN-GD", "CN")
    event = ensure_activity(
        actor, {"title": "South-South Cooperation Skills Development network exchange and cooperation event"},
        kind=K.EXCHANGE_VISIT, mode=Activity.Mode.IN_PERSON, start=datetime.date(2023, 12, 10),
        end=datetime.date(2023, 12, 13), host=org(GZITTC), **where,
        description="A three-day event (as described) hosted by GZITTC in close cooperation with the ILO-China "
                    "Partnership Programme for the Ministry of Labour and Vocational Training and NPIC, to foster "
                    "skills development exchanges between Cambodia and China.",
        outcome_text="GZITTC expressed its commitment to strengthen cooperation with the ILO, the Cambodian Ministry "
                     "of Labour and Vocational Training and NPIC.", source=S3)
    ensure_roles(actor, event, [(GZITTC, R.HOST, ""), (MLVT, R.PARTNER, ""), (NPIC, R.PARTNER, ""),
                                (ILO, R.PARTNER, "In close cooperation with the ILO-China Partnership Programme.")])
    participate(actor, event, "Keovanlay Phanthavong", "speaker")
    note = "Day not stated; during the event of 10–13 December 2023."
    parts = [
        ("Visit to the college's achievements, World Skills Competition training bases and Mobile robotics "
         "practical training venues", K.EXCHANGE_VISIT),
        ("Visit to industry-education integration centres", K.EXCHANGE_VISIT),
        ("Special lectures from experts in skills development", K.LECTURE),
        (f"Industry visit to {COMPANY}", K.INDUSTRY_VISIT),
    ]
    made = {}
    for title, kind in parts:
        made[kind] = ensure_activity(actor, {"title": title, "parent": event}, kind=kind,
                                     mode=Activity.Mode.IN_PERSON, host=org(GZITTC), date_note=note, **where,
                                     source=S3)
    for name in ("Zhang Lifang", "Enn Vuthy"):
        participate(actor, made[K.LECTURE], name, "lecturer")
    ensure_roles(actor, made[K.INDUSTRY_VISIT], [(COMPANY, R.VISITED, "")])


def load_alliance(actor):
    conference = ensure_activity(
        actor, {"title": f"Annual conference of the {ALLIANCE}"}, kind=K.CONFERENCE, host=org(ALLIANCE),
        **place("Chongqing", "CN-CQ", "CN"),
        date_note="'Last Friday' in an article without a publication date: date unknown.",
        outcome_text="Announced a slew of programmes, including the setting up of the Deves Future Technology "
                     "School in Sri Lanka.", source=S2)
    ensure(actor, ActivityOutcome, {"activity": conference, "kind": ActivityOutcome.Kind.PROGRAMME},
           description="Setting up of the Deves Future Technology School in Sri Lanka (announced).",
           organisations=[org(DEVES)])
    panda_college = ensure(
        actor, Initiative, {"name": "Panda College"}, lead=org(CQIPC), partners=[org(LGTC)],
        description="A programme that introduces China's vocational training to Lao students.",
        focus="vehicle inspection and maintenance (first training project)",
        date_note="Set up 'last year' according to an article without a publication date: year unknown.",
        source=S2)
    training = ensure_activity(
        actor, {"title": "Panda College first training project: vehicle inspection and maintenance"},
        kind=K.TRAINING, initiative=panda_college, date_note="Dates not stated.", source=S2)
    ensure_roles(actor, training, [(CQIPC, R.ORGANISER, ""), (LGTC, R.PARTNER, "")])
    ensure(actor, Initiative, {"name": "Panda Workshops"}, lead=org(ALLIANCE), sites_count=5, countries_count=3,
           focus="Chinese language and vocational skills training",
           description="Five Panda Workshops in three countries (the countries are not named) offering Chinese "
                       "language and vocational skills training to 240 teachers and over 600 corporate personnel "
                       "(as reported).", source=S2)


def load_signing(actor):
    mou = agreement(TEITC, LPC, kind="mou")
    ceremony = ensure_activity(
        actor, {"title": f"Signing ceremony of the MoU between {TEITC} and {LPC}"}, kind=K.SIGNING,
        start=datetime.date(2025, 5, 13), end=datetime.date(2025, 5, 13), agreement=mou,
        **place("Tianjin", "CN-TJ", "CN"), source=S0)
    ensure_roles(actor, ceremony, [(TEITC, R.PARTICIPANT, "Party to the MoU."), (LPC, R.PARTICIPANT, "Party to the MoU.")])
    ensure(actor, ActivityOutcome, {"activity": ceremony, "kind": ActivityOutcome.Kind.AGREEMENT},
           description="The Memorandum of Understanding was signed.", agreement=mou, organisations=[org(TEITC), org(LPC)])
    participate(actor, ceremony, "Lamphone Seangsavang", "speaker")


def load(actor):
    load_workshop(actor)
    load_guangzhou(actor)
    load_alliance(actor)
    load_signing(actor)
    # "the ILO/China Partnership Programme launched in 2021. This initiative, which led to the establishment of
    # the South-South Cooperation Skills Development Network ..." (seed 000)
    ensure(actor, Initiative, {"name": "ILO/China Partnership Programme"}, lead=org(ILO), start="2021",
           description="Launched in 2021; led to the establishment of the South-South Cooperation Skills Development "
                       "Network, which has connected 41 TVET institutions (as reported).", source=S0)
    ensure(actor, Initiative, {"name": "Skills for Dream Action"}, agreement=agreement(ILO, kind="amendment"),
           description="Supported by an additional USD 1 million under the amendment to the ILO–China Partnership "
                       "Agreement, under the Belt and Road Initiative framework.", source=S4)
