"""Funding: contributions, budget lines by output, IATI-typed transactions, exchange rates, burn rate."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from skillsnet.core import services as core
from skillsnet.funding.models import BudgetLine, ExchangeRate, Transaction
from skillsnet.funding.queries import amount_usd, burn_rates
from skillsnet.results.measures import Span
from skillsnet.results.models import Project, ResultNode


@pytest.fixture
def setup(orgs, system_user):
    project = core.create_object(system_user, Project, {"code": "f1", "title": "Funded"})
    out1 = core.create_object(system_user, ResultNode, {"project": project, "code": "1", "title": "Output 1"})
    out2 = core.create_object(system_user, ResultNode, {"project": project, "code": "2", "title": "Output 2"})
    funder = orgs["cn"]
    for day, rate in [(datetime.date(2024, 1, 1), "0.14"), (datetime.date(2025, 1, 1), "0.15")]:
        core.create_object(system_user, ExchangeRate, {"currency": "CNY", "date": day, "rate_to_usd": Decimal(rate)})
    lines = [core.create_object(system_user, BudgetLine, {"project": project, "output": o, "funder": funder,
                                                          "amount": amount, "currency": "USD"})
             for o, amount in ((out1, 1000), (out2, 400))]
    tx = [("11", "2024-01-10", 10000, "CNY", None), ("11", "", 500, "USD", None),
          ("4", "2024-06-01", 250, "USD", lines[0]), ("3", "2025-03-01", 1000, "CNY", lines[1])]
    for kind, date, amount, currency, line in tx:
        core.create_object(system_user, Transaction, {"project": project, "type": kind, "date": date,
                                                      "amount": amount, "currency": currency, "provider": funder,
                                                      "budget_line": line})
    return project, out1, out2, funder


def test_amounts_in_usd_by_period_and_unknown_dates(setup):
    project, *_ = setup
    total, notes = amount_usd(["11", "1"], Span(), project=project)
    assert total == Decimal("1900.00")  # 10000 CNY × 0.14 + USD 500 (date unknown: all time only)
    total, notes = amount_usd(["11", "1"], Span.of_year(2024), project=project)
    assert total == Decimal("1400.00") and "without a date" in notes[0]
    spent, _n = amount_usd(["3", "4"], Span.of_year(2025), project=project)
    assert spent == Decimal("150.00")  # 1000 CNY at the 2025 rate


def test_burn_rate_and_balance_per_output_and_funder(setup):
    project, out1, out2, funder = setup
    rates = burn_rates(project)
    outputs = dict(rates["outputs"])
    assert outputs[out1]["spent"] == 250 and outputs[out1]["balance"] == 750 and outputs[out1]["burn_rate"] == \
        Decimal("0.25")
    assert outputs[out2]["spent"] == 150 and outputs[out2]["burn_rate"] == Decimal("0.375")
    funders = dict(rates["funders"])
    assert funders[funder]["received"] == Decimal("1900.00") and funders[funder]["spent"] == 400
    assert funders[funder]["balance"] == Decimal("1500.00")


def test_currency_and_cross_project_checks(setup, system_user):
    project, out1, *_ = setup
    with pytest.raises(ValidationError):
        core.create_object(system_user, Transaction, {"project": project, "type": "1", "amount": 5, "currency": "XYZ"})
    other = core.create_object(system_user, Project, {"code": "f2", "title": "Other"})
    line = BudgetLine.objects.filter(output=out1).first()
    with pytest.raises(ValidationError):
        core.create_object(system_user, Transaction, {"project": other, "type": "4", "amount": 5, "currency": "USD",
                                                      "budget_line": line})


def test_funding_lists_and_api(setup, api_as):
    response = api_as("secretariat_admin").get("/api/funding/transactions/?type=11")
    assert response.status_code == 200 and response.json()["count"] == 2
