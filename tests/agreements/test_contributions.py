from decimal import Decimal

import pytest

from skillsnet.agreements import queries
from skillsnet.agreements.models import Contribution
from skillsnet.core import services

from .conftest import make_agreement

API = "/api/agreements/contributions-promised/"


@pytest.fixture
def partnership(orgs, system_user):
    original = make_agreement(system_user, "Partnership agreement", orgs["network"], kind="partnership",
                              signed_on="2008")
    amendment = make_agreement(system_user, "Amendment", orgs["network"], kind="amendment", amends=original)
    for agreement, amount in ((original, "4000000"), (amendment, "1000000")):
        services.create_object(system_user, Contribution, {"agreement": agreement, "funder": orgs["cn"],
                                                           "amount": Decimal(amount), "currency": "USD"})
    return original, amendment


def test_totals_include_amendments(partnership, orgs, system_user):
    original, amendment = partnership
    assert queries.total_contributions(original) == {"USD": Decimal("5000000")}
    assert queries.total_contributions(amendment) == {"USD": Decimal("1000000")}
    services.create_object(system_user, Contribution, {"agreement": amendment, "funder": orgs["cn"],
                                                       "amount": Decimal("250.50"), "currency": "cny"})
    assert queries.total_contributions_text(original) == ["CNY 250.50", "USD 5,000,000"]


def test_page_shows_amendment_and_total(partnership, web_as):
    original, amendment = partnership
    page = web_as("viewer").get(f"/agreements/agreements/{original.pk}/").content.decode()
    assert "Amendment" in page and f"/agreements/agreements/{amendment.pk}/" in page
    assert "USD 5,000,000 in total" in page


@pytest.mark.parametrize("change,field,message", [
    ({"currency": "XYZ"}, "currency", "not an ISO 4217 currency code"),
    ({"amount": "-5"}, "amount", "more than zero"),
    ({"amount": "abc"}, "amount", "number"),
    ({"currency": ""}, "currency", ""),
])
def test_bad_input_is_a_clear_400(partnership, orgs, api_as, change, field, message):
    original, _ = partnership
    data = {"agreement": original.pk, "funder": orgs["cn"].pk, "amount": "10", "currency": "USD", **change}
    response = api_as("secretariat_admin").post(API, data, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Contribution.objects.count() == 2


def test_bad_currency_in_the_form_is_shown(partnership, orgs, web_as):
    original, _ = partnership
    response = web_as("secretariat_admin").post("/agreements/contributions-promised/add/", {
        "agreement": original.pk, "funder": orgs["cn"].pk, "amount": "10", "currency": "XYZ"})
    assert response.status_code == 400
    assert "not an ISO 4217 currency code" in response.content.decode()
