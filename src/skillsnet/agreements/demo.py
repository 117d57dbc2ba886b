"""The agreements stated in the seed articles (../shared/seeds): only what an article states.

- Seed 004: the ILO–China Partnership Agreement (first established in 2008, USD 4,000,000 previous
  contribution from MOHRSS) and its amendment signed on 9 December (year not stated) in Beijing by "the
  Government of China and the ILO" (USD 1,000,000 more for the Skills for Dream Action; ASEAN: Lao PDR,
  Cambodia, Indonesia). The parties are the ILO and the Government of China as the article names them (which
  ministry signed for the government is not stated); the 1,000,000 comes from China (the total of 5 million is
  "from China"), not from a named ministry. The article names no signatory: the ILO Director-General
  "participated" in the ceremony alongside the (unnamed) Minister of Human Resources and Social Security.
- Seed 000: the MoU between TEITC and Lao Polytechnic College, signed 13 May 2025 in Tianjin.
People are linked when people/demo.py created them; otherwise the name is kept as stated.
"""
from decimal import Decimal

from skillsnet.core.demo import ensure
from skillsnet.directory.models import Country, Organisation

from . import services
from .models import AreaOfCooperation, Agreement, Contribution, Party, Signatory

S0 = "Seed 000: MoU TEITC – Lao Polytechnic College (2025-05-23)"
S4 = "Seed 004: amendment to the ILO–China partnership agreement (9 December, Beijing)"
ILO = "International Labour Organization"
MOHRSS = "Ministry of Human Resources and Social Security"
CHINA = "Government of China"
TEITC = "Tianjin Electronic Information Technician College"
LPC = "Lao Polytechnic College"
PARTNERSHIP = "ILO–China Partnership Agreement on South-South and Triangular Cooperation"


def org(name):
    return Organisation.objects.get(name=name)


def person(name):
    from skillsnet.people.models import Person

    return Person.objects.filter(name=name).first()


def ensure_signed(actor, agreement):
    if agreement.status == Agreement.Status.DRAFT:
        agreement = services.transition_agreement(actor, agreement.pk, Agreement.Status.SIGNED, agreement.version,
                                                  reason="demo data from the seed articles")
    return agreement


def ensure_signatory(actor, agreement, name, **data):
    found = person(name) if name else None
    lookup = {"agreement": agreement, "title_at_signing": data.pop("title_at_signing")}
    return ensure(actor, Signatory, lookup, person=found, name="" if found else name, **data)


def load(actor):
    partnership = ensure(
        actor, Agreement, {"title": PARTNERSHIP}, kind=Agreement.Kind.PARTNERSHIP, signed_on="2008",
        summary=f"Partnership Agreement between the ILO and the Government of China on South-South and Triangular "
                f"Cooperation, first established in 2008; previous contribution of 4 million USD from MOHRSS. {S4}")
    for organisation, role in [(ILO, Party.Role.PARTY), (CHINA, Party.Role.PARTY), (MOHRSS, Party.Role.FUNDER)]:
        ensure(actor, Party, {"agreement": partnership, "organisation": org(organisation), "role": role})
    ensure(actor, Contribution, {"agreement": partnership, "funder": org(MOHRSS), "amount": Decimal("4000000"),
                                 "currency": "USD"}, note=f"Previous contribution. {S4}")
    ensure_signed(actor, partnership)

    amendment = ensure(
        actor, Agreement, {"title": f"Amendment to the {PARTNERSHIP}"}, kind=Agreement.Kind.AMENDMENT,
        amends=partnership, signed_on="", signed_on_note="9 December (year not stated)", signed_city="Beijing",
        signed_country=Country.objects.get(pk="CN"),
        countries_covered=list(Country.objects.filter(pk__in=["LA", "KH", "ID"])),
        summary="Allows activities across ASEAN Member States: continued cooperation with Lao PDR and Cambodia and "
                "a new focus on Indonesia; an additional 1 million USD for the Skills for Dream Action under the "
                f"Belt and Road Initiative framework. {S4}")
    for organisation in (ILO, CHINA):
        ensure(actor, Party, {"agreement": amendment, "organisation": org(organisation), "role": Party.Role.PARTY})
    ensure(actor, Party, {"agreement": amendment, "organisation": org(CHINA), "role": Party.Role.FUNDER})
    ensure(actor, Contribution, {"agreement": amendment, "funder": org(CHINA), "amount": Decimal("1000000"),
                                 "currency": "USD"}, note=f"For the Skills for Dream Action. {S4}")
    ensure_signatory(actor, amendment, "Gilbert F. Houngbo", title_at_signing="Director-General",
                     organisation=org(ILO), role=Signatory.Role.PARTICIPANT)
    ensure_signatory(actor, amendment, "", title_at_signing="Minister of Human Resources and Social Security",
                     organisation=org(MOHRSS), role=Signatory.Role.PARTICIPANT)
    ensure_signed(actor, amendment)

    areas = list(AreaOfCooperation.objects.filter(code__in=[
        "faculty-development", "joint-curriculum-design", "exchange-of-technical-expertise", "practical-training"]))
    mou = ensure(
        actor, Agreement, {"title": f"Memorandum of Understanding between {TEITC} and {LPC}"},
        kind=Agreement.Kind.MOU, signed_on="2025-05-13", signed_city="Tianjin",
        signed_country=Country.objects.get(pk="CN"), areas=areas,
        summary=f"MoU to enhance skills development under South-South Cooperation, supported by the ILO-China "
                f"Partnership Project on Skills Development. {S0}")
    for organisation in (TEITC, LPC):
        ensure(actor, Party, {"agreement": mou, "organisation": org(organisation), "role": Party.Role.PARTY})
    ensure_signatory(actor, mou, "Liqun Wang", title_at_signing="Head of TEITC", organisation=org(TEITC),
                     signed_on="2025-05-13")
    ensure_signatory(actor, mou, "Lamphone Seangsavang", title_at_signing="Deputy Director of the Lao Polytechnic "
                     "College", organisation=org(LPC), signed_on="2025-05-13")
    ensure_signed(actor, mou)
