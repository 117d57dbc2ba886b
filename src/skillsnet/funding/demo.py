"""Funding stated in seed 004: USD 4,000,000 previously contributed by MOHRSS and USD 1,000,000 more by the
amendment (Skills for Dream Action), from China (the article's "total contribution of 5 million United States
dollars from China"; no ministry is named for it). No dates are stated: they stay unknown (the IATI export flags
them)."""
from decimal import Decimal

from django.apps import apps

from skillsnet.core.demo import ensure
from skillsnet.directory.models import Organisation

from .models import Contribution, Transaction

S4 = "Seed 004: amendment to the ILO–China partnership agreement (9 December, Beijing)"
MOHRSS = "Ministry of Human Resources and Social Security"
ILO = "International Labour Organization"
CHINA = "Government of China"


def agreement(kind):
    Agreement = apps.get_model("agreements", "Agreement")
    return Agreement.objects.filter(kind=kind, parties__organisation__name=ILO).distinct().order_by("pk").first()


def load(actor):
    from skillsnet.results.demo import PROJECT_CODE
    from skillsnet.results.models import Project

    project = Project.objects.filter(code=PROJECT_CODE).first()
    mohrss = Organisation.objects.filter(name=MOHRSS).first()
    china = Organisation.objects.filter(name=CHINA).first()
    ilo = Organisation.objects.filter(name=ILO).first()
    if project is None or mohrss is None or china is None:
        return
    for funder, amount, kind, note in [
            (mohrss, Decimal("4000000"), "partnership", "Previous contribution from MOHRSS."),
            (china, Decimal("1000000"), "amendment",
             "Additional contribution by the amendment, for the Skills for Dream Action.")]:
        contribution = ensure(actor, Contribution, {"project": project, "funder": funder, "amount": amount,
                                                    "currency": "USD"},
                              agreement=agreement(kind), date="", note=f"{note} {S4}")
        ensure(actor, Transaction, {"project": project, "contribution": contribution, "type": "11"},
               amount=amount, currency="USD", date="", provider=funder, receiver=ilo,
               description=f"{note} Date not stated.")
