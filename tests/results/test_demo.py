"""The seed articles' reported figures, beside what the records count, on the network's page."""
import pytest
from django.test import Client

from skillsnet.core.demo import load_demo
from skillsnet.directory.models import Organisation
from skillsnet.results.models import Indicator, Project, ReportedFigure, Source
from skillsnet.results.queries import reconcile


@pytest.fixture
def demo(db, reference):
    load_demo()


def test_demo_reported_figures_with_sources_and_countries(demo):
    network = Organisation.objects.get(name="South-South Cooperation Skills Development Network")
    figures = ReportedFigure.objects.filter(organisation=network, counts="member_institutions")
    by_publisher = {f.source.publisher or f.source.published: f for f in figures}
    assert set(by_publisher) == {"2025-05-23", "Mirage.News"}
    seed0, seed4 = by_publisher["2025-05-23"], by_publisher["Mirage.News"]
    assert sorted(seed0.countries.values_list("code", flat=True)) == ["CN", "KH", "LA", "MM"]
    assert sorted(seed4.countries.values_list("code", flat=True)) == ["CN", "KH", "LA"]
    r = reconcile(seed0)
    assert r["reported"] == 41 and r["recorded"] == 2 and r["agrees"] is False and float(r["ratio"]) == pytest.approx(0.049)
    assert "MM" in r["countries_missing"]
    trained = ReportedFigure.objects.get(counts="persons_trained")
    assert (trained.value, trained.qualifier, trained.period_start) == (577, "more_than", "2021")
    assert ReportedFigure.objects.get(counts="members").value == 164
    assert ReportedFigure.objects.get(counts="member_countries").value == 14
    panda = ReportedFigure.objects.filter(initiative__name="Panda Workshops")
    assert {(f.counts, int(f.value)) for f in panda} == {("sites", 5), ("site_countries", 3),
                                                         ("teachers_trained", 240), ("company_staff_trained", 600)}
    money = {int(f.value): reconcile(f) for f in ReportedFigure.objects.filter(counts="contribution")}
    assert set(money) == {4_000_000, 1_000_000, 5_000_000}
    assert all(r["agrees"] for r in money.values())  # the funding records hold USD 4M + 1M
    assert Source.objects.get(publisher="ILO News").published == "2024-01"
    assert "577 teachers and students" in trained.source.text


def test_demo_project_framework(demo):
    project = Project.objects.get(code="ilo-china-skills")
    codes = set(Indicator.objects.filter(node__project=project).values_list("name", flat=True))
    assert {"TVET institutions in the network", "Teachers and students trained", "MoUs signed",
            "Contributions received (USD)"} == codes  # the alliance's Panda Workshops are not the project's
    assert not project.periods.filter(targets__isnull=False).exists()  # no seed states a target
    assert all(i.reported_figures.exists() for i in Indicator.objects.filter(node__project=project)
               if i.name != "MoUs signed")
    from skillsnet.funding.models import Transaction

    assert sorted(int(t.amount) for t in Transaction.objects.filter(project=project, type="11")) == [1_000_000,
                                                                                                    4_000_000]
    assert not Transaction.objects.exclude(date="").exists()  # no date invented
    load_demo()  # loading twice changes nothing
    assert ReportedFigure.objects.count() == 12


def test_network_page_shows_reported_beside_recorded(demo):
    from skillsnet.accounts.models import User

    network = Organisation.objects.get(name="South-South Cooperation Skills Development Network")
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    html = client.get(f"/directory/organisations/{network.pk}/").content.decode()
    assert "Reported figures beside the records" in html
    assert "41 technical and vocational education" in html and "Mirage.News" in html
    assert "not in the records" in html and "MM" in html
