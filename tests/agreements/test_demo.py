from decimal import Decimal

from skillsnet.agreements import demo, queries
from skillsnet.agreements.models import Agreement, Contribution, Party, Signatory
from skillsnet.core.changelog import change_context
from skillsnet.directory import demo as directory_demo


def load_twice(actor):
    with change_context("demo"):
        for _ in range(2):
            directory_demo.load(actor)
            demo.load(actor)


def test_demo_loads_each_agreement_once(reference, system_user):
    load_twice(system_user)
    assert Agreement.objects.count() == 3
    partnership = Agreement.objects.get(title=demo.PARTNERSHIP)
    amendment = partnership.amendments.get()
    mou = Agreement.objects.get(kind="mou")
    assert (partnership.signed_on, partnership.status) == ("2008", "signed")
    assert (amendment.signed_on, amendment.signed_on_note) == ("", "9 December (year not stated)")
    assert amendment.signed_city == "Beijing" and amendment.signed_country_id == "CN"
    assert set(amendment.countries_covered.values_list("pk", flat=True)) == {"LA", "KH", "ID"}
    assert (mou.signed_on, mou.signed_city, mou.status) == ("2025-05-13", "Tianjin", "signed")
    assert set(mou.areas.values_list("code", flat=True)) == {
        "faculty-development", "joint-curriculum-design", "exchange-of-technical-expertise", "practical-training"}
    assert Party.objects.count() == 8 and Contribution.objects.count() == 2 and Signatory.objects.count() == 4
    assert not amendment.signatories.filter(role="signed").exists()  # the DG "participated"; no signatory named
    assert queries.total_contributions(partnership) == {"USD": Decimal("5000000")}


def test_demo_partnership_page_shows_amendment_and_total(reference, system_user, web_as):
    load_twice(system_user)
    partnership = Agreement.objects.get(title=demo.PARTNERSHIP)
    page = web_as("secretariat_admin").get(f"/agreements/agreements/{partnership.pk}/").content.decode()
    assert "Amendment to the ILO–China Partnership Agreement" in page
    assert "5,000,000" in page
    amendment = partnership.amendments.get()
    page = web_as("secretariat_admin").get(f"/agreements/agreements/{amendment.pk}/").content.decode()
    assert "9 December (year not stated)" in page and "unknown" in page
    assert "Gilbert F. Houngbo" in page
